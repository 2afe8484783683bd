#include <charconv>
#include <cmath>
#include <corio/core/detail/msgpack_js.hpp>
#include <cstdint>

namespace corio::msgpack::detail {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void append_padded(std::string& out, std::int64_t value, int width) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  for (int pad = width - static_cast<int>(end - buf); pad > 0; --pad) out += '0';
  out.append(buf, end);
}

struct CivilDate {
  std::int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
CivilDate civil_from_days(std::int64_t z) {
  z += 719'468;
  const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const std::int64_t doe = z - era * 146'097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Length of the UTF-8 sequence at p, or (valid = false) of its maximal invalid subpart.
std::size_t utf8_sequence(const unsigned char* p, std::size_t left, bool& valid) {
  const unsigned char b = p[0];
  valid = false;
  std::size_t needed = 0;
  unsigned char lower = 0x80, upper = 0xBF;
  if (b < 0x80) {
    valid = true;
    return 1;
  } else if (b >= 0xC2 && b <= 0xDF) {
    needed = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    needed = 2;
    if (b == 0xE0) lower = 0xA0;
    if (b == 0xED) upper = 0x9F;  // no surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    needed = 3;
    if (b == 0xF0) lower = 0x90;
    if (b == 0xF4) upper = 0x8F;  // nothing above U+10FFFF
  } else {
    return 1;
  }
  for (std::size_t j = 1; j <= needed; ++j) {
    if (j >= left || p[j] < lower || p[j] > upper) return j;
    lower = 0x80;
    upper = 0xBF;
  }
  valid = true;
  return needed + 1;
}

}  // namespace

void append_js_number(double d, std::string& out) {
  if (std::isnan(d)) return void(out += "NaN");
  if (d == 0) return void(out += '0');
  if (d < 0) {
    out += '-';
    d = -d;
  }
  if (std::isinf(d)) return void(out += "Infinity");
  // Shortest round-trip digits, as ECMAScript's Number::toString requires: "D.DDDe±X".
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  char digits[20];
  int k = 0;
  const char* p = buf;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  const bool negative_exponent = p[1] == '-';
  int exponent = 0;
  std::from_chars(p + 2, end, exponent);
  const int n = (negative_exponent ? -exponent : exponent) + 1;  // the decimal point's place
  const std::string_view ds(digits, static_cast<std::size_t>(k));
  if (k <= n && n <= 21) {
    out.append(ds).append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(ds.substr(0, n)).append(1, '.').append(ds.substr(n));
  } else if (-6 < n && n <= 0) {
    out.append("0.").append(static_cast<std::size_t>(-n), '0').append(ds);
  } else {
    out += ds[0];
    if (k > 1) out.append(1, '.').append(ds.substr(1));
    out.append(n - 1 < 0 ? "e-" : "e+");
    append_padded(out, n - 1 < 0 ? 1 - n : n - 1, 1);
  }
}

void append_iso_date(double ms, std::string& out) {
  const auto t = static_cast<std::int64_t>(ms);
  std::int64_t days = t / kMsPerDay;
  std::int64_t in_day = t % kMsPerDay;
  if (in_day < 0) {
    in_day += kMsPerDay;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  if (date.year >= 0 && date.year <= 9999) {
    append_padded(out, date.year, 4);
  } else {
    out += date.year < 0 ? '-' : '+';
    append_padded(out, date.year < 0 ? -date.year : date.year, 6);
  }
  out += '-';
  append_padded(out, date.month, 2);
  out += '-';
  append_padded(out, date.day, 2);
  out += 'T';
  append_padded(out, in_day / 3'600'000, 2);
  out += ':';
  append_padded(out, in_day / 60'000 % 60, 2);
  out += ':';
  append_padded(out, in_day / 1000 % 60, 2);
  out += '.';
  append_padded(out, in_day % 1000, 3);
  out += 'Z';
}

void append_utf8_replacing(std::string_view bytes, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t i = 0;
  while (i < size && p[i] < 0x80) ++i;
  if (i == size) return void(out.append(bytes));
  std::size_t run = 0;  // start of the valid bytes not yet copied
  while (i < size) {
    bool valid = false;
    const std::size_t len = utf8_sequence(p + i, size - i, valid);
    if (!valid) {
      out.append(bytes.substr(run, i - run)).append(kReplacement);
      run = i + len;
    }
    i += len;
  }
  out.append(bytes.substr(run));
}

}  // namespace corio::msgpack::detail
