#pragma once
/// @file Incremental server-side frame decoder (RFC 6455 §5, §7; RFC 7692 §6 when deflate was
/// negotiated).
///
/// Contract: decode() is given every byte received and not yet consumed (the connection keeps an
/// unfinished frame between reads, and only that). It consumes complete frames only, unmasking
/// them IN PLACE, and reports events to a FrameHandler; a message that fits one frame is
/// delivered as a view into the caller's bytes, without a copy. Only fragmented or compressed
/// messages are assembled in a buffer owned by the decoder, whose capacity is released after
/// delivery so that an idle connection holds nothing. A frame header over the limits fails at
/// once, before its payload is buffered.

#include <corio/ws/frame.hpp>
#include <corio/ws/utf8.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace corio::ws {

class Inflater;

/// Receives the events of FrameDecoder::decode(). Views are valid only during the call, and a
/// handler must not call decode() of the same decoder. If a handler throws, the exception leaves
/// decode() with the current frame unconsumed: the connection must then close.
class FrameHandler {
 public:
  virtual ~FrameHandler() = default;
  /// A whole text (valid UTF-8) or binary message; `compressed` when it was deflated on the
  /// wire (the payload given here is already inflated).
  virtual void on_message(Opcode opcode, std::string_view payload, bool compressed) = 0;
  /// A ping; the connection answers with a pong carrying `payload`.
  virtual void on_ping(std::string_view payload) = 0;
  /// A pong.
  virtual void on_pong(std::string_view payload) = 0;
  /// A close frame: `code` is 1005 (no_status) when the frame had no payload. Decoding stops.
  virtual void on_close(std::uint16_t code, std::string_view reason) = 0;
};

/// Limits and negotiated features of a FrameDecoder.
struct FrameDecoderOptions {
  /// Largest message (after inflation), like ws' maxPayload / Engine.IO's maxHttpBufferSize;
  /// over it → close 1009.
  std::size_t max_message_size = 1024 * 1024;
  /// Set when permessage-deflate was negotiated (RSV1 is accepted only then); not owned, must
  /// outlive the decoder.
  Inflater* inflater = nullptr;
};

/// What one decode() call did.
struct DecodeResult {
  std::size_t consumed = 0;      ///< bytes of whole frames handled; the caller drops them
  CloseCode error{};             ///< 0 when fine, else the close code to send, then close
  std::uint64_t frame_size = 0;  ///< size of the unfinished frame at the end, when its header
                                 ///< is complete (lets the caller reserve), else 0
  /// True when no error happened.
  bool ok() const noexcept { return error == CloseCode{}; }
};

/// Incremental decoder of client frames (which must be masked), one per connection.
/// @code
/// DecodeResult r = decoder.decode(pending.data(), pending.size(), handler);
/// if (!r.ok()) co_await close(r.error);
/// pending.erase(0, r.consumed);
/// @endcode
class FrameDecoder {
 public:
  /// A decoder with `options`.
  explicit FrameDecoder(FrameDecoderOptions options = {}) noexcept : options_(options) {}

  /// Decodes the complete frames at the start of `data` (unmasking them in place), delivering
  /// events to `handler`. Stops after a close frame, at an unfinished frame, or at an error.
  DecodeResult decode(char* data, std::size_t size, FrameHandler& handler);
  /// True once a close frame was delivered.
  bool closed() const noexcept { return closed_; }
  /// True while a fragmented message is being assembled.
  bool in_message() const noexcept { return in_message_; }
  /// Bytes reserved for assembling a message (a std::string's inline capacity when idle).
  std::size_t buffer_capacity() const noexcept { return message_.capacity(); }

 private:
  struct Header;
  CloseCode check_header(const Header& h) const noexcept;
  CloseCode handle_frame(const Header& h, char* payload, FrameHandler& handler);
  CloseCode handle_control(const Header& h, std::string_view payload, FrameHandler& handler);
  CloseCode handle_data(const Header& h, std::string_view payload, FrameHandler& handler);
  CloseCode append_fragment(std::string_view payload, bool fin);
  void release_message() noexcept;

  FrameDecoderOptions options_;
  std::string message_;  // fragmented or inflated message being assembled
  Utf8Validator utf8_;
  Opcode message_opcode_ = Opcode::continuation;
  bool in_message_ = false;
  bool message_compressed_ = false;
  bool closed_ = false;
};

}  // namespace corio::ws
