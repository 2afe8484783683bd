#pragma once
/// @file The run report: a human table on stdout and the same figures as JSON, plus the
/// process measurements it needs (CPU time, RSS).

#include <corio/core/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "histogram.hpp"

namespace corio::loadgen {

/// CPU seconds (user + system) this process has used, all threads.
double process_cpu_seconds() noexcept;

/// VmRSS of process `pid` in KiB (0 = this process); -1 when unreadable.
long rss_kib(int pid) noexcept;

/// Figures of one run, printed as a table and written as JSON.
class Report {
 public:
  /// A report of `scenario`.
  explicit Report(std::string scenario);

  /// Adds a figure: `key` in JSON, `label` and `text` in the table (JSON only when `label` is "").
  void add(std::string_view key, const json& value, std::string_view label, std::string text);
  /// Adds a number formatted with `decimals` and `unit`.
  void add_number(std::string_view key, double value, std::string_view label, int decimals,
                  std::string_view unit = {});
  /// Adds p50/p99/p999/max/mean of `latency` (nanoseconds) in milliseconds under `prefix`.
  void add_latency(std::string_view prefix, const Histogram& latency, std::string_view label);
  /// Adds CPU use of the load generator over `wall_s` with `threads`, warning at >= 90%.
  void add_cpu(double cpu_s, double wall_s, unsigned threads);
  /// Records a warning (printed last, and in JSON "warnings").
  void warn(std::string_view text);
  /// Records an error: the run failed (exit status 1).
  void error(std::string_view text);
  /// True when error() was called.
  bool failed() const noexcept { return !errors_.empty(); }

  /// Prints the table to stdout.
  void print() const;
  /// Writes the JSON to `path`; false (with a message on stderr) when it cannot.
  bool write_json(const std::string& path) const;

 private:
  json json_;
  std::vector<std::pair<std::string, std::string>> rows_;
  std::vector<std::string> warnings_;
  std::vector<std::string> errors_;
};

}  // namespace corio::loadgen
