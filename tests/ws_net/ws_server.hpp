#pragma once
// A corio App with websocket routes on 127.0.0.1, for the networked ws tests.

#include <corio/app/app.hpp>
#include <corio/ws/websocket.hpp>

#include "support/test_app.hpp"
#include "ws_net/ws_client.hpp"

namespace corio::test {

/// Echoes every message back (the receive() style).
inline Task<> echo_handler(ws::WebSocket socket) {
  while (true) {
    std::optional<ws::Message> message = co_await socket.receive();
    if (!message) break;
    co_await socket.send(*message);
  }
}

/// An app with "/echo" (default options) and "/small" (256-byte messages) echo routes.
inline void add_echo_routes(App& app) {
  app.ws("/echo", echo_handler);
  app.ws("/small", echo_handler, ws::WebSocketOptions{.max_message_size = 256});
}

/// A client connected and upgraded on `path`.
inline std::unique_ptr<WsClient> open_client(std::uint16_t port, std::string_view path = "/echo") {
  auto client = std::make_unique<WsClient>(port);
  auto reply = client->handshake(path);
  if (!reply || reply->status != 101) return nullptr;
  return client;
}

}  // namespace corio::test
