#include "wire.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <corio/engineio/base64.hpp>
#include <corio/ws/handshake.hpp>
#include <cstring>

namespace corio::loadgen {

std::uint64_t Rng::next() noexcept {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

MaskKey Rng::mask_key() noexcept {
  const std::uint64_t bits = next();
  MaskKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<unsigned char>(bits >> (8 * i));
  return key;
}

std::string make_websocket_key(Rng& rng) {
  char raw[16];
  const std::uint64_t a = rng.next();
  const std::uint64_t b = rng.next();
  std::memcpy(raw, &a, 8);
  std::memcpy(raw + 8, &b, 8);
  return engineio::base64_encode(std::string_view(raw, sizeof raw));
}

std::string build_upgrade_request(std::string_view host, std::uint16_t port, std::string_view path,
                                  std::string_view key) {
  std::string out;
  out.reserve(256);
  out.append("GET ").append(path).append("?EIO=4&transport=websocket HTTP/1.1\r\nHost: ");
  out.append(host).append(":").append(std::to_string(port));
  out.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ");
  out.append(key).append("\r\nSec-WebSocket-Version: 13\r\n\r\n");
  return out;
}

namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// The value of header `name` in `head` (lines after the status line), empty when absent.
std::string_view find_header(std::string_view head, std::string_view name) noexcept {
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const std::size_t start = pos + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line =
        head.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && iequals(trim(line.substr(0, colon)), name)) {
      return trim(line.substr(colon + 1));
    }
    pos = end;
  }
  return {};
}

}  // namespace

UpgradeStatus check_upgrade_response(std::string_view data, std::string_view key,
                                     std::size_t& head_size, std::size_t max_head) {
  const std::size_t end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    return data.size() > max_head ? UpgradeStatus::too_large : UpgradeStatus::incomplete;
  }
  head_size = end + 4;
  const std::string_view head = data.substr(0, end + 2);
  if (head.substr(0, 13) != "HTTP/1.1 101 ") return UpgradeStatus::bad_status;
  if (find_header(head, "sec-websocket-accept") != ws::accept_key(key)) {
    return UpgradeStatus::bad_accept;
  }
  return UpgradeStatus::ok;
}

void append_client_frame(std::string& out, ws::Opcode opcode, std::string_view payload,
                         MaskKey key) {
  ws::FrameHeader header = ws::encode_frame_header(opcode, payload.size());
  header.bytes[1] = static_cast<char>(header.bytes[1] | 0x80);  // MASK bit
  out.append(header.view());
  out.append(reinterpret_cast<const char*>(key.data()), key.size());
  const std::size_t start = out.size();
  out.append(payload);
  ws::apply_mask(out.data() + start, payload.size(), key);
}

FrameStatus parse_server_frame(std::string_view data, ServerFrame& out, std::uint64_t max_payload) {
  if (data.size() < 2) return FrameStatus::incomplete;
  const auto b0 = static_cast<unsigned char>(data[0]);
  const auto b1 = static_cast<unsigned char>(data[1]);
  if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) return FrameStatus::error;  // RSV bits, masked
  out.fin = (b0 & 0x80) != 0;
  out.opcode = static_cast<ws::Opcode>(b0 & 0x0F);
  std::uint64_t length = b1 & 0x7F;
  std::size_t header = 2;
  if (length >= 126) {
    const std::size_t extra = length == 126 ? 2 : 8;
    if (data.size() < 2 + extra) return FrameStatus::incomplete;
    length = 0;
    for (std::size_t i = 0; i < extra; ++i) {
      length = (length << 8) | static_cast<unsigned char>(data[2 + i]);
    }
    header += extra;
  }
  if (ws::is_control(out.opcode) && (length > 125 || !out.fin)) return FrameStatus::error;
  if (length > max_payload) return FrameStatus::error;
  if (data.size() - header < length) return FrameStatus::incomplete;
  out.payload = data.substr(header, static_cast<std::size_t>(length));
  out.size = header + static_cast<std::size_t>(length);
  return FrameStatus::complete;
}

namespace {

/// Reads decimal digits at `pos` into `value`; false when there are none or they overflow.
bool read_digits(std::string_view text, std::size_t& pos, std::uint64_t& value) noexcept {
  const char* first = text.data() + pos;
  const auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (ec != std::errc{} || ptr == first) return false;
  pos += static_cast<std::size_t>(ptr - first);
  return true;
}

/// Classifies the Socket.IO packet `p` (the Engine.IO message data).
bool classify_socketio(std::string_view p, Incoming& out) noexcept {
  if (p.empty()) return false;
  const char type = p[0];
  std::size_t pos = 1;
  if (pos < p.size() && p[pos] == '/') {  // namespace: only "/" is used here
    const std::size_t comma = p.find(',', pos);
    if (comma == std::string_view::npos) return false;
    pos = comma + 1;
  }
  out.has_id = pos < p.size() && p[pos] >= '0' && p[pos] <= '9';
  if (out.has_id && !read_digits(p, pos, out.id)) return false;
  const std::string_view json = p.substr(pos);
  switch (type) {
    case '0':
      out.kind = InKind::connect;
      return true;
    case '1':
      out.kind = InKind::disconnect;
      return true;
    case '4':
      out.kind = InKind::connect_error;
      return true;
    case '3':
      out.kind = InKind::ack;
      out.body = json;
      return out.has_id;
    case '2':
      break;
    default:
      out.kind = InKind::other;
      return true;
  }
  // Event: ["name",args...]
  if (json.size() < 4 || json[0] != '[' || json[1] != '"') return false;
  std::size_t i = 2;
  while (i < json.size() && json[i] != '"') i += json[i] == '\\' ? 2 : 1;
  if (i >= json.size()) return false;
  out.kind = InKind::event;
  out.name = json.substr(2, i - 2);
  out.body = json.substr(std::min(json.size(), i + 2));  // after `",`
  return true;
}

}  // namespace

bool classify(std::string_view text, Incoming& out) noexcept {
  out = Incoming{};
  if (text.empty()) return false;
  switch (text[0]) {
    case '0':
      out.kind = InKind::open;
      return true;
    case '1':
      out.kind = InKind::close;
      return true;
    case '2':
      out.kind = InKind::ping;
      return true;
    case '3':
    case '5':
    case '6':
      out.kind = InKind::noop;
      return true;
    case '4':
      return classify_socketio(text.substr(1), out);
    default:
      return false;
  }
}

bool parse_delivery(std::string_view body, std::uint64_t& seq, std::int64_t& ts_ns) noexcept {
  constexpr std::string_view tag = "\"data\":\"";
  const std::size_t at = body.find(tag);
  if (at == std::string_view::npos) return false;
  std::size_t pos = at + tag.size();
  std::uint64_t ts = 0;
  if (!read_digits(body, pos, seq) || pos >= body.size() || body[pos] != '|') return false;
  ++pos;
  if (!read_digits(body, pos, ts) || pos >= body.size() || body[pos] != '"') return false;
  ts_ns = static_cast<std::int64_t>(ts);
  return true;
}

bool ack_refused(std::string_view body) noexcept {
  return body.find("\"ok\":false") != std::string_view::npos;
}

}  // namespace corio::loadgen
