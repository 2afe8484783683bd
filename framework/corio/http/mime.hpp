#pragma once
/// @file File extensions to MIME types, and Express's res.type() rule.

#include <string>
#include <string_view>

namespace corio::http {

/// MIME type of an extension or a file path ("json", ".json", "a/b.JSON" → "application/json");
/// empty when unknown.
std::string_view mime_lookup(std::string_view ext_or_path) noexcept;

/// True when a Content-Type of this MIME type gets "; charset=utf-8" (text/*, JSON, JS...).
bool mime_is_textual(std::string_view mime) noexcept;

/// The Content-Type Express's res.type(value) sets: a value containing '/' is used as-is;
/// otherwise it is an extension looked up with its charset added for textual types, or
/// "application/octet-stream" when unknown. e.g. content_type_for("html") ==
/// "text/html; charset=utf-8".
std::string content_type_for(std::string_view type);

}  // namespace corio::http
