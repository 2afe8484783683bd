#pragma once
/// @file BroadcastOperator: an immutable selection of recipients (rooms, exceptions, flags);
/// every builder returns a new value, as Socket.IO's `io.to(room)` does.

#include <corio/core/json.hpp>
#include <corio/core/task.hpp>
#include <corio/socketio/adapter.hpp>
#include <corio/socketio/remote_socket.hpp>

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace corio::socketio {

class Namespace;
class SocketRef;

/// Who to send to, and how. A value: copying is cheap, nothing is mutated behind your back.
/// @code
/// io.to("room1").to("room2").except("room3").emit("news", headline);  // each socket once
/// auto replies = co_await io.timeout(5s).emit_with_ack("poll", question);
/// @endcode
class BroadcastOperator {
 public:
  /// Everyone in `nsp`.
  explicit BroadcastOperator(Namespace& nsp) : nsp_(&nsp) {}

  /// Adds a room (union with the rooms already selected).
  BroadcastOperator to(const Room& room) const;
  /// Adds several rooms.
  BroadcastOperator to(const std::vector<Room>& rooms) const;
  /// Same as to().
  BroadcastOperator in(const Room& room) const { return to(room); }
  /// Excludes the sockets in a room.
  BroadcastOperator except(const Room& room) const;
  /// May be dropped for recipients that cannot take it now.
  BroadcastOperator volatile_() const;
  /// Only this process (when an adapter spans several).
  BroadcastOperator local() const;
  /// Whether the packet may be compressed.
  BroadcastOperator compress(bool enabled) const;
  /// Timeout of emit_with_ack.
  BroadcastOperator timeout(std::chrono::milliseconds timeout) const;

  /// Emits to the selection. Throws std::invalid_argument for a reserved event name.
  template <typename... A>
  bool emit(std::string_view event, A&&... args) const {
    return emit_args(event, json::array({json(std::forward<A>(args))...}));
  }
  /// Emits with an argument array.
  bool emit_args(std::string_view event, json args) const;
  /// Emits and collects every recipient's reply (the first argument of each), on every server
  /// of the cluster. Throws TimeoutError("operation has timed out") when some did not answer
  /// within timeout() (default 5 s here).
  template <typename... A>
  Task<std::vector<json>> emit_with_ack(std::string_view event, A&&... args) const {
    return emit_with_ack_args(std::string(event), json::array({json(std::forward<A>(args))...}));
  }
  /// emit_with_ack with an argument array.
  Task<std::vector<json>> emit_with_ack_args(std::string event, json args) const;

  /// The selected sockets of every server. Throws std::runtime_error when a server does not
  /// answer in time ("timeout reached while waiting for fetchSockets response").
  Task<std::vector<RemoteSocket>> fetch_sockets() const;
  /// Makes the selected sockets of every server join rooms.
  void sockets_join(const std::vector<Room>& rooms) const;
  void sockets_join(const Room& room) const { sockets_join(std::vector<Room>{room}); }
  /// Makes the selected sockets of every server leave rooms.
  void sockets_leave(const std::vector<Room>& rooms) const;
  void sockets_leave(const Room& room) const { sockets_leave(std::vector<Room>{room}); }
  /// Disconnects the selected sockets of every server (`close`: their whole connection).
  void disconnect_sockets(bool close = false) const;

  /// Sends an event to the other servers of the cluster (their on_server_side_emit handlers);
  /// rooms and flags do not apply.
  template <typename... A>
  void server_side_emit(std::string_view event, A&&... args) const {
    server_side_emit_args(event, json::array({json(std::forward<A>(args))...}));
  }
  /// server_side_emit with an argument array.
  void server_side_emit_args(std::string_view event, json args) const;
  /// Sends an event to the other servers and collects one reply from each (the first argument
  /// of each). Throws TimeoutError("timeout reached: only X responses received out of Y") when
  /// some did not answer within timeout() (default: the adapter's, 5 s).
  template <typename... A>
  Task<std::vector<json>> server_side_emit_with_ack(std::string_view event, A&&... args) const {
    return server_side_emit_with_ack_args(std::string(event),
                                          json::array({json(std::forward<A>(args))...}));
  }
  /// server_side_emit_with_ack with an argument array.
  Task<std::vector<json>> server_side_emit_with_ack_args(std::string event, json args) const;

  /// The selection as the adapter sees it.
  const BroadcastOptions& options() const noexcept { return options_; }

 private:
  // The coroutines take everything by value: an awaitable starts when awaited, after a
  // temporary operator (`io.to("r").fetch_sockets()`) is gone.
  static Task<std::vector<json>> emit_with_ack_task(Namespace* nsp, BroadcastOptions options,
                                                    std::chrono::milliseconds timeout,
                                                    std::string event, json args);
  static Task<std::vector<RemoteSocket>> fetch_sockets_task(Namespace* nsp, BroadcastOptions options);
  static Task<std::vector<json>> server_side_emit_with_ack_task(Namespace* nsp,
                                                                std::chrono::milliseconds timeout,
                                                                std::string event, json args);
  Namespace* nsp_;
  BroadcastOptions options_;
  std::optional<std::chrono::milliseconds> timeout_;
};

}  // namespace corio::socketio
