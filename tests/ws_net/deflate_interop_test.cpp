// permessage-deflate against the npm `ws` client (deflate_client.js): each test offers one set
// of parameters to one echo route and checks the answered extension header, that text and
// binary of every size round-trip byte-exactly, and what went compressed on the wire.
#include <gtest/gtest.h>

#include <corio/ws/websocket.hpp>

#include "support/node_script.hpp"
#include "ws_net/ws_server.hpp"

namespace corio::test {
namespace {

ws::WebSocketOptions deflating(ws::DeflateOptions deflate) {
  deflate.enabled = true;
  return ws::WebSocketOptions{.deflate = deflate};
}

class ws_deflate_interop : public ::testing::Test {
 protected:
  ws_deflate_interop() {
    app_.ws("/plain", echo_handler);
    app_.ws("/deflate", echo_handler, deflating({}));
    app_.ws("/no-takeover", echo_handler,
            deflating({.server_no_context_takeover = true, .client_no_context_takeover = true}));
    app_.ws("/windows", echo_handler,
            deflating({.server_max_window_bits = 10, .client_max_window_bits = 11}));
    app_.ws("/threshold-0", echo_handler, deflating({.threshold = 0}));
    running_.emplace(app_);
  }

  /// Runs the client on `path` offering `offer` (a `ws` perMessageDeflate value as JSON).
  NodeRun run(const std::string& path, json offer, json expect, json extra = json::object()) {
    json config = {{"offer", std::move(offer)}, {"expect", std::move(expect)}};
    config.update(extra);
    const std::string url = "ws://127.0.0.1:" + std::to_string(running_->port()) + path;
    return run_node_script("ws_net/deflate_client.js", {url, config.dump()});
  }

  App app_;
  std::optional<Running> running_;
};

#define CORIO_REQUIRE_NODE() \
  if (!have_node()) GTEST_SKIP() << "node is not installed"

TEST_F(ws_deflate_interop, default_offer_is_accepted_and_every_message_round_trips) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/deflate", true, "permessage-deflate");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, client_without_the_offer_talks_uncompressed_to_a_deflate_route) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/deflate", false, nullptr);
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, route_without_deflate_declines_the_offer) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/plain", true, nullptr);
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, server_no_context_takeover_asked_by_the_client_resets_our_compressor) {
  CORIO_REQUIRE_NODE();
  const NodeRun r =
      run("/deflate", {{"serverNoContextTakeover", true}},
          "permessage-deflate; server_no_context_takeover", {{"serverTakeover", false}});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, client_no_context_takeover_offered_is_accepted) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/deflate", {{"clientNoContextTakeover", true}},
                        "permessage-deflate; client_no_context_takeover");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, client_max_window_bits_offered_is_echoed_with_its_value) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/deflate", {{"clientMaxWindowBits", 10}},
                        "permessage-deflate; client_max_window_bits=10");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, server_max_window_bits_offered_limits_our_window) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/deflate", {{"serverMaxWindowBits", 10}},
                        "permessage-deflate; server_max_window_bits=10");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, smallest_server_window_zlib_supports_round_trips) {
  CORIO_REQUIRE_NODE();
  const NodeRun r =
      run("/deflate", {{"serverMaxWindowBits", 9}}, "permessage-deflate; server_max_window_bits=9");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, offer_of_a_256_byte_server_window_is_declined) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/deflate", {{"serverMaxWindowBits", 8}}, nullptr);
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, every_parameter_offered_together_is_accepted) {
  CORIO_REQUIRE_NODE();
  const json offer = {{"serverNoContextTakeover", true},
                      {"clientNoContextTakeover", true},
                      {"serverMaxWindowBits", 11},
                      {"clientMaxWindowBits", 12}};
  const NodeRun r = run("/deflate", offer,
                        "permessage-deflate; server_no_context_takeover; "
                        "client_no_context_takeover; server_max_window_bits=11; "
                        "client_max_window_bits=12",
                        {{"serverTakeover", false}});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, server_side_no_context_takeover_options_are_announced_and_kept) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/no-takeover", true,
                        "permessage-deflate; server_no_context_takeover; "
                        "client_no_context_takeover",
                        {{"serverTakeover", false}});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, server_side_window_options_are_announced_and_kept) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/windows", true,
                        "permessage-deflate; server_max_window_bits=10; client_max_window_bits=11");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ws_deflate_interop, zero_threshold_compresses_even_empty_messages) {
  CORIO_REQUIRE_NODE();
  const NodeRun r = run("/threshold-0", true, "permessage-deflate", {{"threshold", 0}});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

}  // namespace
}  // namespace corio::test
