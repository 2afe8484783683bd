#pragma once
/// @file Socket.IO v5 packet codec, pure: the text encoding
/// `<type>[<attachments>-][<nsp>,][<id>][<json>]` with binary attachments carried as following
/// Engine.IO binary messages, and a strict per-client decoder.
///
/// Examples: `2["chat message","hi"]`, `2/admin,12["x"]`, `0{"token":"x"}`,
/// `51-["up",{"_placeholder":true,"num":0}]` followed by one binary message.

#include <corio/core/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace corio::socketio {

/// Socket.IO protocol revision spoken here.
inline constexpr int protocol_version = 5;

/// Socket.IO packet types; the value is the digit written on the wire.
enum class PacketType : std::uint8_t {
  connect = 0,        ///< join a namespace (client) / accepted (server, data {"sid":...})
  disconnect = 1,     ///< leave a namespace
  event = 2,          ///< data ["name", args...]
  ack = 3,            ///< data [args...], with the id of the event acknowledged
  connect_error = 4,  ///< namespace refused (data string or {"message":...})
  binary_event = 5,   ///< event with binary attachments
  binary_ack = 6,     ///< ack with binary attachments
};

/// One Socket.IO packet. Binary values (json::binary_t) may sit anywhere inside `data`.
struct Packet {
  PacketType type = PacketType::event;  ///< packet type (binary_* are chosen by encode())
  std::string nsp = "/";                ///< namespace, starting with '/'
  std::optional<std::uint64_t> id{};    ///< ack id
  json data{};                          ///< payload; null means absent
};

/// An encoded packet: the text message then its binary attachments, in order.
struct EncodedPacket {
  std::string text{};                      ///< the Socket.IO text packet
  std::vector<std::string> attachments{};  ///< raw bytes, one Engine.IO binary message each
};

/// Appends the encoding of `packet` to `out.text` (and its attachments to `out.attachments`).
/// An event or ack holding binary values becomes binary_event/binary_ack with placeholders
/// `{"_placeholder":true,"num":N}` in depth-first order. JSON is written as JSON.stringify
/// writes it; invalid UTF-8 is replaced by U+FFFD. Never throws but std::bad_alloc.
/// @code
/// EncodedPacket out{.text = "4"};  // Engine.IO message prefix, kept
/// encode(Packet{.data = json::array({"chat message", "hi"})}, out);
/// // out.text == R"(42["chat message","hi"])"
/// @endcode
void encode(const Packet& packet, EncodedPacket& out);

/// The encoding of `packet` (see encode(const Packet&, EncodedPacket&)).
EncodedPacket encode(const Packet& packet);

/// Why a Socket.IO message was rejected (all map to the "parse error" disconnect reason).
enum class packet_errc {
  empty_packet = 1,      ///< a text message of zero bytes
  unknown_type,          ///< first character is not 0-6
  bad_attachments,       ///< attachment count missing, not digits, zero, or no '-'
  too_many_attachments,  ///< attachment count over DecoderLimits::max_attachments
  bad_id,                ///< ack id too long or over 2^53-1, or missing on an ack
  bad_json,              ///< payload is not JSON
  too_deep,              ///< payload nests deeper than DecoderLimits::max_depth
  invalid_payload,       ///< payload has the wrong shape for the packet type
  bad_placeholder,       ///< placeholder num not an integer, out of range, duplicate, unused
  unexpected_binary,     ///< a binary message while no attachment is awaited
  unexpected_text,       ///< a text message while attachments are awaited
};

/// The category of packet_errc ("corio.socketio.packet").
const std::error_category& packet_category() noexcept;

/// Makes an error_code from packet_errc.
inline std::error_code make_error_code(packet_errc e) noexcept {
  return {static_cast<int>(e), packet_category()};
}

/// Limits of the decoder (the message size itself is bounded by maxHttpBufferSize).
struct DecoderLimits {
  std::size_t max_attachments = 10;  ///< attachments per packet (socket.io-parser's default)
  std::size_t max_depth = kJsonMaxDepth;  ///< nesting of arrays/objects in the payload
};

/// Outcome of feeding one message to a Decoder.
struct FeedResult {
  std::error_code error;  ///< set when the message broke the protocol (the decoder is reset)
  bool complete = false;  ///< true when the output packet holds a whole decoded packet
};

/// Strict per-client decoder: text messages, and the binary messages a binary packet announces.
/// @code
/// Decoder decoder;
/// Packet packet;
/// auto r = decoder.feed_text(R"(2["chat message","hi"])", packet);
/// if (r.error) close_with_parse_error(); else if (r.complete) dispatch(std::move(packet));
/// @endcode
class Decoder {
 public:
  /// A decoder with `limits`.
  explicit Decoder(DecoderLimits limits = {});
  ~Decoder();
  Decoder(Decoder&&) noexcept;
  Decoder& operator=(Decoder&&) noexcept;

  /// Decodes one text message into `out`; a binary packet is completed by feed_binary().
  FeedResult feed_text(std::string_view message, Packet& out);
  /// Takes one attachment of the pending binary packet; completes it into `out` with the last.
  FeedResult feed_binary(std::string_view bytes, Packet& out);
  /// True while a binary packet awaits attachments.
  bool awaiting_binary() const noexcept { return pending_ != nullptr; }
  /// Drops any pending binary packet.
  void reset() noexcept;

 private:
  struct Pending;
  DecoderLimits limits_;
  std::unique_ptr<Pending> pending_;
};

/// Decodes one text message alone. Sets `attachments` to the count a binary packet announces
/// (0 otherwise); its placeholders are checked but left in `out.data`.
std::error_code decode_text(std::string_view message, Packet& out, std::size_t& attachments,
                            const DecoderLimits& limits = {});

/// True for event names an application cannot use: connect, connect_error, disconnect,
/// disconnecting, newListener, removeListener.
bool is_reserved_event(std::string_view name) noexcept;

}  // namespace corio::socketio

template <>
struct std::is_error_code_enum<corio::socketio::packet_errc> : std::true_type {};
