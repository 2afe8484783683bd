// Heartbeat on the wire: pings at ping_interval, a missing pong ends the session.
#include <gtest/gtest.h>

#include <corio/engineio/server.hpp>
#include <thread>

#include "engineio_net/engine_fixture.hpp"

namespace corio::test {
namespace {

using namespace std::chrono_literals;

engineio::ServerOptions fast() { return {.ping_interval = 150ms, .ping_timeout = 150ms}; }

TEST(engineio_heartbeat, server_pings_after_ping_interval) {
  EngineApp e(fast());
  const std::string sid = e.handshake();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(e.poll(sid).body, "2");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms);
}

TEST(engineio_heartbeat, missing_pong_closes_with_ping_timeout) {
  EngineApp e(fast());
  const std::string sid = e.handshake();
  EXPECT_EQ(e.poll(sid).body, "2");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"ping timeout"}));
  EXPECT_EQ(e.poll(sid).status, 400);
}

TEST(engineio_heartbeat, ping_timeout_answers_waiting_get_with_close_packet) {
  EngineApp e(fast());
  const std::string sid = e.handshake();
  EXPECT_EQ(e.poll(sid).body, "2");
  std::unique_ptr<RawClient> poll = e.hold_poll(sid);  // no pong
  const std::optional<RawResponse> r = poll->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "1");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"ping timeout"}));
}

TEST(engineio_heartbeat, pongs_keep_the_session_open_over_several_intervals) {
  EngineApp e(fast());
  const std::string sid = e.handshake();
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(e.poll(sid).body, "2") << i;
    ASSERT_EQ(e.send(sid, "3").body, "ok");
  }
  EXPECT_TRUE(e.recorder.closes(0).empty());
  EXPECT_EQ(e.server.clients_count(), 1u);
}

TEST(engineio_heartbeat, ping_from_client_is_a_transport_error) {
  EngineApp e;
  const std::string sid = e.handshake();
  std::unique_ptr<RawClient> poll = e.hold_poll(sid);
  e.send(sid, "2");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport error"}));
  const std::optional<RawResponse> r = poll->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "1");  // the waiting GET gets the close packet
}

}  // namespace
}  // namespace corio::test
