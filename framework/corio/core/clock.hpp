#pragma once
/// @file Cheap clock reads for per-request bookkeeping (deadlines, the Date header).

#include <chrono>
#include <ctime>

namespace corio {

/// Now on std::chrono::steady_clock, read from CLOCK_MONOTONIC_COARSE: the same clock as
/// steady_clock (CLOCK_MONOTONIC), up to one kernel tick (1-10 ms) behind, and read without
/// touching the time-stamp counter. Meant for deadlines counted in seconds that are set on
/// every request (header, keep-alive and write timeouts), where a precise read per request costs
/// more than the precision is worth.
inline std::chrono::steady_clock::time_point coarse_steady_now() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return std::chrono::steady_clock::time_point(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
}

/// The current Unix time in whole seconds, from CLOCK_REALTIME_COARSE (up to one tick behind).
inline std::time_t coarse_unix_seconds() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  return ts.tv_sec;
}

}  // namespace corio
