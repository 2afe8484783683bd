#pragma once
/// @file Cookie header parsing and Set-Cookie serialization (npm `cookie` rules).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corio::http {

/// Parses a Cookie header into (name, value) pairs in order: the first of a repeated name wins,
/// surrounding quotes are stripped, values with '%' are percent-decoded when valid.
/// @code parse_cookies("a=1; b=\"x%20y\"") → {{"a","1"},{"b","x y"}} @endcode
std::vector<std::pair<std::string, std::string>> parse_cookies(std::string_view header);

/// SameSite attribute values.
enum class SameSite { none_set, strict, lax, none };
/// Priority attribute values.
enum class CookiePriority { none_set, low, medium, high };

/// Attributes of a Set-Cookie header (res.cookie options).
struct CookieOptions {
  std::optional<std::int64_t> max_age{};  ///< seconds
  std::optional<std::chrono::system_clock::time_point> expires{};
  std::string domain{};
  std::string path{};
  bool http_only = false;
  bool secure = false;
  bool partitioned = false;
  SameSite same_site = SameSite::none_set;
  CookiePriority priority = CookiePriority::none_set;
  bool encode = true;  ///< percent-encode the value like encodeURIComponent
};

/// Serializes a Set-Cookie value; throws std::invalid_argument for an invalid name, value,
/// domain or path.
/// @code serialize_cookie("sid", "abc", {.path = "/", .http_only = true})
///   == "sid=abc; Path=/; HttpOnly" @endcode
std::string serialize_cookie(std::string_view name, std::string_view value,
                             const CookieOptions& options = {});

}  // namespace corio::http
