// permessage-deflate between the Engine.IO server and the official engine.io-client: each test
// runs one scenario of deflate_client.js in Node against an echo engine.
#include <gtest/gtest.h>

#include "engineio_net/command_engine.hpp"
#include "support/node_script.hpp"

namespace corio::test {
namespace {

engineio::ServerOptions with_deflate(bool enabled) {
  engineio::ServerOptions options;
  options.per_message_deflate.enabled = enabled;
  return options;
}

// The command engine, with or without permessage-deflate.
struct DeflateEngine : CommandEngine {
  explicit DeflateEngine(bool deflate) : CommandEngine(with_deflate(deflate)) {}

  /// Runs `scenario` of deflate_client.js against this engine.
  NodeRun run(const std::string& scenario) {
    const std::string mode = server.options().per_message_deflate.enabled ? "on" : "off";
    return run_node_script("engineio_net/deflate_client.js",
                           {std::to_string(running->port()), scenario, mode});
  }
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
