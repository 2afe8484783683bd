#pragma once
/// @file RFC 6455 §5 frame vocabulary and the server-side encoder. Server frames are unmasked,
/// so one encoded frame can be shared by every recipient of a broadcast.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace corio::ws {

/// Frame opcodes (RFC 6455 §5.2).
enum class Opcode : std::uint8_t {
  continuation = 0x0,  ///< next fragment of a data message
  text = 0x1,          ///< UTF-8 data message
  binary = 0x2,        ///< binary data message
  close = 0x8,         ///< close control frame
  ping = 0x9,          ///< ping control frame
  pong = 0xA,          ///< pong control frame
};

/// True for close, ping and pong.
constexpr bool is_control(Opcode op) noexcept { return (static_cast<unsigned>(op) & 0x8) != 0; }

/// Close status codes (RFC 6455 §7.4.1); applications may also use 3000..4999.
enum class CloseCode : std::uint16_t {
  normal = 1000,               ///< normal closure
  going_away = 1001,           ///< server shutting down or page navigated away
  protocol_error = 1002,       ///< the peer broke the protocol
  unsupported_data = 1003,     ///< a data type the endpoint cannot accept
  no_status = 1005,            ///< reserved: close frame carried no code (never sent)
  abnormal = 1006,             ///< reserved: connection dropped without close (never sent)
  invalid_payload = 1007,      ///< text that is not UTF-8, or inconsistent data
  policy_violation = 1008,     ///< generic policy violation
  message_too_big = 1009,      ///< message over the configured limit
  mandatory_extension = 1010,  ///< (client) the server did not negotiate a needed extension
  internal_error = 1011,       ///< unexpected condition on the server
};

/// True when `code` may appear in a close frame on the wire (1000..1014 except 1004..1006,
/// and 3000..4999), as `ws` and Autobahn expect.
bool is_valid_close_code(std::uint16_t code) noexcept;

/// Longest header of an unmasked (server) frame: 2 + 8 bytes of extended length.
inline constexpr std::size_t max_server_header_size = 10;

/// A server frame header in a small fixed buffer, for gather writes (header, payload).
struct FrameHeader {
  std::array<char, max_server_header_size> bytes{};  ///< the header bytes
  std::uint8_t size = 0;                             ///< how many of `bytes` are used

  /// The header bytes.
  std::string_view view() const noexcept { return {bytes.data(), size}; }
};

/// Encodes the header of an unmasked frame carrying `payload_size` bytes (minimal length form).
/// @code
/// FrameHeader h = encode_frame_header(Opcode::text, payload.size());
/// write_gather({h.view(), payload});
/// @endcode
FrameHeader encode_frame_header(Opcode opcode, std::uint64_t payload_size, bool fin = true,
                                bool rsv1 = false) noexcept;

/// Encodes a whole unmasked frame (header + payload) into one string.
std::string encode_frame(Opcode opcode, std::string_view payload, bool fin = true,
                         bool rsv1 = false);

/// Longest close reason that fits a control frame (125 - 2 bytes of code).
inline constexpr std::size_t max_close_reason = 123;

/// The payload of a close frame: big-endian `code` then `reason` (truncated to
/// max_close_reason bytes at a UTF-8 boundary). CloseCode::no_status gives an empty payload.
std::string encode_close_payload(std::uint16_t code, std::string_view reason = {});

/// Encodes a whole close frame (see encode_close_payload).
std::string encode_close_frame(std::uint16_t code, std::string_view reason = {});

/// XORs `size` bytes at `data` in place with the 4-byte masking key (RFC 6455 §5.3), the key
/// byte for data[i] being key[(i + offset) % 4].
void apply_mask(char* data, std::size_t size, std::array<unsigned char, 4> key,
                std::size_t offset = 0) noexcept;

}  // namespace corio::ws
