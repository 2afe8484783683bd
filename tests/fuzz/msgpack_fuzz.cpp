// Fuzzes the msgpack decoder with arbitrary bytes. Whatever decodes must encode, and decode
// again to a value that encodes to the same bytes (NaN != NaN, so bytes are compared, not
// values), under a small depth limit.
#include <cmath>
#include <corio/core/msgpack.hpp>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace corio;

namespace {

// An integral double beyond 64 bits, which notepack (and so encode) writes modulo 2^64: the
// one value that does not survive a round trip.
bool wraps(const json& v) {
  if (v.is_structured()) {
    for (const json& e : v) {
      if (wraps(e)) return true;
    }
    return false;
  }
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d && std::fabs(d) >= 9223372036854775808.0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const msgpack::DecodeLimits limits{.max_depth = 32};
  json value;
  if (msgpack::decode(input, value, limits) || wraps(value)) return 0;
  const std::string bytes = msgpack::encode(value);
  json again;
  if (msgpack::decode(bytes, again, limits)) std::abort();
  if (msgpack::encode(again) != bytes) std::abort();
  return 0;
}
