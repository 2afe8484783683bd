#pragma once
// The engine the Node interop scripts (interop_client.js, deflate_client.js) drive: an echo
// server that also obeys a few "cmd:" messages.

#include <asio/co_spawn.hpp>
#include <asio/steady_timer.hpp>
#include <corio/core/spawn.hpp>
#include <corio/engineio/server.hpp>

#include <chrono>
#include <cstdlib>
#include <string>

#include "engineio_net/engine_fixture.hpp"

namespace corio::test {

/// Sends m0..m{n-1}, one per millisecond, so that the stream spans a transport upgrade; with
/// `sized`, message i is "m<i>:" and 10 or 2000 'x' (alternately under and over the default
/// compression threshold).
inline Task<> send_burst(engineio::Socket socket, int n, bool sized) {
  asio::steady_timer timer(socket.executor());
  for (int i = 0; i < n; ++i) {
    std::string text = "m" + std::to_string(i);
    if (sized) text += ":" + std::string(i % 2 ? 2000 : 10, 'x');
    socket.send_text(text);
    timer.expires_after(std::chrono::milliseconds(1));
    co_await timer.async_wait(use_nothrow);
  }
}

/// Sends `text` as a shared packet marked compress(`compress`).
inline void send_shared(engineio::Socket& socket, std::string_view text, bool compress) {
  engineio::SharedPacket packet = engineio::SharedPacket::message(text);
  packet.set_compress(compress);
  socket.send(packet);
}

/// Echoes every message, except: "cmd:burst:N" / "cmd:sized-burst:N" (send_burst),
/// "cmd:close", "cmd:plain:X" / "cmd:packed:X" (X as a shared packet marked compress(false) /
/// compress(true)). Records the closes.
struct CommandEngine {
  explicit CommandEngine(engineio::ServerOptions options = {}) : server(std::move(options)) {
    server.on_connection([this](engineio::Socket socket) {
      socket.on_message([socket](const engineio::Message& m) mutable { obey(socket, m); });
      socket.on_close([this](std::string_view reason, std::string_view) {
        recorder.add_close(std::string(reason));
      });
    });
    server.attach(app.router());
    app.on_stop([this] { server.close(); });
    running.emplace(app);
  }

  static void obey(engineio::Socket& socket, const engineio::Message& m) {
    const std::string_view data = m.data;
    const auto count = [&](std::size_t prefix) { return std::atoi(std::string(data.substr(prefix)).c_str()); };
    if (m.binary) {
      socket.send_binary(data);
    } else if (data.starts_with("cmd:burst:")) {
      asio::co_spawn(socket.executor(), send_burst(socket, count(10), false), log_failure("burst"));
    } else if (data.starts_with("cmd:sized-burst:")) {
      asio::co_spawn(socket.executor(), send_burst(socket, count(16), true), log_failure("burst"));
    } else if (data == "cmd:close") {
      socket.close();
    } else if (data.starts_with("cmd:plain:")) {
      send_shared(socket, data.substr(10), false);
    } else if (data.starts_with("cmd:packed:")) {
      send_shared(socket, data.substr(11), true);
    } else {
      socket.send_text(data);
    }
  }

  App app;
  engineio::Server server;
  Recorder recorder;
  std::optional<Running> running;  // last: stops the app before the rest is destroyed
};

}  // namespace corio::test
