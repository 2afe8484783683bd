#pragma once
/// @file CORS middleware with the semantics of the npm `cors` package (v2.8).

#include <chrono>
#include <corio/core/task.hpp>
#include <corio/http/router.hpp>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace corio::http {

/// One allowed origin in a list: an exact string or a regular expression (searched, like JS
/// `RegExp.prototype.test`).
class OriginPattern {
 public:
  /// An exact origin ("https://example.com").
  OriginPattern(const char* exact) : exact_(exact) {}
  /// An exact origin.
  OriginPattern(std::string exact) : exact_(std::move(exact)) {}
  /// A regular expression (ECMAScript grammar) matched anywhere in the origin.
  static OriginPattern regex(std::string_view ecmascript, bool icase = false);
  /// True when `origin` is allowed by this pattern.
  bool matches(std::string_view origin) const;

 private:
  OriginPattern() = default;
  std::string exact_;
  std::shared_ptr<const std::regex> regex_;  // shared: options are copied, the regex is not
};

/// A regular-expression origin pattern, e.g. `origin_regex(R"(\.example\.com$)")`.
inline OriginPattern origin_regex(std::string_view ecmascript, bool icase = false) {
  return OriginPattern::regex(ecmascript, icase);
}

/// A static origin rule, as the `origin` option or an origin callback gives it:
/// `true` reflects the request's origin, `false` disables CORS, a string is sent as-is
/// ("*" for any), a regex or a list reflects the origin when one entry matches.
class OriginRule {
 public:
  /// true: reflect any origin; false: no CORS headers at all.
  OriginRule(bool allow) : value_(allow) {}
  /// A fixed Access-Control-Allow-Origin ("*" or one origin).
  OriginRule(const char* fixed) : value_(std::string(fixed)) {}
  /// A fixed Access-Control-Allow-Origin.
  OriginRule(std::string fixed) : value_(std::move(fixed)) {}
  /// Reflects the origin when the regex matches.
  OriginRule(OriginPattern pattern) : value_(std::vector<OriginPattern>{std::move(pattern)}) {}
  /// Reflects the origin when any entry matches.
  OriginRule(std::initializer_list<OriginPattern> list)
      : value_(std::vector<OriginPattern>(list)) {}
  /// Reflects the origin when any entry matches.
  OriginRule(std::vector<OriginPattern> list) : value_(std::move(list)) {}

  /// The rule's value.
  const std::variant<bool, std::string, std::vector<OriginPattern>>& value() const noexcept {
    return value_;
  }

 private:
  std::variant<bool, std::string, std::vector<OriginPattern>> value_;
};

/// A synchronous origin callback: given the request's Origin (empty when absent).
using OriginFn = std::function<OriginRule(std::string_view origin)>;
/// An asynchronous origin callback (e.g. looks the origin up in a database).
using AsyncOriginFn = std::function<Task<OriginRule>(std::string_view origin)>;

/// The `origin` option: a static rule, or a callback deciding per request.
class CorsOrigin {
 public:
  /// "*" (any origin), the npm default.
  CorsOrigin() : value_(OriginRule("*")) {}
  /// true: reflect any origin; false: no CORS headers.
  CorsOrigin(bool allow) : value_(OriginRule(allow)) {}
  /// A fixed Access-Control-Allow-Origin ("*" or one origin).
  CorsOrigin(const char* fixed) : value_(OriginRule(fixed)) {}
  /// A fixed Access-Control-Allow-Origin.
  CorsOrigin(std::string fixed) : value_(OriginRule(std::move(fixed))) {}
  /// Reflects the origin when the pattern matches.
  CorsOrigin(OriginPattern pattern) : value_(OriginRule(std::move(pattern))) {}
  /// Reflects the origin when an entry matches.
  CorsOrigin(std::initializer_list<OriginPattern> list) : value_(OriginRule(list)) {}
  /// Reflects the origin when an entry matches.
  CorsOrigin(std::vector<OriginPattern> list) : value_(OriginRule(std::move(list))) {}
  /// Any static rule.
  CorsOrigin(OriginRule rule) : value_(std::move(rule)) {}
  /// A callback: `OriginRule(std::string_view)` or `Task<OriginRule>(std::string_view)`.
  template <typename F>
  requires std::is_invocable_v<F&, std::string_view> &&
      (std::is_convertible_v<std::invoke_result_t<F&, std::string_view>, OriginRule> ||
       std::is_same_v<std::invoke_result_t<F&, std::string_view>, Task<OriginRule>>)CorsOrigin(F fn)
      : value_(wrap(std::move(fn))) {}

