#include "report.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <fstream>
#include <iostream>

namespace corio::loadgen {

double process_cpu_seconds() noexcept {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long rss_kib(int pid) noexcept {
  const std::string path =
      pid == 0 ? std::string("/proc/self/status") : fmt::format("/proc/{}/status", pid);
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

namespace {
constexpr std::string_view saturated_warning =
    "load generator saturated: its CPU use is >= 90% of its threads; add --threads, or the "
    "figures measure the load generator, not the server";
}  // namespace

Report::Report(std::string scenario) {
  json_["scenario"] = scenario;
  rows_.emplace_back("scenario", std::move(scenario));
}

void Report::add(std::string_view key, const json& value, std::string_view label,
                 std::string text) {
  json_[std::string(key)] = value;
  if (!label.empty()) rows_.emplace_back(std::string(label), std::move(text));
}

void Report::add_number(std::string_view key, double value, std::string_view label, int decimals,
                        std::string_view unit) {
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (!unit.empty()) text.append(" ").append(unit);
  add(key, value, label, std::move(text));
}

void Report::add_latency(std::string_view prefix, const Histogram& latency,
                         std::string_view label) {
  const auto ms = [](double ns) { return ns / 1e6; };
  json figures = {{"count", latency.count()},
                  {"p50_ms", ms(latency.percentile(50))},
                  {"p99_ms", ms(latency.percentile(99))},
                  {"p999_ms", ms(latency.percentile(99.9))},
                  {"max_ms", ms(static_cast<double>(latency.max()))},
                  {"mean_ms", ms(latency.mean())}};
  std::string text = fmt::format("p50 {:.3f}  p99 {:.3f}  p99.9 {:.3f}  max {:.3f}  mean {:.3f} ms",
                                 figures["p50_ms"].get<double>(), figures["p99_ms"].get<double>(),
                                 figures["p999_ms"].get<double>(), figures["max_ms"].get<double>(),
                                 figures["mean_ms"].get<double>());
  add(std::string(prefix) + "_latency", figures, label, std::move(text));
}

void Report::add_cpu(double cpu_s, double wall_s, unsigned threads) {
  const double share = wall_s > 0 ? cpu_s / (wall_s * threads) : 0;
  json figures = {{"cpu_seconds", cpu_s},
                  {"wall_seconds", wall_s},
                  {"threads", threads},
                  {"utilisation", share}};
  add("loadgen_cpu", figures, "loadgen cpu",
      fmt::format("{:.2f} s over {:.2f} s = {:.0f}% of {} thread(s)", cpu_s, wall_s, share * 100,
                  threads));
  if (share >= 0.9) {
    warn(saturated_warning);
  }
}

void Report::warn(std::string_view text) { warnings_.emplace_back(text); }

void Report::error(std::string_view text) { errors_.emplace_back(text); }

void Report::print() const {
  std::size_t width = 0;
  for (const auto& [label, text] : rows_) width = std::max(width, label.size());
  for (const auto& [label, text] : rows_) fmt::print("{:<{}}  {}\n", label, width, text);
  for (const auto& text : warnings_) fmt::print("WARNING: {}\n", text);
  for (const auto& text : errors_) fmt::print("ERROR: {}\n", text);
  std::fflush(stdout);
}

bool Report::write_json(const std::string& path) const {
  json out = json_;
  out["warnings"] = warnings_;
  out["errors"] = errors_;
  out["ok"] = errors_.empty();
  std::ofstream file(path);
  file << out.dump(2) << '\n';
  if (!file) {
    std::cerr << "corio-loadgen: cannot write " << path << '\n';
    return false;
  }
  return true;
}

}  // namespace corio::loadgen
