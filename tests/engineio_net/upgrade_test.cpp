// Websocket upgrades on the wire (a raw websocket client): websockets the session cannot use
// are accepted and closed at once, as the reference server does, and every way an upgrade
// meets a close answers the waiting poll as the reference does.
#include <gtest/gtest.h>

#include <asio/post.hpp>
#include <corio/engineio/server.hpp>
#include <memory>
#include <string>

#include "engineio_net/engine_fixture.hpp"
#include "ws_net/ws_client.hpp"

namespace corio::test {
namespace {

constexpr std::uint8_t text_opcode = 0x1;
constexpr std::uint8_t close_opcode = 0x8;

/// A websocket on the engine with `query`; nullptr unless the handshake answered 101.
std::unique_ptr<WsClient> open_websocket(const EngineApp& e, const std::string& query) {
  auto ws = std::make_unique<WsClient>(e.port());
  const std::optional<HandshakeReply> reply = ws->handshake(e.url("EIO=4&" + query));
  if (!reply || reply->status != 101) return nullptr;
  return ws;
}

/// A probe websocket on the session `sid`.
std::unique_ptr<WsClient> open_probe(const EngineApp& e, const std::string& sid) {
  return open_websocket(e, "transport=websocket&sid=" + sid);
}

/// The next text frame's payload, or "close <code>" / "none".
std::string next(WsClient& ws) {
  const std::optional<WsFrame> frame = ws.read_data_or_close();
  if (!frame) return "none";
  if (frame->opcode == close_opcode) return "close " + std::to_string(frame->close_code());
  return frame->payload;
}

/// A session upgraded to websocket over the probe ping; nullptr on a failed step.
std::unique_ptr<WsClient> upgraded(const EngineApp& e, const std::string& sid) {
  std::unique_ptr<WsClient> ws = open_probe(e, sid);
  if (!ws || !ws->send_frame(text_opcode, "2probe") || next(*ws) != "3probe") return nullptr;
  if (!ws->send_frame(text_opcode, "5")) return nullptr;
  return ws;
}

/// True when the session still echoes over `ws`.
bool echoes(WsClient& ws) { return ws.send_frame(text_opcode, "4still") && next(ws) == "4still"; }

TEST(engineio_upgrade, second_websocket_on_an_upgraded_session_is_accepted_then_closed) {
  EngineApp e;
  const std::string sid = e.handshake();
  std::unique_ptr<WsClient> first = upgraded(e, sid);
  ASSERT_TRUE(first);
  ASSERT_TRUE(echoes(*first));
  std::unique_ptr<WsClient> second = open_probe(e, sid);
  ASSERT_TRUE(second) << "refused at the HTTP level";
  EXPECT_EQ(next(*second), "close 1000");
  EXPECT_TRUE(echoes(*first));
  EXPECT_EQ(e.server.clients_count(), 1u);
}

TEST(engineio_upgrade, websocket_during_an_upgrade_is_accepted_then_closed) {
  EngineApp e;
  const std::string sid = e.handshake();
  std::unique_ptr<WsClient> probe = open_probe(e, sid);
  ASSERT_TRUE(probe);
  std::unique_ptr<WsClient> second = open_probe(e, sid);
  ASSERT_TRUE(second) << "refused at the HTTP level";
  EXPECT_EQ(next(*second), "close 1000");
  ASSERT_TRUE(probe->send_frame(text_opcode, "2probe"));
  EXPECT_EQ(next(*probe), "3probe");  // the first probe goes on
  ASSERT_TRUE(probe->send_frame(text_opcode, "5"));
  EXPECT_TRUE(echoes(*probe));
}

TEST(engineio_upgrade, upgrade_with_polling_transport_is_accepted_then_closed) {
  EngineApp e;
  const std::string sid = e.handshake();
  std::unique_ptr<WsClient> ws = open_websocket(e, "transport=polling&sid=" + sid);
  ASSERT_TRUE(ws) << "refused at the HTTP level";
  EXPECT_EQ(next(*ws), "close 1000");
  EXPECT_EQ(e.send(sid, "4on").body, "ok");  // the session goes on over polling
  EXPECT_EQ(e.poll(sid).body, "4on");
}

TEST(engineio_upgrade, upgrade_with_polling_transport_and_no_sid_opens_no_session) {
  EngineApp e;
  std::unique_ptr<WsClient> ws = open_websocket(e, "transport=polling");
  ASSERT_TRUE(ws) << "refused at the HTTP level";
  EXPECT_EQ(next(*ws), "close 1000");
  EXPECT_EQ(e.server.clients_count(), 0u);
}

TEST(engineio_upgrade, closing_session_takes_a_probe_and_closes_over_it) {
  EngineApp e({}, [](engineio::Socket& s) { s.close(); });  // the close waits for a poll
  const std::string sid = e.handshake();
  std::unique_ptr<WsClient> ws = open_probe(e, sid);
  ASSERT_TRUE(ws) << "refused at the HTTP level";
  ASSERT_TRUE(ws->send_frame(text_opcode, "2probe"));
  EXPECT_EQ(next(*ws), "3probe");
  ASSERT_TRUE(ws->send_frame(text_opcode, "5"));
  EXPECT_EQ(next(*ws), "close 1000");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"forced close"}));
}

TEST(engineio_upgrade, upgrade_packet_answers_a_waiting_poll_with_close_packet) {
  EngineApp e;
  const std::string sid = e.handshake();
  std::unique_ptr<RawClient> poll = e.hold_poll(sid);
  std::unique_ptr<WsClient> ws = open_probe(e, sid);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->send_frame(text_opcode, "5"));  // no probe ping: the poll still waits
  const std::optional<RawResponse> r = poll->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "1");
  EXPECT_TRUE(echoes(*ws));
}

TEST(engineio_upgrade, socket_close_during_a_probe_answers_the_waiting_poll_at_once) {
  EngineApp e;
  const std::string sid = e.handshake();
  std::unique_ptr<RawClient> poll = e.hold_poll(sid, std::chrono::seconds(2));
  std::unique_ptr<WsClient> ws = open_probe(e, sid);
  ASSERT_TRUE(ws);
  engineio::Socket socket = e.recorder.socket();
  asio::post(socket.executor(), [socket]() mutable { socket.close(); });
  const std::optional<RawResponse> r = poll->read_response();
  ASSERT_TRUE(r) << "the poll was held until the upgrade ended";
  EXPECT_EQ(r->body, "1");
  EXPECT_EQ(next(*ws), "close 1000");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"forced close"}));
}

}  // namespace
}  // namespace corio::test
