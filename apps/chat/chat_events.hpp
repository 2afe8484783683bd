#pragma once
/// @file ChatEvents: the chat's realtime protocol (apps/chat/PROTOCOL.md) as Socket.IO event
/// handlers: login, join, leave, chat message, typing and ping on `/`, notices on `/system`.

#include <corio/corio.hpp>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <variant>

#include "chat_state.hpp"

namespace chat {

/// Milliseconds since the epoch (the `time` of messages and notices).
std::int64_t now_ms();

/// Sends `{text, time}` as a `notice` to every client of the `/system` namespace.
void send_system_notice(corio::socketio::Server& io, std::string_view text);

/// The event handlers of every chat connection.
/// @code
/// chat::ChatState state(config.rules, "k2x9");
/// chat::ChatEvents events(app.io(), state);  // registers io.on_connection
/// @endcode
class ChatEvents {
 public:
  /// Handles the connections of `io`'s main namespace; `io` and `state` must outlive it.
  ChatEvents(corio::socketio::Server& io, ChatState& state);
  ChatEvents(const ChatEvents&) = delete;
  ChatEvents& operator=(const ChatEvents&) = delete;

 private:
  struct Connection;
  struct Delivery;
  /// A request handler: the payload in, the ack reply (`{ok, ...}`) out.
  using RequestHandler = corio::json (ChatEvents::*)(Connection&, const corio::json& payload);

  void on_connection(corio::socketio::SocketRef socket);
  /// Registers `event` (a string literal: the handler keeps a view of it, not a copy per socket).
  void handle(const std::shared_ptr<Connection>& connection, std::string_view event,
              RequestHandler request);

  corio::json login(Connection& connection, const corio::json& payload);
  corio::json join(Connection& connection, const corio::json& payload);
  corio::json leave(Connection& connection, const corio::json& payload);
  corio::json chat(Connection& connection, const corio::json& payload);
  corio::json typing(Connection& connection, const corio::json& payload);
  std::variant<Delivery, std::string_view> address(Connection& connection, const std::string& type,
                                                   const corio::json& payload);
  void logout(Connection& connection);

  Entry enter_room(Connection& connection, const std::string& room);
  void exit_room(Connection& connection, const std::string& room);
  void announce(const std::string& room, std::string_view type, const std::string& nickname);
  void announce_presence(std::string_view type, const std::string& nickname);

  corio::socketio::Server& io_;
  ChatState& state_;
  std::mt19937_64 random_{std::random_device{}()};  // picks the peer of `random` messages
};

}  // namespace chat
