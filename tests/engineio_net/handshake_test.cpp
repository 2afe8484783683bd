// Handshake and request verification, on the wire (raw HTTP against a running App).
#include <gtest/gtest.h>

#include <corio/engineio/server.hpp>

#include "engineio_net/engine_fixture.hpp"

namespace corio::test {
namespace {

void expect_error(const RawResponse& r, int status, int code, std::string_view message) {
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.body, fmt::format(R"({{"code":{},"message":"{}"}})", code, message));
}

TEST(engineio_handshake, polling_handshake_answers_open_packet_with_reference_fields) {
  EngineApp e;
  RawResponse r = e.get("EIO=4&transport=polling");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  ASSERT_EQ(r.body.rfind("0{\"sid\":\"", 0), 0u) << r.body;
  const json open = json::parse(r.body.substr(1));
  EXPECT_EQ(open["sid"].get<std::string>().size(), 20u);
  const std::string tail =
      R"("upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";
  EXPECT_EQ(r.body.substr(r.body.size() - tail.size()), tail);
  EXPECT_EQ(e.server.clients_count(), 1u);
}

TEST(engineio_handshake, announces_no_upgrade_when_websocket_is_not_allowed) {
  EngineApp e({.transports = {"polling"}});
  RawResponse r = e.get("EIO=4&transport=polling");
  EXPECT_NE(r.body.find(R"("upgrades":[])"), std::string::npos) << r.body;
}

TEST(engineio_handshake, unknown_transport_is_error_0) {
  EngineApp e;
  expect_error(e.get("EIO=4&transport=tobi"), 400, 0, "Transport unknown");
}

TEST(engineio_handshake, missing_transport_is_error_0) {
  EngineApp e;
  expect_error(e.get("EIO=4"), 400, 0, "Transport unknown");
}

TEST(engineio_handshake, unknown_sid_is_error_1) {
  EngineApp e;
  expect_error(e.get("EIO=4&transport=polling&sid=nope"), 400, 1, "Session ID unknown");
}

TEST(engineio_handshake, post_without_sid_is_error_2) {
  EngineApp e;
  expect_error(e.post("EIO=4&transport=polling", "4hi"), 400, 2, "Bad handshake method");
}

TEST(engineio_handshake, websocket_transport_without_upgrade_is_error_3) {
  EngineApp e;
  expect_error(e.get("EIO=4&transport=websocket"), 400, 3, "Bad request");
}

TEST(engineio_handshake, transport_mismatch_on_existing_session_is_error_3) {
  EngineApp e;
  const std::string sid = e.handshake();
  expect_error(e.get("EIO=4&transport=websocket&sid=" + sid), 400, 3, "Bad request");
}

TEST(engineio_handshake, protocol_mismatch_on_existing_session_is_error_3) {
  EngineApp e;
  const std::string sid = e.handshake();
  expect_error(e.get("EIO=3&transport=polling&sid=" + sid), 400, 3, "Bad request");
  expect_error(e.post("transport=polling&sid=" + sid, "4x"), 400, 3, "Bad request");
  EXPECT_EQ(e.server.clients_count(), 1u);  // the session goes on
}

TEST(engineio_handshake, refused_allow_request_is_error_4_with_403) {
  EngineApp e({.allow_request = [](http::Request& req) -> Task<bool> {
    co_return req.get("x-token") == "secret";
  }});
  expect_error(e.get("EIO=4&transport=polling"), 403, 4, "Forbidden");
  EXPECT_EQ(e.get("EIO=4&transport=polling", "X-Token: secret\r\n").status, 200);
}

TEST(engineio_handshake, protocol_3_is_error_5) {
  EngineApp e;
  expect_error(e.get("EIO=3&transport=polling"), 400, 5, "Unsupported protocol version");
}

TEST(engineio_handshake, missing_protocol_version_is_error_5) {
  EngineApp e;
  expect_error(e.get("transport=polling"), 400, 5, "Unsupported protocol version");
}

TEST(engineio_handshake, cookie_option_sets_io_cookie_with_the_sid) {
  EngineApp e({.cookie = engineio::SessionCookie{}});
  RawResponse r = e.get("EIO=4&transport=polling");
  const std::string sid = json::parse(r.body.substr(1))["sid"];
  EXPECT_EQ(r.header("set-cookie"), "io=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
}

TEST(engineio_handshake, no_cookie_by_default) {
  EngineApp e;
  EXPECT_FALSE(e.get("EIO=4&transport=polling").has("set-cookie"));
}

TEST(engineio_handshake, cors_option_answers_preflight) {
  EngineApp e({.cors = http::CorsOptions{.origin = true, .credentials = true}});
  RawClient c(e.port());
  auto r = c.request("OPTIONS " + e.url("EIO=4&transport=polling") +
                     " HTTP/1.1\r\nHost: x\r\nOrigin: http://a.example\r\n"
                     "Access-Control-Request-Method: POST\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->header("access-control-allow-origin"), "http://a.example");
  EXPECT_EQ(r->header("access-control-allow-credentials"), "true");
}

TEST(engineio_handshake, cors_headers_are_on_polling_responses_and_errors) {
  EngineApp e({.cors = http::CorsOptions{.origin = true}});
  RawResponse ok = e.get("EIO=4&transport=polling", "Origin: http://a.example\r\n");
  EXPECT_EQ(ok.header("access-control-allow-origin"), "http://a.example");
  RawResponse bad = e.get("EIO=4&transport=tobi", "Origin: http://a.example\r\n");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.header("access-control-allow-origin"), "http://a.example");
}

TEST(engineio_handshake, path_is_configurable) {
  EngineApp e({.path = "/socket.io"});
  EXPECT_EQ(e.running->get("/socket.io/?EIO=4&transport=polling").status, 200);
  EXPECT_EQ(e.running->get("/engine.io/?EIO=4&transport=polling").status, 404);
}

}  // namespace
}  // namespace corio::test
