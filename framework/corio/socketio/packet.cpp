#include <corio/socketio/packet.hpp>

#include <corio/socketio/detail/binary.hpp>
#include <corio/socketio/detail/json_writer.hpp>

#include <array>

namespace corio::socketio {
namespace {

constexpr std::uint64_t kMaxId = (std::uint64_t{1} << 53) - 1;  // JavaScript's safe integers
constexpr std::size_t kMaxIdDigits = 16;

class PacketCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "corio.socketio.packet"; }
  std::string message(int ev) const override {
    static constexpr std::array<const char*, 11> kMessages = {
        "empty packet",
        "unknown packet type",
        "illegal attachments",
        "too many attachments",
        "invalid ack id",
        "invalid JSON payload",
        "payload nested too deep",
        "invalid payload",
        "illegal attachment placeholder",
        "unexpected binary message",
        "unexpected text message while reconstructing"};
    if (ev < 1 || ev > static_cast<int>(kMessages.size())) return "unknown socket.io error";
    return kMessages[static_cast<std::size_t>(ev - 1)];
  }
};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool is_binary_type(PacketType t) noexcept {
  return t == PacketType::binary_event || t == PacketType::binary_ack;
}

bool is_valid_event(const json& data) {
  if (!data.is_array() || data.empty()) return false;
  const json& name = data.front();
  if (name.is_number()) return true;
  return name.is_string() && !is_reserved_event(name.get_ref<const std::string&>());
}

// socket.io-parser's isPayloadValid, stricter on absent data (null = absent).
bool is_payload_valid(PacketType type, const json& data) {
  switch (type) {
    case PacketType::connect:
      return data.is_null() || data.is_object();
    case PacketType::disconnect:
      return data.is_null();
    case PacketType::connect_error:
      return data.is_string() || data.is_object();
    case PacketType::event:
    case PacketType::binary_event:
      return is_valid_event(data);
    case PacketType::ack:
    case PacketType::binary_ack:
      return data.is_array();
  }
  return false;
}

// Reads "<digits>-" at `pos`.
std::error_code read_attachments(std::string_view s, std::size_t& pos, std::size_t& count,
                                 std::size_t max) {
  const std::size_t start = pos;
  std::uint64_t n = 0;
  for (; pos < s.size() && is_digit(s[pos]); ++pos) {
    if (pos - start >= 20) return packet_errc::too_many_attachments;
    n = n * 10 + static_cast<std::uint64_t>(s[pos] - '0');
    if (n > max) return packet_errc::too_many_attachments;
  }
  if (pos == start || pos == s.size() || s[pos] != '-' || n == 0) {
    return packet_errc::bad_attachments;
  }
  ++pos;
  count = static_cast<std::size_t>(n);
  return {};
}

std::error_code read_id(std::string_view s, std::size_t& pos, std::optional<std::uint64_t>& id) {
  const std::size_t start = pos;
  std::uint64_t n = 0;
  for (; pos < s.size() && is_digit(s[pos]); ++pos) {
    if (pos - start >= kMaxIdDigits) return packet_errc::bad_id;
    n = n * 10 + static_cast<std::uint64_t>(s[pos] - '0');
  }
  if (pos == start) return {};
  if (n > kMaxId) return packet_errc::bad_id;
  id = n;
  return {};
}

std::error_code read_data(std::string_view text, Packet& out, const DecoderLimits& limits) {
  if (text.empty()) return {};
  if (json_nests_deeper(text, limits.max_depth)) return packet_errc::too_deep;
  out.data = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (out.data.is_discarded()) return packet_errc::bad_json;
  if (out.data.is_null()) return packet_errc::invalid_payload;  // "null" is not absence
  return {};
}

std::error_code check_semantics(const Packet& p, std::size_t attachments) {
  if (!is_payload_valid(p.type, p.data)) return packet_errc::invalid_payload;
  const bool is_ack = p.type == PacketType::ack || p.type == PacketType::binary_ack;
  if (is_ack && !p.id) return packet_errc::bad_id;
  if (attachments != 0) return detail::check_placeholders(p.data, attachments);
  return {};
}

void append_uint(std::string& out, std::uint64_t n) {
  char buf[20];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  out.append(p, buf + sizeof buf);
}

// Types whose binary values travel as attachments (as socket.io-parser's Encoder decides).
bool carries_attachments(PacketType t) noexcept {
  return t == PacketType::event || t == PacketType::ack || is_binary_type(t);
}

}  // namespace

