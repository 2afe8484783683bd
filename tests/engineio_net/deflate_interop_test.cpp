// permessage-deflate between the Engine.IO server and the official engine.io-client: each test
// runs one scenario of deflate_client.js in Node against an echo engine.
#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/steady_timer.hpp>
#include <corio/core/spawn.hpp>
#include <corio/engineio/server.hpp>

#include "engineio_net/engine_fixture.hpp"
#include "ws_net/node_script.hpp"

namespace corio::test {
namespace {

using namespace std::chrono_literals;

// m0..m{n-1}, alternately under and over the compression threshold, one per millisecond.
Task<> burst(engineio::Socket socket, int n) {
  asio::steady_timer timer(socket.executor());
  for (int i = 0; i < n; ++i) {
    socket.send_text("m" + std::to_string(i) + ":" + std::string(i % 2 ? 2000 : 10, 'x'));
    timer.expires_after(1ms);
    co_await timer.async_wait(use_nothrow);
  }
}

engineio::ServerOptions with_deflate(bool enabled) {
  engineio::ServerOptions options;
  options.per_message_deflate.enabled = enabled;
  return options;
}

// An echo engine that also answers "cmd:burst:N", and "cmd:plain:X" / "cmd:packed:X" with X as a
// shared packet marked compress(false) / compress(true).
void send_shared(engineio::Socket& socket, std::string_view text, bool compress) {
  engineio::SharedPacket packet = engineio::SharedPacket::message(text);
  packet.set_compress(compress);
  socket.send(packet);
}

struct DeflateEngine {
  explicit DeflateEngine(bool deflate) : server(with_deflate(deflate)) {
    server.on_connection([this](engineio::Socket socket) {
      socket.on_message([socket](const engineio::Message& m) mutable {
        const std::string_view data = m.data;
        if (!m.binary && data.starts_with("cmd:burst:")) {
          const int n = std::atoi(std::string(data.substr(10)).c_str());
          asio::co_spawn(socket.executor(), burst(socket, n), log_failure("burst"));
        } else if (!m.binary && data.starts_with("cmd:plain:")) {
          send_shared(socket, data.substr(10), false);
        } else if (!m.binary && data.starts_with("cmd:packed:")) {
          send_shared(socket, data.substr(11), true);
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

  /// Runs `scenario` of deflate_client.js against this engine.
  NodeRun run(const std::string& scenario) {
    const std::string mode = server.options().per_message_deflate.enabled ? "on" : "off";
    return run_node_script("engineio_net/deflate_client.js",
                           {std::to_string(running->port()), scenario, mode});
  }

  App app;
  engineio::Server server;
  Recorder recorder;
  std::optional<Running> running;
};

#define CORIO_REQUIRE_NODE() \
  if (!have_node()) GTEST_SKIP() << "node is not installed"

TEST(engineio_deflate_interop, websocket_client_compresses_both_ways_above_the_threshold_only) {
  CORIO_REQUIRE_NODE();
  DeflateEngine e(true);
  const NodeRun r = e.run("websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport close"}));
}

TEST(engineio_deflate_interop, upgraded_client_keeps_order_and_compresses_after_the_upgrade) {
  CORIO_REQUIRE_NODE();
  DeflateEngine e(true);
  const NodeRun r = e.run("upgrade");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_deflate_interop, packets_marked_compress_false_cross_uncompressed) {
  CORIO_REQUIRE_NODE();
  DeflateEngine e(true);
  const NodeRun r = e.run("flags");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(engineio_deflate_interop, server_without_deflate_declines_the_client_offer) {
  CORIO_REQUIRE_NODE();
  DeflateEngine e(false);
  const NodeRun r = e.run("websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

}  // namespace
}  // namespace corio::test
