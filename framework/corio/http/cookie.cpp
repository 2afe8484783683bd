#include <corio/http/cookie.hpp>
#include <corio/http/detail/ascii.hpp>
#include <corio/http/http_date.hpp>
#include <corio/http/url.hpp>
#include <stdexcept>

namespace corio::http {
namespace {

/// RFC 6265 cookie-octet (what a value may contain unquoted).
bool is_cookie_octet(char c) noexcept {
  auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x2B) || (u >= 0x2D && u <= 0x3A) ||
         (u >= 0x3C && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

/// Domain and Path: visible ASCII and space, no ';'.
bool is_attribute_value(std::string_view s) noexcept {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == ';') return false;
  }
  return true;
}

bool is_cookie_value(std::string_view v) noexcept {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  for (char c : v) {
    if (!is_cookie_octet(c)) return false;
  }
  return true;
}

void append_attributes(std::string& out, const CookieOptions& o) {
  if (o.max_age) out += "; Max-Age=" + std::to_string(*o.max_age);
  if (!o.domain.empty()) {
    if (!is_attribute_value(o.domain)) throw std::invalid_argument("cookie domain is invalid");
    out += "; Domain=" + o.domain;
  }
  if (!o.path.empty()) {
    if (!is_attribute_value(o.path)) throw std::invalid_argument("cookie path is invalid");
    out += "; Path=" + o.path;
  }
  if (o.expires) {
    out += "; Expires=" + format_http_date(std::chrono::system_clock::to_time_t(*o.expires));
  }
  if (o.http_only) out += "; HttpOnly";
  if (o.secure) out += "; Secure";
  if (o.partitioned) out += "; Partitioned";
  constexpr std::string_view priorities[] = {"", "Low", "Medium", "High"};
  if (o.priority != CookiePriority::none_set)
    out += "; Priority=" + std::string(priorities[static_cast<int>(o.priority)]);
  constexpr std::string_view same_sites[] = {"", "Strict", "Lax", "None"};
  if (o.same_site != SameSite::none_set)
    out += "; SameSite=" + std::string(same_sites[static_cast<int>(o.same_site)]);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_cookies(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!header.empty()) {
    std::size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = detail::trim_ows(pair.substr(0, eq));
    std::string_view value = detail::trim_ows(pair.substr(eq + 1));
    if (name.empty()) continue;
    bool seen = false;
    for (const auto& kv : out) seen = seen || kv.first == name;
    if (seen) continue;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    std::optional<std::string> decoded;
    if (value.find('%') != std::string_view::npos) decoded = percent_decode(value);
    out.emplace_back(std::string(name), decoded ? std::move(*decoded) : std::string(value));
  }
  return out;
}

std::string serialize_cookie(std::string_view name, std::string_view value,
                             const CookieOptions& options) {
  if (!detail::is_token(name)) throw std::invalid_argument("cookie name is invalid");
  std::string encoded = options.encode ? percent_encode_component(value) : std::string(value);
  if (!is_cookie_value(encoded)) throw std::invalid_argument("cookie value is invalid");
  std::string out;
  out.reserve(name.size() + encoded.size() + 64);
  out.append(name).append("=").append(encoded);
  append_attributes(out, options);
  return out;
}

}  // namespace corio::http
