// HTTPS through ListenOptions::tls with a certificate made at run time (openssl CLI).
#include <corio/app/app.hpp>

#include <asio/connect.hpp>
#include <asio/read_until.hpp>
#include <asio/ssl.hpp>
#include <asio/write.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace corio {
namespace {

namespace fs = std::filesystem;

TEST(app_tls, serves_https_with_a_runtime_certificate) {
  const fs::path dir = fs::temp_directory_path() / ("corio_tls_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " +
                          key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl CLI needed to make the test certificate";

  App app;
  app.get("/secure", [](Request& req, Response& res) {
    res.send(std::string(req.protocol()) + (req.secure() ? " yes" : " no"));
  });
  net::ListenOptions listen;
  listen.host = "127.0.0.1";
  listen.tls = net::make_tls_context(cert, key);
  const std::uint16_t port = app.start(listen);

  asio::io_context io;
  asio::ssl::context client_ctx(asio::ssl::context::tls_client);
  client_ctx.load_verify_file(cert);
  asio::ssl::stream<asio::ip::tcp::socket> stream(io, client_ctx);
  stream.set_verify_mode(asio::ssl::verify_peer);
  stream.lowest_layer().connect({asio::ip::make_address("127.0.0.1"), port});
  stream.handshake(asio::ssl::stream_base::client);
  std::string request = "GET /secure HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  asio::write(stream, asio::buffer(request));
  std::string response;
  std::error_code ec;
  char buf[4096];
  for (int i = 0; i < 100; ++i) {  // bounded: the server closes after the response
    std::size_t n = stream.read_some(asio::buffer(buf), ec);
    response.append(buf, n);
    if (ec) break;
  }
  EXPECT_NE(response.find("HTTP/1.1 200 OK"), std::string::npos) << response;
  EXPECT_NE(response.find("https yes"), std::string::npos) << response;
  app.stop();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace corio
