#include "chat_state.hpp"

#include <algorithm>
#include <array>

#include "text.hpp"

namespace chat {
namespace {

using corio::json;

constexpr std::array<std::string_view, 5> message_types = {"public", "broadcast", "private", "room",
                                                           "random"};

bool is_message_type(const json& value) {
  if (!value.is_string()) return false;
  const auto& type = value.get_ref<const std::string&>();
  return std::find(message_types.begin(), message_types.end(), type) != message_types.end();
}

}  // namespace

bool RateWindow::admit(std::int64_t now_ms) {
  if (limit_.messages == 0) return true;
  while (count_ > 0 && now_ms - sent_[head_] >= limit_.window.count()) {
    head_ = (head_ + 1) % sent_.size();
    --count_;
  }
  if (count_ >= limit_.messages) return false;
  if (sent_.empty()) sent_.resize(limit_.messages);
  sent_[(head_ + count_) % sent_.size()] = now_ms;
  ++count_;
  return true;
}

bool Session::in_room(std::string_view room) const {
  return std::find(rooms.begin(), rooms.end(), room) != rooms.end();
}

ChatState::ChatState(ChatRules rules, std::string id_prefix)
    : rules_(std::move(rules)), id_prefix_(std::move(id_prefix)) {
  rooms_[rules_.default_room];  // listed first, even while empty
}

bool ChatState::valid_nickname(const json& value) const {
  return is_valid_name(value, rules_.max_nickname_length);
}

bool ChatState::valid_room(const json& value) const {
  return is_valid_name(value, rules_.max_room_length);
}

std::string_view ChatState::check_message(const json& payload) const {
  if (!payload.is_object() || !is_message_type(field(payload, "type"))) return "invalid type";
  const auto command = payload.find("command");  // absent means "chat"
  if (command != payload.end() && !is_valid_name(*command, rules_.max_nickname_length)) {
    return "invalid command";
  }
  const json& data = field(payload, "data");
  if (!data.is_string()) return "invalid data";
  const std::size_t length = js_length(data.get_ref<const std::string&>());
  if (length < 1 || length > rules_.max_message_length) return "invalid data";
  return {};
}

bool ChatState::nickname_taken(std::string_view nickname) const {
  return users_.contains(nickname_key(nickname));
}

void ChatState::add_user(User user) {
  const std::string key = nickname_key(user.nickname);
  users_[key] = std::move(user);
}

void ChatState::remove_user(std::string_view nickname) { users_.erase(nickname_key(nickname)); }

std::optional<User> ChatState::find_user(std::string_view nickname) const {
  const User* user = users_.find(nickname_key(nickname));
  return user ? std::optional<User>(*user) : std::nullopt;
}

std::optional<User> ChatState::other_user(const SocketId& self, std::size_t pick) const {
  std::vector<const User*> others;
  others.reserve(users_.size());
  for (const auto& [key, user] : users_) {
    if (user.socket_id != self) others.push_back(&user);
  }
  if (others.empty()) return std::nullopt;
  return *others[pick % others.size()];
}

json ChatState::nicknames() const {
  json list = json::array();
  for (const auto& [key, user] : users_) list.push_back(user.nickname);
  return list;
}

Entry ChatState::enter(Session& session, const std::string& room) {
  if (session.in_room(room)) return Entry::already_member;
  if (session.rooms.size() >= rules_.max_rooms_per_socket) return Entry::too_many_rooms;
  session.rooms.push_back(room);
  rooms_[room][session.nickname] = true;
  return Entry::joined;
}

bool ChatState::exit(Session& session, const std::string& room) {
  const auto it = std::find(session.rooms.begin(), session.rooms.end(), room);
  if (it == session.rooms.end()) return false;
  session.rooms.erase(it);
  Members* members = rooms_.find(room);
  if (members) members->erase(session.nickname);
  if (members && members->empty() && room != rules_.default_room) {
    rooms_.erase(room);
    history_.erase(room);
  }
  return true;
}

json ChatState::members(std::string_view room) const {
  json list = json::array();
  if (const Members* members = rooms_.find(room)) {
    for (const auto& [nickname, unused] : *members) list.push_back(nickname);
  }
  return list;
}

json ChatState::room_list() const {
  json list = json::array();
  for (const auto& [name, unused] : rooms_)
    list.push_back(json{{"name", name}, {"users", members(name)}});
  return list;
}

void ChatState::remember(const std::string& room, const json& message) {
  json& layer = history_[room];
  if (!layer.is_object()) layer = json{{"history", json::array()}};
  json& messages = layer["history"];
  messages.push_back(message);
  while (messages.size() > rules_.history_size) messages.erase(messages.begin());
}

json ChatState::history(std::string_view room) const { return history_layer(room)["history"]; }

const json& ChatState::history_layer(std::string_view room) const {
  static const json empty = json{{"history", json::array()}};
  const json* layer = history_.find(room);
  return layer && layer->is_object() ? *layer : empty;
}

json ChatState::make_message(std::string_view sender, std::string_view recipient,
                             std::string_view command, std::string_view type, std::string_view data,
                             std::int64_t time_ms) {
  // Insertion order is the wire order: id, sender, recipient, command, type, data, time.
  json message = json::object();
  message["id"] = id_prefix_ + "-" + std::to_string(++last_id_);
  message["sender"] = sender;
  message["recipient"] = recipient;
  message["command"] = command;
  message["type"] = type;
  message["data"] = data;
  message["time"] = time_ms;
  return message;
}

json ok_reply(const json& fields) {
  json reply = json::object();
  reply["ok"] = true;
  for (const auto& [key, value] : fields.items()) reply[key] = value;
  return reply;
}

json error_reply(std::string_view error) {
  json reply = json::object();
  reply["ok"] = false;
  reply["error"] = error;
  return reply;
}

}  // namespace chat
