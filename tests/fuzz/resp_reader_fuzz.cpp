// Fuzzes redis::Reader as a connection drives it: the input (after two option bytes) is fed in
// chunks whose sizes come from the input itself; whole and chunked feeds must agree, every
// reply must respect the limits, and nothing may crash. Byte 0 picks the limits, byte 1 the
// chunk-size seed.
#include <corio/redis/error.hpp>
#include <corio/redis/reader.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace corio::redis;

void check(bool ok) {
  if (!ok) std::abort();
}

void check_limits(const Reply& r, const ReaderLimits& limits, std::size_t depth) {
  check(r.str.size() <= limits.max_bulk);
  if (!r.is_array()) return check(r.elements.empty());
  check(depth < limits.max_depth && r.elements.size() <= limits.max_elements);
  for (const Reply& e : r.elements) check_limits(e, limits, depth + 1);
}

struct Run {
  std::vector<Reply> replies;
  std::error_code ec;
};

// seed 0: one feed of everything.
Run run(std::string_view wire, const ReaderLimits& limits, std::uint32_t seed) {
  Reader reader(limits);
  Run out;
  std::size_t i = 0;
  while (i < wire.size() && !out.ec) {
    std::size_t step = wire.size();
    if (seed != 0) {
      seed = seed * 1103515245u + 12345u;
      step = 1 + (seed >> 16) % 17;
    }
    reader.feed(wire.substr(i, step));
    i += step;
    std::optional<Reply> reply;
    while (!(out.ec = reader.next(reply)) && reply) {
      check_limits(*reply, reader.limits(), 0);
      out.replies.push_back(std::move(*reply));
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  ReaderLimits limits;
  limits.max_bulk = 1 + data[0] % 64;
  limits.max_elements = 1 + (data[0] >> 3) % 8;
  limits.max_depth = 1 + (data[0] >> 5) % 8;  // 8: clamped to what hiredis supports
  const std::string_view wire(reinterpret_cast<const char*>(data) + 2, size - 2);
  const Run whole = run(wire, limits, 0);
  const Run chunked = run(wire, limits, data[1] + 1u);
  check(whole.ec == chunked.ec && whole.replies == chunked.replies);
  check(!whole.ec || whole.ec == errc::protocol_error || whole.ec == errc::limit_exceeded);
  return 0;
}
