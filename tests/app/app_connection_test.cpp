// The HTTP/1.1 connection loop over real sockets: keep-alive, pipelining, limits, timeouts,
// bad input and graceful stop.
#include <corio/app/app.hpp>

#include <asio/steady_timer.hpp>
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "support/test_app.hpp"

namespace corio {
namespace {

using namespace std::chrono_literals;
using test::RawClient;
using test::Running;

void add_echo_routes(App& app) {
  app.get("/a", [](Request&, Response& res) { res.send("A"); });
  app.get("/b", [](Request&, Response& res) { res.send("B"); });
  app.post("/body", [](Request& req, Response& res) -> Task<> {
    std::string_view body = co_await req.read_body(100 * 1024);
    res.send(body);
  });
  app.get("/slow", [](Request&, Response& res) -> Task<> {
    asio::steady_timer t(co_await asio::this_coro::executor, 300ms);
    co_await t.async_wait(asio::use_awaitable);
    res.send("slow done");
  });
}

TEST(http_connection, keeps_the_connection_alive_between_requests) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  for (int i = 0; i < 3; ++i) {
    auto r = c.request(test::get_request("/a"));
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body, "A");
  }
}

TEST(http_connection, a_keep_alive_client_is_answered_whether_its_next_request_is_quick_or_late) {
  // After a response the connection lets other work run before it reads; a request that is not
  // there yet is waited for. Both, in every order, over more requests than a yield period.
  App app;
  add_echo_routes(app);
  Running run(app);
  auto quick = run.client();
  auto late = run.client();
  for (int i = 0; i < 40; ++i) {
    auto r = quick.request(test::get_request(i % 2 == 0 ? "/a" : "/b"));
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body, i % 2 == 0 ? "A" : "B") << i;
    if (i % 8 == 0) {
      std::this_thread::sleep_for(5ms);
      auto l = late.request(test::get_request("/b"));
      ASSERT_TRUE(l) << i;
      EXPECT_EQ(l->body, "B") << i;
    }
  }
}

TEST(http_connection, pipelined_responses_come_in_request_order) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  ASSERT_TRUE(c.send(test::get_request("/slow") + test::get_request("/a") + test::get_request("/b")));
  EXPECT_EQ(c.read_response()->body, "slow done");
  EXPECT_EQ(c.read_response()->body, "A");
  EXPECT_EQ(c.read_response()->body, "B");
}

TEST(http_connection, answers_pipelined_requests_before_waiting_for_an_incomplete_one) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  // Three complete requests (their responses may be written together) and the start of a
  // fourth: the three answers must not wait for it.
  ASSERT_TRUE(c.send(test::get_request("/a") + test::get_request("/b") + test::get_request("/a") +
                     "GET /b HTTP/1.1\r\nHost: x\r\n"));
  EXPECT_EQ(c.read_response()->body, "A");
  EXPECT_EQ(c.read_response()->body, "B");
  EXPECT_EQ(c.read_response()->body, "A");
  ASSERT_TRUE(c.send("\r\n"));
  EXPECT_EQ(c.read_response()->body, "B");
}

TEST(http_connection, pipelined_responses_past_the_held_back_limit_all_arrive_in_order) {
  App app;
  app.get("/big/:i", [](Request& req, Response& res) { res.send(std::string(req.param("i")) + std::string(4096, '.')); });
  Running run(app);
  auto c = run.client();
  std::string requests;  // 40 x 4 KiB of responses: more than the 64 KiB held back at once
  for (int i = 0; i < 40; ++i) requests += test::get_request("/big/" + std::to_string(i));
  ASSERT_TRUE(c.send(requests));
  for (int i = 0; i < 40; ++i) {
    auto r = c.read_response();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body, std::to_string(i) + std::string(4096, '.'));
  }
}

TEST(http_connection, responses_larger_than_the_socket_buffers_arrive_whole_to_a_late_reader) {
  // The first write goes out synchronously as far as the socket takes it; the rest, cut
  // inside one of the gathered buffers (held-back responses, head, body), waits for room.
  App app;
  auto body_for = [](int n) {
    std::string body(4u << 20, '\0');
    for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + (i * 7 + n) % 26);
    return body;
  };
  app.get("/huge/:n", [&](Request& req, Response& res) { res.send(body_for(std::stoi(std::string(req.param("n"))))); });
  app.get("/a", [](Request&, Response& res) { res.send("A"); });
  Running run(app);
  auto c = run.client();
  ASSERT_TRUE(c.send(test::get_request("/a") + test::get_request("/huge/1") + test::get_request("/huge/2")));
  std::this_thread::sleep_for(200ms);  // let the server fill the socket buffers first
  EXPECT_EQ(c.read_response()->body, "A");
  for (int n = 1; n <= 2; ++n) {
    auto r = c.read_response();
    ASSERT_TRUE(r) << n;
    EXPECT_TRUE(r->body == body_for(n)) << n << ": " << r->body.size() << " bytes";
  }
}

