#pragma once
/// @file Reply: one RESP2 value as Redis sends it, and format_command(), the RESP2 encoding of a
/// command. Pure: no Asio, no sockets.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corio::redis {

/// One RESP2 reply: nil, a status (`+OK`), an error (`-ERR ...`), an integer, a bulk string or
/// an array of replies (which may nest).
/// @code
/// Reply r = ...;                      // e.g. the reply to GET k
/// if (r.is_error()) log("{}", r.str);
/// else if (r.is_string()) use(r.str); // binary-safe
/// @endcode
struct Reply {
  /// The RESP2 types.
  enum class Type { nil, status, error, integer, string, array };

  Type type = Type::nil;
  long long integer = 0;        ///< the value of an integer reply
  std::string str;              ///< status, error or bulk string bytes
  std::vector<Reply> elements;  ///< the elements of an array

  /// True for a nil bulk string or nil array.
  bool is_nil() const noexcept { return type == Type::nil; }
  /// True for an error reply (`-ERR ...`); its message is in `str`.
  bool is_error() const noexcept { return type == Type::error; }
  /// True for a status reply (`+OK`).
  bool is_status() const noexcept { return type == Type::status; }
  /// True for a bulk string.
  bool is_string() const noexcept { return type == Type::string; }
  /// True for an integer reply.
  bool is_integer() const noexcept { return type == Type::integer; }
  /// True for an array.
  bool is_array() const noexcept { return type == Type::array; }

  /// Element `i` of an array, or a nil reply when there is none.
  const Reply& at(std::size_t i) const noexcept;
  /// A short human-readable form for logs and test failures, e.g. `["message","ch","hi"]`.
  std::string describe() const;

  friend bool operator==(const Reply&, const Reply&) = default;
};

/// The RESP2 encoding of a command (`*N\r\n$len\r\narg\r\n...`), via hiredis'
/// redisFormatCommandArgv. Binary-safe: arguments may hold any byte, NUL included.
/// @code
/// const std::string_view args[] = {"SET", "key", value};
/// std::string wire = format_command(args);
/// @endcode
std::string format_command(std::span<const std::string_view> args);
/// The same for owned strings.
std::string format_command(std::span<const std::string> args);

}  // namespace corio::redis
