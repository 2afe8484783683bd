#pragma once
// An App serving an engineio::Server on 127.0.0.1, with a recorder of what the server saw and
// raw HTTP helpers for the polling protocol.

#include <chrono>
#include <condition_variable>
#include <corio/app/app.hpp>
#include <corio/engineio/server.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/raw_client.hpp"
#include "support/test_app.hpp"

namespace corio::test {

/// What the server's callbacks observed (filled on the app's thread, read by the test).
class Recorder {
 public:
  void add_message(std::string m) { push(messages_, std::move(m)); }
  void add_close(std::string reason) { push(closes_, std::move(reason)); }
  void add_socket(engineio::Socket s) {
    std::lock_guard lock(mutex_);
    sockets_.push_back(std::move(s));
    cv_.notify_all();
  }
  /// Waits until `n` messages arrived; returns them (possibly fewer after the timeout).
  std::vector<std::string> messages(std::size_t n,
                                    std::chrono::milliseconds t = std::chrono::seconds(5)) {
    return wait(messages_, n, t);
  }
  /// Waits until `n` closes were reported; returns their reasons.
  std::vector<std::string> closes(std::size_t n,
                                  std::chrono::milliseconds t = std::chrono::seconds(5)) {
    return wait(closes_, n, t);
  }
  /// The first socket (waits for it).
  engineio::Socket socket() {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::seconds(5), [&] { return !sockets_.empty(); });
    return sockets_.empty() ? engineio::Socket() : sockets_.front();
  }

 private:
  void push(std::vector<std::string>& v, std::string s) {
    std::lock_guard lock(mutex_);
    v.push_back(std::move(s));
    cv_.notify_all();
  }
  std::vector<std::string> wait(std::vector<std::string>& v, std::size_t n,
                                std::chrono::milliseconds t) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, t, [&] { return v.size() >= n; });
    return v;
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> messages_;
  std::vector<std::string> closes_;
  std::vector<engineio::Socket> sockets_;
};

/// An echo engine: records messages ("b:" prefix for binary) and closes, echoes each message.
struct EngineApp {
  explicit EngineApp(engineio::ServerOptions options = {},
                     std::function<void(engineio::Socket&)> on_open = {})
      : server(std::move(options)) {
    server.on_connection([this, on_open](engineio::Socket socket) {
      socket.on_message([this, socket](const engineio::Message& m) mutable {
        recorder.add_message(m.binary ? "b:" + std::string(m.data) : std::string(m.data));
        if (m.binary)
          socket.send_binary(m.data);
        else
          socket.send_text(m.data);
      });
      socket.on_close([this](std::string_view reason, std::string_view) {
        recorder.add_close(std::string(reason));
      });
      if (on_open) on_open(socket);
      recorder.add_socket(socket);
    });
    server.attach(app.router());
    app.on_stop([this] { server.close(); });
    running.emplace(app);
  }

  /// Path and query of an Engine.IO request.
  std::string url(std::string_view query) const {
    return server.options().path + "/?" + std::string(query);
  }
  /// GET on a fresh connection.
  RawResponse get(std::string_view query, std::string_view headers = {}) const {
    return running->get(url(query), headers);
  }
  /// POST `body` on a fresh connection.
  RawResponse post(std::string_view query, std::string_view body,
                   std::string_view headers = {}) const {
    RawClient c(running->port());
    std::string raw =
        "POST " + url(query) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(headers) +
        "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + std::string(body);
    auto r = c.request(raw);
    return r ? *r : RawResponse{};
  }
  /// Handshakes over polling and returns the sid (empty on failure).
  std::string handshake() const {
    RawResponse r = get("EIO=4&transport=polling");
    if (r.status != 200 || r.body.size() < 2 || r.body[0] != '0') return {};
    return json::parse(r.body.substr(1)).value("sid", "");
  }
  /// GET on the session.
  RawResponse poll(const std::string& sid) const {
    return get("EIO=4&transport=polling&sid=" + sid);
  }
  /// Sends a GET on the session and gives it 100 ms to wait at the server; read its answer
  /// from the client (whose reads time out after `timeout`).
  std::unique_ptr<RawClient> hold_poll(
      const std::string& sid, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    auto c = std::make_unique<RawClient>(port(), timeout);
    c->send(get_request(url("EIO=4&transport=polling&sid=" + sid)));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return c;
  }
  /// POST on the session.
  RawResponse send(const std::string& sid, std::string_view payload) const {
    return post("EIO=4&transport=polling&sid=" + sid, payload);
  }
  /// The listening port.
  std::uint16_t port() const { return running->port(); }

  App app;
  engineio::Server server;
  Recorder recorder;
  std::optional<Running> running;  // last: stops the app before the rest is destroyed
};

}  // namespace corio::test
