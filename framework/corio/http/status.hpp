#pragma once
/// @file Reason phrases of HTTP status codes (Node's http.STATUS_CODES).

#include <string_view>

namespace corio::http {

/// Reason phrase of `code`, e.g. status_text(404) == "Not Found"; empty for unknown codes.
std::string_view status_text(int code) noexcept;

}  // namespace corio::http
