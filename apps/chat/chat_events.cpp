#include "chat_events.hpp"

#include <chrono>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "text.hpp"

namespace chat {

using corio::json;
using corio::socketio::Ack;
using corio::socketio::BroadcastOperator;
using corio::socketio::EventArgs;
using corio::socketio::Room;
using corio::socketio::SocketRef;

namespace {

const corio::DebugLog log("chat:events");

/// The Socket.IO room of every logged-in socket.
const Room online_room = "online";

/// The Socket.IO room of a chat room; the prefix keeps chat rooms apart from socket ids.
Room room_key(const std::string& room) { return "room:" + room; }

json notice(std::string_view type, const std::string& nickname, const std::string& room) {
  return json{{"type", type}, {"nickname", nickname}, {"room", room}, {"time", now_ms()}};
}

json users_update(const std::string& room, json users) {
  return json{{"room", room}, {"users", std::move(users)}};
}

}  // namespace

std::int64_t now_ms() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

void send_system_notice(corio::socketio::Server& io, std::string_view text) {
  io.of("/system").emit("notice", json{{"text", text}, {"time", now_ms()}});
}

/// Who receives a chat message, and the message's `recipient` field.
struct ChatEvents::Delivery {
  BroadcastOperator to;   ///< the recipients
  std::string recipient;  ///< a nickname, a room, or ""
};

/// One client: its socket and what it did so far. Shared by the socket's handlers, which the
/// framework drops on disconnect.
struct ChatEvents::Connection {
  SocketRef socket;  ///< the client
  Session session;   ///< nickname, rooms, rate window
};

ChatEvents::ChatEvents(corio::socketio::Server& io, ChatState& state) : io_(io), state_(state) {
  io_.on_connection([this](SocketRef socket) { on_connection(std::move(socket)); });
}

void ChatEvents::on_connection(SocketRef socket) {
  auto connection =
      std::make_shared<Connection>(Connection{socket, Session(state_.rules().rate_limit)});
  handle(connection, "login", &ChatEvents::login);
  handle(connection, "join", &ChatEvents::join);
  handle(connection, "leave", &ChatEvents::leave);
  handle(connection, "chat message", &ChatEvents::chat);
  handle(connection, "typing", &ChatEvents::typing);
  // Echoes its argument (the `echo` benchmark measures this round trip).
  socket.on("ping", [](EventArgs args, Ack ack) {
    if (args.size() == 1) ack(args[0]);
  });
  socket.on_disconnect([this, connection](std::string_view) { logout(*connection); });
}

/// Registers `event`: a refused request answers `chat error` {error, event} and, when acked,
/// {ok: false, error}.
void ChatEvents::handle(const std::shared_ptr<Connection>& connection, std::string_view event,
                        RequestHandler request) {
  connection->socket.on(event, [this, connection, event, request](EventArgs args, Ack ack) {
    const json reply = (this->*request)(*connection, args[0]);
    if (!reply.value("ok", false)) {
      connection->socket.emit("chat error", json{{"error", reply["error"]}, {"event", event}});
    }
    // The reference's handlers take (payload, ack): an ack only follows a lone argument.
    if (args.size() == 1) ack(reply);
  });
}

json ChatEvents::login(Connection& connection, const json& payload) {
  Session& session = connection.session;
  if (session.logged_in()) return error_reply("already logged in");
  const json& nickname = field(payload, "nickname");
  if (!state_.valid_nickname(nickname)) return error_reply("invalid nickname");
  if (state_.nickname_taken(nickname.get_ref<const std::string&>()))
    return error_reply("nickname taken");

  session.nickname = nickname.get<std::string>();
  state_.add_user(User{session.nickname, connection.socket.id()});
  connection.socket.join(online_room);
  log("{} logged in as {}", connection.socket.id(), session.nickname);
  announce_presence("login", session.nickname);

  // The default room first, then the rooms a reconnecting page asks back (invalid names and
  // rooms over the limit are skipped).
  json wanted = json::array({state_.rules().default_room});
  if (const json& rooms = field(payload, "rooms"); rooms.is_array())
    wanted.insert(wanted.end(), rooms.begin(), rooms.end());
  json history = json::object();
  for (const json& room : wanted) {
    if (!state_.valid_room(room)) continue;
    const std::string& name = room.get_ref<const std::string&>();
    if (enter_room(connection, name) != Entry::too_many_rooms) history[name] = state_.history(name);
  }
  return ok_reply({{"nickname", session.nickname},
                   {"rooms", session.rooms},
                   {"users", state_.nicknames()},
                   {"history", std::move(history)}});
}

json ChatEvents::join(Connection& connection, const json& payload) {
  if (!connection.session.logged_in()) return error_reply("not logged in");
  const json& room = field(payload, "room");
  if (!state_.valid_room(room)) return error_reply("invalid room");
  const std::string& name = room.get_ref<const std::string&>();
  if (enter_room(connection, name) == Entry::too_many_rooms) return error_reply("too many rooms");
  return ok_reply(
      {{"room", name}, {"users", state_.members(name)}, {"history", state_.history(name)}});
}

json ChatEvents::leave(Connection& connection, const json& payload) {
  if (!connection.session.logged_in()) return error_reply("not logged in");
  const json& room = field(payload, "room");
  if (!state_.valid_room(room)) return error_reply("invalid room");
  exit_room(connection, room.get<std::string>());  // leaving a room one is not in is fine
  return ok_reply({{"room", room}});
}

json ChatEvents::chat(Connection& connection, const json& payload) {
  Session& session = connection.session;
  if (!session.logged_in()) return error_reply("not logged in");
  const std::int64_t now = now_ms();
  if (!session.rate.admit(now)) return error_reply("rate limit");
  if (const std::string_view error = state_.check_message(payload); !error.empty())
    return error_reply(error);

  const std::string& type = payload["type"].get_ref<const std::string&>();
  std::variant<Delivery, std::string_view> addressed = address(connection, type, payload);
  if (const auto* error = std::get_if<std::string_view>(&addressed)) return error_reply(*error);
  const Delivery& delivery = std::get<Delivery>(addressed);

  const json& command = field(payload, "command");  // valid, or absent for "chat"
  const json message =
      state_.make_message(session.nickname, delivery.recipient,
                          command.is_string() ? command.get_ref<const std::string&>() : "chat",
                          type, payload["data"].get_ref<const std::string&>(), now);
  // A room keeps its messages; public and broadcast ones are the default room's; whispers
  // and random messages are not kept.
  if (type == "room") {
    state_.remember(delivery.recipient, message);
  } else if (type == "public" || type == "broadcast") {
    state_.remember(state_.rules().default_room, message);
  }
  delivery.to.emit("chat message", message);
  return ok_reply({{"id", message["id"]}, {"time", now}});
}

/// The recipients of a valid message of `type`, or why it cannot be delivered.
std::variant<ChatEvents::Delivery, std::string_view> ChatEvents::address(Connection& connection,
                                                                         const std::string& type,
                                                                         const json& payload) {
  const SocketRef& socket = connection.socket;
  if (type == "private") {
    const json& name = field(payload, "recipient");  // any case; the message gets the user's own
    std::optional<User> peer;
    if (name.is_string()) peer = state_.find_user(name.get_ref<const std::string&>());
    if (!peer) return "unknown recipient";
    return Delivery{io_.sockets().to(std::vector<Room>{peer->socket_id, socket.id()}),
                    peer->nickname};
  }
  if (type == "random") {
    const std::optional<User> peer = state_.other_user(socket.id(), random_());
    if (!peer) return "nobody else is online";
    return Delivery{io_.sockets().to(std::vector<Room>{peer->socket_id, socket.id()}),
                    peer->nickname};
  }
  if (type == "room") {
    const json& room = payload.contains("room") ? payload["room"] : field(payload, "recipient");
    if (!room.is_string() || !connection.session.in_room(room.get_ref<const std::string&>()))
      return "not in room";
    return Delivery{io_.to(room_key(room.get<std::string>())), room.get<std::string>()};
  }
  if (type == "public") return Delivery{io_.to(online_room), ""};
  return Delivery{socket.to(online_room), ""};  // broadcast: everyone but the sender
}

json ChatEvents::typing(Connection& connection, const json& payload) {
  if (!connection.session.logged_in()) return error_reply("not logged in");
  const json& room = field(payload, "room");
  const json& typing = field(payload, "typing");
  if (!state_.valid_room(room) || !typing.is_boolean()) return error_reply("invalid typing");
  const std::string& name = room.get_ref<const std::string&>();
  if (connection.session.in_room(name)) {  // typing in a room one is not in is ignored
    connection.socket.to(room_key(name))
        .emit("typing",
              json{{"room", name}, {"nickname", connection.session.nickname}, {"typing", typing}});
  }
  return ok_reply();
}

void ChatEvents::logout(Connection& connection) {
  Session& session = connection.session;
  if (!session.logged_in()) return;
  const std::vector<std::string> rooms = session.rooms;  // exit_room edits the session's list
  for (const std::string& room : rooms) exit_room(connection, room);
  state_.remove_user(session.nickname);
  log("{} ({}) logged out", connection.socket.id(), session.nickname);
  announce_presence("logout", session.nickname);
}

Entry ChatEvents::enter_room(Connection& connection, const std::string& room) {
  const Entry entry = state_.enter(connection.session, room);
  if (entry == Entry::joined) {
    connection.socket.join(room_key(room));
    announce(room, "join", connection.session.nickname);  // the joiner hears it too
  }
  return entry;
}

void ChatEvents::exit_room(Connection& connection, const std::string& room) {
  if (!state_.exit(connection.session, room)) return;
  connection.socket.leave(room_key(room));
  announce(room, "leave", connection.session.nickname);  // only the remaining members hear it
}

/// Tells `room` who joined or left, then its new member list.
void ChatEvents::announce(const std::string& room, std::string_view type,
                          const std::string& nickname) {
  const BroadcastOperator members = io_.to(room_key(room));
  members.emit("notice", notice(type, nickname, room));
  members.emit("users", users_update(room, state_.members(room)));
}

/// Tells everyone online who logged in or out, then the new online list (room "").
void ChatEvents::announce_presence(std::string_view type, const std::string& nickname) {
  const BroadcastOperator everyone = io_.to(online_room);
  everyone.emit("notice", notice(type, nickname, ""));
  everyone.emit("users", users_update("", state_.nicknames()));
}

}  // namespace chat
