#pragma once
/// @file SocketRef: the user's handle on one Socket.IO socket (a client in one namespace).

#include <corio/core/json.hpp>
#include <corio/core/spawn.hpp>
#include <corio/core/task.hpp>
#include <corio/socketio/adapter.hpp>

#include <asio/any_io_executor.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace corio::socketio {

class BroadcastOperator;
class Namespace;
class SocketRef;
namespace detail {
struct SocketState;
}

/// The handshake of a socket (Socket.IO's `socket.handshake`).
struct Handshake {
  json headers = json::object();  ///< request headers (lower-case names)
  std::string time;               ///< when the connection was made, as a date string
  std::int64_t issued = 0;        ///< the same in milliseconds since the epoch
  std::string address;            ///< the peer's IP address
  bool xdomain = false;           ///< an Origin header was present
  bool secure = false;            ///< TLS
  std::string url;                ///< the request URL of the Engine.IO handshake
  json query = json::object();    ///< its query parameters
  json auth = json::object();     ///< the auth payload of the CONNECT packet
};

/// All arguments of an event, for handlers that want more than the first.
struct EventArgs {
  json values = json::array();  ///< the arguments in order
  /// Argument `i`, or null when absent.
  const json& operator[](std::size_t i) const {
    static const json null_value;
    return i < values.size() ? values[i] : null_value;
  }
  /// Number of arguments.
  std::size_t size() const noexcept { return values.size(); }
};

/// The reply to an event the client sent with a callback. Calling it more than once, or when
/// the client asked for no reply, does nothing.
/// @code
/// socket.on("ping", [](json data, Ack ack) { ack(data); });
/// @endcode
class Ack {
 public:
  Ack() = default;
  /// Framework use.
  Ack(std::shared_ptr<detail::SocketState> socket, std::optional<std::uint64_t> id)
      : socket_(std::move(socket)), id_(id) {}
  /// Sends the reply with the given arguments.
  template <typename... A>
  void operator()(A&&... args) {
    send(json::array({json(std::forward<A>(args))...}));
  }
  /// Sends the reply with an argument array.
  void send(json args);
  /// True when the client asked for a reply (and none was sent yet).
  bool requested() const noexcept { return socket_ && id_.has_value(); }

 private:
  std::shared_ptr<detail::SocketState> socket_;
  std::optional<std::uint64_t> id_;
};

/// Raised by emit_with_ack when the socket disconnected before the reply.
class DisconnectedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Refuses a connection from a middleware: the client gets `connect_error` with
/// `err.message` and `err.data`.
class ConnectError : public std::runtime_error {
 public:
  /// `message` becomes err.message; `data` err.data (omitted when null).
  explicit ConnectError(std::string message, json data = nullptr)
      : std::runtime_error(std::move(message)), data_(std::move(data)) {}
  /// The data sent with the error.
  const json& data() const noexcept { return data_; }

 private:
  json data_;
};

namespace detail {
/// A user event handler after adaptation: receives the arguments and the ack.
using EventHandler = std::function<void(EventArgs&&, Ack)>;
/// on_any handlers: event name and arguments.
using AnyHandler = std::function<void(std::string_view, const EventArgs&)>;

template <typename F>
EventHandler adapt_event_handler(F&& f, asio::any_io_executor executor);
}  // namespace detail

/// A socket as user code holds it: a cheap handle that stays valid after disconnect (emits
/// become no-ops, connected() is false). Use it on the socket's shard (where its handlers run).
/// @code
/// io.on_connection([&io](SocketRef socket) {
///   socket.join("lobby");
///   socket.on("chat message", [&io](json msg) { io.to("lobby").emit("chat message", msg); });
///   socket.on("ping", [](json data, Ack ack) { ack(data); });
/// });
/// @endcode
class SocketRef {
 public:
  /// Framework use.
  explicit SocketRef(std::shared_ptr<detail::SocketState> state) : state_(std::move(state)) {}

