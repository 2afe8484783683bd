#pragma once
/// @file SharedPacket: one Engine.IO packet encoded once, shared by every session it is sent to
/// ("encode once, send many"): it holds the whole unmasked WebSocket frame, from which the
/// polling form is derived without another copy for text packets.

#include <corio/core/buffer.hpp>
#include <corio/engineio/packet.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace corio::engineio {

/// An immutable, cheaply copyable encoded packet.
/// @code
/// SharedPacket hello = SharedPacket::message("hello");   // encoded once
/// for (auto& socket : sockets) socket.send(hello);       // each queue holds a reference
/// @endcode
class SharedPacket {
 public:
  /// An empty placeholder (no frame); use the factories.
  SharedPacket() = default;
  /// A text packet of any type, e.g. control(PacketType::ping) or control(pong, "probe").
  static SharedPacket control(PacketType type, std::string_view data = {});
  /// A text message (`4<text>`).
  static SharedPacket message(std::string_view text);
  /// A binary message (raw bytes on WebSocket, `b<base64>` on polling).
  static SharedPacket binary(std::string_view bytes);

  /// The packet type.
  PacketType type() const noexcept { return type_; }
  /// True for a binary message.
  bool is_binary() const noexcept { return binary_; }
  /// The complete WebSocket frame (header + payload), identical for every recipient.
  const SharedBuffer& frame() const noexcept { return frame_; }
  /// The WebSocket message payload: `<type><data>` for text, the raw bytes for binary.
  std::string_view ws_payload() const noexcept { return frame_.view().substr(header_size_); }
  /// The packet data without its type character (raw bytes for binary).
  std::string_view data() const noexcept {
    const std::string_view payload = ws_payload();
    return binary_ || payload.empty() ? payload : payload.substr(1);
  }
  /// False when the sender asked for no compression (Socket.IO's compress(false)): the
  /// WebSocket transport then sends the shared frame as it is, even with permessage-deflate.
  bool compress() const noexcept { return compress_; }
  /// Sets compress().
  void set_compress(bool on) noexcept { compress_ = on; }
  /// Appends the polling form (`<type><data>` or `b<base64>`) to `out`.
  void append_polling(std::string& out) const;
  /// Length of the polling form.
  std::size_t polling_size() const noexcept;

 private:
  SharedPacket(SharedBuffer frame, std::uint8_t header_size, PacketType type, bool binary)
      : frame_(std::move(frame)), header_size_(header_size), type_(type), binary_(binary) {}

  SharedBuffer frame_;
  std::uint8_t header_size_ = 0;
  PacketType type_ = PacketType::message;
  bool binary_ = false;
  bool compress_ = true;
};

}  // namespace corio::engineio
