#include <corio/http/http_date.hpp>

#include <corio/core/clock.hpp>

#include <array>
#include <chrono>

namespace corio::http {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void put2(char* p, int v) noexcept {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

/// Parses exactly `n` digits at s[pos]; -1 when not digits.
int digits(std::string_view s, std::size_t pos, std::size_t n) noexcept {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::string format_http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::string out = "Thu, 01 Jan 1970 00:00:00 GMT";
  out.replace(0, 3, kDays[static_cast<std::size_t>(tm.tm_wday)]);
  put2(&out[5], tm.tm_mday);
  out.replace(8, 3, kMonths[static_cast<std::size_t>(tm.tm_mon)]);
  int year = tm.tm_year + 1900;
  put2(&out[12], (year / 100) % 100);
  put2(&out[14], year % 100);
  put2(&out[17], tm.tm_hour);
  put2(&out[20], tm.tm_min);
  put2(&out[23], tm.tm_sec);
  return out;
}

std::string_view http_date_now() {
  thread_local std::time_t cached_second = -1;
  thread_local std::string cached;
  const std::time_t now = coarse_unix_seconds();  // per response: the coarse clock suffices
  if (now != cached_second) {
    cached = format_http_date(now);
    cached_second = now;
  }
  return cached;
}

std::optional<std::time_t> parse_http_date(std::string_view s) noexcept {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT")
    return std::nullopt;
  unsigned month = 0;
  while (month < 12 && kMonths[month] != s.substr(8, 3)) ++month;
  int day = digits(s, 5, 2), year = digits(s, 12, 4);
  int hour = digits(s, 17, 2), minute = digits(s, 20, 2), second = digits(s, 23, 2);
  if (month == 12 || day < 1 || day > 31 || year < 0 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 60)
    return std::nullopt;
  std::int64_t days = days_from_civil(year, month + 1, static_cast<unsigned>(day));
  return static_cast<std::time_t>(days * 86400 + hour * 3600 + minute * 60 + second);
}

}  // namespace corio::http
