#pragma once
/// @file Error codes of the Redis layer.

#include <system_error>

namespace corio::redis {

/// Why a Redis operation produced no reply.
enum class errc {
  not_connected = 1,  ///< no connection to Redis right now (the client keeps reconnecting)
  connection_lost,    ///< the connection closed before the reply came
  stopped,            ///< stop() was called
  timed_out,          ///< the command or the wait went over its deadline
  protocol_error,     ///< the server sent bytes that are not RESP2
  limit_exceeded,     ///< a reply went over the reader's size or nesting limits
  handshake_failed,   ///< AUTH, SELECT or CLIENT SETNAME was refused
};

/// The category of corio::redis::errc ("corio.redis").
const std::error_category& redis_category() noexcept;

/// Makes an error_code from corio::redis::errc.
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), redis_category()};
}

}  // namespace corio::redis

template <>
struct std::is_error_code_enum<corio::redis::errc> : std::true_type {};
