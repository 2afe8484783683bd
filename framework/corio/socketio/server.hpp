#pragma once
/// @file Server: the Socket.IO v5 server (`require("socket.io")(server)`), on an Engine.IO
/// server mounted at /socket.io/, with namespaces, dynamic namespaces and the client bundle.

#include <corio/core/json.hpp>
#include <corio/core/task.hpp>
#include <corio/engineio/server.hpp>
#include <corio/http/router.hpp>
#include <corio/socketio/adapter.hpp>
#include <corio/socketio/namespace.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace corio::socketio {

/// Server options (Socket.IO's names in snake_case, same defaults).
struct ServerOptions {
  std::string path = "/socket.io";                    ///< where Engine.IO is mounted
  std::chrono::milliseconds connect_timeout{45'000};  ///< a client must join a namespace in it
  bool serve_client = true;        ///< serve /socket.io/socket.io.js and friends
  std::string client_dist{};       ///< folder of socket.io-client's dist/ (default: set-up's copy)
  engineio::ServerOptions engine{};  ///< ping, buffer, transports, cors... (path is overridden)
  DecoderLimits decoder{};           ///< packet decoder limits
  AdapterFactory adapter{};          ///< default: InMemoryAdapter
};

/// Decides whether a dynamic namespace accepts a name: `Task<bool>(name, auth)`.
using NamespaceMatcher = std::function<Task<bool>(std::string_view name, const json& auth)>;

/// The parent of dynamic namespaces: its middleware and handlers apply to every child, and
/// its emits reach every child.
class ParentNamespace {
 public:
  /// Framework use.
  explicit ParentNamespace(NamespaceMatcher matcher) : matcher_(std::move(matcher)) {}
  /// Adds a connection handler for every child (`void(SocketRef)` or `Task<>(SocketRef)`).
  template <typename F>
  ParentNamespace& on_connection(F&& handler) {
    handlers_.push_back(to_connection_handler(std::forward<F>(handler)));
    for (Namespace* child : children_) child->add_connection_handler(handlers_.back());
    return *this;
  }
  /// Adds middleware for every child.
  template <typename F>
  ParentNamespace& use(F&& middleware) {
    middleware_wrappers_.push_back([m = std::decay_t<F>(std::forward<F>(middleware))](Namespace& child) {
      child.use(m);
    });
    for (Namespace* child : children_) middleware_wrappers_.back()(*child);
    return *this;
  }
  /// Emits to every socket of every child.
  template <typename... A>
  void emit(std::string_view event, A&&... args) {
    for (Namespace* child : children_) child->emit(event, args...);
  }
  /// The children created so far.
  const std::vector<Namespace*>& children() const noexcept { return children_; }
  /// Framework use.
  const NamespaceMatcher& matcher() const noexcept { return matcher_; }
  void adopt(Namespace& child);

