#pragma once
/// @file ASCII helpers shared by the pure HTTP code (character classes, case folding, trimming).

#include <array>
#include <cstdint>
#include <string_view>

namespace corio::http::detail {

/// Lower-cases one ASCII letter; other bytes are returned unchanged.
constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// ASCII case-insensitive equality.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}

/// Table of RFC 9110 tchar (the characters of a token).
inline constexpr std::array<bool, 256> kTcharTable = [] {
  std::array<bool, 256> t{};
  for (int ch = '0'; ch <= '9'; ++ch) t[ch] = true;
  for (int ch = 'a'; ch <= 'z'; ++ch) t[ch] = true;
  for (int ch = 'A'; ch <= 'Z'; ++ch) t[ch] = true;
  for (char ch : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(ch)] = true;
  return t;
}();

/// True for RFC 9110 tchar.
constexpr bool is_tchar(char c) noexcept { return kTcharTable[static_cast<unsigned char>(c)]; }

/// True when every byte of `s` is a tchar and `s` is not empty.
constexpr bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

/// True for SP and HTAB (optional whitespace).
constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

/// Removes leading and trailing SP/HTAB.
constexpr std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

/// Value of a hex digit, or -1.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Calls `fn(element)` for each trimmed, non-empty element of a comma-separated list.
template <typename Fn>
constexpr void for_each_list_item(std::string_view list, Fn&& fn) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = trim_ows(list.substr(0, comma));
    if (!item.empty()) fn(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace corio::http::detail
