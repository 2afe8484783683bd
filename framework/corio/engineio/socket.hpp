#pragma once
/// @file Socket: the user's handle on one Engine.IO session (the reference's `Socket`).

#include <asio/any_io_executor.hpp>
#include <concepts>
#include <corio/core/json.hpp>
#include <corio/core/spawn.hpp>
#include <corio/core/task.hpp>
#include <corio/engineio/shared_packet.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace corio::engineio {

namespace detail {
class Session;
}

/// What the handshake request looked like, captured when the session opened.
struct RequestInfo {
  std::string url;                                           ///< the request target
  std::vector<std::pair<std::string, std::string>> headers;  ///< headers as received
  json query = json::object();                               ///< query parameters
  std::string address;                                       ///< the peer's IP address
  std::uint16_t port = 0;                                    ///< the peer's port
  bool secure = false;                                       ///< true over TLS
  /// A header by case-insensitive name; empty when absent.
  std::string_view header(std::string_view name) const noexcept;
};

/// One received message. `data` is valid only during the callback: copy it to keep it.
struct Message {
  std::string_view data;  ///< UTF-8 text, or raw bytes when `binary`
  bool binary = false;    ///< true for a binary message
};

/// `void(const Message&)`: called for each received message.
using MessageHandler = std::function<void(const Message&)>;
/// `void(reason, description)`: called once when the session ends. Reasons: "transport close",
/// "transport error", "ping timeout", "parse error", "forced close", "server shutting down".
using CloseHandler = std::function<void(std::string_view reason, std::string_view description)>;
/// `void(transport name)`: called after a polling → websocket upgrade.
using UpgradeHandler = std::function<void(std::string_view transport)>;

/// A cheap, copyable handle on a session. It stays valid after the session ended: sends are
/// then no-ops and connected() is false. Use it on the session's shard only (handlers run
/// there). Callbacks are dropped after the close event, so capturing the Socket in them does
/// not leak.
/// @code
/// server.on_connection([](engineio::Socket socket) {
///   socket.on_message([socket](const engineio::Message& m) mutable {
///     m.binary ? socket.send_binary(m.data) : socket.send_text(m.data);  // echo
///   });
/// });
/// @endcode
class Socket {
 public:
  /// A handle on nothing (connected() false).
  Socket() = default;
  /// Framework use.
  explicit Socket(std::shared_ptr<detail::Session> session) : session_(std::move(session)) {}

  /// The session id (`sid`); empty for a default-constructed handle.
  const std::string& id() const noexcept;
  /// True until the session closes (false once close() was called).
  bool connected() const noexcept;
  /// True when a message sent now is written at once (the reference's `transport.writable`;
  /// Socket.IO drops volatile packets otherwise).
  bool writable() const noexcept;
  /// The current transport: "polling" or "websocket".
  std::string_view transport() const noexcept;
  /// The handshake request.
  const RequestInfo& request() const noexcept;
  /// The executor of the session's shard.
  asio::any_io_executor executor() const;

  /// Sends a text message.
  void send_text(std::string_view text);
  /// Sends a binary message.
  void send_binary(std::string_view bytes);
  /// Sends a packet encoded once for many sessions.
  void send(const SharedPacket& packet);
  /// Closes the session after the queued packets ("forced close").
  void close();

  /// Sets the message callback: `void(const Message&)` or `Task<>(Message)` (the latter gets
  /// its own copy of the data and runs as a coroutine of its own).
  template <typename F>
  void on_message(F&& handler);
  /// Sets the close callback: `void(std::string_view reason, std::string_view description)`.
  void on_close(CloseHandler handler);
  /// Sets the upgrade callback: `void(std::string_view transport)`.
  void on_upgrade(UpgradeHandler handler);

  /// True when both handles refer to the same session.
  friend bool operator==(const Socket& a, const Socket& b) noexcept {
    return a.session_ == b.session_;
  }

 private:
  void set_message_handler(MessageHandler handler);
  template <typename F>
  static Task<> run_message(F handler, std::string data, bool binary) {
    co_await handler(Message{data, binary});
  }
  std::shared_ptr<detail::Session> session_;
};

template <typename F>
void Socket::on_message(F&& handler) {
  using Fn = std::decay_t<F>;
  if constexpr (std::is_same_v<std::invoke_result_t<Fn&, Message>, Task<>>) {
    set_message_handler([fn = Fn(std::forward<F>(handler)), ex = executor()](const Message& m) {
      spawn(ex, run_message(fn, std::string(m.data), m.binary), "engine.io message handler");
    });
  } else {
    set_message_handler(MessageHandler(std::forward<F>(handler)));
  }
}

}  // namespace corio::engineio
