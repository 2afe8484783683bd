#pragma once
/// @file Reader: incremental RESP2 reply parser over hiredis' redisReader, bounded by limits.
/// Pure: no Asio, no sockets.

#include <corio/redis/reply.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

struct redisReader;

namespace corio::redis {

/// Bounds on what one reply may hold (Redis' own defaults where it has one).
struct ReaderLimits {
  std::size_t max_bulk = 512u * 1024 * 1024;  ///< bytes of a bulk string, status or error line
  std::size_t max_elements = 1u << 24;        ///< elements of one array
  /// Arrays nested in arrays. hiredis 0.14 keeps a fixed stack of 9 read tasks: deeper
  /// values are refused (the constructor clamps to max_supported_depth).
  std::size_t max_depth = 7;
};

/// Incremental RESP2 parser: feed bytes as they arrive, take replies out in order.
/// A framing guard checks every header before hiredis sees it, so lengths over the limits,
/// malformed lengths and unknown type bytes are refused before anything is buffered for them
/// (hiredis 0.14 has no limits of its own). Errors are sticky.
/// @code
/// Reader reader;
/// reader.feed(bytes);
/// std::optional<Reply> reply;
/// while (!(ec = reader.next(reply)) && reply) handle(*reply);
/// @endcode
class Reader {
 public:
  /// The deepest nesting hiredis 0.14 parses.
  static constexpr std::size_t max_supported_depth = 7;

  explicit Reader(ReaderLimits limits = {});
  ~Reader();
  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;

  /// Appends received bytes. After an error further bytes are ignored.
  void feed(std::string_view bytes);
  /// Takes the next complete reply into `out` (nullopt when more bytes are needed). Replies
  /// that came before a protocol or limit error are still given out; then the error
  /// (errc::protocol_error or errc::limit_exceeded) is returned, every time.
  std::error_code next(std::optional<Reply>& out);
  /// What went wrong, for logs (empty without an error).
  const std::string& error_message() const noexcept { return message_; }
  /// The limits in force.
  const ReaderLimits& limits() const noexcept { return limits_; }

 private:
  enum class State { type, line, bulk };

  std::size_t guard(std::string_view bytes);
  std::size_t scan_line(std::string_view rest);
  std::size_t scan_bulk(std::string_view rest);
  void end_line();
  void end_value();
  bool parse_length(long long& value);
  void fail(std::error_code ec, std::string message);

  struct Free {
    void operator()(redisReader* r) const noexcept;
  };
  std::unique_ptr<redisReader, Free> reader_;
  ReaderLimits limits_;
  std::error_code error_;     // found by the guard, returned once earlier replies are out
  std::string message_;
  State state_ = State::type;
  char kind_ = 0;             // type byte of the line being read
  std::string line_;          // the digits of a `:`, `$` or `*` line
  std::size_t line_size_ = 0; // bytes of the current line so far
  bool cr_ = false;           // the line's last byte so far was '\r'
  std::size_t bulk_left_ = 0; // payload bytes + CRLF still to come
  std::vector<long long> open_;  // elements still expected by each open array
};

}  // namespace corio::redis
