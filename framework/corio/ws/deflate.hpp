#pragma once
/// @file permessage-deflate (RFC 7692): negotiation of the client's offers and the zlib codec.
///
/// Memory: a zlib stream costs ~40 KiB (inflate) to ~260 KiB (deflate, 15 bits, memLevel 8),
/// far over an idle connection's budget. Deflater and Inflater therefore allocate their stream
/// on first use and, when context takeover is off for their direction, free it after each
/// message; with context takeover on, the stream lives as long as the connection.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace corio::ws {

/// The server's permessage-deflate settings.
struct DeflateOptions {
  bool enabled = false;                     ///< off by default, as in Socket.IO v4
  bool server_no_context_takeover = false;  ///< ask to reset our compressor after each message
  bool client_no_context_takeover = false;  ///< ask the client to reset its compressor
  int server_max_window_bits = 15;          ///< largest window we compress with (9..15)
  int client_max_window_bits = 15;          ///< window we ask the client to use, when it allows
  std::size_t threshold = 1024;             ///< compress only messages at least this long
  int level = 6;                            ///< zlib compression level (1..9)
  int mem_level = 8;                        ///< zlib memLevel (1..9): memory vs speed
};

/// The parameters agreed with one client.
struct DeflateAgreement {
  bool server_no_context_takeover = false;  ///< we reset our compressor after each message
  bool client_no_context_takeover = false;  ///< the client resets its compressor each message
  int server_max_window_bits = 15;          ///< our compressor's window
  int client_max_window_bits = 15;          ///< the client's window (we inflate with 15 anyway)
  bool server_window_in_response = false;   ///< the response names server_max_window_bits
  bool client_window_in_response = false;   ///< the response names client_max_window_bits

  /// The Sec-WebSocket-Extensions response value, e.g. "permessage-deflate; ...".
  std::string response() const;
};

/// Picks the first acceptable permessage-deflate offer of a Sec-WebSocket-Extensions header
/// (several header lines joined with ", "). Invalid offers (unknown or repeated parameters, bad
/// values) are skipped; nullopt when deflate is disabled or no offer is acceptable.
/// @code
/// if (auto agreed = negotiate_deflate(req.get("Sec-WebSocket-Extensions"), options))
///   extensions = agreed->response();
/// @endcode
std::optional<DeflateAgreement> negotiate_deflate(std::string_view header,
                                                  const DeflateOptions& options);

/// Outcome of inflating.
enum class InflateStatus : std::uint8_t {
  ok,       ///< output appended
  too_big,  ///< output would exceed the limit (close 1009)
  corrupt,  ///< not a valid deflate stream (close 1007)
};

/// Compresses outgoing messages (one direction of one connection, or one broadcast stream
/// shared by recipients that all agreed to server_no_context_takeover).
class Deflater {
 public:
  /// A compressor with zlib `level`, `mem_level` and `window_bits` (8 is used as 9, as zlib
  /// does), resetting after each message when `no_context_takeover`.
  explicit Deflater(int window_bits = 15, bool no_context_takeover = false, int level = 6,
                    int mem_level = 8);
  /// The compressor for our side of `agreement`.
  Deflater(const DeflateAgreement& agreement, const DeflateOptions& options);
  ~Deflater();
  Deflater(Deflater&&) noexcept;
  Deflater& operator=(Deflater&&) noexcept;

  /// Appends the compressed form of one whole message to `out`, without the final
  /// 00 00 ff ff (RFC 7692 §7.2.1). Throws std::bad_alloc when zlib cannot allocate.
  void compress(std::string_view message, std::string& out);
  /// Returns the compressed form of one whole message.
  std::string compress(std::string_view message);
  /// True while a zlib stream is allocated.
  bool has_stream() const noexcept { return stream_ != nullptr; }
  /// Without context takeover, reset the stream after each message instead of freeing it:
  /// ~20x faster for small messages, for a long-lived (e.g. shard-wide broadcast) compressor.
  void keep_stream(bool keep) noexcept { keep_stream_ = keep; }

 private:
  struct Stream;
  std::unique_ptr<Stream> stream_;
  std::int8_t window_bits_;
  std::int8_t level_;
  std::int8_t mem_level_;
  bool no_context_takeover_;
  bool keep_stream_ = false;
};

/// Decompresses incoming messages, fragment by fragment, with an output limit against
/// decompression bombs.
class Inflater {
 public:
  /// A decompressor that resets after each message when `no_context_takeover` (the client's
  /// client_no_context_takeover). It always inflates with a 15-bit window, which reads any
  /// smaller window too.
  explicit Inflater(bool no_context_takeover = false);
  ~Inflater();
  Inflater(Inflater&&) noexcept;
  Inflater& operator=(Inflater&&) noexcept;

  /// Inflates one fragment of a message, appending to `out`, whose size must stay within
  /// `max_size`; `fin` marks the message's last fragment (then the 00 00 ff ff tail is added).
  /// After an error the stream is dropped; the connection is expected to close.
  InflateStatus inflate(std::string_view fragment, bool fin, std::string& out,
                        std::size_t max_size);
  /// True while a zlib stream is allocated.
  bool has_stream() const noexcept { return stream_ != nullptr; }

 private:
  struct Stream;
  InflateStatus run(Stream& s, std::string_view in, std::string& out, std::size_t max_size);
  std::unique_ptr<Stream> stream_;
  bool no_context_takeover_;
};

}  // namespace corio::ws
