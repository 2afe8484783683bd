#pragma once
/// @file Server: the Engine.IO v4 server — handshake, request verification with the reference
/// error codes, routing of polling requests and websocket upgrades to their sessions.
///
/// Sessions live on the shard (io_context) of the request that created them, and the sid →
/// session map is per shard: with N > 1 shards, polling clients need sticky routing to one
/// shard (websocket-only clients do not). The default single shard needs nothing.

#include <corio/core/spawn.hpp>
#include <corio/core/task.hpp>
#include <corio/engineio/options.hpp>
#include <corio/engineio/socket.hpp>
#include <corio/http/router.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <type_traits>

namespace corio::engineio {

namespace detail {
struct Core;
}

/// An Engine.IO server, mounted on a router.
/// @code
/// engineio::Server engine;                        // path /engine.io, reference defaults
/// engine.on_connection([](engineio::Socket socket) {
///   socket.on_message([socket](const engineio::Message& m) mutable { socket.send_text(m.data); });
///   socket.on_close([](std::string_view reason, std::string_view) { /* ... */ });
/// });
/// engine.attach(app.router());
/// app.on_stop([&] { engine.close(); });
/// @endcode
class Server {
 public:
  /// A server with `options` (see ServerOptions for the defaults).
  explicit Server(ServerOptions options = {});
  /// Destroy the server once the shards it served have stopped (after App::stop).
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Sets the connection callback: `void(Socket)` or `Task<>(Socket)` (run as a coroutine of
  /// its own). Called on the session's shard once the open packet is queued.
  template <typename F>
  void on_connection(F&& handler);

  /// Mounts the server on `router` at options().path (all methods).
  void attach(http::Router& router);
  /// The middleware attach() mounts: it serves every request it receives as an Engine.IO
  /// request (mount it under the path yourself).
  http::Middleware middleware();
  /// Serves one Engine.IO request.
  Task<> handle(http::Request& req, http::Response& res);

  /// Ends every session at once with "server shutting down" (waiting polls get `1`, websockets
  /// a close frame). Callable from any thread: each shard closes its own sessions (at once on
  /// the calling shard, through a post on the others).
  void close();
  /// Open sessions over all shards.
  std::size_t clients_count() const noexcept;
  /// The options.
  const ServerOptions& options() const noexcept;

 private:
  void set_connection_handler(std::function<void(Socket)> handler);
  template <typename F>
  static Task<> run_connection(F handler, Socket socket) {
    co_await handler(std::move(socket));
  }
  std::shared_ptr<detail::Core> core_;
};

template <typename F>
void Server::on_connection(F&& handler) {
  using Fn = std::decay_t<F>;
  if constexpr (std::is_same_v<std::invoke_result_t<Fn&, Socket>, Task<>>) {
    set_connection_handler([fn = Fn(std::forward<F>(handler))](Socket socket) {
      asio::any_io_executor ex = socket.executor();
      spawn(ex, run_connection(fn, std::move(socket)), "engine.io connection handler");
    });
  } else {
    set_connection_handler(std::function<void(Socket)>(std::forward<F>(handler)));
  }
}

}  // namespace corio::engineio
