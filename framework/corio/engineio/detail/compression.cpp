#include <zlib.h>

#include <array>
#include <corio/engineio/detail/compression.hpp>
#include <cstdlib>

namespace corio::engineio::detail {
namespace {

struct Priority {
  double q = -1;  // -1: no spec matched
  int s = -1;     // 1 exact, 0 wildcard
  int o = 0;      // position of the spec in the header
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

double parse_q(std::string_view params) {
  // params: ";q=0.5;..." — only q matters.
  while (!params.empty()) {
    const std::size_t semi = params.find(';', 1);
    std::string_view p = trim(params.substr(1, semi == std::string_view::npos ? semi : semi - 1));
    if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      return std::strtod(std::string(p.substr(2)).c_str(), nullptr);
    }
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi);
  }
  return 1;
}

Priority priority_of(std::string_view header, std::string_view coding) {
  Priority best;
  int index = 0;
  for (std::size_t start = 0; start <= header.size(); ++index) {
    const std::size_t comma = header.find(',', start);
    const std::size_t stop = comma == std::string_view::npos ? header.size() : comma;
    std::string_view spec = header.substr(start, stop - start);
    start = stop + 1;
    const std::size_t semi = spec.find(';');
    const std::string_view name = trim(spec.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1 : parse_q(spec.substr(semi));
    int s = -1;
    if (iequals(name, coding))
      s = 1;
    else if (name == "*")
      s = 0;
    if (s < 0) continue;
    if (s > best.s || (s == best.s && q > best.q)) best = {q, s, index};
  }
  return best;
}

}  // namespace

std::string_view choose_encoding(std::string_view accept_encoding) {
  if (trim(accept_encoding).empty()) return {};
  const Priority gzip = priority_of(accept_encoding, "gzip");
  const Priority deflate = priority_of(accept_encoding, "deflate");
  const bool gzip_ok = gzip.q > 0;
  const bool deflate_ok = deflate.q > 0;
  if (gzip_ok && deflate_ok) {
    // Higher q, then more specific, then earlier in the header, then the offer order (gzip).
    if (deflate.q != gzip.q) return deflate.q > gzip.q ? "deflate" : "gzip";
    if (deflate.s != gzip.s) return deflate.s > gzip.s ? "deflate" : "gzip";
    return deflate.o < gzip.o ? "deflate" : "gzip";
  }
  if (gzip_ok) return "gzip";
  if (deflate_ok) return "deflate";
  return {};
}

std::string compress(std::string_view data, std::string_view encoding, int level) {
  z_stream zs{};
  const int window_bits = encoding == "gzip" ? 15 + 16 : 15;
  if (deflateInit2(&zs, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  return out;
}

}  // namespace corio::engineio::detail
