// Starts an App on a free port, requests one route through a plain socket, prints the body;
// parses one Redis reply (the redis layer and its hiredis dependency resolve when installed).
#include <corio/corio.hpp>
#include <corio/redis/reader.hpp>

#include <asio/connect.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <iostream>

int main() {
  corio::App app;
  app.get("/", [](corio::Request&, corio::Response& res) { res.send("consumer ok"); });
  corio::net::ListenOptions listen;
  listen.host = "127.0.0.1";
  const auto port = app.start(listen);
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
  std::string response;
  std::error_code ec;
  asio::read(socket, asio::dynamic_buffer(response), ec);
  app.stop();
  // The redis layer links hiredis through the installed package config.
  corio::redis::Reader reader;
  reader.feed("+OK\r\n");
  std::optional<corio::redis::Reply> reply;
  if (reader.next(reply) || !reply || reply->str != "OK") return 1;
  std::cout << response.substr(response.find("\r\n\r\n") + 4) << "\n";
  return response.find("consumer ok") == std::string::npos;
}
