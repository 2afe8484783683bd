#pragma once
/// @file RemoteSocket: a socket as fetch_sockets() returns it — on this server or another —
/// with the operations that act on the server holding it (Socket.IO's RemoteSocket).

#include <corio/core/json.hpp>
#include <corio/core/task.hpp>
#include <corio/socketio/adapter.hpp>

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace corio::socketio {

class Namespace;
class BroadcastOperator;

/// A fetched socket: its details at the time of the fetch, and emit / join / leave /
/// disconnect, which reach it wherever it lives (through the adapter, like `io.to(id)`).
/// @code
/// for (RemoteSocket& s : co_await io.in("room1").fetch_sockets()) {
///   s.emit("hello", s.data());
///   if (s.data().value("banned", false)) s.disconnect();
/// }
/// @endcode
class RemoteSocket {
 public:
  /// Framework use.
  RemoteSocket(Namespace& nsp, SocketDetails details) : nsp_(&nsp), details_(std::move(details)) {}

  /// The socket id.
  const SocketId& id() const noexcept { return details_.id; }
  /// Its handshake as JSON (headers, time, address, xdomain, secure, issued, url, query, auth).
  const json& handshake() const noexcept { return details_.handshake; }
  /// Its rooms at the time of the fetch (its own id included).
  const std::vector<Room>& rooms() const noexcept { return details_.rooms; }
  /// Its `data` at the time of the fetch.
  const json& data() const noexcept { return details_.data; }

  /// Emits to this socket.
  template <typename... A>
  bool emit(std::string_view event, A&&... args) const {
    return emit_args(event, json::array({json(std::forward<A>(args))...}));
  }
  /// Emits with an argument array.
  bool emit_args(std::string_view event, json args) const;
  /// Emits and waits for the client's reply (its first argument); throws TimeoutError.
  template <typename... A>
  Task<json> emit_with_ack(std::string_view event, A&&... args) const {
    return emit_with_ack_args(std::string(event), json::array({json(std::forward<A>(args))...}));
  }
  /// emit_with_ack with an argument array.
  Task<json> emit_with_ack_args(std::string event, json args) const;
  /// A copy whose emit_with_ack times out after `timeout`.
  RemoteSocket timeout(std::chrono::milliseconds timeout) const {
    RemoteSocket copy = *this;
    copy.timeout_ = timeout;
    return copy;
  }
  /// Joins rooms / leaves a room, on the server holding the socket.
  void join(const Room& room) const;
  void join(const std::vector<Room>& rooms) const;
  void leave(const Room& room) const;
  /// Disconnects it (`close`: its whole connection).
  void disconnect(bool close = false) const;

 private:
  BroadcastOperator self() const;
  Namespace* nsp_;
  SocketDetails details_;
  std::optional<std::chrono::milliseconds> timeout_;
};

}  // namespace corio::socketio
