#pragma once
/// @file The client side of the wire, pure (no Asio): the HTTP upgrade request and the check of
/// its 101 response, masked client frames, the parser of unmasked server frames, and a fast
/// classifier of incoming Engine.IO/Socket.IO text packets.

#include <array>
#include <corio/ws/frame.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace corio::loadgen {

/// A 4-byte WebSocket masking key.
using MaskKey = std::array<unsigned char, 4>;

/// Small fast PRNG (splitmix64) for masking keys, handshake keys and run ids.
class Rng {
 public:
  /// A generator seeded with `seed`.
  explicit Rng(std::uint64_t seed) noexcept : state_(seed) {}
  /// The next 64 random bits.
  std::uint64_t next() noexcept;
  /// A fresh masking key.
  MaskKey mask_key() noexcept;

 private:
  std::uint64_t state_;
};

/// The base64 Sec-WebSocket-Key for 16 random bytes.
std::string make_websocket_key(Rng& rng);

/// `GET <path>?EIO=4&transport=websocket` with the WebSocket upgrade headers.
std::string build_upgrade_request(std::string_view host, std::uint16_t port, std::string_view path,
                                  std::string_view key);

/// Outcome of checking the server's answer to the upgrade request.
enum class UpgradeStatus {
  ok,          ///< 101 with the right Sec-WebSocket-Accept; `head_size` bytes are the head
  incomplete,  ///< the head has not fully arrived
  bad_status,  ///< not 101 Switching Protocols
  bad_accept,  ///< Sec-WebSocket-Accept missing or wrong
  too_large,   ///< the head exceeds `max_head` bytes
};

/// Checks the response head at the start of `data` against the `key` sent.
UpgradeStatus check_upgrade_response(std::string_view data, std::string_view key,
                                     std::size_t& head_size, std::size_t max_head = 16384);

/// Appends a masked client frame carrying `payload` to `out` (RFC 6455 §5.3).
void append_client_frame(std::string& out, ws::Opcode opcode, std::string_view payload,
                         MaskKey key);

/// A frame sent by the server, parsed from the head of a buffer.
struct ServerFrame {
  ws::Opcode opcode = ws::Opcode::text;  ///< opcode
  bool fin = true;                       ///< last fragment of its message
  std::string_view payload{};            ///< payload bytes (server frames are unmasked)
  std::size_t size = 0;                  ///< bytes of the whole frame (header + payload)
};

/// Outcome of parse_server_frame().
enum class FrameStatus {
  complete,    ///< `out` holds a whole frame
  incomplete,  ///< more bytes are needed
  error,       ///< masked, reserved bits, bad control frame or over the size limit
};

/// Parses the server frame at the head of `data`.
FrameStatus parse_server_frame(std::string_view data, ServerFrame& out, std::uint64_t max_payload);

/// What an incoming Engine.IO text packet is.
enum class InKind {
  open,           ///< Engine.IO open (handshake JSON)
  close,          ///< Engine.IO close
  ping,           ///< Engine.IO ping: answer "3"
  noop,           ///< Engine.IO pong/noop/upgrade: nothing to do
  connect,        ///< Socket.IO CONNECT accepted (`40{"sid":...}`)
  connect_error,  ///< Socket.IO CONNECT refused
  disconnect,     ///< Socket.IO DISCONNECT
  event,          ///< Socket.IO EVENT: `name` and `body` (the JSON after the name)
  ack,            ///< Socket.IO ACK: `id` and `body` (the JSON array)
  other,          ///< anything else (binary packets, other namespaces' types)
};

/// An incoming Engine.IO text packet, classified without parsing its JSON.
struct Incoming {
  InKind kind = InKind::other;  ///< what it is
  std::uint64_t id = 0;         ///< ack id (events with an id and acks)
  bool has_id = false;          ///< true when the packet carried an id
  std::string_view name{};      ///< event name (raw, escapes left in)
  std::string_view body{};      ///< event: JSON after the name's comma; ack: the JSON array
};

/// Classifies one Engine.IO text packet; false when it is malformed.
bool classify(std::string_view text, Incoming& out) noexcept;

/// Reads `"data":"<seq>|<ts>"` from a chat message body; false when absent or malformed.
bool parse_delivery(std::string_view body, std::uint64_t& seq, std::int64_t& ts_ns) noexcept;

/// True when an ack body reports `"ok":false` (the chat app's refusal).
bool ack_refused(std::string_view body) noexcept;

}  // namespace corio::loadgen
