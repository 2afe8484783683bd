#include <corio/http/detail/ascii.hpp>
#include <corio/http/etag.hpp>
#include <corio/http/http_date.hpp>
#include <cstdio>

namespace corio::http {
namespace {

std::uint64_t fnv1a(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string weak_tag(std::uint64_t a, std::uint64_t b) {
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "W/\"%llx-%llx\"", static_cast<unsigned long long>(a),
                        static_cast<unsigned long long>(b));
  return std::string(buf, static_cast<std::size_t>(n));
}

/// True when `token` no-cache appears in a Cache-Control list.
bool has_no_cache(std::string_view cache_control) noexcept {
  bool found = false;
  detail::for_each_list_item(cache_control, [&](std::string_view item) {
    if (item == "no-cache") found = true;
  });
  return found;
}

/// Weak comparison of one If-None-Match entry with the response ETag.
bool etag_matches(std::string_view entry, std::string_view etag) noexcept {
  auto strip = [](std::string_view t) { return t.substr(0, 2) == "W/" ? t.substr(2) : t; };
  return strip(entry) == strip(etag);
}

bool none_match_fresh(std::string_view if_none_match, std::string_view etag) noexcept {
  if (detail::trim_ows(if_none_match) == "*") return true;
  if (etag.empty()) return false;
  bool found = false;
  detail::for_each_list_item(if_none_match, [&](std::string_view item) {
    if (etag_matches(item, etag)) found = true;
  });
  return found;
}

}  // namespace

std::string etag_of(std::string_view body) { return weak_tag(body.size(), fnv1a(body)); }

std::string etag_of_file(std::uint64_t size, std::uint64_t mtime_ms) {
  return weak_tag(size, mtime_ms);
}

bool fresh(const FreshRequest& req, const FreshResponse& res) noexcept {
  if (req.if_none_match.empty() && req.if_modified_since.empty()) return false;
  if (has_no_cache(req.cache_control)) return false;
  if (!req.if_none_match.empty() && !none_match_fresh(req.if_none_match, res.etag)) return false;
  if (!req.if_modified_since.empty()) {
    auto last = parse_http_date(res.last_modified);
    auto since = parse_http_date(req.if_modified_since);
    if (!last || !since || *last > *since) return false;
  }
  return true;
}

}  // namespace corio::http
