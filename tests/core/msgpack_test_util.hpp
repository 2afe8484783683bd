#pragma once
// Hex helpers of the msgpack tests.

#include <cstdlib>
#include <string>
#include <string_view>

namespace corio::test {

/// Lower-case hex of `bytes`.
inline std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

/// The bytes of `text` (hex digits; anything else is skipped).
inline std::string from_hex(std::string_view text) {
  std::string out;
  int high = -1;
  for (char c : text) {
    const int v = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      out += static_cast<char>(high << 4 | v);
      high = -1;
    }
  }
  return out;
}

}  // namespace corio::test
