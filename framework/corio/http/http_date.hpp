#pragma once
/// @file IMF-fixdate (RFC 9110 §5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace corio::http {

/// Formats a UTC time as IMF-fixdate (always 29 characters).
std::string format_http_date(std::time_t t);

/// The Date header value for now; formatted at most once per second per thread.
std::string_view http_date_now();

/// Parses an IMF-fixdate (the only form senders may generate); nullopt when malformed.
std::optional<std::time_t> parse_http_date(std::string_view s) noexcept;

}  // namespace corio::http
