// The classic Redis adapter's messages against the bytes the reference writes
// (SCALEOUT-FACTS.md §1.4, read off redis-cli MONITOR with two Node servers).
#include <corio/socketio/detail/redis_wire.hpp>

#include <corio/core/msgpack.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace corio::socketio {
namespace {

namespace wire = detail::redis_wire;

std::string hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02x} ", c);
  if (!out.empty()) out.pop_back();
  return out;
}

Packet event(json data) { return Packet{PacketType::event, "/", std::nullopt, std::move(data)}; }

TEST(redis_wire, a_room_broadcast_is_byte_for_byte_what_the_reference_publishes) {
  const BroadcastOptions options{.rooms = {"room1"}};
  EXPECT_EQ(hex(wire::encode_broadcast("ABCDEF", event({"hello", "world"}), options)),
            "93 a6 41 42 43 44 45 46 83 a4 74 79 70 65 02 a4 64 61 74 61 92 a5 68 65 6c 6c 6f "
            "a5 77 6f 72 6c 64 a3 6e 73 70 a1 2f 83 a5 72 6f 6f 6d 73 91 a5 72 6f 6f 6d 31 a6 65 "
            "78 63 65 70 74 90 a5 66 6c 61 67 73 80");
  EXPECT_EQ(wire::broadcast_channel("socket.io#/#", options), "socket.io#/#room1#");
}

TEST(redis_wire, binary_except_and_volatile_are_written_as_the_reference_writes_them) {
  const BroadcastOptions options{.except = {"sidX"}, .flags = {.is_volatile = true}};
  const json data = json::array({"bin", json::binary({0xde, 0xad})});
  EXPECT_EQ(hex(wire::encode_broadcast("ABCDEF", event(data), options)),
            "93 a6 41 42 43 44 45 46 83 a4 74 79 70 65 02 a4 64 61 74 61 92 a3 62 69 6e c4 02 de "
            "ad a3 6e 73 70 a1 2f 83 a5 72 6f 6f 6d 73 90 a6 65 78 63 65 70 74 91 a4 73 69 64 58 "
            "a5 66 6c 61 67 73 81 a8 76 6f 6c 61 74 69 6c 65 c3");
  EXPECT_EQ(wire::broadcast_channel("socket.io#/#", options), "socket.io#/#");
}

TEST(redis_wire, a_broadcast_request_carries_its_timeout_in_the_flags) {
  const std::string bytes = wire::encode_broadcast_request(
      "RMUpBJ", "xqH25J", event({"withack", 7}), {}, std::chrono::milliseconds{1000});
  EXPECT_EQ(hex(bytes),
            "85 a3 75 69 64 a6 52 4d 55 70 42 4a a9 72 65 71 75 65 73 74 49 64 a6 78 71 48 32 35 "
            "4a a4 74 79 70 65 07 a6 70 61 63 6b 65 74 83 a4 74 79 70 65 02 a4 64 61 74 61 92 a7 "
            "77 69 74 68 61 63 6b 07 a3 6e 73 70 a1 2f a4 6f 70 74 73 83 a5 72 6f 6f 6d 73 90 a6 "
            "65 78 63 65 70 74 90 a5 66 6c 61 67 73 81 a7 74 69 6d 65 6f 75 74 cd 03 e8");
}

TEST(redis_wire, a_node_broadcast_decodes_with_rooms_flags_and_namespace) {
  const json message = json::array(
      {"ABCDEF", {{"type", 2}, {"data", {"x", 1.5}}},
       {{"rooms", {"r1", 123}}, {"except", {"r3"}}, {"flags", {{"volatile", true}, {"compress", false}}}}});
  std::string why;
  auto decoded = wire::decode_broadcast(msgpack::encode(message), &why);
  ASSERT_TRUE(decoded) << why;
  EXPECT_EQ(decoded->uid, "ABCDEF");
  EXPECT_EQ(decoded->nsp, "/");  // absent: the main namespace, as the reference reads it
  EXPECT_EQ(decoded->data, json({"x", 1.5}));
  EXPECT_EQ(decoded->options.rooms, (std::set<Room>{"r1", "123"}));  // numeric rooms as text
  EXPECT_EQ(decoded->options.except, (std::set<Room>{"r3"}));
  EXPECT_TRUE(decoded->options.flags.is_volatile);
  EXPECT_FALSE(decoded->options.flags.compress);
}

TEST(redis_wire, what_is_not_an_event_broadcast_is_refused_with_a_reason) {
  std::string why;
  for (const json& bad : {json("text"), json::array({"u", {{"type", 3}, {"data", {"x"}}}, json::object()}),
                          json::array({"u", {{"type", 2}, {"data", json::array()}}, json::object()}),
                          json::array({"u", {{"type", 2}, {"data", {"x"}}}, {{"rooms", 7}}})}) {
    EXPECT_FALSE(wire::decode_broadcast(msgpack::encode(bad), &why)) << bad.dump();
    EXPECT_FALSE(why.empty());
  }
  EXPECT_FALSE(wire::decode_broadcast("\xc1", &why));
}

TEST(redis_wire, requests_are_json_text_or_msgpack_and_bounded_in_depth) {
  json out;
  EXPECT_FALSE(wire::parse_message(R"({"type":5,"requestId":"x"})", out));
  EXPECT_EQ(out["type"], 5);
  EXPECT_FALSE(wire::parse_message(msgpack::encode(json{{"type", 9}}), out));
  EXPECT_EQ(out["type"], 9);
  EXPECT_TRUE(wire::parse_message("{\"a\":" + std::string(5000, '[') + std::string(5000, ']') + "}", out));
  EXPECT_TRUE(wire::parse_message("{\"type\":", out));
  EXPECT_TRUE(wire::parse_message(msgpack::encode(json::array({1})), out));  // not an object
}

TEST(redis_wire, a_selection_that_is_not_a_list_is_malformed_not_everyone) {
  EXPECT_TRUE(wire::selection_from(json::object()).rooms.empty());  // absent: everyone
  EXPECT_THROW(wire::selection_from(json{{"rooms", 7}}), std::invalid_argument);
  EXPECT_THROW(wire::selection_from(json{{"except", "r1"}}), std::invalid_argument);
}

}  // namespace
}  // namespace corio::socketio
