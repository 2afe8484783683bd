#pragma once
/// @file HttpError: the exception a handler throws to answer with a status.

#include <exception>
#include <stdexcept>
#include <string>

namespace corio::http {

/// Thrown by handlers (or made by the router from any exception) to reach error middleware.
/// @code
/// if (!user) throw HttpError(404, "no such user");
/// @endcode
class HttpError : public std::runtime_error {
 public:
  /// `status` 4xx/5xx; `message` shown to the client only when `expose` (default: status < 500).
  HttpError(int status, std::string message)
      : std::runtime_error(std::move(message)), status_(status), expose_(status < 500) {}
  /// Wraps another exception as a 500 (what the router does with non-HttpError exceptions).
  static HttpError from(std::exception_ptr error);

  /// The HTTP status to answer with.
  int status() const noexcept { return status_; }
  /// True when the message is safe to show to the client.
  bool expose() const noexcept { return expose_; }
  /// The original exception (for logging), null when thrown as HttpError.
  std::exception_ptr cause() const noexcept { return cause_; }

 private:
  int status_;
  bool expose_;
  std::exception_ptr cause_;
};

inline HttpError HttpError::from(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const HttpError& e) {
    return e;
  } catch (const std::exception& e) {
    HttpError wrapped(500, e.what());
    wrapped.cause_ = error;
    return wrapped;
  } catch (...) {
    HttpError wrapped(500, "unknown error");
    wrapped.cause_ = error;
    return wrapped;
  }
}

}  // namespace corio::http
