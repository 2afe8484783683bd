// corio-loadgen: a Socket.IO v4 load generator for the chat protocol (see README.md).
#include <fmt/format.h>
#include <sys/resource.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "options.hpp"
#include "report.hpp"
#include "scenarios.hpp"
#include "shards.hpp"

namespace {

using namespace corio::loadgen;
using corio::json;

extern "C" void on_sigint(int) {
  interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C kills at once
}

/// Raises RLIMIT_NOFILE to its hard limit; warns when it cannot hold `sockets`.
void raise_fd_limit(std::size_t sockets, Report& report) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  const std::size_t needed = sockets + 64;
  report.add("fd_limit", static_cast<std::uint64_t>(limit.rlim_cur), "", "");
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) {
    report.warn(
        fmt::format("RLIMIT_NOFILE hard limit {} is too low for {} connections: raise it "
                    "(ulimit -Hn / limits.conf) or expect 'socket() failed'",
                    limit.rlim_max, sockets));
  }
}

/// Warns when the ephemeral ports of the source addresses cannot hold `sockets`.
void check_ports(std::size_t sockets, std::size_t addresses, Report& report) {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  std::size_t low = 0;
  std::size_t high = 0;
  if (!(in >> low >> high) || high < low) return;
  const std::size_t ports = (high - low + 1) * addresses;
  if (sockets > ports) {
    report.warn(
        fmt::format("{} connections but only {} ephemeral ports over {} source address(es): "
                    "add addresses with --source-ips 127.0.0.1,127.0.0.2,...",
                    sockets, ports, addresses));
  }
}

std::size_t sockets_of(const Options& options) {
  return options.scenario == "fanout" ? options.receivers + 1 : options.connections;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "corio-loadgen: " << e.what() << "\n\n" << usage();
    return 2;
  }
  std::signal(SIGINT, on_sigint);
  std::signal(SIGPIPE, SIG_IGN);
  Report report(options.scenario);
  raise_fd_limit(sockets_of(options), report);
  check_ports(sockets_of(options), options.source_ips.size(), report);
  report.add("target", fmt::format("{}:{}", options.host, options.port), "target",
             fmt::format("{}:{}{}", options.host, options.port, options.path));
  json settings = {{"duration", options.duration},
                   {"connections", options.connections},
                   {"receivers", options.receivers},
                   {"window", options.window},
                   {"rate", options.rate},
                   {"threads", options.threads},
                   {"concurrency", options.concurrency},
                   {"source_ips", options.source_ips}};
  report.add("options", settings, "", "");
  try {
    if (options.scenario == "echo") run_echo(options, report);
    if (options.scenario == "fanout") run_fanout(options, report);
    if (options.scenario == "connect") run_connect(options, report);
    if (options.scenario == "idle") run_idle(options, report);
  } catch (const std::exception& e) {
    report.error(std::string("unexpected failure: ") + e.what());
  }
  if (interrupted) report.warn("interrupted (SIGINT): partial results");
  report.print();
  if (!options.json_path.empty() && !report.write_json(options.json_path)) return 1;
  if (report.failed()) return 1;
  return interrupted ? 130 : 0;
}
