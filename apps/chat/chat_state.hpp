#pragma once
/// @file ChatState: who is online, which rooms exist with which members, and each room's recent
/// history; plus the per-socket Session and the protocol's validation rules. Pure: no sockets,
/// no clock (callers pass the time), so every rule is unit-tested on its own.

#include <corio/core/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "ordered_map.hpp"

namespace chat {

/// A Socket.IO socket id.
using SocketId = std::string;

/// Sliding-window rate limiter of one socket (RateLimit, messages = 0: unlimited).
class RateWindow {
 public:
  /// A window enforcing `limit`.
  explicit RateWindow(RateLimit limit) : limit_(limit) {}
  /// Counts one message sent at `now_ms` and returns true, or returns false when the window is
  /// full (a refused message does not count).
  bool admit(std::int64_t now_ms);

 private:
  RateLimit limit_;
  // Times of the accepted messages still in the window: a ring of limit_.messages slots,
  // allocated on the first message (an idle connection holds none).
  std::vector<std::int64_t> sent_;
  std::size_t head_ = 0;   // oldest entry
  std::size_t count_ = 0;  // entries in the window
};

/// What one connection did: its nickname once logged in, the rooms it joined, its rate window.
struct Session {
  /// A signed-out session limited by `limit`.
  explicit Session(RateLimit limit) : rate(limit) {}
  std::string nickname{};            ///< "" until login
  std::vector<std::string> rooms{};  ///< joined rooms, in join order
  RateWindow rate;                   ///< chat messages accepted recently

  /// True after a successful login.
  bool logged_in() const noexcept { return !nickname.empty(); }
  /// True when the session joined `room`.
  bool in_room(std::string_view room) const;
};

/// An online user: the nickname as typed at login and its socket.
struct User {
  std::string nickname;  ///< original spelling
  SocketId socket_id;    ///< where messages to the user go
};

/// How ChatState::enter went.
enum class Entry {
  joined,          ///< newly a member
  already_member,  ///< nothing changed
  too_many_rooms,  ///< refused: the session is in max_rooms_per_socket rooms
};

/// The chat's shared state. Not thread-safe: the app runs it on one shard.
class ChatState {
 public:
  /// Empty state (just the default room); message ids start with `id_prefix`.
  ChatState(ChatRules rules, std::string id_prefix);

  /// The rules in force.
  const ChatRules& rules() const noexcept { return rules_; }
  /// True when `value` may be a nickname.
  bool valid_nickname(const corio::json& value) const;
  /// True when `value` may be a room name.
  bool valid_room(const corio::json& value) const;
  /// The error of a `chat message` payload's type, command and data, or "" when they are valid
  /// (recipients are checked by the caller, which knows who is online).
  std::string_view check_message(const corio::json& payload) const;

  /// True when someone online has `nickname`, ignoring case.
  bool nickname_taken(std::string_view nickname) const;
  /// Puts a user online (the nickname must be valid and not taken).
  void add_user(User user);
  /// Takes a user offline.
  void remove_user(std::string_view nickname);
  /// The online user called `nickname`, ignoring case.
  std::optional<User> find_user(std::string_view nickname) const;
  /// The online user at position `pick % n` among the n users other than `self`; nullopt when
  /// nobody else is online.
  std::optional<User> other_user(const SocketId& self, std::size_t pick) const;
  /// Nicknames online, in login order.
  corio::json nicknames() const;
  /// Number of users online.
  std::size_t user_count() const noexcept { return users_.size(); }

  /// Adds `session` to `room` (which is valid).
  Entry enter(Session& session, const std::string& room);
  /// Removes `session` from `room`; false when it was not a member. An emptied room other than
  /// the default one is dropped with its history.
  bool exit(Session& session, const std::string& room);
  /// Members of `room` in join order (empty when the room does not exist).
  corio::json members(std::string_view room) const;
  /// Every room with members (default room first): [{name, users}].
  corio::json room_list() const;

  /// Appends a message to `room`'s history, keeping the last history_size.
  void remember(const std::string& room, const corio::json& message);
  /// The history of `room`, oldest first.
  corio::json history(std::string_view room) const;
  /// `{history: [...]}` of `room`, kept as it is (no copy): a layer of template locals. Valid
  /// until the next change of the rooms or of that history.
  const corio::json& history_layer(std::string_view room) const;
  /// A new message {id, sender, recipient, command, type, data, time} with a fresh id.
  corio::json make_message(std::string_view sender, std::string_view recipient,
                           std::string_view command, std::string_view type, std::string_view data,
                           std::int64_t time_ms);

 private:
  ChatRules rules_;
  std::string id_prefix_;
  std::uint64_t last_id_ = 0;
  using Members = OrderedMap<bool>;              // nicknames in join order (values unused)
  OrderedMap<User> users_;                       // nickname_key -> user, in login order
  OrderedMap<Members> rooms_;                    // room -> members, in creation order
  OrderedMap<corio::json> history_;  // room -> {history: [messages, oldest first]}
};

/// `{ok: true}` followed by `fields`' members.
corio::json ok_reply(const corio::json& fields = corio::json::object());
/// `{ok: false, error}`.
corio::json error_reply(std::string_view error);

}  // namespace chat