TEST(http_connection, answers_a_pipelined_request_before_reading_the_next_one_s_body) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  ASSERT_TRUE(c.send(test::get_request("/a") +
                     "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab"));
  EXPECT_EQ(c.read_response()->body, "A");
  ASSERT_TRUE(c.send("cd"));
  EXPECT_EQ(c.read_response()->body, "abcd");
}

TEST(http_connection, connection_close_closes_after_the_response) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  auto r = c.request("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(http_connection, http10_without_keep_alive_closes) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  auto r = c.request("GET /a HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "A");
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(http_connection, content_length_body_is_read) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  auto r = c.request("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hello");
}

TEST(http_connection, chunked_body_with_trailers_is_read) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  auto r = c.request(
      "POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "abcdefg");
  auto next = c.request(test::get_request("/a"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "A");
}

TEST(http_connection, expect_100_continue_gets_interim_response) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  ASSERT_TRUE(c.send("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c.read_response(true);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send("ok"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "ok");
}

TEST(http_connection, expect_100_continue_is_never_answered_after_the_final_response) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();  // no POST /a route: a 404 without reading the body
  ASSERT_TRUE(c.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->header("connection"), "close");  // the body may still come: not a request
  EXPECT_EQ(c.read_until_close(), "");
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(http_connection, expect_100_continue_with_the_body_sent_along_keeps_pipelining) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  ASSERT_TRUE(c.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nok" +
                     test::get_request("/b")));
  auto first = c.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 404);
  auto second = c.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "B");
}

TEST(http_connection, expect_100_continue_over_the_limit_gets_413_without_100) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  auto r = c.request("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\nExpect: 100-continue\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(http_connection, malformed_chunked_body_nobody_reads_answers_400_and_close) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();  // POST /a has no route: the body is skipped, and it is malformed
  auto r = c.request("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(http_connection, unread_body_is_skipped_before_the_next_request) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  ASSERT_TRUE(c.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz" + test::get_request("/b")));
  auto first = c.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 404);  // no POST /a route
  auto second = c.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "B");
}

TEST(http_connection, unread_body_over_the_discard_bound_closes_the_connection) {
  AppOptions options;
  options.http.max_discarded_body = 4;
  App app(options);
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  auto r = c.request("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);  // nobody read the 10 bytes; skipping them is over the bound
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(http_connection, body_over_limit_answers_413) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  auto r = c.request("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

TEST(http_connection, oversize_headers_answer_431_and_close) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  std::string huge = "GET /a HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  auto r = c.request(huge);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(http_connection, malformed_request_answers_400_and_close) {
  App app;
  add_echo_routes(app);
  Running run(app);
  for (std::string bad : {"GET /a HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n",
                          "GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
                          "GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                          "GET /a HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
                          "GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    auto c = run.client();
    auto r = c.request(bad);
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_TRUE(c.closed_by_peer()) << bad;
  }
}

TEST(http_connection, bad_chunk_size_answers_400) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  auto r = c.request("POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST(http_connection, slow_headers_get_408_and_close) {
  AppOptions options;
  options.http.headers_timeout = 200ms;
  App app(options);
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  ASSERT_TRUE(c.send("GET /a HTTP/1.1\r\nHost: x\r\n"));  // never finishes the head
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(http_connection, idle_keep_alive_connection_is_closed_after_timeout) {
  AppOptions options;
  options.http.keep_alive_timeout = 150ms;
  App app(options);
  add_echo_routes(app);
  Running run(app);
  auto c = run.client();
  ASSERT_TRUE(c.request(test::get_request("/a")));
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(http_connection, one_bad_client_does_not_affect_another) {
  App app;
  add_echo_routes(app);
  Running run(app);
  auto good = run.client();
  auto bad = run.client();
  ASSERT_TRUE(bad.send("GARBAGE\r\n\r\n"));
  auto r = good.request(test::get_request("/a"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "A");
}

TEST(http_connection, connections_over_the_cap_are_closed) {
  App app;
  add_echo_routes(app);
  net::ListenOptions listen;
  listen.host = "127.0.0.1";
  listen.max_connections = 1;
  const std::uint16_t port = app.start(listen);
  RawClient first(port);
  ASSERT_TRUE(first.request(test::get_request("/a")));  // first is now a live connection
  RawClient second(port);
  EXPECT_TRUE(second.closed_by_peer());
  auto again = first.request(test::get_request("/b"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "B");
  app.stop();
}

TEST(http_connection, graceful_stop_lets_in_flight_request_finish) {
  App app;
  add_echo_routes(app);
  auto run = std::make_unique<Running>(app);
  RawClient c(run->port());
  ASSERT_TRUE(c.send(test::get_request("/slow")));
  std::this_thread::sleep_for(50ms);
  auto stopped = std::async(std::launch::async, [&] { run.reset(); });
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_EQ(stopped.wait_for(5s), std::future_status::ready);
}

}  // namespace
}  // namespace corio
