#pragma once
/// @file The syntax of `host [":" port]` (RFC 3986 §3.2.2–3.2.3), as a Host header or the
/// authority of an absolute-form request-target holds it. Pure, allocation-free.

#include <corio/http/detail/ascii.hpp>

#include <string_view>

namespace corio::http::detail {

/// True for the RFC 3986 unreserved and sub-delims characters.
constexpr bool is_host_char(char c) noexcept {
  const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum || std::string_view("-._~!$&'()*+,;=").find(c) != std::string_view::npos;
}

/// Index past the host of `s`: an IP-literal in brackets or a reg-name (with %XX escapes);
/// npos when the host is malformed.
constexpr std::size_t host_end(std::string_view s) noexcept {
  constexpr std::size_t bad = std::string_view::npos;
  if (!s.empty() && s[0] == '[') {
    const std::size_t close = s.find(']');
    if (close == bad || close == 1) return bad;
    for (std::size_t i = 1; i < close; ++i) {
      if (!is_host_char(s[i]) && s[i] != ':') return bad;
    }
    return close + 1;
  }
  std::size_t i = 0;
  while (i < s.size() && s[i] != ':') {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0) return bad;
      i += 3;
    } else if (is_host_char(s[i])) {
      ++i;
    } else {
      return bad;
    }
  }
  return i;
}

/// True when `s` is `host [":" port]` with a decimal port (an empty `s` is valid: RFC 9112
/// §3.2 allows an empty Host when the target has no authority).
constexpr bool is_valid_host(std::string_view s) noexcept {
  std::size_t i = host_end(s);
  if (i == std::string_view::npos) return false;
  if (i == s.size()) return true;
  if (s[i] != ':') return false;
  for (++i; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace corio::http::detail
