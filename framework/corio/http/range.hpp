#pragma once
/// @file The Range request header for bytes (npm `range-parser` rules).

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace corio::http {

/// An inclusive byte range [first, last] within the resource.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

/// What a Range header asks for.
struct RangeRequest {
  enum class Status { ok, unsatisfiable, malformed };
  Status status =
      Status::malformed;  ///< ok → 206 (one range), unsatisfiable → 416, malformed → 200
  std::vector<ByteRange> ranges;  ///< when ok: sorted and overlapping/adjacent ones combined
};

/// Parses `Range: bytes=...` for a resource of `size` bytes. "bytes=0-4", "bytes=5-",
/// "bytes=-3" (last 3), lists; ends past the size are clamped; ranges that cannot be satisfied
/// are dropped (none left → unsatisfiable); another unit, no '=' or more than `max_ranges`
/// ranges → malformed, which callers ignore (serve the whole body with 200, as `send` does).
/// Overlapping and adjacent ranges are combined; serve only when exactly one range remains.
RangeRequest parse_range(std::string_view header, std::uint64_t size, std::size_t max_ranges = 100);

}  // namespace corio::http
