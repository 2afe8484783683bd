// Polling transport on the wire: long-poll GET, POST payloads, limits and closes.
#include <gtest/gtest.h>
#include <zlib.h>

#include <corio/engineio/polling.hpp>
#include <thread>

#include "engineio_net/engine_fixture.hpp"

namespace corio::test {
namespace {

using namespace std::chrono_literals;

std::string gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

TEST(engineio_polling, post_delivers_text_and_binary_packets_in_order) {
  EngineApp e;
  const std::string sid = e.handshake();
  RawResponse r = e.send(sid,
                         "4a\x1e"
                         "4b\x1e"
                         "bAQI=");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(r.header("content-type"), "text/html");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_EQ(e.recorder.messages(3), (std::vector<std::string>{"a", "b", "b:\x01\x02"}));
}

TEST(engineio_polling, get_returns_queued_packets_joined_by_record_separator) {
  EngineApp e;
  const std::string sid = e.handshake();
  e.send(sid,
         "4hello\x1e"
         "bAQI=");
  e.recorder.messages(2);
  RawResponse r = e.poll(sid);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(r.body,
            "4hello\x1e"
            "bAQI=");
}

TEST(engineio_polling, get_waits_until_a_packet_is_sent) {
  EngineApp e;
  const std::string sid = e.handshake();
  RawClient c(e.port());
  ASSERT_TRUE(c.send(get_request(e.url("EIO=4&transport=polling&sid=" + sid))));
  std::this_thread::sleep_for(100ms);
  engineio::Socket socket = e.recorder.socket();
  asio::post(socket.executor(), [socket]() mutable { socket.send_text("late"); });
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "4late");
}

TEST(engineio_polling, second_concurrent_get_is_400_and_closes_session) {
  EngineApp e;
  const std::string sid = e.handshake();
  RawClient first(e.port());
  ASSERT_TRUE(first.send(get_request(e.url("EIO=4&transport=polling&sid=" + sid))));
  std::this_thread::sleep_for(100ms);
  RawResponse second = e.poll(sid);
  EXPECT_EQ(second.status, 400);
  auto r = first.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "1");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport error"}));
  EXPECT_EQ(e.poll(sid).status, 400);  // Session ID unknown
}

TEST(engineio_polling, oversize_post_is_413_and_closes_session) {
  EngineApp e({.max_http_buffer_size = 100});
  const std::string sid = e.handshake();
  RawResponse r = e.send(sid, "4" + std::string(200, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport error"}));
}

TEST(engineio_polling, post_at_the_limit_is_accepted) {
  EngineApp e({.max_http_buffer_size = 100});
  const std::string sid = e.handshake();
  EXPECT_EQ(e.send(sid, "4" + std::string(99, 'x')).status, 200);
  EXPECT_EQ(e.recorder.messages(1).at(0).size(), 99u);
}

TEST(engineio_polling, close_packet_ends_session_with_transport_close) {
  EngineApp e;
  const std::string sid = e.handshake();
  EXPECT_EQ(e.send(sid, "1").body, "ok");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport close"}));
  EXPECT_EQ(e.server.clients_count(), 0u);
}

TEST(engineio_polling, close_packet_answers_waiting_get_with_noop) {
  EngineApp e;
  const std::string sid = e.handshake();
  std::unique_ptr<RawClient> poll = e.hold_poll(sid);
  EXPECT_EQ(e.send(sid, "1").body, "ok");
  const std::optional<RawResponse> r = poll->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "6");  // the reference's Polling.onClose: a noop, not `1`
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport close"}));
}

TEST(engineio_polling, parse_error_answers_waiting_get_with_close_packet) {
  EngineApp e;
  const std::string sid = e.handshake();
  std::unique_ptr<RawClient> poll = e.hold_poll(sid);
  e.send(sid, "x");
  const std::optional<RawResponse> r = poll->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "1");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"parse error"}));
}

TEST(engineio_polling, malformed_payload_ends_session_with_parse_error) {
  EngineApp e;
  const std::string sid = e.handshake();
  e.send(sid, "4ok\x1ex");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"parse error"}));
  EXPECT_TRUE(e.recorder.messages(0).empty());
}

TEST(engineio_polling, binary_content_type_is_refused) {
  EngineApp e;
  const std::string sid = e.handshake();
  RawResponse r = e.post("EIO=4&transport=polling&sid=" + sid, "4x",
                         "Content-Type: application/octet-stream\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"transport error"}));
}

TEST(engineio_polling, socket_close_answers_waiting_get_with_close_packet) {
  EngineApp e;
  const std::string sid = e.handshake();
  RawClient c(e.port());
  ASSERT_TRUE(c.send(get_request(e.url("EIO=4&transport=polling&sid=" + sid))));
  std::this_thread::sleep_for(100ms);
  engineio::Socket socket = e.recorder.socket();
  asio::post(socket.executor(), [socket]() mutable { socket.close(); });
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "1");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"forced close"}));
}

TEST(engineio_polling, socket_close_without_waiting_get_flushes_then_closes_on_next_poll) {
  EngineApp e({}, [](engineio::Socket& s) {
    s.send_text("bye");
    s.close();
  });
  const std::string sid = e.handshake();
  EXPECT_EQ(e.poll(sid).body, "4bye");
  EXPECT_EQ(e.poll(sid).body,
            "6\x1e"
            "1");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"forced close"}));
}

TEST(engineio_polling, server_close_ends_sessions_with_server_shutting_down) {
  EngineApp e;
  const std::string sid = e.handshake();
  RawClient c(e.port());
  ASSERT_TRUE(c.send(get_request(e.url("EIO=4&transport=polling&sid=" + sid))));
  std::this_thread::sleep_for(100ms);
  e.server.close();
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "1");
  EXPECT_EQ(e.recorder.closes(1), (std::vector<std::string>{"server shutting down"}));
}

TEST(engineio_polling, large_response_is_gzipped_when_accepted) {
  EngineApp e;
  const std::string sid = e.handshake();
  const std::string big(4000, 'z');
  e.send(sid, "4" + big);
  e.recorder.messages(1);
  RawResponse r = e.get("EIO=4&transport=polling&sid=" + sid, "Accept-Encoding: gzip, deflate\r\n");
  EXPECT_EQ(r.header("content-encoding"), "gzip");
  EXPECT_EQ(gunzip(r.body), "4" + big);
}

TEST(engineio_polling, small_response_is_not_compressed) {
  EngineApp e;
  const std::string sid = e.handshake();
  e.send(sid, "4small");
  e.recorder.messages(1);
  RawResponse r = e.get("EIO=4&transport=polling&sid=" + sid, "Accept-Encoding: gzip\r\n");
  EXPECT_FALSE(r.has("content-encoding"));
  EXPECT_EQ(r.body, "4small");
}

TEST(engineio_polling, other_methods_on_a_session_are_500) {
  EngineApp e;
  const std::string sid = e.handshake();
  RawClient c(e.port());
  auto r = c.request("PUT " + e.url("EIO=4&transport=polling&sid=" + sid) +
                     " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
}

}  // namespace
}  // namespace corio::test
