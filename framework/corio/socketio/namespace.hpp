#pragma once
/// @file Namespace: a communication channel of the server (`/`, `/admin`...), its sockets,
/// middleware, connection handlers and adapter.

#include <corio/core/json.hpp>
#include <corio/core/spawn.hpp>
#include <corio/core/task.hpp>
#include <corio/socketio/adapter.hpp>
#include <corio/socketio/broadcast_operator.hpp>
#include <corio/socketio/remote_socket.hpp>
#include <corio/socketio/socket.hpp>

#include <asio/any_io_executor.hpp>

#include <functional>
#include <set>
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

/// The reply to an event another server sent with server_side_emit_with_ack: call it once with
/// the answer; calling it when no answer was asked for does nothing.
class ServerAck {
 public:
  ServerAck() = default;
  /// Framework use.
  explicit ServerAck(std::function<void(json)> reply) : reply_(std::move(reply)) {}
  /// Sends the answer (once).
  void operator()(json answer) {
    if (!reply_) return;
    auto reply = std::move(reply_);
    reply_ = nullptr;
    reply(std::move(answer));
  }
  /// True when the sending server waits for an answer (and none was sent yet).
  bool requested() const noexcept { return static_cast<bool>(reply_); }

 private:
  std::function<void(json)> reply_;
};

/// A handler of events from other servers: the arguments, and the reply when one is awaited.
using ServerEventHandler = std::function<void(EventArgs, ServerAck)>;

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
  /// The sockets of the namespace, on every server.
  Task<std::vector<RemoteSocket>> fetch_sockets() { return sockets().fetch_sockets(); }
  /// Disconnects every socket, on every server.
  void disconnect_sockets(bool close = false) { sockets().disconnect_sockets(close); }
  /// Every room, on every server.
  Task<std::set<Room>> all_rooms() { return adapter_->all_rooms(); }

  /// Sends an event to the other servers of the cluster (Socket.IO's serverSideEmit).
  /// @code
  /// io.server_side_emit("cache:flush", "users");
  /// // on every other server:
  /// io.on_server_side_emit("cache:flush", [](EventArgs args, ServerAck) { flush(args[0]); });
  /// @endcode
  template <typename... A>
  void server_side_emit(std::string_view event, A&&... args) {
    sockets().server_side_emit(event, std::forward<A>(args)...);
  }
  /// Sends an event to the other servers and collects one reply from each.
  template <typename... A>
  Task<std::vector<json>> server_side_emit_with_ack(std::string_view event, A&&... args) {
    return sockets().server_side_emit_with_ack(event, std::forward<A>(args)...);
  }
  /// Handles an event other servers send with server_side_emit: `void(EventArgs, ServerAck)`
  /// (`ack(answer)` replies to server_side_emit_with_ack) or `void(EventArgs)`.
  template <typename F>
  Namespace& on_server_side_emit(std::string event, F&& handler) {
    using Fn = std::decay_t<F>;
    if constexpr (std::is_invocable_v<Fn&, EventArgs, ServerAck>) {
      server_handlers_.emplace_back(std::move(event), ServerEventHandler(std::forward<F>(handler)));
    } else {
      server_handlers_.emplace_back(
          std::move(event), [fn = Fn(std::forward<F>(handler))](EventArgs args, ServerAck) mutable {
            fn(std::move(args));
          });
    }
    return *this;
  }

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
  std::size_t deliver_with_ack(const Packet& packet, const std::vector<SocketId>& ids,
                               const BroadcastFlags& flags,
                               std::function<void(json)> on_ack) override;
  std::optional<SocketDetails> details(const SocketId& id) const override;
  void disconnect(const SocketId& id, bool close) override;
  void server_side_event(json data, std::function<void(json)> reply) override;

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
  std::vector<std::pair<std::string, ServerEventHandler>> server_handlers_;
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
