#pragma once
/// @file URL helpers: percent-encoding, request-target splitting, query strings (Node semantics).

#include <corio/core/json.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace corio::http {

/// Decodes %XX escapes like JavaScript's decodeURIComponent; `plus_as_space` also maps '+' to
/// ' '. Returns nullopt on a malformed escape or when the decoded bytes are not valid UTF-8.
std::optional<std::string> percent_decode(std::string_view s, bool plus_as_space = false);

/// Decodes %XX escapes like Node's querystring.unescape: '+' is a space, malformed escapes are
/// kept as written and invalid UTF-8 becomes U+FFFD. Never fails.
std::string percent_decode_lenient(std::string_view s);

/// Encodes like encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ) is escaped.
std::string percent_encode_component(std::string_view s);

/// Encodes like encodeURI: also keeps the URI delimiters ; , / ? : @ & = + $ #.
std::string percent_encode_uri(std::string_view s);

/// Replaces each invalid UTF-8 sequence with U+FFFD (as a WHATWG decoder does).
std::string sanitize_utf8(std::string_view s);

/// A request-target split into its path and its query (without '?'); views into the target.
struct TargetParts {
  std::string_view path;   ///< "/a/b"; for an absolute-form target the path after the authority
  std::string_view query;  ///< "x=1&y=2"; empty when absent
};

/// Splits a request-target (origin-form "/p?q", absolute-form "http://h/p?q", or "*").
TargetParts split_target(std::string_view target) noexcept;

/// Limits of query-string parsing.
struct QueryLimits {
  std::size_t max_keys = 1000;  ///< pairs after this many are ignored (Node's maxKeys)
};

/// Parses a query string like Node's querystring.parse (Express 5's "simple" query parser):
/// '&'-separated pairs split at the first '=', '+' is a space, malformed escapes kept as-is,
/// repeated keys become arrays of strings, a key without '=' gets "".
/// @code parse_query("a=1&a=2&b=x+y") == json{{"a", {"1", "2"}}, {"b", "x y"}} @endcode
json parse_query(std::string_view query, const QueryLimits& limits = {});

/// Parses an application/x-www-form-urlencoded body (the same rules as parse_query).
inline json parse_urlencoded(std::string_view body, const QueryLimits& limits = {}) {
  return parse_query(body, limits);
}

}  // namespace corio::http
