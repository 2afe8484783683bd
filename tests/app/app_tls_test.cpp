// HTTPS through ListenOptions::tls with a certificate made at run time (openssl CLI).
#include <corio/app/app.hpp>

#include <asio/connect.hpp>
#include <asio/read_until.hpp>
#include <asio/ssl.hpp>
#include <asio/write.hpp>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cstdlib>

#include "support/test_certificate.hpp"

namespace corio {
namespace {

/// Reads until the server closes or 5 s pass without data (bounded either way).
std::string read_all(asio::ssl::stream<asio::ip::tcp::socket>& stream) {
  timeval timeout{5, 0};
  ::setsockopt(stream.lowest_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string response;
  std::error_code ec;
  char buf[4096];
  for (int i = 0; i < 100; ++i) {
    std::size_t n = stream.read_some(asio::buffer(buf), ec);
    response.append(buf, n);
    if (ec) break;
  }
  return response;
}

void set_cork(asio::ssl::stream<asio::ip::tcp::socket>& stream, int on) {
  ::setsockopt(stream.lowest_layer().native_handle(), IPPROTO_TCP, TCP_CORK, &on, sizeof on);
}

class app_tls : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certificate.ok) << "openssl CLI needed to make the test certificate";
    app.get("/secure", [](Request& req, Response& res) {
      res.send(std::string(req.protocol()) + (req.secure() ? " yes" : " no"));
    });
    net::ListenOptions listen;
    listen.host = "127.0.0.1";
    listen.tls = net::make_tls_context(certificate.cert, certificate.key);
    port = app.start(listen);
    client_ctx.load_verify_file(certificate.cert);
    stream.set_verify_mode(asio::ssl::verify_peer);
    stream.lowest_layer().connect({asio::ip::make_address("127.0.0.1"), port});
  }
  void TearDown() override { app.stop(); }

  const test::TestCertificate& certificate = test::test_certificate();
  App app;
  std::uint16_t port = 0;
  asio::io_context io;
  asio::ssl::context client_ctx{asio::ssl::context::tls_client};
  asio::ssl::stream<asio::ip::tcp::socket> stream{io, client_ctx};
};

TEST_F(app_tls, serves_https_with_a_runtime_certificate) {
  stream.handshake(asio::ssl::stream_base::client);
  std::string request = "GET /secure HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  asio::write(stream, asio::buffer(request));
  const std::string response = read_all(stream);
  EXPECT_NE(response.find("HTTP/1.1 200 OK"), std::string::npos) << response;
  EXPECT_NE(response.find("https yes"), std::string::npos) << response;
}

TEST_F(app_tls, answers_requests_that_arrive_with_the_end_of_the_handshake) {
  // The client's last handshake flight and two requests (two TLS records) held back by
  // TCP_CORK and sent together: the server's handshake reads them all into the TLS layer,
  // where waiting for socket readiness would never see them.
  set_cork(stream, 1);
  stream.handshake(asio::ssl::stream_base::client);
  asio::write(stream, asio::buffer(std::string("GET /secure HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
  asio::write(stream, asio::buffer(std::string("GET /secure HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")));
  set_cork(stream, 0);
  const std::string response = read_all(stream);
  const std::size_t first = response.find("HTTP/1.1 200 OK");
  ASSERT_NE(first, std::string::npos) << response;
  EXPECT_NE(response.find("HTTP/1.1 200 OK", first + 1), std::string::npos) << response;
}

}  // namespace
}  // namespace corio