  /// The socket id (20 characters, unique).
  const std::string& id() const noexcept;
  /// The handshake (headers, query, auth, address...), built on the first call.
  const Handshake& handshake() const;
  /// Free-form data attached to the socket (shared with fetch_sockets()).
  json& data() noexcept;
  /// The rooms the socket is in (its own id included); empty after disconnect.
  std::set<Room> rooms() const;
  /// Its namespace.
  Namespace& nsp() const noexcept;
  /// True until disconnected.
  bool connected() const noexcept;
  /// The executor of the socket's shard.
  asio::any_io_executor executor() const;

  /// Joins a room / rooms.
  void join(const Room& room);
  void join(const std::vector<Room>& rooms);
  /// Leaves a room.
  void leave(const Room& room);

  /// Adds a handler for an event. Accepted shapes (coroutines `Task<>` or plain functions):
  /// `()`, `(json first)`, `(json first, Ack)`, `(EventArgs all)`, `(EventArgs all, Ack)`, or a
  /// typed first argument `(T)`/`(T, Ack)` converted with nlohmann's from_json.
  template <typename F>
  SocketRef& on(std::string_view event, F&& handler) {
    add_handler(event, detail::adapt_event_handler(std::forward<F>(handler), executor()), false);
    return *this;
  }
  /// Like on(), removed after the first call.
  template <typename F>
  SocketRef& once(std::string_view event, F&& handler) {
    add_handler(event, detail::adapt_event_handler(std::forward<F>(handler), executor()), true);
    return *this;
  }
  /// Removes every handler of an event.
  SocketRef& off(std::string_view event);
  /// A handler for every incoming event: `void(std::string_view event, const EventArgs&)`.
  SocketRef& on_any(detail::AnyHandler handler);
  /// A handler for every outgoing event.
  SocketRef& on_any_outgoing(detail::AnyHandler handler);
  /// Called with the reason before the socket leaves its rooms.
  SocketRef& on_disconnecting(std::function<void(std::string_view reason)> handler);
  /// Called with the reason once disconnected ("client namespace disconnect", "transport
  /// close", "ping timeout", ...).
  SocketRef& on_disconnect(std::function<void(std::string_view reason)> handler);

  /// Emits an event to this client. Throws std::invalid_argument for a reserved name.
  template <typename... A>
  bool emit(std::string_view event, A&&... args) {
    return emit_args(event, json::array({json(std::forward<A>(args))...}));
  }
  /// Emits with an argument array.
  bool emit_args(std::string_view event, json args);
  /// Emits and waits for the client's reply (its first argument). Throws TimeoutError after
  /// the timeout() set on this handle, DisconnectedError if the socket goes away.
  template <typename... A>
  Task<json> emit_with_ack(std::string_view event, A&&... args) {
    return emit_with_ack_args(std::string(event), json::array({json(std::forward<A>(args))...}));
  }
  /// emit_with_ack with an argument array.
  Task<json> emit_with_ack_args(std::string event, json args);
  /// A copy of this handle whose emit_with_ack times out after `timeout`.
  SocketRef timeout(std::chrono::milliseconds timeout) const {
    SocketRef copy = *this;
    copy.timeout_ = timeout;
    return copy;
  }
  /// A copy of this handle whose emits may be dropped when the client's transport cannot take
  /// them now (Socket.IO's `socket.volatile.emit`).
  SocketRef volatile_() const {
    SocketRef copy = *this;
    copy.volatile_flag_ = true;
    return copy;
  }
  /// A copy of this handle whose emits may (true, the default) or may not use
  /// permessage-deflate (Socket.IO's `socket.compress(false).emit`).
  SocketRef compress(bool enabled) const {
    SocketRef copy = *this;
    copy.compress_ = enabled;
    return copy;
  }

  /// Everyone in the namespace but this socket.
  BroadcastOperator broadcast() const;
  /// Everyone in `room` but this socket.
  BroadcastOperator to(const Room& room) const;
  /// Same as to().
  BroadcastOperator in(const Room& room) const;
  /// Everyone but this socket and `room`.
  BroadcastOperator except(const Room& room) const;

  /// Disconnects from the namespace ("server namespace disconnect"); `close` also closes the
  /// underlying connection (every namespace of the client).
  void disconnect(bool close = false);

  /// Two handles are equal when they refer to the same socket.
  friend bool operator==(const SocketRef& a, const SocketRef& b) noexcept { return a.state_ == b.state_; }
  /// Framework use.
  const std::shared_ptr<detail::SocketState>& state() const noexcept { return state_; }

