#pragma once
/// @file A latency histogram with logarithmic buckets (HdrHistogram-like): 128 linear
/// sub-buckets per power of two, so any recorded value is reported within 0.8%.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace corio::loadgen {

/// Counts of non-negative integer values (nanoseconds here) in log-linear buckets.
/// @code
/// Histogram h;
/// h.record(1'500'000);
/// double p99 = h.percentile(99.0);  // ≈ 1.5e6
/// @endcode
class Histogram {
 public:
  /// An empty histogram covering 0 .. 2^max_exponent.
  Histogram();

  /// Counts one value (negative values count as 0, values past the range as the maximum).
  void record(std::int64_t value) noexcept;
  /// Adds the counts of `other`.
  void merge(const Histogram& other) noexcept;
  /// The value at percentile `p` (0..100); 0 when empty.
  double percentile(double p) const noexcept;
  /// Values recorded.
  std::uint64_t count() const noexcept { return count_; }
  /// Mean of the recorded values (exact); 0 when empty.
  double mean() const noexcept;
  /// Largest recorded value (exact).
  std::int64_t max() const noexcept { return max_; }

 private:
  static std::size_t index_of(std::uint64_t value) noexcept;
  static double value_of(std::size_t index) noexcept;

  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  long double sum_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace corio::loadgen
