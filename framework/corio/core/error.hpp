#pragma once
/// @file Errors shared by every layer.

#include <stdexcept>
#include <string>
#include <system_error>

namespace corio {

/// Error codes of the core layer.
enum class errc {
  limit_exceeded = 1,  ///< an input went over a configured limit
  timed_out,           ///< a deadline passed
  closed,              ///< the peer or the object is closed
  protocol_error,      ///< the peer broke the protocol
};

/// The category of corio::errc.
const std::error_category& core_category() noexcept;

/// Makes an error_code from corio::errc.
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), core_category()};
}

/// Thrown by `co_await ...timeout(d)...` operations that did not complete in time.
class TimeoutError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace corio

template <>
struct std::is_error_code_enum<corio::errc> : std::true_type {};
