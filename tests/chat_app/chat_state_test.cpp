#include "chat_state.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

using corio::json;

ChatRules small_rules() {
  ChatRules rules;
  rules.history_size = 3;
  rules.max_rooms_per_socket = 2;
  rules.rate_limit = RateLimit{2, std::chrono::milliseconds(1000)};
  return rules;
}

/// A logged-in session of `state` (what ChatEvents::login records).
Session online(ChatState& state, const std::string& nickname, const std::string& socket_id) {
  Session session(state.rules().rate_limit);
  session.nickname = nickname;
  state.add_user(User{nickname, socket_id});
  return session;
}

json message(ChatState& state, std::string_view data) {
  return state.make_message("ann", "", "chat", "public", data, 1);
}

TEST(rate_window, admits_up_to_the_limit_within_the_window) {
  RateWindow window(RateLimit{2, std::chrono::milliseconds(1000)});
  EXPECT_TRUE(window.admit(0));
  EXPECT_TRUE(window.admit(10));
  EXPECT_FALSE(window.admit(999));
}

TEST(rate_window, slides_once_the_oldest_message_is_a_window_old) {
  RateWindow window(RateLimit{2, std::chrono::milliseconds(1000)});
  window.admit(0);
  window.admit(500);
  EXPECT_TRUE(window.admit(1000));
  EXPECT_FALSE(window.admit(1499));
}

TEST(rate_window, does_not_count_refused_messages) {
  RateWindow window(RateLimit{1, std::chrono::milliseconds(1000)});
  window.admit(0);
  EXPECT_FALSE(window.admit(900));
  EXPECT_TRUE(window.admit(1000));
}

TEST(rate_window, admits_everything_when_the_limit_is_zero) {
  RateWindow window(RateLimit{0, std::chrono::milliseconds(1000)});
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(window.admit(0));
}

TEST(chat_state, check_message_accepts_a_valid_message_without_command) {
  ChatState state(small_rules(), "p");
  EXPECT_EQ(state.check_message({{"type", "room"}, {"data", "hi"}}), "");
}

TEST(chat_state, check_message_refuses_unknown_types_and_non_objects) {
  ChatState state(small_rules(), "p");
  EXPECT_EQ(state.check_message({{"type", "shout"}, {"data", "hi"}}), "invalid type");
  EXPECT_EQ(state.check_message(json::array()), "invalid type");
  EXPECT_EQ(state.check_message("public"), "invalid type");
}

TEST(chat_state, check_message_refuses_an_invalid_command) {
  ChatState state(small_rules(), "p");
  EXPECT_EQ(state.check_message({{"type", "public"}, {"command", "no spaces"}, {"data", "x"}}),
            "invalid command");
  EXPECT_EQ(state.check_message({{"type", "public"}, {"command", nullptr}, {"data", "x"}}),
            "invalid command");
}

TEST(chat_state, check_message_limits_data_in_utf16_units) {
  ChatState state(small_rules(), "p");
  std::string emoji;
  for (int i = 0; i < 500; ++i) emoji += "\xF0\x9F\x98\x80";
  EXPECT_EQ(state.check_message({{"type", "public"}, {"data", emoji}}), "");
  EXPECT_EQ(state.check_message({{"type", "public"}, {"data", emoji + "x"}}), "invalid data");
  EXPECT_EQ(state.check_message({{"type", "public"}, {"data", ""}}), "invalid data");
  EXPECT_EQ(state.check_message({{"type", "public"}, {"data", 42}}), "invalid data");
}

TEST(chat_state, nicknames_are_taken_regardless_of_case) {
  ChatState state(small_rules(), "p");
  online(state, "Ann", "s1");
  EXPECT_TRUE(state.nickname_taken("aNN"));
  EXPECT_FALSE(state.nickname_taken("bob"));
}

TEST(chat_state, find_user_returns_the_users_own_spelling) {
  ChatState state(small_rules(), "p");
  online(state, "Ann", "s1");
  const std::optional<User> user = state.find_user("ANN");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->nickname, "Ann");
  EXPECT_EQ(user->socket_id, "s1");
}

TEST(chat_state, lists_nicknames_in_login_order_and_forgets_logged_out_users) {
  ChatState state(small_rules(), "p");
  online(state, "cy", "s1");
  online(state, "ann", "s2");
  online(state, "bob", "s3");
  state.remove_user("CY");
  EXPECT_EQ(state.nicknames(), json::array({"ann", "bob"}));
}