  /// The rule for a request whose Origin header is `origin`.
  Task<OriginRule> resolve(std::string_view origin) const;

 private:
  using Value = std::variant<OriginRule, OriginFn, AsyncOriginFn>;
  template <typename F>
  static Value wrap(F fn) {
    if constexpr (std::is_same_v<std::invoke_result_t<F&, std::string_view>, Task<OriginRule>>) {
      return Value(std::in_place_type<AsyncOriginFn>, std::move(fn));
    } else {
      return Value(std::in_place_type<OriginFn>,
                   [fn = std::move(fn)](std::string_view o) mutable { return OriginRule(fn(o)); });
    }
  }
  Value value_;
};

/// A comma-separated header list given as one string ("GET,POST") or as items ({"GET", "POST"}).
/// As in JavaScript, an empty string counts as unset while an empty list is an empty value.
class HeaderList {
 public:
  /// Unset.
  HeaderList() = default;
  /// A comma-separated list; "" is unset.
  HeaderList(const char* csv) : HeaderList(std::string(csv)) {}
  /// A comma-separated list; "" is unset.
  HeaderList(std::string csv) {
    if (!csv.empty()) value_ = std::move(csv);
  }
  /// Items joined with ','.
  HeaderList(std::initializer_list<std::string_view> items);
  /// Items joined with ','.
  HeaderList(const std::vector<std::string>& items);
  /// Unset, or the items joined with ','.
  const std::optional<std::string>& value() const noexcept { return value_; }

 private:
  std::optional<std::string> value_;
};

/// Options of cors() (the npm option names in snake_case; same defaults).
/// @code
/// app.use(cors({.origin = {"https://a.example", origin_regex(R"(\.b\.example$)")},
///               .credentials = true, .max_age = std::chrono::seconds(600)}));
/// @endcode
struct CorsOptions {
  CorsOrigin origin{};                                    ///< default "*"
  HeaderList methods = "GET,HEAD,PUT,PATCH,POST,DELETE";  ///< Access-Control-Allow-Methods
  HeaderList allowed_headers{};  ///< unset: reflect Access-Control-Request-Headers
  HeaderList exposed_headers{};  ///< Access-Control-Expose-Headers
  /// Access-Control-Allow-Credentials: true. Browsers refuse it with origin "*" (npm sends the
  /// pair anyway, and so do we): use `.origin = true` or a list to reflect the origin instead.
  bool credentials = false;
  std::optional<std::chrono::seconds> max_age{};  ///< Access-Control-Max-Age of preflights
  bool preflight_continue = false;                ///< pass preflights on to the next handler
  int options_success_status = 204;               ///< status of an answered preflight
};

/// Applies CORS to one request: sets the headers and, for a preflight (OPTIONS) unless
/// `preflight_continue`, answers it. Returns true when the response was sent (the caller must
/// then stop). Exceptions of an origin callback propagate.
Task<bool> apply_cors(const CorsOptions& options, Request& req, Response& res);

/// CORS middleware, like `app.use(cors(options))` in Express.
/// @code
/// app.use(cors({.origin = "https://app.example", .credentials = true}));
/// @endcode
Middleware cors(CorsOptions options = {});

/// CORS middleware whose options are computed per request (npm's options delegate).
Middleware cors_per_request(std::function<Task<CorsOptions>(Request&)> options_for);

}  // namespace corio::http
