// The helpers every scenario uses, and the two scenarios that only open connections:
// connect (how fast) and idle (how many, at what memory cost to the server).
#include "scenarios.hpp"

#include <fmt/format.h>

#include <cmath>

#include "shards.hpp"

namespace corio::loadgen {

Target make_target(const Options& options) {
  Target target;
  target.server = asio::ip::tcp::endpoint(asio::ip::make_address(options.host), options.port);
  target.host = options.host;
  target.path = options.path;
  target.timeout = std::chrono::milliseconds(static_cast<long>(options.connect_timeout * 1000));
  target.max_message = options.max_message;
  return target;
}

std::vector<asio::ip::address> make_sources(const Options& options) {
  std::vector<asio::ip::address> out;
  for (const auto& ip : options.source_ips) out.push_back(asio::ip::make_address(ip));
  return out;
}

std::size_t share_of(std::size_t total, unsigned shard, unsigned shards) noexcept {
  return total / shards + (shard < total % shards ? 1 : 0);
}

double connect_phase_timeout(const Options& options, std::size_t count) noexcept {
  const double waves =
      std::ceil(static_cast<double>(count) / static_cast<double>(options.concurrency));
  return (waves + 1) * options.connect_timeout;
}

void report_connections(Report& report, std::size_t wanted, std::size_t connected,
                        std::size_t failed, const std::string& first_failure) {
  report.add("connections", wanted, "connections", std::to_string(wanted));
  report.add("connected", connected, "connected", std::to_string(connected));
  std::string text = std::to_string(failed);
  if (!first_failure.empty()) text += " (first: " + first_failure + ")";
  report.add("failed", failed, "failed", text);
  report.add("first_failure", first_failure, "", "");
  if (failed > 0) report.error(fmt::format("{} connections failed: {}", failed, first_failure));
  if (connected + failed < wanted) {
    report.error(fmt::format("{} connections did not finish their handshake in time",
                             wanted - connected - failed));
  }
}

namespace {

/// Opens --connections clients and waits until they are all connected or failed.
struct Opened {
  ShardPool pool;
  Progress progress;
  std::vector<std::unique_ptr<ShardClients>> shards;
  double elapsed_s = 0;

  explicit Opened(const Options& options) : pool(options.threads) {
    const Target target = make_target(options);
    const std::size_t concurrency = std::max<std::size_t>(1, options.concurrency / pool.size());
    for (unsigned i = 0; i < pool.size(); ++i) {
      shards.push_back(std::make_unique<ShardClients>(pool.shard(i), target, make_sources(options),
                                                      progress, concurrency));
    }
    const std::int64_t start = now_ns();
    pool.post_each(
        [&](unsigned i) { shards[i]->start(share_of(options.connections, i, pool.size())); });
    wait_until([&] { return progress.connected + progress.failed >= options.connections; },
               connect_phase_timeout(options, options.connections));
    elapsed_s = static_cast<double>(now_ns() - start) / 1e9;
  }

  void close() {
    pool.post_each([this](unsigned i) { shards[i]->close_all(); });
    pool.stop();
  }

  void report(Report& out, const Options& options) {
    Histogram latency;
    std::string first_failure;
    for (const auto& shard : shards) {
      latency.merge(shard->connect_latency());
      if (first_failure.empty()) first_failure = shard->first_failure();
    }
    report_connections(out, options.connections, progress.connected, progress.failed,
                       first_failure);
    out.add_latency("connect", latency, "connect latency");
  }
};

}  // namespace

void run_connect(const Options& options, Report& report) {
  const double cpu0 = process_cpu_seconds();
  Opened opened(options);
  const double cpu_s = process_cpu_seconds() - cpu0;
  const std::size_t connected = opened.progress.connected;
  opened.close();
  opened.report(report, options);
  report.add_number("elapsed_s", opened.elapsed_s, "elapsed", 3, "s");
  report.add_number("connections_per_s", static_cast<double>(connected) / opened.elapsed_s,
                    "connections/s", 0);
  report.add_cpu(cpu_s, opened.elapsed_s, options.threads);
}

void run_idle(const Options& options, Report& report) {
  const long server_before = options.server_pid != 0 ? rss_kib(options.server_pid) : -1;
  const long self_before = rss_kib(0);
  const double cpu0 = process_cpu_seconds();
  Opened opened(options);
  const long server_after = options.server_pid != 0 ? rss_kib(options.server_pid) : -1;
  const long self_after = rss_kib(0);
  const std::size_t connected = opened.progress.connected;
  const auto hold_start = std::chrono::steady_clock::now();
  wait_until([] { return false; }, options.duration);
  const double held_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - hold_start).count();
  const long server_end = options.server_pid != 0 ? rss_kib(options.server_pid) : -1;
  const std::size_t still = connected - opened.progress.dropped;
  const double cpu_s = process_cpu_seconds() - cpu0;
  opened.close();

  opened.report(report, options);
  report.add_number("connect_elapsed_s", opened.elapsed_s, "connect phase", 3, "s");
  report.add_number("held_s", held_s, "held", 2, "s");
  report.add("still_connected", still, "still connected", std::to_string(still));
  if (still < connected)
    report.error(fmt::format("{} idle clients were dropped", connected - still));
  const double per_conn = connected > 0 ? 1.0 / static_cast<double>(connected) : 0;
  if (server_before >= 0 && server_after >= 0) {
    report.add(
        "server_rss_kib",
        json{{"before", server_before}, {"connected", server_after}, {"end", server_end}},
        "server RSS",
        fmt::format("{} KiB → {} KiB (end {} KiB)", server_before, server_after, server_end));
    report.add_number("server_kib_per_connection",
                      static_cast<double>(server_after - server_before) * per_conn,
                      "server per connection", 2, "KiB");
  } else if (options.server_pid != 0) {
    report.warn(fmt::format("cannot read /proc/{}/status", options.server_pid));
  }
  report.add_number("loadgen_kib_per_connection",
                    static_cast<double>(self_after - self_before) * per_conn,
                    "loadgen per connection", 2, "KiB");
  report.add_cpu(cpu_s, opened.elapsed_s + held_s, options.threads);
}

}  // namespace corio::loadgen