TEST(chat_state, other_user_never_picks_the_sender) {
  ChatState state(small_rules(), "p");
  online(state, "ann", "s1");
  online(state, "bob", "s2");
  for (std::size_t pick = 0; pick < 4; ++pick)
    EXPECT_EQ(state.other_user("s1", pick)->nickname, "bob");
}

TEST(chat_state, other_user_is_absent_when_nobody_else_is_online) {
  ChatState state(small_rules(), "p");
  online(state, "ann", "s1");
  EXPECT_FALSE(state.other_user("s1", 7));
}

TEST(chat_state, enter_adds_a_member_once) {
  ChatState state(small_rules(), "p");
  Session ann = online(state, "ann", "s1");
  EXPECT_EQ(state.enter(ann, "dev"), Entry::joined);
  EXPECT_EQ(state.enter(ann, "dev"), Entry::already_member);
  EXPECT_EQ(state.members("dev"), json::array({"ann"}));
  EXPECT_EQ(ann.rooms, std::vector<std::string>{"dev"});
}

TEST(chat_state, enter_refuses_rooms_over_the_per_socket_limit) {
  ChatState state(small_rules(), "p");
  Session ann = online(state, "ann", "s1");
  state.enter(ann, "a");
  state.enter(ann, "b");
  EXPECT_EQ(state.enter(ann, "c"), Entry::too_many_rooms);
  EXPECT_EQ(state.members("c"), json::array());
}

TEST(chat_state, exit_of_a_room_one_is_not_in_changes_nothing) {
  ChatState state(small_rules(), "p");
  Session ann = online(state, "ann", "s1");
  EXPECT_FALSE(state.exit(ann, "dev"));
}

TEST(chat_state, drops_an_emptied_room_with_its_history) {
  ChatState state(small_rules(), "p");
  Session ann = online(state, "ann", "s1");
  state.enter(ann, "dev");
  state.remember("dev", message(state, "x"));
  EXPECT_TRUE(state.exit(ann, "dev"));
  EXPECT_EQ(state.history("dev"), json::array());
  EXPECT_EQ(state.room_list(), json::parse(R"([{"name":"lobby","users":[]}])"));
}

TEST(chat_state, keeps_the_default_room_and_its_history_when_it_empties) {
  ChatState state(small_rules(), "p");
  Session ann = online(state, "ann", "s1");
  state.enter(ann, "lobby");
  state.remember("lobby", message(state, "x"));
  state.exit(ann, "lobby");
  EXPECT_EQ(state.history("lobby").size(), 1u);
}

TEST(chat_state, lists_rooms_with_the_default_room_first_then_in_creation_order) {
  ChatState state(small_rules(), "p");
  Session ann = online(state, "ann", "s1");
  Session bob = online(state, "bob", "s2");
  state.enter(ann, "zeta");
  state.enter(bob, "alpha");
  state.enter(bob, "zeta");
  EXPECT_EQ(state.room_list(), json::parse(R"([{"name":"lobby","users":[]},
    {"name":"zeta","users":["ann","bob"]},{"name":"alpha","users":["bob"]}])"));
}

TEST(chat_state, keeps_the_last_history_size_messages_oldest_first) {
  ChatState state(small_rules(), "p");
  for (const char* data : {"1", "2", "3", "4"}) state.remember("lobby", message(state, data));
  json data = json::array();
  for (const json& m : state.history("lobby")) data.push_back(m["data"]);
  EXPECT_EQ(data, json::array({"2", "3", "4"}));
}

TEST(chat_state, make_message_has_the_wire_key_order_and_unique_ids) {
  ChatState state(small_rules(), "k2x");
  const json first = state.make_message("ann", "bob", "chat", "private", "hi", 42);
  const json second = state.make_message("ann", "bob", "chat", "private", "hi", 42);
  EXPECT_EQ(
      first.dump(),
      R"({"id":"k2x-1","sender":"ann","recipient":"bob","command":"chat","type":"private","data":"hi","time":42})");
  EXPECT_EQ(second["id"], "k2x-2");
}

TEST(replies, ok_reply_puts_ok_first) {
  EXPECT_EQ(ok_reply({{"room", "dev"}, {"users", json::array()}}).dump(),
            R"({"ok":true,"room":"dev","users":[]})");
}

TEST(replies, error_reply_is_ok_false_and_the_error) {
  EXPECT_EQ(error_reply("rate limit").dump(), R"({"ok":false,"error":"rate limit"})");
}

}  // namespace
}  // namespace chat
