#pragma once
/// @file Namespace: a communication channel of the server (`/`, `/admin`...), its sockets,
/// middleware, connection handlers and adapter.

#include <corio/core/json.hpp>
#include <corio/core/spawn.hpp>
#include <corio/core/task.hpp>
#include <corio/socketio/adapter.hpp>
#include <corio/socketio/broadcast_operator.hpp>
#include <corio/socketio/socket.hpp>

#include <asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace corio::socketio {

class Server;

/// Connect middleware: throw ConnectError to refuse (the client gets connect_error).
using Middleware = std::function<Task<>(SocketRef)>;
/// Connection handler.
using ConnectionHandler = std::function<void(SocketRef)>;

/// A namespace. Obtained from Server::of(); lives as long as the server.
/// @code
/// Namespace& admin = io.of("/admin");
/// admin.use([](SocketRef s) -> Task<> {
///   if (s.handshake().auth.value("token", "") != "secret") throw ConnectError("not authorized");
///   co_return;
/// });
/// admin.on_connection([](SocketRef s) { s.emit("hello", "admin"); });
/// @endcode
class Namespace : public AdapterHost {
 public:
  /// Framework use (Server::of creates namespaces).
  Namespace(Server& server, std::string name);
  ~Namespace() override;
  Namespace(const Namespace&) = delete;
  Namespace& operator=(const Namespace&) = delete;

  /// The name, e.g. "/admin".
  const std::string& name() const noexcept { return name_; }
  /// The server.
  Server& server() const noexcept { return server_; }

  /// Adds a connection handler: `void(SocketRef)` or `Task<>(SocketRef)`.
  template <typename F>
  Namespace& on_connection(F&& handler);
  /// Adds connect middleware: `Task<>(SocketRef)` or `void(SocketRef)`; throw ConnectError
  /// to refuse.
  template <typename F>
  Namespace& use(F&& middleware);

  /// Every socket of the namespace.
  BroadcastOperator sockets() { return BroadcastOperator(*this); }
  /// A selection (see BroadcastOperator).
  BroadcastOperator to(const Room& room) { return sockets().to(room); }
  BroadcastOperator to(const std::vector<Room>& rooms) { return sockets().to(rooms); }
  BroadcastOperator in(const Room& room) { return sockets().to(room); }
  BroadcastOperator except(const Room& room) { return sockets().except(room); }
  BroadcastOperator volatile_() { return sockets().volatile_(); }
  BroadcastOperator local() { return sockets().local(); }
  BroadcastOperator compress(bool enabled) { return sockets().compress(enabled); }
  BroadcastOperator timeout(std::chrono::milliseconds t) { return sockets().timeout(t); }
  /// Emits to every socket of the namespace.
  template <typename... A>
  bool emit(std::string_view event, A&&... args) {
    return sockets().emit(event, std::forward<A>(args)...);
  }
  /// Emits to every socket and collects their replies.
  template <typename... A>
  Task<std::vector<json>> emit_with_ack(std::string_view event, A&&... args) {
    return sockets().emit_with_ack(event, std::forward<A>(args)...);
  }
  /// The sockets of the namespace.
  Task<std::vector<SocketRef>> fetch_sockets() { return sockets().fetch_sockets(); }
  /// Disconnects every socket.
  void disconnect_sockets(bool close = false) { sockets().disconnect_sockets(close); }

  /// Connected sockets in this process.
  std::size_t size() const noexcept { return sockets_.size(); }
  /// A socket by id (nullopt when not connected here).
  std::optional<SocketRef> socket(const SocketId& id) const;
  /// The adapter (rooms and broadcasts).
  Adapter& adapter() noexcept { return *adapter_; }

  // AdapterHost
  std::shared_ptr<const OutgoingPacket> prepare(const Packet& packet,
                                                const BroadcastFlags& flags) override;
  void deliver(const SocketId& id, const OutgoingPacket& packet, const BroadcastFlags& flags) override;

  /// Framework use: the connection steps.
  void add_middleware(Middleware middleware) { middlewares_.push_back(std::move(middleware)); }
  void add_connection_handler(ConnectionHandler handler) { handlers_.push_back(std::move(handler)); }
  const std::vector<Middleware>& middlewares() const noexcept { return middlewares_; }
  const std::vector<ConnectionHandler>& connection_handlers() const noexcept { return handlers_; }
  void add_socket(const std::shared_ptr<detail::SocketState>& socket);
  void remove_socket(const SocketId& id);
  /// Next ack id of the namespace (shared by single and broadcast emits, as the reference).
  std::uint64_t next_ack_id() noexcept { return ack_ids_++; }

 private:
  template <typename F>
  static Task<> run_connection(F handler, SocketRef socket) {
    co_await handler(std::move(socket));
  }
  template <typename F>
  static Task<> run_plain_middleware(F handler, SocketRef socket) {
    handler(std::move(socket));
    co_return;
  }

  Server& server_;
  std::string name_;
  std::unique_ptr<Adapter> adapter_;
  std::unordered_map<SocketId, std::shared_ptr<detail::SocketState>> sockets_;
  std::vector<Middleware> middlewares_;
  std::vector<ConnectionHandler> handlers_;
  std::uint64_t ack_ids_ = 0;
};

template <typename F>
Namespace& Namespace::on_connection(F&& handler) {
  using Fn = std::decay_t<F>;
  if constexpr (std::is_same_v<std::invoke_result_t<Fn&, SocketRef>, Task<>>) {
    add_connection_handler([fn = Fn(std::forward<F>(handler))](SocketRef socket) {
      asio::any_io_executor ex = socket.executor();
      spawn(ex, run_connection(fn, std::move(socket)), "socket.io connection handler");
    });
  } else {
    add_connection_handler(ConnectionHandler(std::forward<F>(handler)));
  }
  return *this;
}

template <typename F>
Namespace& Namespace::use(F&& middleware) {
  using Fn = std::decay_t<F>;
  if constexpr (std::is_same_v<std::invoke_result_t<Fn&, SocketRef>, Task<>>) {
    add_middleware(Middleware(std::forward<F>(middleware)));
  } else {
    add_middleware([fn = Fn(std::forward<F>(middleware))](SocketRef socket) {
      return run_plain_middleware(fn, std::move(socket));
    });
  }
  return *this;
}

}  // namespace corio::socketio
