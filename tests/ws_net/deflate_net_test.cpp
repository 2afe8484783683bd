// permessage-deflate on the wire with the raw client: what the server compresses (RSV1), and
// how it closes a connection that sends a compressed frame it must refuse.
#include <gtest/gtest.h>

#include <corio/ws/deflate.hpp>
#include <corio/ws/websocket.hpp>

#include "ws_net/ws_server.hpp"

namespace corio::test {
namespace {

constexpr std::uint8_t text = 0x1, binary = 0x2, continuation = 0x0, close_op = 0x8, ping = 0x9;
constexpr std::uint8_t rsv1 = 0x4;  // bit 6 of byte 0, as send_frame() takes it
constexpr std::string_view offer = "Sec-WebSocket-Extensions: permessage-deflate\r\n";

class ws_deflate_wire : public ::testing::Test {
 protected:
  ws_deflate_wire() {
    app_.ws("/plain", echo_handler);
    app_.ws("/deflate", echo_handler, ws::WebSocketOptions{.deflate = {.enabled = true}});
    app_.ws("/small", echo_handler,
            ws::WebSocketOptions{.max_message_size = 4096, .deflate = {.enabled = true}});
    running_.emplace(app_);
  }

  /// A client upgraded on `path`, offering permessage-deflate when `offering`.
  std::unique_ptr<WsClient> open(std::string_view path, bool offering = true) {
    auto client = std::make_unique<WsClient>(running_->port());
    auto reply = client->handshake(path, offering ? offer : std::string_view());
    if (!reply || reply->status != 101) return nullptr;
    extensions_ = reply->header("sec-websocket-extensions");
    return client;
  }

  /// Expects a close frame with `code`, then the end of the TCP connection.
  static void expect_closed_with(WsClient& client, std::uint16_t code) {
    auto frame = client.read_data_or_close();
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->opcode, close_op);
    EXPECT_EQ(frame->close_code(), code);
    EXPECT_TRUE(client.closed_by_peer());
  }

  App app_;
  std::optional<Running> running_;
  std::string extensions_;
};

std::string inflate(std::string_view payload) {
  ws::Inflater inflater;
  std::string out;
  EXPECT_EQ(inflater.inflate(payload, true, out, 1 << 20), ws::InflateStatus::ok);
  return out;
}

TEST_F(ws_deflate_wire, compresses_a_reply_at_the_threshold_and_sets_rsv1) {
  auto client = open("/deflate");
  ASSERT_TRUE(client);
  EXPECT_EQ(extensions_, "permessage-deflate");
  const std::string message(1024, 'a');
  client->send_frame(text, message);
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_TRUE(frame->rsv1);
  EXPECT_LT(frame->payload.size(), 100u);
  EXPECT_EQ(inflate(frame->payload), message);
}

TEST_F(ws_deflate_wire, sends_a_reply_below_the_threshold_uncompressed) {
  auto client = open("/deflate");
  ASSERT_TRUE(client);
  const std::string message(1023, 'a');
  client->send_frame(text, message);
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_FALSE(frame->rsv1);
  EXPECT_EQ(frame->payload, message);
}

TEST_F(ws_deflate_wire, inflates_a_compressed_message_split_over_fragments) {
  auto client = open("/deflate");
  ASSERT_TRUE(client);
  const std::string message(5000, 'z');
  const std::string compressed = ws::Deflater().compress(message);
  ASSERT_GE(compressed.size(), 3u);
  client->send_frame(binary, compressed.substr(0, 2), false, true, rsv1);
  client->send_frame(continuation, compressed.substr(2, 1), false);
  client->send_frame(continuation, compressed.substr(3), true);
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->opcode, binary);
  EXPECT_EQ(inflate(frame->payload), message);
}

TEST_F(ws_deflate_wire, closes_with_1007_on_a_compressed_frame_that_is_not_deflate_data) {
  auto client = open("/deflate");
  ASSERT_TRUE(client);
  client->send_frame(text, "\xff\xff\xff\xff", true, true, rsv1);  // block type 3: invalid
  expect_closed_with(*client, 1007);
}

TEST_F(ws_deflate_wire, closes_with_1007_on_compressed_text_that_inflates_to_invalid_utf8) {
  auto client = open("/deflate");
  ASSERT_TRUE(client);
  client->send_frame(text, ws::Deflater().compress("\xc3\x28 not utf-8"), true, true, rsv1);
  expect_closed_with(*client, 1007);
}

TEST_F(ws_deflate_wire, closes_with_1002_on_rsv1_when_the_client_did_not_offer_deflate) {
  auto client = open("/deflate", false);
  ASSERT_TRUE(client);
  EXPECT_EQ(extensions_, "");
  client->send_frame(text, ws::Deflater().compress("hello"), true, true, rsv1);
  expect_closed_with(*client, 1002);
}

TEST_F(ws_deflate_wire, closes_with_1002_on_rsv1_on_a_route_without_deflate) {
  auto client = open("/plain");
  ASSERT_TRUE(client);
  EXPECT_EQ(extensions_, "");
  client->send_frame(text, ws::Deflater().compress("hello"), true, true, rsv1);
  expect_closed_with(*client, 1002);
}

TEST_F(ws_deflate_wire, closes_with_1002_on_rsv1_set_on_a_continuation_frame) {
  auto client = open("/deflate");
  ASSERT_TRUE(client);
  const std::string compressed = ws::Deflater().compress(std::string(3000, 'q'));
  client->send_frame(text, compressed.substr(0, 2), false, true, rsv1);
  client->send_frame(continuation, compressed.substr(2), true, true, rsv1);
  expect_closed_with(*client, 1002);
}

TEST_F(ws_deflate_wire, closes_with_1002_on_rsv1_set_on_a_control_frame) {
  auto client = open("/deflate");
  ASSERT_TRUE(client);
  client->send_frame(ping, "p", true, true, rsv1);
  expect_closed_with(*client, 1002);
}

TEST_F(ws_deflate_wire, closes_with_1009_on_a_message_that_inflates_over_the_limit) {
  auto client = open("/small");
  ASSERT_TRUE(client);
  const std::string bomb = ws::Deflater().compress(std::string(1 << 20, '\0'));
  ASSERT_LT(bomb.size(), 4096u);
  client->send_frame(binary, bomb, true, true, rsv1);
  expect_closed_with(*client, 1009);
}

TEST_F(ws_deflate_wire, bad_compressed_frame_leaves_other_connections_working) {
  auto good = open("/deflate");
  auto bad = open("/deflate");
  ASSERT_TRUE(good && bad);
  bad->send_frame(text, "\xff\xff\xff\xff", true, true, rsv1);
  expect_closed_with(*bad, 1007);
  const std::string message(2000, 'g');
  good->send_frame(text, ws::Deflater().compress(message), true, true, rsv1);
  auto frame = good->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_TRUE(frame->rsv1);
  EXPECT_EQ(inflate(frame->payload), message);
}

}  // namespace
}  // namespace corio::test
