#pragma once
/// @file The four scenarios. Each runs its shards, waits for them from the calling thread and
/// fills the report (errors in it make the exit status 1).

#include <string>
#include <vector>

#include "client.hpp"
#include "options.hpp"
#include "report.hpp"

namespace corio::loadgen {

/// Closed-loop `ping` with ack from every client: acks/s and latency.
void run_echo(const Options& options, Report& report);
/// Room fan-out: deliveries/s, latency, losses/duplicates/reorders.
void run_fanout(const Options& options, Report& report);
/// Connection rate with bounded concurrency.
void run_connect(const Options& options, Report& report);
/// Idle connections held for the duration; server KiB per connection.
void run_idle(const Options& options, Report& report);

/// The connect target of `options`.
Target make_target(const Options& options);
/// The parsed `--source-ips`.
std::vector<asio::ip::address> make_sources(const Options& options);
/// How many of `total` items shard `shard` of `shards` gets (an even split).
std::size_t share_of(std::size_t total, unsigned shard, unsigned shards) noexcept;
/// How long to wait for `count` handshakes at the configured concurrency, in seconds.
double connect_phase_timeout(const Options& options, std::size_t count) noexcept;
/// Adds the connection figures (connected, failed, first failure) to `report`.
void report_connections(Report& report, std::size_t wanted, std::size_t connected,
                        std::size_t failed, const std::string& first_failure);

}  // namespace corio::loadgen
