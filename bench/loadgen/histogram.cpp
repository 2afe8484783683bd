#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace corio::loadgen {

namespace {
constexpr unsigned sub_bits = 7;  // 128 sub-buckets per power of two
constexpr std::uint64_t sub_count = 1u << sub_bits;
constexpr unsigned max_exponent = 44;  // ~4.9 hours in nanoseconds
constexpr std::size_t bucket_count = sub_count * (max_exponent - sub_bits + 2);
}  // namespace

Histogram::Histogram() : buckets_(bucket_count, 0) {}

std::size_t Histogram::index_of(std::uint64_t value) noexcept {
  if (value < sub_count) return static_cast<std::size_t>(value);
  const unsigned exponent = static_cast<unsigned>(std::bit_width(value)) - 1;  // >= sub_bits
  const unsigned shift = exponent - sub_bits;
  const std::uint64_t sub = (value >> shift) - sub_count;  // 0 .. sub_count-1
  return static_cast<std::size_t>(sub_count * (shift + 1) + sub);
}

double Histogram::value_of(std::size_t index) noexcept {
  if (index < sub_count) return static_cast<double>(index);
  const std::size_t shift = index / sub_count - 1;
  const std::uint64_t sub = index % sub_count + sub_count;
  const double low = std::ldexp(static_cast<double>(sub), static_cast<int>(shift));
  return low + std::ldexp(0.5, static_cast<int>(shift));  // middle of the bucket
}

void Histogram::record(std::int64_t value) noexcept {
  const std::uint64_t v = value < 0 ? 0 : static_cast<std::uint64_t>(value);
  buckets_[std::min(index_of(v), bucket_count - 1)] += 1;
  ++count_;
  sum_ += static_cast<long double>(v);
  max_ = std::max<std::int64_t>(max_, static_cast<std::int64_t>(v));
}

void Histogram::merge(const Histogram& other) noexcept {
  for (std::size_t i = 0; i < bucket_count; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

double Histogram::percentile(double p) const noexcept {
  if (count_ == 0) return 0;
  const double clamped = std::clamp(p, 0.0, 100.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(clamped / 100.0 * static_cast<double>(count_)));
  rank = std::max<std::uint64_t>(rank, 1);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < bucket_count; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::min(value_of(i), static_cast<double>(max_));
  }
  return static_cast<double>(max_);
}

double Histogram::mean() const noexcept {
  return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

}  // namespace corio::loadgen
