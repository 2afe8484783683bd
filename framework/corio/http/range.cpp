#include <algorithm>
#include <corio/http/detail/ascii.hpp>
#include <corio/http/range.hpp>

namespace corio::http {
namespace {

/// Leading decimal digits of `s` (after OWS) like JavaScript's parseInt; false when none.
bool parse_int(std::string_view s, std::uint64_t& out) noexcept {
  s = detail::trim_ows(s);
  std::size_t i = 0;
  out = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (out > (UINT64_MAX - 9) / 10) return false;
    out = out * 10 + static_cast<std::uint64_t>(s[i] - '0');
  }
  return i > 0;
}

enum class Spec { ok, unsatisfiable, malformed };

/// One "first-last" element for a resource of `size` bytes.
Spec parse_one(std::string_view spec, std::uint64_t size, ByteRange& out) noexcept {
  std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return Spec::malformed;
  std::uint64_t first = 0, last = 0;
  bool has_first = parse_int(spec.substr(0, dash), first);
  bool has_last = parse_int(spec.substr(dash + 1), last);
  if (!has_first && !has_last) return Spec::malformed;
  if (!has_first) {
    // Suffix range: like range-parser, a suffix longer than the resource is unsatisfiable.
    if (last == 0 || last > size) return Spec::unsatisfiable;
    first = size - last;
    last = size - 1;
  } else if (!has_last) {
    last = size - 1;
  }
  if (size == 0) return Spec::unsatisfiable;
  last = std::min(last, size - 1);
  if (first > last) return Spec::unsatisfiable;
  out = {first, last};
  return Spec::ok;
}

std::vector<ByteRange> combine(std::vector<ByteRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const ByteRange& a, const ByteRange& b) { return a.first < b.first; });
  std::vector<ByteRange> out;
  for (const ByteRange& r : ranges) {
    if (!out.empty() && r.first <= out.back().last + 1) {
      out.back().last = std::max(out.back().last, r.last);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace

RangeRequest parse_range(std::string_view header, std::uint64_t size, std::size_t max_ranges) {
  RangeRequest out;
  std::size_t eq = header.find('=');
  if (eq == std::string_view::npos ||
      !detail::iequals(detail::trim_ows(header.substr(0, eq)), "bytes"))
    return out;
  std::size_t count = 0;
  std::vector<ByteRange> ranges;
  std::string_view list = header.substr(eq + 1);
  while (true) {
    std::size_t comma = list.find(',');
    if (++count > max_ranges) return out;
    ByteRange r;
    Spec spec = parse_one(list.substr(0, comma), size, r);
    if (spec == Spec::malformed) return out;
    if (spec == Spec::ok) ranges.push_back(r);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  out.status = ranges.empty() ? RangeRequest::Status::unsatisfiable : RangeRequest::Status::ok;
  out.ranges = combine(std::move(ranges));
  return out;
}

}  // namespace corio::http
