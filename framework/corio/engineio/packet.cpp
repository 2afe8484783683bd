#include <corio/engineio/packet.hpp>

#include <corio/engineio/base64.hpp>

#include <array>

namespace corio::engineio {
namespace {

class PacketCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "corio.engineio.packet"; }
  std::string message(int ev) const override {
    switch (static_cast<packet_errc>(ev)) {
      case packet_errc::empty_packet:
        return "empty packet";
      case packet_errc::unknown_type:
        return "unknown packet type";
      case packet_errc::bad_base64:
        return "invalid base64 in binary packet";
      case packet_errc::too_many_packets:
        return "too many packets in payload";
    }
    return "unknown engine.io packet error";
  }
};

constexpr std::array<std::string_view, 6> kErrorMessages = {
    "Transport unknown", "Session ID unknown", "Bad handshake method",
    "Bad request",       "Forbidden",          "Unsupported protocol version",
};

void append_uint(std::string& out, std::uint64_t value) {
  char buf[20];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  out.append(p, buf + sizeof buf);
}

// The sid is ours (base64url characters), but escape defensively so the JSON stays valid.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xf];
      out += kHex[c & 0xf];
      continue;
    }
    out += c;
  }
  out += '"';
}

// Validates one record of a payload without decoding it.
std::error_code validate_record(std::string_view record) noexcept {
  if (record.empty()) return packet_errc::empty_packet;
  if (record[0] == 'b') {
    if (base64_decoded_size(record.substr(1)) == std::string_view::npos) {
      return packet_errc::bad_base64;
    }
    return {};
  }
  return is_packet_type(record[0]) ? std::error_code() : packet_errc::unknown_type;
}

}  // namespace

const std::error_category& packet_category() noexcept {
  static const PacketCategory category;
  return category;
}

bool is_packet_type(char c) noexcept { return c >= '0' && c <= '6'; }

std::string encode_text(PacketType type, std::string_view data) {
  std::string out;
  out.reserve(1 + data.size());
  out += static_cast<char>(type);
  out += data;
  return out;
}

void append_polling_packet(std::string& out, const Packet& packet) {
  if (packet.binary) {
    out += 'b';
    base64_append(out, packet.data);
    return;
  }
  out += static_cast<char>(packet.type);
  out += packet.data;
}

std::string encode_payload(std::span<const Packet> packets) {
  std::size_t size = 0;
  for (const Packet& p : packets)
    size += 2 + (p.binary ? (p.data.size() + 2) / 3 * 4 : p.data.size());
  std::string out;
  out.reserve(size);
  for (const Packet& p : packets) {
    if (&p != packets.data()) out += payload_separator;
    append_polling_packet(out, p);
  }
  return out;
}

std::error_code decode_text_packet(std::string_view text, PacketView& out, std::string& scratch,
                                   bool allow_base64) {
  if (text.empty()) return packet_errc::empty_packet;
  if (text[0] == 'b' && allow_base64) {
    scratch.clear();
    if (!base64_decode_append(scratch, text.substr(1))) return packet_errc::bad_base64;
    out = {PacketType::message, scratch, true};
    return {};
  }
  if (!is_packet_type(text[0])) return packet_errc::unknown_type;
  out = {static_cast<PacketType>(text[0]), text.substr(1), false};
  return {};
}

std::error_code validate_payload(std::string_view payload, const PayloadLimits& limits) {
  std::size_t count = 0;
  for (std::size_t start = 0;;) {
    if (++count > limits.max_packets) return packet_errc::too_many_packets;
    const std::size_t end = payload.find(payload_separator, start);
    const std::size_t stop = end == std::string_view::npos ? payload.size() : end;
    if (auto ec = validate_record(payload.substr(start, stop - start))) return ec;
    if (end == std::string_view::npos) return {};
    start = end + 1;
  }
}

std::error_code decode_payload(std::string_view payload, std::vector<Packet>& out,
                               const PayloadLimits& limits) {
  return decode_payload(
      payload,
      [&out](const PacketView& view) {
        out.push_back({view.type, std::string(view.data), view.binary});
      },
      limits);
}

std::string encode_open_json(const OpenInfo& info) {
  std::string out;
  out.reserve(128 + info.sid.size());
  out += "{\"sid\":";
  append_json_string(out, info.sid);
  out += info.upgrade_to_websocket ? ",\"upgrades\":[\"websocket\"]" : ",\"upgrades\":[]";
  out += ",\"pingInterval\":";
  append_uint(out, info.ping_interval_ms);
  out += ",\"pingTimeout\":";
  append_uint(out, info.ping_timeout_ms);
  out += ",\"maxPayload\":";
  append_uint(out, info.max_payload);
  out += '}';
  return out;
}

std::string_view http_error_message(HttpError error) noexcept {
  const auto index = static_cast<std::size_t>(error);
  return index < kErrorMessages.size() ? kErrorMessages[index] : std::string_view("Bad request");
}

int http_error_status(HttpError error) noexcept {
  return error == HttpError::forbidden ? 403 : 400;
}

std::string http_error_json(HttpError error) {
  std::string out = "{\"code\":";
  append_uint(out, static_cast<std::uint64_t>(error));
  out += ",\"message\":";
  append_json_string(out, http_error_message(error));
  out += '}';
  return out;
}

}  // namespace corio::engineio
