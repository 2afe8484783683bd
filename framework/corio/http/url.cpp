#include <corio/http/detail/ascii.hpp>
#include <corio/http/url.hpp>

namespace corio::http {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

/// Length of the valid UTF-8 sequence at s[i], or 0 (WHATWG: the maximal invalid subpart is 1+).
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::size_t& invalid_len) noexcept {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  invalid_len = 1;
  if (c < 0x80) return 1;
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size() || b(i + k) < lo || b(i + k) > hi) {
      invalid_len = k;
      return 0;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  return need + 1;
}

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_sequence(s, i, bad);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

/// Decodes one "%XX" at s[i]; -1 when malformed.
int escape_at(std::string_view s, std::size_t i) noexcept {
  if (i + 2 >= s.size()) return -1;
  int hi = detail::hex_value(s[i + 1]);
  int lo = detail::hex_value(s[i + 2]);
  return (hi < 0 || lo < 0) ? -1 : hi * 16 + lo;
}

template <typename Keep>
std::string encode(std::string_view s, Keep keep) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (keep(c)) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

bool is_component_safe(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-_.!~*'()").find(c) != std::string_view::npos;
}

void add_pair(json& out, std::string key, std::string value) {
  auto it = out.find(key);
  if (it == out.end()) {
    out.emplace(std::move(key), std::move(value));
  } else if (it->is_array()) {
    it->push_back(std::move(value));
  } else {
    json arr = json::array({std::move(*it), std::move(value)});
    *it = std::move(arr);
  }
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      int v = escape_at(s, i);
      if (v < 0) return std::nullopt;
      out.push_back(static_cast<char>(v));
      i += 2;
    } else {
      out.push_back(plus_as_space && c == '+' ? ' ' : c);
    }
  }
  if (!is_valid_utf8(out)) return std::nullopt;
  return out;
}

std::string percent_decode_lenient(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    int v = c == '%' ? escape_at(s, i) : -1;
    if (v >= 0) {
      out.push_back(static_cast<char>(v));
      i += 2;
    } else {
      out.push_back(c == '+' ? ' ' : c);
    }
  }
  return is_valid_utf8(out) ? out : sanitize_utf8(out);
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t bad = 0;
    std::size_t n = utf8_sequence(s, i, bad);
    if (n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");
      i += bad;
    }
  }
  return out;
}

std::string percent_encode_component(std::string_view s) { return encode(s, is_component_safe); }

std::string percent_encode_uri(std::string_view s) {
  return encode(s, [](char c) {
    return is_component_safe(c) ||
           std::string_view(";,/?:@&=+$#").find(c) != std::string_view::npos;
  });
}

TargetParts split_target(std::string_view target) noexcept {
  if (!target.empty() && target.front() != '/' && target != "*") {
    std::size_t scheme = target.find("://");
    if (scheme != std::string_view::npos) {
      std::size_t path = target.find_first_of("/?", scheme + 3);
      target = path == std::string_view::npos ? std::string_view("/") : target.substr(path);
    }
  }
  std::size_t q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  std::string_view path = target.substr(0, q);
  return {path.empty() ? std::string_view("/") : path, target.substr(q + 1)};
}

json parse_query(std::string_view query, const QueryLimits& limits) {
  json out = json::object();
  std::size_t keys = 0;
  while (!query.empty() && keys < limits.max_keys) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    ++keys;
    std::size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    add_pair(out, percent_decode_lenient(key), percent_decode_lenient(value));
  }
  return out;
}

}  // namespace corio::http
