// WebSocket over TLS with an Asio TLS client: frames that reach the server in TLS records
// delivered together (one TCP segment) are all read, not left inside the TLS layer.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <asio/connect.hpp>
#include <asio/read.hpp>
#include <asio/read_until.hpp>
#include <asio/ssl.hpp>
#include <asio/write.hpp>
#include <corio/ws/websocket.hpp>

#include "support/test_certificate.hpp"
#include "ws_net/ws_server.hpp"

namespace corio::test {
namespace {

using namespace std::chrono_literals;
using tls_stream = asio::ssl::stream<asio::ip::tcp::socket>;

// An App with the echo routes listening with TLS on 127.0.0.1.
class wss_echo : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test_certificate().ok) << "openssl CLI needed for the certificate";
    add_echo_routes(app_);
    net::ListenOptions listen;
    listen.host = "127.0.0.1";
    listen.tls = net::make_tls_context(test_certificate().cert, test_certificate().key);
    port_ = app_.start(listen);
  }
  void TearDown() override { app_.stop(); }

  /// A TLS client upgraded on "/echo" (false when the handshake failed).
  bool open(tls_stream& stream) {
    stream.lowest_layer().connect({asio::ip::make_address("127.0.0.1"), port_});
    stream.handshake(asio::ssl::stream_base::client);
    const std::string request =
        "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: " +
        std::string(test_key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    asio::write(stream, asio::buffer(request));
    std::string head;
    asio::read_until(stream, asio::dynamic_buffer(head), "\r\n\r\n");
    return head.starts_with("HTTP/1.1 101");
  }

  App app_;
  std::uint16_t port_ = 0;
};

// Reads exactly `size` bytes within `timeout`; fewer when they do not come.
std::string read_bytes(asio::io_context& io, tls_stream& stream, std::size_t size,
                       std::chrono::milliseconds timeout) {
  std::string data(size, '\0');
  std::size_t got = 0;
  asio::async_read(stream, asio::buffer(data), [&got](std::error_code, std::size_t n) { got = n; });
  io.restart();
  io.run_for(timeout);
  if (!io.stopped()) {
    stream.lowest_layer().cancel();
    io.restart();
    io.run_for(1s);
  }
  data.resize(got);
  return data;
}

void set_cork(tls_stream& stream, int on) {
  ::setsockopt(stream.lowest_layer().native_handle(), IPPROTO_TCP, TCP_CORK, &on, sizeof on);
}

TEST_F(wss_echo, reads_every_frame_of_tls_records_that_arrive_together) {
  asio::io_context io;
  asio::ssl::context context(asio::ssl::context::tls_client);
  tls_stream stream(io, context);
  ASSERT_TRUE(open(stream));
  // Two frames in two TLS records, held back by TCP_CORK and sent in one segment.
  set_cork(stream, 1);
  asio::write(stream, asio::buffer(client_frame(0x1, "one")));
  asio::write(stream, asio::buffer(client_frame(0x1, "two")));
  set_cork(stream, 0);
  const std::string echoes = read_bytes(io, stream, 10, 3s);
  EXPECT_EQ(echoes, std::string("\x81\x03one\x81\x03two"));
}

TEST_F(wss_echo, echoes_a_large_binary_message_over_tls) {
  asio::io_context io;
  asio::ssl::context context(asio::ssl::context::tls_client);
  tls_stream stream(io, context);
  ASSERT_TRUE(open(stream));
  std::string payload(300'000, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 13);
  asio::write(stream, asio::buffer(client_frame(0x2, payload)));
  const std::string echo = read_bytes(io, stream, 10 + payload.size(), 5s);
  ASSERT_EQ(echo.size(), 10 + payload.size());
  EXPECT_EQ(echo.substr(0, 2), std::string("\x82\x7f"));
  EXPECT_EQ(echo.substr(10), payload);
}

}  // namespace
}  // namespace corio::test