 private:
  template <typename F>
  static ConnectionHandler to_connection_handler(F&& handler) {
    using Fn = std::decay_t<F>;
    if constexpr (std::is_same_v<std::invoke_result_t<Fn&, SocketRef>, Task<>>) {
      return [fn = Fn(std::forward<F>(handler))](SocketRef socket) {
        asio::any_io_executor ex = socket.executor();
        spawn(ex, run(fn, std::move(socket)), "socket.io connection handler");
      };
    } else {
      return ConnectionHandler(std::forward<F>(handler));
    }
  }
  template <typename F>
  static Task<> run(F handler, SocketRef socket) {
    co_await handler(std::move(socket));
  }
  NamespaceMatcher matcher_;
  std::vector<ConnectionHandler> handlers_;
  std::vector<std::function<void(Namespace&)>> middleware_wrappers_;
  std::vector<Namespace*> children_;
};

namespace detail {
class Client;
}

/// The Socket.IO server.
/// @code
/// socketio::Server io;                          // or app.io() on an App
/// io.on_connection([&io](SocketRef socket) {
///   socket.on("chat message", [&io](json msg) { io.emit("chat message", msg); });
/// });
/// io.attach(app.router());
/// @endcode
class Server {
 public:
  /// A server with `options`; `executor` is the event loop of its shard (App::io() passes
  /// it), which adapters that talk to other servers run on.
  explicit Server(ServerOptions options = {}, asio::any_io_executor executor = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The namespace `name` (created on first use).
  Namespace& of(std::string_view name);
  /// Dynamic namespaces whose names match `pattern` (the whole name).
  ParentNamespace& of(const std::regex& pattern);
  /// Dynamic namespaces accepted by `matcher` (may be a coroutine).
  ParentNamespace& of(NamespaceMatcher matcher);

  /// The main namespace's helpers (`io.on("connection")`, `io.use`, `io.emit`, `io.to`...).
  template <typename F> Server& on_connection(F&& h) { of("/").on_connection(std::forward<F>(h)); return *this; }
  template <typename F> Server& use(F&& m) { of("/").use(std::forward<F>(m)); return *this; }
  template <typename... A> bool emit(std::string_view event, A&&... args) { return of("/").emit(event, std::forward<A>(args)...); }
  BroadcastOperator sockets() { return of("/").sockets(); }
  BroadcastOperator to(const Room& room) { return of("/").to(room); }
  BroadcastOperator to(const std::vector<Room>& rooms) { return of("/").to(rooms); }
  BroadcastOperator in(const Room& room) { return of("/").in(room); }
  BroadcastOperator except(const Room& room) { return of("/").except(room); }
  BroadcastOperator volatile_() { return of("/").volatile_(); }
  BroadcastOperator local() { return of("/").local(); }
  BroadcastOperator compress(bool enabled) { return of("/").compress(enabled); }
  BroadcastOperator timeout(std::chrono::milliseconds t) { return of("/").timeout(t); }
  Task<std::vector<RemoteSocket>> fetch_sockets() { return of("/").fetch_sockets(); }
  void disconnect_sockets(bool close = false) { of("/").disconnect_sockets(close); }
  Task<std::set<Room>> all_rooms() { return of("/").all_rooms(); }
  template <typename... A> void server_side_emit(std::string_view event, A&&... args) { of("/").server_side_emit(event, std::forward<A>(args)...); }
  template <typename... A> Task<std::vector<json>> server_side_emit_with_ack(std::string_view event, A&&... args) { return of("/").server_side_emit_with_ack(event, std::forward<A>(args)...); }
  template <typename F> Server& on_server_side_emit(std::string event, F&& h) { of("/").on_server_side_emit(std::move(event), std::forward<F>(h)); return *this; }

  /// Mounts the server on `router` (Engine.IO at options().path, and the client bundle).
  void attach(http::Router& router);
  /// Serves one request under options().path (what attach mounts).
  Task<> handle(http::Request& req, http::Response& res);
  /// True when `path` is under options().path (for apps that route it first).
  bool owns(std::string_view path) const noexcept;
  /// Closes every connection ("server shutting down").
  void close();
  /// The options.
  const ServerOptions& options() const noexcept { return options_; }
  /// The Engine.IO server underneath.
  engineio::Server& engine() noexcept { return *engine_; }
  /// The event loop given at construction (empty when none was).
  const asio::any_io_executor& executor() const noexcept { return executor_; }

  /// Framework use: the steps of a CONNECT packet.
  Task<Namespace*> find_namespace(std::string_view name, const json& auth);
  /// Framework use: the adapter of a new namespace.
  std::unique_ptr<Adapter> make_adapter(Namespace& nsp);

 private:
  Task<bool> serve_client_file(http::Request& req, http::Response& res, std::string_view file);

  ServerOptions options_;
  asio::any_io_executor executor_;
  std::unique_ptr<engineio::Server> engine_;
  std::map<std::string, std::unique_ptr<Namespace>, std::less<>> namespaces_;
  std::vector<std::unique_ptr<ParentNamespace>> parents_;
  struct ClientFile;
  std::map<std::string, std::shared_ptr<ClientFile>, std::less<>> client_files_;
};

}  // namespace corio::socketio
