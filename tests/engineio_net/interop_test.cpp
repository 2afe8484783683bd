// Interop with the official npm engine.io-client: each test starts an engine on 127.0.0.1 and
// runs one scenario of interop_client.js in Node against it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <asio/steady_timer.hpp>
#include <corio/engineio/server.hpp>
#include <cstdio>
#include <cstdlib>

#include "engineio_net/engine_fixture.hpp"

namespace corio::test {
namespace {

using namespace std::chrono_literals;

// Sends m0..m{n-1}, one per millisecond, so that the stream spans a transport upgrade.
Task<> burst(engineio::Socket socket, int n) {
  asio::steady_timer timer(socket.executor());
  for (int i = 0; i < n; ++i) {
    socket.send_text("m" + std::to_string(i));
    timer.expires_after(1ms);
    co_await timer.async_wait(use_nothrow);
  }
}

// The engine the scenarios talk to: echo, plus "cmd:burst:N" and "cmd:close".
struct InteropApp {
  explicit InteropApp(engineio::ServerOptions options = {}) : server(std::move(options)) {
    server.on_connection([this](engineio::Socket socket) {
      socket.on_message([socket](const engineio::Message& m) mutable {
        const std::string_view data = m.data;
        if (!m.binary && data.starts_with("cmd:burst:")) {
          const int n = std::atoi(std::string(data.substr(10)).c_str());
          asio::co_spawn(socket.executor(), burst(socket, n), log_failure("burst"));
        } else if (!m.binary && data == "cmd:close") {
          socket.close();
        } else if (m.binary) {
          socket.send_binary(data);
        } else {
          socket.send_text(data);
        }
      });
      socket.on_close([this](std::string_view reason, std::string_view) {
        recorder.add_close(std::string(reason));
      });
    });
    server.attach(app.router());
    app.on_stop([this] { server.close(); });
    running.emplace(app);
  }
  App app;
  engineio::Server server;
  Recorder recorder;
  std::optional<Running> running;
};

struct NodeResult {
  int exit_code = -1;
  std::string output;
};

NodeResult run_script(const std::string& script, std::uint16_t port, const std::string& scenario,
                      const std::string& arg) {
  const std::string src = CORIO_SOURCE_DIR;
  const std::string command = "NODE_PATH=" + src + "/tests/node/node_modules node " + src +
                              "/tests/engineio_net/" + script + " " + std::to_string(port) + " " +
                              scenario + " " + arg + " 2>&1";
  NodeResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) result.output += buffer;
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

NodeResult run_node(std::uint16_t port, const std::string& scenario, const std::string& arg = {}) {
  return run_script("interop_client.js", port, scenario, arg);
}

bool have_node() { return std::system("node --version > /dev/null 2>&1") == 0; }

#define CORIO_REQUIRE_NODE() \
  if (!have_node()) GTEST_SKIP() << "node is not installed"

TEST(engineio_interop, polling_only_client_exchanges_text_and_binary) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeResult r = run_node(e.running->port(), "polling");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport close"}));
}

TEST(engineio_interop, websocket_only_client_exchanges_text_and_binary) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeResult r = run_node(e.running->port(), "websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport close"}));
}

TEST(engineio_interop, client_upgrades_without_losing_or_reordering_messages) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeResult r = run_node(e.running->port(), "upgrade");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, large_messages_near_the_limit_cross_polling) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeResult r = run_node(e.running->port(), "large_polling");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, large_messages_near_the_limit_cross_websocket) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeResult r = run_node(e.running->port(), "large_websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, heartbeat_keeps_websocket_client_over_several_intervals) {
  CORIO_REQUIRE_NODE();
  // Short pings; a pong deadline with room for a loaded machine (a late POST is not the
  // behaviour under test: the silent-client test below is).
  InteropApp e({.ping_interval = 300ms, .ping_timeout = 600ms});
  const NodeResult r = run_node(e.running->port(), "heartbeat", "websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, heartbeat_keeps_polling_client_over_several_intervals) {
  CORIO_REQUIRE_NODE();
  // Short pings; a pong deadline with room for a loaded machine (a late POST is not the
  // behaviour under test: the silent-client test below is).
  InteropApp e({.ping_interval = 300ms, .ping_timeout = 600ms});
  const NodeResult r = run_node(e.running->port(), "heartbeat", "polling");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, server_closes_a_client_that_stops_answering_pings) {
  CORIO_REQUIRE_NODE();
  InteropApp e({.ping_interval = 300ms, .ping_timeout = 200ms});
  const NodeResult r = run_node(e.running->port(), "silent", "websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"ping timeout"}));
}

TEST(engineio_interop, server_close_reaches_the_polling_client_as_transport_close) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeResult r = run_node(e.running->port(), "server_close", "polling");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("OK transport close"), std::string::npos) << r.output;
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"forced close"}));
}

TEST(engineio_interop, server_close_reaches_the_websocket_client_as_transport_close) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeResult r = run_node(e.running->port(), "server_close", "websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("OK transport close"), std::string::npos) << r.output;
}

TEST(engineio_interop, probe_releases_waiting_poll_with_noop_and_upgrade_packet_switches) {
  CORIO_REQUIRE_NODE();
  InteropApp e;
  const NodeResult r = run_script("raw_upgrade_client.js", e.running->port(), "upgrade", {});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_interop, probe_without_upgrade_packet_is_closed_after_upgrade_timeout) {
  CORIO_REQUIRE_NODE();
  InteropApp e({.upgrade_timeout = 300ms});
  const auto start = std::chrono::steady_clock::now();
  const NodeResult r = run_script("raw_upgrade_client.js", e.running->port(), "probe_timeout", {});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
  EXPECT_EQ(e.server.clients_count(), 1u);  // the session goes on over polling
}

}  // namespace
}  // namespace corio::test
