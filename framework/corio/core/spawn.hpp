#pragma once
/// @file Completion handlers for spawned coroutines: every spawned coroutine has an owner and a
/// completion that reports a failure (never a bare `detached`).

#include <corio/core/task.hpp>

#include <asio/any_io_executor.hpp>

#include <exception>
#include <string_view>

namespace corio {

/// Prints "corio: <what> failed: <exception message>" to stderr; for co_spawn completions.
void report_failure(std::string_view what, std::exception_ptr error) noexcept;

/// A co_spawn completion handler that reports an escaped exception under `what`
/// (a string literal: it is kept by pointer).
/// @code
/// asio::co_spawn(ctx, serve(), log_failure("accept loop"));
/// @endcode
inline auto log_failure(std::string_view what) {
  return [what](std::exception_ptr error) {
    if (error) report_failure(what, error);
  };
}

/// Runs `task` as a coroutine of its own on `executor`; a failure is reported under `what` (a
/// string literal). Not a template: headers that start user coroutines call it instead of
/// instantiating co_spawn for every handler type (a large compile-time saving).
void spawn(const asio::any_io_executor& executor, Task<> task, std::string_view what);

}  // namespace corio