const std::error_category& packet_category() noexcept {
  static const PacketCategory category;
  return category;
}

bool is_reserved_event(std::string_view name) noexcept {
  static constexpr std::array<std::string_view, 6> kReserved = {
      "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};
  for (std::string_view r : kReserved) {
    if (r == name) return true;
  }
  return false;
}

std::error_code decode_text(std::string_view s, Packet& out, std::size_t& attachments,
                            const DecoderLimits& limits) {
  attachments = 0;
  if (s.empty()) return packet_errc::empty_packet;
  if (s[0] < '0' || s[0] > '6') return packet_errc::unknown_type;
  out.type = static_cast<PacketType>(s[0] - '0');
  out.id.reset();
  out.data = nullptr;
  std::size_t pos = 1;
  if (is_binary_type(out.type)) {
    if (auto ec = read_attachments(s, pos, attachments, limits.max_attachments)) return ec;
  }
  if (pos < s.size() && s[pos] == '/') {
    const std::size_t comma = s.find(',', pos);
    const std::size_t end = comma == std::string_view::npos ? s.size() : comma;
    out.nsp.assign(s.data() + pos, end - pos);
    pos = comma == std::string_view::npos ? end : comma + 1;
  } else {
    out.nsp.assign(1, '/');
  }
  if (auto ec = read_id(s, pos, out.id)) return ec;
  if (auto ec = read_data(s.substr(pos), out, limits)) return ec;
  return check_semantics(out, attachments);
}

void encode(const Packet& packet, EncodedPacket& out) {
  const std::size_t type_pos = out.text.size();
  const std::size_t first_attachment = out.attachments.size();
  PacketType type = packet.type;
  if (type == PacketType::binary_event) type = PacketType::event;
  if (type == PacketType::binary_ack) type = PacketType::ack;
  out.text += static_cast<char>('0' + static_cast<int>(type));
  if (!packet.nsp.empty() && packet.nsp != "/") {
    out.text += packet.nsp;
    out.text += ',';
  }
  if (packet.id) append_uint(out.text, *packet.id);
  if (!packet.data.is_null()) {
    detail::append_json(out.text, packet.data,
                        carries_attachments(type) ? &out.attachments : nullptr);
  }
  const std::size_t count = out.attachments.size() - first_attachment;
  if (count == 0) return;
  // Now that the count is known: "2..." becomes "5<count>-...".
  out.text[type_pos] = type == PacketType::event ? '5' : '6';
  std::string header;
  append_uint(header, count);
  header += '-';
  out.text.insert(type_pos + 1, header);
}

EncodedPacket encode(const Packet& packet) {
  EncodedPacket out;
  encode(packet, out);
  return out;
}

struct Decoder::Pending {
  Packet packet;
  std::size_t expected = 0;
  std::vector<json::binary_t> buffers;
};

Decoder::Decoder(DecoderLimits limits) : limits_(limits) {}
Decoder::~Decoder() = default;
Decoder::Decoder(Decoder&&) noexcept = default;
Decoder& Decoder::operator=(Decoder&&) noexcept = default;

void Decoder::reset() noexcept { pending_.reset(); }

FeedResult Decoder::feed_text(std::string_view message, Packet& out) {
  if (pending_) {
    reset();
    return {packet_errc::unexpected_text, false};
  }
  std::size_t attachments = 0;
  if (auto ec = decode_text(message, out, attachments, limits_)) return {ec, false};
  if (attachments == 0) return {{}, true};
  pending_ = std::make_unique<Pending>();
  pending_->packet = std::move(out);
  pending_->expected = attachments;
  pending_->buffers.reserve(attachments);
  return {{}, false};
}

FeedResult Decoder::feed_binary(std::string_view bytes, Packet& out) {
  if (!pending_) return {packet_errc::unexpected_binary, false};
  const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
  pending_->buffers.emplace_back(std::vector<std::uint8_t>(p, p + bytes.size()));
  if (pending_->buffers.size() < pending_->expected) return {{}, false};
  out = std::move(pending_->packet);
  // Like socket.io-parser, the reconstructed packet is a plain event or ack.
  out.type = out.type == PacketType::binary_event ? PacketType::event : PacketType::ack;
  detail::fill_placeholders(out.data, pending_->buffers);
  pending_.reset();
  return {{}, true};
}

}  // namespace corio::socketio
