#include <gtest/gtest.h>

#include <corio/ws/websocket.hpp>

#include "ws_net/ws_server.hpp"

namespace corio::test {
namespace {

constexpr std::uint8_t text = 0x1, binary = 0x2, continuation = 0x0, close_op = 0x8, ping = 0x9,
                       pong = 0xA;

class ws_echo : public ::testing::Test {
 protected:
  ws_echo() { add_echo_routes(app_); }
  App app_;
  Running running_{app_};
};

std::string close_payload(std::uint16_t code, std::string_view reason) {
  std::string p{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  return p.append(reason);
}

TEST_F(ws_echo, echoes_a_text_message) {
  auto client = open_client(running_.port());
  ASSERT_TRUE(client);
  client->send_frame(text, "hello");
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->opcode, text);
  EXPECT_EQ(frame->payload, "hello");
}

TEST_F(ws_echo, echoes_a_large_binary_message) {
  auto client = open_client(running_.port());
  ASSERT_TRUE(client);
  std::string payload(200'000, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 7);
  client->send_frame(binary, payload);
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->opcode, binary);
  EXPECT_EQ(frame->payload, payload);
}

TEST_F(ws_echo, reassembles_a_fragmented_message) {
  auto client = open_client(running_.port());
  ASSERT_TRUE(client);
  client->send_frame(text, "frag", false);
  client->send_frame(continuation, "men", false);
  client->send_frame(continuation, "ted", true);
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->payload, "fragmented");
}

TEST_F(ws_echo, answers_a_ping_with_a_pong_carrying_its_payload) {
  auto client = open_client(running_.port());
  ASSERT_TRUE(client);
  client->send_frame(ping, "are you there");
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->opcode, pong);
  EXPECT_EQ(frame->payload, "are you there");
}

TEST_F(ws_echo, answers_a_ping_inside_a_fragmented_message) {
  auto client = open_client(running_.port());
  ASSERT_TRUE(client);
  client->send_frame(text, "ab", false);
  client->send_frame(ping, "p");
  client->send_frame(continuation, "cd", true);
  auto first = client->read_frame();
  auto second = client->read_frame();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->opcode, pong);
  EXPECT_EQ(second->payload, "abcd");
}

TEST_F(ws_echo, echoes_the_close_code_and_reason_then_closes_the_tcp_connection) {
  auto client = open_client(running_.port());
  ASSERT_TRUE(client);
  client->send_frame(close_op, close_payload(4000, "bye"));
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->opcode, close_op);
  EXPECT_EQ(frame->close_code(), 4000);
  EXPECT_EQ(frame->close_reason(), "bye");
  EXPECT_TRUE(client->closed_by_peer());
}

void expect_close(WsClient& client, std::uint16_t code) {
  auto frame = client.read_data_or_close();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->opcode, close_op);
  EXPECT_EQ(frame->close_code(), code);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(ws_echo, closes_with_1002_on_an_unmasked_client_frame) {
  auto client = open_client(running_.port());
  ASSERT_TRUE(client);
  client->send_frame(text, "plain", true, false);
  expect_close(*client, 1002);
}

TEST_F(ws_echo, closes_with_1007_on_invalid_utf8_text) {
  auto client = open_client(running_.port());
  ASSERT_TRUE(client);
  client->send_frame(text, "\xC3\x28");
  expect_close(*client, 1007);
}

TEST_F(ws_echo, closes_with_1009_on_a_message_over_the_limit) {
  auto client = open_client(running_.port(), "/small");
  ASSERT_TRUE(client);
  client->send_frame(binary, std::string(1000, 'x'));
  expect_close(*client, 1009);
}

TEST_F(ws_echo, closes_with_1002_when_reserved_bits_are_set) {
  auto client = open_client(running_.port());
  ASSERT_TRUE(client);
  client->send_frame(text, "x", true, true, 0x2);
  expect_close(*client, 1002);
}

TEST(ws_close, server_close_sends_code_and_reason_and_reports_the_handshake) {
  App app;
  std::atomic<int> reported{0};
  app.ws("/bye", [&reported](ws::WebSocket socket) -> Task<> {
    socket.on_close([&reported](std::uint16_t code, std::string_view) { reported = code; });
    socket.on_message([](ws::Message&&) {});
    socket.close(4001, "done");
    co_return;
  });
  Running running(app);
  auto client = open_client(running.port(), "/bye");
  ASSERT_TRUE(client);
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->close_code(), 4001);
  EXPECT_EQ(frame->close_reason(), "done");
  client->send_frame(close_op, close_payload(4001, ""));
  EXPECT_TRUE(client->closed_by_peer());
  for (int i = 0; i < 100 && reported == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(reported, 4001);
}

TEST(ws_close, idle_timeout_closes_a_silent_connection_with_1001) {
  App app;
  app.ws("/idle", echo_handler,
         ws::WebSocketOptions{.idle_timeout = std::chrono::milliseconds(100)});
  Running running(app);
  auto client = open_client(running.port(), "/idle");
  ASSERT_TRUE(client);
  auto frame = client->read_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->close_code(), 1001);
}

TEST(ws_close, graceful_stop_sends_1001_to_every_client) {
  App app;
  add_echo_routes(app);
  net::ListenOptions options;
  options.host = "127.0.0.1";
  const std::uint16_t port = app.start(options);
  auto a = open_client(port);
  auto b = open_client(port);
  ASSERT_TRUE(a && b);
  a->send_frame(text, "x");  // make sure both connections are live
  ASSERT_TRUE(a->read_frame());
  std::thread stopper([&app] { app.stop(); });
  for (auto* client : {a.get(), b.get()}) {
    auto frame = client->read_frame();
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->close_code(), 1001);
    EXPECT_EQ(frame->close_reason(), "server shutting down");
    client->send_frame(close_op, close_payload(1001, ""));
  }
  stopper.join();
}

}  // namespace
}  // namespace corio::test
