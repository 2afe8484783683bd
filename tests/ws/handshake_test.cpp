#include <gtest/gtest.h>

#include <corio/ws/handshake.hpp>
#include <string>
#include <vector>

namespace corio::ws {
namespace {

UpgradeRequest valid_request() {
  return {.method = "GET",
          .upgrade = "websocket",
          .connection = "Upgrade",
          .key = "dGhlIHNhbXBsZSBub25jZQ==",
          .version = "13"};
}

TEST(ws_handshake, computes_rfc_6455_accept_key) {
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(ws_handshake, accepts_a_valid_request) {
  EXPECT_EQ(check_upgrade(valid_request()), HandshakeError::none);
}

TEST(ws_handshake, accepts_tokens_case_insensitively_in_lists) {
  UpgradeRequest r = valid_request();
  r.upgrade = "WebSocket";
  r.connection = "keep-alive, UPGRADE";
  EXPECT_EQ(check_upgrade(r), HandshakeError::none);
}

TEST(ws_handshake, refuses_methods_other_than_get_with_405) {
  UpgradeRequest r = valid_request();
  r.method = "POST";
  EXPECT_EQ(check_upgrade(r), HandshakeError::method_not_get);
  EXPECT_EQ(handshake_status(HandshakeError::method_not_get), 405);
}

TEST(ws_handshake, refuses_http_1_0) {
  UpgradeRequest r = valid_request();
  r.version_minor = 0;
  EXPECT_EQ(check_upgrade(r), HandshakeError::http_version);
}

TEST(ws_handshake, refuses_missing_upgrade_or_connection_token) {
  UpgradeRequest r = valid_request();
  r.upgrade = "h2c";
  EXPECT_EQ(check_upgrade(r), HandshakeError::missing_upgrade);
  r = valid_request();
  r.connection = "keep-alive, upgrades";
  EXPECT_EQ(check_upgrade(r), HandshakeError::missing_connection);
}

TEST(ws_handshake, refuses_keys_that_are_not_16_bytes_of_base64) {
  for (std::string_view key : {"", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZQ",
                               "dGhlIHNhbXBsZSBub25j*Q==", "dGhlIHNhbXBsZSBub25jZXg="}) {
    UpgradeRequest r = valid_request();
    r.key = key;
    EXPECT_EQ(check_upgrade(r), HandshakeError::bad_key) << key;
  }
}

TEST(ws_handshake, answers_other_versions_with_426_naming_version_13) {
  UpgradeRequest r = valid_request();
  r.version = "8";
  EXPECT_EQ(check_upgrade(r), HandshakeError::unsupported_version);
  std::string response = build_refusal(HandshakeError::unsupported_version);
  EXPECT_EQ(response.rfind("HTTP/1.1 426 Upgrade Required\r\n", 0), 0u);
  EXPECT_NE(response.find("\r\nSec-WebSocket-Version: 13\r\n"), std::string::npos);
}

TEST(ws_handshake, refusal_is_a_complete_response_with_body_length) {
  std::string response = build_refusal(HandshakeError::bad_key);
  std::string_view body = handshake_reason(HandshakeError::bad_key);
  EXPECT_EQ(response.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
  EXPECT_NE(response.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
            std::string::npos);
  EXPECT_EQ(response.substr(response.size() - body.size()), body);
}

TEST(ws_handshake, selects_first_offered_protocol_the_server_supports) {
  std::vector<std::string> supported{"chat", "superchat"};
  EXPECT_EQ(select_subprotocol("soap, superchat , chat", supported), "superchat");
  EXPECT_EQ(select_subprotocol("soap", supported), std::nullopt);
  EXPECT_EQ(select_subprotocol("", supported), std::nullopt);
}

TEST(ws_handshake, builds_rfc_6455_101_response) {
  EXPECT_EQ(build_accept_response("dGhlIHNhbXBsZSBub25jZQ==", "chat"),
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "Sec-WebSocket-Protocol: chat\r\n"
            "\r\n");
}

TEST(ws_handshake, adds_extensions_and_extra_headers_to_the_response) {
  std::string r =
      build_accept_response("dGhlIHNhbXBsZSBub25jZQ==", {}, "permessage-deflate", "X-Test: 1\r\n");
  EXPECT_EQ(r.find("Sec-WebSocket-Protocol"), std::string::npos);
  EXPECT_NE(r.find("Sec-WebSocket-Extensions: permessage-deflate\r\nX-Test: 1\r\n\r\n"),
            std::string::npos);
}

}  // namespace
}  // namespace corio::ws
