#include "text.hpp"

#include <algorithm>
#include <corio/http/url.hpp>

namespace chat {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

/// Node decodes header bytes as latin1: each byte is one character.
std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xC0 | (byte >> 6));
      out += static_cast<char>(0x80 | (byte & 0x3F));
    }
  }
  return out;
}

/// JavaScript's String.prototype.trim() over latin1 text: ASCII white space and U+00A0.
std::string_view js_trim(std::string_view s) {
  constexpr std::string_view ascii_space = " \t\n\v\f\r";
  constexpr std::string_view nbsp = "\xC2\xA0";
  while (true) {
    if (!s.empty() && ascii_space.find(s.front()) != std::string_view::npos) {
      s.remove_prefix(1);
    } else if (!s.empty() && ascii_space.find(s.back()) != std::string_view::npos) {
      s.remove_suffix(1);
    } else if (s.starts_with(nbsp)) {
      s.remove_prefix(nbsp.size());
    } else if (s.ends_with(nbsp)) {
      s.remove_suffix(nbsp.size());
    } else {
      return s;
    }
  }
}

}  // namespace

bool is_valid_name(const corio::json& value, std::size_t max_length) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  return !text.empty() && text.size() <= max_length &&
         std::all_of(text.begin(), text.end(), is_name_char);
}

std::size_t js_length(std::string_view utf8) {
  std::size_t units = 0;
  for (const char c : utf8) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    units += byte >= 0xF0 ? 2 : 1;        // 4-byte sequences are surrogate pairs
  }
  return units;
}

std::string nickname_key(std::string_view nickname) {
  // KELVIN SIGN is the one non-ASCII character whose lower case is ASCII ('k'): a whisper to
  // "\u212Aate" reaches "kate" in the reference, so it does here.
  constexpr std::string_view kelvin = "\xE2\x84\xAA";
  std::string key;
  key.reserve(nickname.size());
  for (std::size_t i = 0; i < nickname.size(); ++i) {
    if (nickname.substr(i, kelvin.size()) == kelvin) {
      key += 'k';
      i += kelvin.size() - 1;
    } else {
      const char c = nickname[i];
      key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return key;
}

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  const std::string text = latin1_to_utf8(header);
  const std::string_view all = text;
  for (std::size_t start = 0; start <= all.size();) {
    const std::size_t end = std::min(all.find(';', start), all.size());
    const std::string_view part = all.substr(start, end - start);
    const std::size_t eq = part.find('=');
    if (eq != 0 && eq != std::string_view::npos && js_trim(part.substr(0, eq)) == name) {
      return corio::http::percent_decode(js_trim(part.substr(eq + 1)));
    }
    start = end + 1;
  }
  return std::nullopt;
}

const corio::json& field(const corio::json& object, std::string_view key) {
  static const corio::json absent;
  if (!object.is_object()) return absent;
  const auto it = object.find(key);
  return it == object.end() ? absent : *it;
}

std::string base36(std::uint64_t value) {
  constexpr std::string_view digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out += digits[value % 36];
    value /= 36;
  } while (value != 0);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace chat
