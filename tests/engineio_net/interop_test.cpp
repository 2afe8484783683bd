// Interop with the official npm engine.io-client: each test starts an engine on 127.0.0.1 and
// runs one scenario of interop_client.js in Node against it.
#include <gtest/gtest.h>

#include <asio/steady_timer.hpp>
#include <corio/engineio/server.hpp>
#include <cstdlib>

#include "engineio_net/command_engine.hpp"
#include "support/node_script.hpp"

namespace corio::test {
namespace {

using namespace std::chrono_literals;

using InteropApp = CommandEngine;

/// Runs `scenario` of interop_client.js against the engine on `port` (bounded in time).
NodeRun run_node(std::uint16_t port, const std::string& scenario, const std::string& arg = {}) {
  std::vector<std::string> args{std::to_string(port), scenario};
  if (!arg.empty()) args.push_back(arg);
  return run_node_script("engineio_net/interop_client.js", args);
}

#define CORIO_REQUIRE_NODE() \
  if (!have_node()) GTEST_SKIP() << "node is not installed"

TEST(engineio_interop, polling_only_client_exchanges_text_and_binary) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeRun r = run_node(e.running->port(), "polling");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport close"}));
}

TEST(engineio_interop, websocket_only_client_exchanges_text_and_binary) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeRun r = run_node(e.running->port(), "websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport close"}));
}

TEST(engineio_interop, client_upgrades_without_losing_or_reordering_messages) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeRun r = run_node(e.running->port(), "upgrade");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, large_messages_near_the_limit_cross_polling) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeRun r = run_node(e.running->port(), "large_polling");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, large_messages_near_the_limit_cross_websocket) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeRun r = run_node(e.running->port(), "large_websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, heartbeat_keeps_websocket_client_over_several_intervals) {
  CORIO_REQUIRE_NODE();
  // Short pings; a pong deadline with room for a loaded machine (a late POST is not the
  // behaviour under test: the silent-client test below is).
  InteropApp e({.ping_interval = 300ms, .ping_timeout = 600ms});
  const NodeRun r = run_node(e.running->port(), "heartbeat", "websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, heartbeat_keeps_polling_client_over_several_intervals) {
  CORIO_REQUIRE_NODE();
  // Short pings; a pong deadline with room for a loaded machine (a late POST is not the
  // behaviour under test: the silent-client test below is).
  InteropApp e({.ping_interval = 300ms, .ping_timeout = 600ms});
  const NodeRun r = run_node(e.running->port(), "heartbeat", "polling");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, server_closes_a_client_that_stops_answering_pings) {
  CORIO_REQUIRE_NODE();
  InteropApp e({.ping_interval = 300ms, .ping_timeout = 200ms});
  const NodeRun r = run_node(e.running->port(), "silent", "websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"ping timeout"}));
}

TEST(engineio_interop, server_close_reaches_the_polling_client_as_transport_close) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeRun r = run_node(e.running->port(), "server_close", "polling");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("OK transport close"), std::string::npos) << r.output;
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"forced close"}));
}

TEST(engineio_interop, server_close_reaches_the_websocket_client_as_transport_close) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeRun r = run_node(e.running->port(), "server_close", "websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("OK transport close"), std::string::npos) << r.output;
}

TEST(engineio_interop, probe_releases_waiting_poll_with_noop_and_upgrade_packet_switches) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeRun r = run_node_script("engineio_net/raw_upgrade_client.js", {std::to_string(e.running->port()), "upgrade"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, probe_without_upgrade_packet_is_closed_after_upgrade_timeout) {
  CORIO_REQUIRE_NODE();
  InteropApp e({.upgrade_timeout = 300ms});
  const auto start = std::chrono::steady_clock::now();
  const NodeRun r = run_node_script("engineio_net/raw_upgrade_client.js", {std::to_string(e.running->port()), "probe_timeout"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
  EXPECT_EQ(e.server.clients_count(), 1u);  // the session goes on over polling
}

}  // namespace
}  // namespace corio::test
