// HTTPS polling and WSS with the official clients: an App listening with TLS (a certificate
// made at run time with the openssl CLI) serves Socket.IO and an app.ws echo route;
// socket.io-client (tls_client.js) and the npm `ws` client (tests/ws_net/deflate_client.js)
// talk to it, trusting the certificate through their `ca` option.
#include <gtest/gtest.h>

#include <corio/app/app.hpp>
#include <corio/ws/websocket.hpp>

#include "support/node_script.hpp"
#include "support/test_certificate.hpp"
#include "ws_net/ws_server.hpp"

namespace corio::test {
namespace {

using socketio::Ack;
using socketio::EventArgs;
using socketio::SocketRef;

const TestCertificate& certificate() { return test_certificate(); }

void add_events(SocketRef socket) {
  socket.emit("welcome", json{{"secure", socket.handshake().secure}});
  socket.on("echo", [](EventArgs args, Ack ack) { ack(args.values); });
  socket.on("ask", [socket](json data) mutable { socket.emit("reply", data); });
}

// An App on 127.0.0.1 with TLS: Socket.IO, plus "/echo" (deflate) and "/plain" ws routes.
class TlsApp {
 public:
  explicit TlsApp(bool deflate) : deflate_(deflate) {
    socketio::ServerOptions io_options;
    io_options.engine.per_message_deflate.enabled = deflate;
    app_.set_io_options(io_options);
    app_.io().on_connection([](SocketRef socket) { add_events(socket); });
    app_.ws("/echo", echo_handler, ws::WebSocketOptions{.deflate = {.enabled = true}});
    app_.ws("/plain", echo_handler);
    net::ListenOptions listen;
    listen.host = "127.0.0.1";
    listen.tls = net::make_tls_context(certificate().cert, certificate().key);
    port_ = app_.start(listen);
  }
  ~TlsApp() { app_.stop(); }
  TlsApp(const TlsApp&) = delete;
  TlsApp& operator=(const TlsApp&) = delete;

  /// Runs one scenario of tls_client.js.
  NodeRun socketio(const std::string& scenario) const {
    return run_node_script(
        "socketio_net/tls_client.js",
        {std::to_string(port_), scenario, certificate().cert, deflate_ ? "on" : "off"});
  }
  /// Runs the `ws` echo client on wss://127.0.0.1:<port><path>.
  NodeRun websocket(const std::string& path, json offer, json expect) const {
    const json config = {
        {"offer", std::move(offer)}, {"expect", std::move(expect)}, {"ca", certificate().cert}};
    const std::string url = "wss://127.0.0.1:" + std::to_string(port_) + path;
    return run_node_script("ws_net/deflate_client.js", {url, config.dump()});
  }

 private:
  App app_;
  bool deflate_;
  std::uint16_t port_ = 0;
};

#define CORIO_REQUIRE_NODE_AND_CERT()                        \
  if (!have_node()) GTEST_SKIP() << "node is not installed"; \
  ASSERT_TRUE(certificate().ok) << "openssl CLI needed for the certificate"

TEST(socketio_tls, official_client_over_wss_only_gets_acks_and_server_emits) {
  CORIO_REQUIRE_NODE_AND_CERT();
  TlsApp app(false);
  const NodeRun r = app.socketio("websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(socketio_tls, official_client_over_https_polling_only_gets_acks_and_server_emits) {
  CORIO_REQUIRE_NODE_AND_CERT();
  TlsApp app(false);
  const NodeRun r = app.socketio("polling");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(socketio_tls, official_client_upgrades_from_https_polling_to_wss) {
  CORIO_REQUIRE_NODE_AND_CERT();
  TlsApp app(false);
  const NodeRun r = app.socketio("upgrade");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(socketio_tls, official_client_over_wss_negotiates_permessage_deflate) {
  CORIO_REQUIRE_NODE_AND_CERT();
  TlsApp app(true);
  const NodeRun r = app.socketio("websocket");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(socketio_tls, official_client_upgrades_to_compressed_wss) {
  CORIO_REQUIRE_NODE_AND_CERT();
  TlsApp app(true);
  const NodeRun r = app.socketio("upgrade");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(socketio_tls, official_client_refuses_the_certificate_without_its_ca) {
  CORIO_REQUIRE_NODE_AND_CERT();
  TlsApp app(false);
  const NodeRun r = app.socketio("untrusted");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(socketio_tls, ws_client_echoes_text_and_binary_over_wss) {
  CORIO_REQUIRE_NODE_AND_CERT();
  TlsApp app(false);
  const NodeRun r = app.websocket("/plain", false, nullptr);
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(socketio_tls, ws_client_echoes_compressed_messages_over_wss) {
  CORIO_REQUIRE_NODE_AND_CERT();
  TlsApp app(false);
  const NodeRun r = app.websocket("/echo", true, "permessage-deflate");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

}  // namespace
}  // namespace corio::test
