#include "notice_access.hpp"

#include <cstddef>

namespace chat {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// "host[:port]" of an origin "scheme://host[:port]"; empty for "null" or anything else.
std::string_view authority_of(std::string_view origin) {
  const std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return {};
  const std::string_view rest = origin.substr(scheme_end + 3);
  return rest.find('/') == std::string_view::npos ? rest : std::string_view{};
}

/// A browser says where the request comes from: Origin (on every cross-site POST) and, in
/// current browsers, Sec-Fetch-Site. Either naming another site refuses it; a client that sends
/// neither (curl, a script) is not a browser a page can steer.
bool cross_site(const NoticeHeaders& headers) {
  const std::string_view site = headers.sec_fetch_site;
  if (iequals(site, "cross-site") || iequals(site, "same-site")) return true;
  if (headers.origin.empty()) return false;
  const std::string_view authority = authority_of(headers.origin);
  return authority.empty() || !iequals(authority, headers.host);
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

NoticeAccess notice_access(const NoticeHeaders& headers, std::string_view token) {
  if (cross_site(headers)) return NoticeAccess::cross_site;
  const std::string_view value = trim_spaces(headers.authorization);
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos || !iequals(value.substr(0, space), "bearer"))
    return NoticeAccess::no_credentials;
  const std::string_view given = trim_spaces(value.substr(space + 1));
  if (given.empty()) return NoticeAccess::no_credentials;
  return same_secret(given, token) ? NoticeAccess::allowed : NoticeAccess::wrong_token;
}

bool same_secret(std::string_view given, std::string_view secret) {
  // Every byte of `secret` is compared, whatever `given` holds and wherever it differs.
  std::size_t differ = given.size() ^ secret.size();
  for (std::size_t i = 0; i < secret.size(); ++i) {
    const char other = given.empty() ? '\0' : given[i % given.size()];
    differ |= static_cast<unsigned char>(secret[i] ^ other);
  }
  return differ == 0;
}

}  // namespace chat
