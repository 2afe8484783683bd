#pragma once
/// @file Engine.IO v4 packet codec, pure: packet types, the WebSocket and polling encodings,
/// the `open` handshake JSON and the HTTP error bodies.
///
/// WebSocket: a text packet is one text frame `<type char><data>` ("4hello"); a binary message
/// is one binary frame of its raw bytes. Polling: packets joined by '\x1e', a binary message
/// written `b<base64>`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace corio::engineio {

/// Engine.IO protocol revision spoken here (the `EIO=4` query parameter).
inline constexpr int protocol_version = 4;

/// The record separator between packets of a polling payload.
inline constexpr char payload_separator = '\x1e';

/// Engine.IO packet types; the value is the character written on the wire.
enum class PacketType : char {
  open = '0',     ///< server → client handshake (JSON)
  close = '1',    ///< either side closes the session
  ping = '2',     ///< heartbeat request (server → client in v4), "probe" during upgrade
  pong = '3',     ///< heartbeat answer
  message = '4',  ///< application data
  upgrade = '5',  ///< client completes the websocket upgrade
  noop = '6',     ///< forces a pending poll to return during upgrade
};

/// One packet with owned data. A binary packet is always a `message`.
struct Packet {
  PacketType type = PacketType::message;  ///< packet type
  std::string data;                       ///< UTF-8 text, or raw bytes when `binary`
  bool binary = false;                    ///< true for a binary message
};

/// One decoded packet whose data points into the input (or the caller's scratch buffer).
struct PacketView {
  PacketType type = PacketType::message;  ///< packet type
  std::string_view data;                  ///< UTF-8 text, or raw bytes when `binary`
  bool binary = false;                    ///< true for a binary message
};

/// Why an Engine.IO packet or payload was rejected.
enum class packet_errc {
  empty_packet = 1,  ///< a packet of zero bytes (e.g. "4\x1e\x1e4")
  unknown_type,      ///< the first character is not a packet type nor 'b'
  bad_base64,        ///< a `b` packet whose body is not strict base64
  too_many_packets,  ///< more packets in one payload than PayloadLimits::max_packets
};

/// The category of packet_errc ("corio.engineio.packet").
const std::error_category& packet_category() noexcept;

/// Makes an error_code from packet_errc.
inline std::error_code make_error_code(packet_errc e) noexcept {
  return {static_cast<int>(e), packet_category()};
}

/// Limits of payload decoding (the payload size itself is bounded by maxHttpBufferSize).
struct PayloadLimits {
  std::size_t max_packets = 100'000;  ///< packets per polling payload
};

/// True when `c` is the wire character of a packet type.
bool is_packet_type(char c) noexcept;

/// The text packet `<type><data>`, e.g. encode_text(PacketType::message, "hi") == "4hi".
std::string encode_text(PacketType type, std::string_view data = {});

/// Appends `packet` in its polling form (`<type><data>` or `b<base64>`) to `out`.
void append_polling_packet(std::string& out, const Packet& packet);

/// The polling payload of `packets`, joined by '\x1e'.
/// @code
/// std::vector<Packet> packets{{PacketType::message, "hi"}, {PacketType::ping, ""}};
/// encode_payload(packets) == "4hi\x1e" "2"
/// @endcode
std::string encode_payload(std::span<const Packet> packets);

/// Decodes one text packet (a WebSocket text frame or one record of a payload; `b<base64>` is
/// accepted only when `allow_base64`). Base64 bytes are decoded into `scratch`, which `out`
/// then points into.
std::error_code decode_text_packet(std::string_view text, PacketView& out, std::string& scratch,
                                   bool allow_base64 = true);

/// Checks a whole polling payload without decoding it; decode_payload() only delivers packets
/// of a payload that passes.
std::error_code validate_payload(std::string_view payload, const PayloadLimits& limits = {});

/// Decodes a polling payload, calling `visit(const PacketView&)` for each packet in order.
/// All or nothing: on error no packet is delivered.
template <typename Visitor>
std::error_code decode_payload(std::string_view payload, Visitor&& visit,
                               const PayloadLimits& limits = {}) {
  if (auto ec = validate_payload(payload, limits)) return ec;
  std::string scratch;
  PacketView view;
  for (std::size_t start = 0;;) {
    const std::size_t end = payload.find(payload_separator, start);
    const std::size_t stop = end == std::string_view::npos ? payload.size() : end;
    scratch.clear();
    if (auto ec = decode_text_packet(payload.substr(start, stop - start), view, scratch)) {
      return ec;  // unreachable after validate_payload(); kept for safety
    }
    visit(static_cast<const PacketView&>(view));
    if (end == std::string_view::npos) return {};
    start = end + 1;
  }
}

/// Decodes a polling payload into owned packets appended to `out` (unchanged on error).
std::error_code decode_payload(std::string_view payload, std::vector<Packet>& out,
                               const PayloadLimits& limits = {});

/// What the `open` packet announces to the client.
struct OpenInfo {
  std::string_view sid;                    ///< session id (see generate_sid())
  bool upgrade_to_websocket = true;        ///< lists "websocket" in `upgrades`
  std::uint32_t ping_interval_ms = 25000;  ///< pingInterval
  std::uint32_t ping_timeout_ms = 20000;   ///< pingTimeout
  std::uint64_t max_payload = 1'000'000;   ///< maxPayload (maxHttpBufferSize)
};

/// The JSON of the `open` packet, keys in the reference server's order:
/// `{"sid":"...","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`.
std::string encode_open_json(const OpenInfo& info);

/// Engine.IO handshake/request errors, with the reference server's codes.
enum class HttpError {
  unknown_transport = 0,             ///< "Transport unknown"
  unknown_sid = 1,                   ///< "Session ID unknown"
  bad_handshake_method = 2,          ///< "Bad handshake method"
  bad_request = 3,                   ///< "Bad request"
  forbidden = 4,                     ///< "Forbidden"
  unsupported_protocol_version = 5,  ///< "Unsupported protocol version"
};

/// The reference message of `error`, e.g. "Session ID unknown".
std::string_view http_error_message(HttpError error) noexcept;

/// The HTTP status that carries `error`: 403 for forbidden, otherwise 400.
int http_error_status(HttpError error) noexcept;

/// The JSON body of a polling error response, e.g. `{"code":1,"message":"Session ID unknown"}`.
std::string http_error_json(HttpError error);

}  // namespace corio::engineio

template <>
struct std::is_error_code_enum<corio::engineio::packet_errc> : std::true_type {};
