#include <corio/redis/url.hpp>

#include <arpa/inet.h>

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

namespace corio::redis {
namespace {

[[noreturn]] void bad(std::string_view url, std::string_view why) {
  throw std::invalid_argument(fmt::format("invalid redis url '{}': {}", url, why));
}

std::string percent_decode(std::string_view url, std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    unsigned value = 0;
    const char* first = s.data() + i + 1;
    if (i + 2 >= s.size() || std::from_chars(first, first + 2, value, 16).ptr != first + 2)
      bad(url, "bad percent-encoding in the credentials");
    out += static_cast<char>(value);
    i += 2;
  }
  return out;
}

template <typename Int>
Int parse_number(std::string_view url, std::string_view digits, long long max, std::string_view what) {
  long long value = -1;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || value < 0 ||
      value > max)
    bad(url, fmt::format("bad {} '{}'", what, digits));
  return static_cast<Int>(value);
}

// "?db=N" (the only query parameter understood).
void parse_query(std::string_view url, std::string_view query, Endpoint& e) {
  if (query.empty()) return;
  if (!query.starts_with("db=")) bad(url, fmt::format("unknown query '{}' (only db=N)", query));
  e.db = parse_number<int>(url, query.substr(3), 1 << 20, "db");
}

bool numeric_or_localhost(const std::string& host) {
  unsigned char buffer[16];
  return host == "localhost" || inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

void parse_authority(std::string_view url, std::string_view authority, Endpoint& e) {
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const auto colon = userinfo.find(':');
    e.username = percent_decode(url, userinfo.substr(0, colon));
    if (colon != std::string_view::npos) e.password = percent_decode(url, userinfo.substr(colon + 1));
    authority.remove_prefix(at + 1);
  }
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) bad(url, "unclosed '[' in the host");
    e.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) bad(url, "junk after ']'");
    if (!after.empty()) port = after.substr(1);
    if (after == ":") bad(url, "empty port");
  } else {
    const auto colon = authority.find(':');
    e.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) bad(url, "empty port");
    }
  }
  if (e.host.empty()) bad(url, "no host");
  if (!numeric_or_localhost(e.host))
    bad(url, fmt::format("host '{}' is not a numeric address or localhost (no DNS lookups)", e.host));
  if (e.host == "localhost") e.host = "127.0.0.1";
  if (!port.empty()) e.port = parse_number<std::uint16_t>(url, port, 65535, "port");
  if (!port.empty() && e.port == 0) bad(url, "port 0");
}

}  // namespace

std::string Endpoint::describe() const {
  if (!unix_path.empty()) return "unix:" + unix_path;
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

Endpoint parse_url(std::string_view url) {
  Endpoint e;
  std::string_view rest = url;
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (rest.starts_with("unix://")) {
    rest.remove_prefix(7);
    if (!rest.starts_with('/')) bad(url, "a unix socket needs an absolute path (unix:///path)");
    e.unix_path = std::string(rest);
    parse_query(url, query, e);
    return e;
  }
  if (!rest.starts_with("redis://"))
    bad(url, "the scheme must be redis:// or unix:// (no TLS: rediss:// is not supported)");
  rest.remove_prefix(8);
  const auto slash = rest.find('/');
  parse_authority(url, rest.substr(0, slash), e);
  if (slash != std::string_view::npos && slash + 1 < rest.size())
    e.db = parse_number<int>(url, rest.substr(slash + 1), 1 << 20, "db");
  parse_query(url, query, e);
  return e;
}

}  // namespace corio::redis
