#include <gtest/gtest.h>

#include <corio/ws/websocket.hpp>

#include "ws_net/ws_server.hpp"

namespace corio::test {
namespace {

TEST(ws_accept, answers_101_with_accept_key) {
  App app;
  add_echo_routes(app);
  Running running(app);
  WsClient client(running.port());
  auto reply = client.handshake("/echo");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 101);
  EXPECT_EQ(reply->header("sec-websocket-accept"), test_accept);
  EXPECT_EQ(reply->header("upgrade"), "websocket");
}

TEST(ws_accept, answers_400_when_key_missing) {
  App app;
  add_echo_routes(app);
  Running running(app);
  WsClient client(running.port());
  auto reply = client.handshake(
      "/echo", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n", true);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
}

TEST(ws_accept, answers_426_with_supported_version_when_version_is_wrong) {
  App app;
  add_echo_routes(app);
  Running running(app);
  WsClient client(running.port());
  std::string headers = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ";
  headers += test_key;
  headers += "\r\nSec-WebSocket-Version: 8\r\n";
  auto reply = client.handshake("/echo", headers, true);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 426);
  EXPECT_EQ(reply->header("sec-websocket-version"), "13");
}

TEST(ws_accept, answers_426_to_a_plain_get) {
  App app;
  add_echo_routes(app);
  Running running(app);
  EXPECT_EQ(running.get("/echo").status, 426);
}

TEST(ws_accept, chooses_the_first_offered_supported_subprotocol) {
  App app;
  std::string chosen;
  app.ws(
      "/p",
      [&chosen](ws::WebSocket socket) -> Task<> {
        chosen = socket.protocol();
        co_await echo_handler(socket);
      },
      ws::WebSocketOptions{.subprotocols = {"chat", "superchat"}});
  Running running(app);
  WsClient client(running.port());
  auto reply = client.handshake("/p", "Sec-WebSocket-Protocol: foo, superchat, chat\r\n");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 101);
  EXPECT_EQ(reply->header("sec-websocket-protocol"), "superchat");
}

TEST(ws_accept, refuses_an_origin_that_check_origin_rejects_with_403) {
  App app;
  app.ws("/o", echo_handler, ws::WebSocketOptions{.check_origin = [](std::string_view origin) {
           return origin == "https://good.example";
         }});
  Running running(app);
  WsClient bad(running.port());
  auto refused = bad.handshake("/o", "Origin: https://evil.example\r\n");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  WsClient good(running.port());
  auto accepted = good.handshake("/o", "Origin: https://good.example\r\n");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 101);
}

TEST(ws_accept, keeps_request_headers_for_the_handler) {
  App app;
  std::string agent;
  app.ws("/h", [&agent](ws::WebSocket socket) -> Task<> {
    agent = socket.header("user-agent");
    socket.send_text("ready");
    co_await echo_handler(socket);
  });
  Running running(app);
  WsClient client(running.port());
  ASSERT_TRUE(client.handshake("/h", "User-Agent: corio-test\r\n"));
  auto frame = client.read_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(agent, "corio-test");
}

}  // namespace
}  // namespace corio::test