 private:
  void add_handler(std::string_view event, detail::EventHandler handler, bool once);
  std::shared_ptr<detail::SocketState> state_;
  std::optional<std::chrono::milliseconds> timeout_;
  bool volatile_flag_ = false;
  bool compress_ = true;
};

// ---- handler adaptation ----

namespace detail {

/// Runs a coroutine handler that owns a copy of the handler object, so a lambda's captures
/// outlive the call that started it (the stored handler may be removed meanwhile).
template <typename Fn, typename... A>
Task<> call_owned(Fn fn, A... args) {
  co_await fn(std::move(args)...);
}

/// Calls a handler with `args`; a coroutine handler runs as a coroutine of its own on the
/// socket's shard.
template <typename Fn, typename... A>
void run_handler(Fn& fn, const asio::any_io_executor& executor, A&&... args) {
  using R = std::invoke_result_t<Fn&, A...>;
  if constexpr (std::is_same_v<std::decay_t<R>, Task<>>) {
    spawn(executor, call_owned<Fn, std::decay_t<A>...>(fn, std::forward<A>(args)...),
          "socket.io event handler");
  } else {
    fn(std::forward<A>(args)...);
  }
}

template <typename T>
T convert_arg(const json& value) {
  if constexpr (std::is_same_v<T, json>) {
    return value;
  } else {
    return value.get<T>();
  }
}

template <typename Fn, typename C, typename R, typename T>
void invoke_typed(Fn& fn, EventArgs&& args, Ack, const asio::any_io_executor& executor,
                  R (C::*)(T) const) {
  run_handler(fn, executor, convert_arg<std::decay_t<T>>(args[0]));
}
template <typename Fn, typename C, typename R, typename T>
void invoke_typed(Fn& fn, EventArgs&& args, Ack ack, const asio::any_io_executor& executor,
                  R (C::*)(T, Ack) const) {
  run_handler(fn, executor, convert_arg<std::decay_t<T>>(args[0]), std::move(ack));
}

template <typename Fn, typename C, typename R, typename T>
void invoke_typed(Fn& fn, EventArgs&& args, Ack, const asio::any_io_executor& executor,
                  R (C::*)(T)) {
  run_handler(fn, executor, convert_arg<std::decay_t<T>>(args[0]));
}
template <typename Fn, typename C, typename R, typename T>
void invoke_typed(Fn& fn, EventArgs&& args, Ack ack, const asio::any_io_executor& executor,
                  R (C::*)(T, Ack)) {
  run_handler(fn, executor, convert_arg<std::decay_t<T>>(args[0]), std::move(ack));
}
template <typename F>
EventHandler adapt_event_handler(F&& f, asio::any_io_executor executor) {
  using Fn = std::decay_t<F>;
  return [fn = Fn(std::forward<F>(f)), executor](EventArgs&& args, Ack ack) mutable {
    if constexpr (std::is_invocable_v<Fn&, EventArgs, Ack>) {
      run_handler(fn, executor, std::move(args), std::move(ack));
    } else if constexpr (std::is_invocable_v<Fn&, EventArgs>) {
      run_handler(fn, executor, std::move(args));
    } else if constexpr (std::is_invocable_v<Fn&, json, Ack>) {
      json first = args.size() ? std::move(args.values[0]) : json();
      run_handler(fn, executor, std::move(first), std::move(ack));
    } else if constexpr (std::is_invocable_v<Fn&, json>) {
      json first = args.size() ? std::move(args.values[0]) : json();
      run_handler(fn, executor, std::move(first));
    } else if constexpr (std::is_invocable_v<Fn&, Ack>) {
      run_handler(fn, executor, std::move(ack));
    } else if constexpr (std::is_invocable_v<Fn&>) {
      run_handler(fn, executor);
    } else {
      // A typed first argument: (T) or (T, Ack).
      using Traits = decltype(&Fn::operator());
      static_assert(!std::is_same_v<Traits, void>, "unsupported handler signature");
      invoke_typed(fn, std::move(args), std::move(ack), executor, Traits{});
    }
  };
}

}  // namespace detail

}  // namespace corio::socketio
