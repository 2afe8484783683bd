#pragma once
/// @file WebSocket: one accepted RFC 6455 connection — a cheap handle over the connection's
/// state, with a send queue (encode once, send many), ping/pong, the close handshake, and two
/// ways to receive: `co_await ws.receive()` or an on_message callback.

#include <asio/ip/tcp.hpp>
#include <chrono>
#include <corio/core/buffer.hpp>
#include <corio/core/task.hpp>
#include <corio/ws/deflate.hpp>
#include <corio/ws/frame.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corio::http {
class Request;
class Response;
}  // namespace corio::http

namespace corio::ws {

namespace detail {
class Connection;
}

/// A complete text or binary message.
struct Message {
  Opcode opcode = Opcode::text;  ///< Opcode::text or Opcode::binary
  std::string data;              ///< the payload (inflated; text is valid UTF-8)

  /// True for a text message.
  bool is_text() const noexcept { return opcode == Opcode::text; }
};

/// Limits and features of accepted websockets (defaults like the npm `ws` server).
struct WebSocketOptions {
  /// Largest incoming message (after inflation); over it → close 1009 (`ws` maxPayload).
  std::size_t max_message_size = 1 << 20;
  /// Bytes queued for sending (not yet written); over it the connection is closed with 1008
  /// and its queue dropped: a slow reader never slows the others.
  std::size_t max_send_queue_bytes = 16 << 20;
  /// Bytes of received messages nobody consumed yet; over it reading pauses until they are.
  std::size_t max_receive_queue_bytes = 16 << 20;
  /// Close (1001 "idle timeout") after this long without receiving anything; 0 = never.
  std::chrono::milliseconds idle_timeout{0};
  /// After we sent a close frame, drop the TCP connection if the peer has not answered in it.
  std::chrono::milliseconds close_timeout{5000};
  /// permessage-deflate (off by default).
  DeflateOptions deflate{};
  /// Subprotocols the server speaks, in preference order of the client's offer.
  std::vector<std::string> subprotocols{};
  /// When set, a request whose Origin it refuses is answered 403.
  std::function<bool(std::string_view origin)> check_origin{};
  /// Keep a copy of the request headers for WebSocket::header() (false saves their memory).
  bool keep_headers = true;
};

/// An accepted websocket: a cheap copyable handle sharing the connection's state. It stays
/// valid after the connection closed; sends then are no-ops returning false. Use it only on
/// the connection's shard (the thread that runs its handlers).
/// @code
/// app.ws("/echo", [](ws::WebSocket socket) -> Task<> {
///   while (true) {
///     std::optional<ws::Message> msg = co_await socket.receive();
///     if (!msg) break;
///     co_await socket.send(*msg);
///   }
/// });
/// @endcode
class WebSocket {
 public:
  /// Framework use: a handle on `connection`.
  explicit WebSocket(std::shared_ptr<detail::Connection> connection) noexcept;

  /// The next message; nullopt once the connection is closed (or on_message is set).
  Task<std::optional<Message>> receive();
  /// Queues a text message (valid UTF-8 expected); never blocks. False if closed/over limit.
  bool send_text(std::string_view text);
  /// Queues a binary message; never blocks. False if closed/over limit.
  bool send_binary(std::string_view bytes);
  /// Queues an already-encoded frame (ws::encode_frame) shared with other recipients.
  bool send_frame(SharedBuffer frame);
  /// Queues a message and waits until it is written (or the connection closed).
  Task<> send(const Message& message);
  /// Starts the close handshake with `code` (1000, 1001..., 3000..4999) and `reason`.
  void close(std::uint16_t code = 1000, std::string_view reason = {});

  /// True until a close frame was sent or received, or the connection dropped.
  bool is_open() const noexcept;
  /// The close code (the peer's, ours, or 1006 when the connection dropped); 0 while open.
  std::uint16_t close_code() const noexcept;
  /// The close reason that came with close_code().
  std::string_view close_reason() const noexcept;
  /// The subprotocol chosen at the handshake (empty when none).
  const std::string& protocol() const noexcept;
  /// The peer's address.
  asio::ip::tcp::endpoint remote_endpoint() const noexcept;
  /// A header of the upgrade request (case-insensitive name; empty when absent or when
  /// WebSocketOptions::keep_headers is false).
  std::string_view header(std::string_view name) const noexcept;
  /// Bytes queued and not yet written.
  std::size_t buffered_amount() const noexcept;
  /// True when permessage-deflate was negotiated (send_text/send_binary may compress).
  bool compresses() const noexcept;

  /// Delivers every message to `handler` as it arrives (messages already received are
  /// delivered at once, inside this call); receive() then returns nullopt. An exception
  /// from the handler closes the connection with 1011.
  void on_message(std::function<void(Message&&)> handler);
  /// Called once when the connection is closed (code and reason as close_code()).
  void on_close(std::function<void(std::uint16_t code, std::string_view reason)> handler);

  /// Two handles are equal when they refer to the same connection.
  friend bool operator==(const WebSocket& a, const WebSocket& b) noexcept {
    return a.connection_ == b.connection_;
  }

 private:
  std::shared_ptr<detail::Connection> connection_;
};

/// A coroutine that runs one accepted websocket (the handler of app.ws routes).
using WebSocketHandler = std::function<Task<>(WebSocket)>;

/// Performs the upgrade on an HTTP request: validates it (answering 400/405/426, or 403 when
/// check_origin refuses, itself), hijacks the connection and starts the connection's own
/// coroutine on the same executor, registered for graceful stop (clients then get close 1001
/// "server shutting down"). Returns nullopt after answering an error.
/// @code
/// app.get("/raw", [](Request& req, Response& res) -> Task<> {
///   if (auto socket = ws::accept(req, res)) socket->on_message([s = *socket](ws::Message&& m)
///   mutable { s.send_text(m.data); }); co_return;
/// });
/// @endcode
std::optional<WebSocket> accept(http::Request& req, http::Response& res,
                                const WebSocketOptions& options = {});

/// Like accept(), then runs `handler(socket)` in a coroutine of its own (so the HTTP
/// connection's state is freed). When the handler returns and the socket has no on_message
/// callback, the socket is closed with 1000; an exception closes it with 1011.
bool accept(http::Request& req, http::Response& res, const WebSocketOptions& options,
            WebSocketHandler handler);

}  // namespace corio::ws
