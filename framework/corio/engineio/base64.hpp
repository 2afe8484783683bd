#pragma once
/// @file Standard base64 (RFC 4648 §4), used by Engine.IO polling for binary packets.

#include <cstddef>
#include <string>
#include <string_view>

namespace corio::engineio {

/// Appends the padded base64 form of `bytes` to `out`.
void base64_append(std::string& out, std::string_view bytes);

/// The padded base64 form of `bytes`.
std::string base64_encode(std::string_view bytes);

/// Number of bytes `text` decodes to, or npos when `text` is not strict base64
/// (standard alphabet; padding optional but, when present, correct; no whitespace).
std::size_t base64_decoded_size(std::string_view text) noexcept;

/// Appends the bytes of `text` to `out`; false (and `out` unchanged) when `text` is not strict
/// base64 as defined by base64_decoded_size().
bool base64_decode_append(std::string& out, std::string_view text);

}  // namespace corio::engineio
