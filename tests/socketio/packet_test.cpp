#include <corio/socketio/packet.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

using namespace corio;
using namespace corio::socketio;

// Expected strings are the output of the real socket.io-parser 4.2.7 Encoder, printed by
// `node tests/socketio/reference_encodings.js` (same cases, same order).

namespace {

json bin(std::initializer_list<std::uint8_t> bytes) { return json::binary(std::vector(bytes)); }

std::string text_of(const Packet& p) {
  const EncodedPacket e = encode(p);
  EXPECT_TRUE(e.attachments.empty());
  return e.text;
}

}  // namespace

TEST(socketio_encode, writes_event_on_main_namespace_without_nsp) {
  EXPECT_EQ(text_of({.data = json::array({"chat message", "hi"})}), R"(2["chat message","hi"])");
}

TEST(socketio_encode, writes_namespace_then_comma_then_id) {
  EXPECT_EQ(text_of({.nsp = "/admin", .id = 12, .data = json::array({"x"})}), R"(2/admin,12["x"])");
}

TEST(socketio_encode, writes_connect_with_and_without_auth) {
  EXPECT_EQ(text_of({.type = PacketType::connect, .data = {{"token", "x"}}}), R"(0{"token":"x"})");
  EXPECT_EQ(text_of({.type = PacketType::connect}), "0");
  EXPECT_EQ(text_of({.type = PacketType::connect, .nsp = "/admin", .data = {{"sid", "abc"}}}),
            R"(0/admin,{"sid":"abc"})");
}

TEST(socketio_encode, writes_disconnect_with_trailing_comma_on_namespace) {
  EXPECT_EQ(text_of({.type = PacketType::disconnect, .nsp = "/admin"}), "1/admin,");
}

TEST(socketio_encode, writes_acks_with_id_zero_and_empty_array) {
  EXPECT_EQ(text_of({.type = PacketType::ack, .id = 7, .data = json::array()}), "37[]");
  EXPECT_EQ(text_of({.type = PacketType::ack,
                     .nsp = "/chat",
                     .id = 0,
                     .data = json::array({nullptr, {{"ok", true}}})}),
            R"(3/chat,0[null,{"ok":true}])");
}

TEST(socketio_encode, writes_connect_error_object_or_string) {
  EXPECT_EQ(text_of({.type = PacketType::connect_error, .data = {{"message", "Not authorized"}}}),
            R"(4{"message":"Not authorized"})");
  EXPECT_EQ(text_of({.type = PacketType::connect_error, .nsp = "/x", .data = "Invalid namespace"}),
            R"(4/x,"Invalid namespace")");
}

TEST(socketio_encode, writes_numbers_like_javascript) {
  const json data = json::array({"n", 1.0, 0.1, 1e21, 1e-7, 123e-20, -0.0, 1.5, 1e300,
                                 123456789012345680000.0, 0.000001, 5e-324, -2.5e-8});
  EXPECT_EQ(text_of({.data = data}),
            R"(2["n",1,0.1,1e+21,1e-7,1.23e-18,0,1.5,1e+300,123456789012345680000,0.000001,)"
            R"(5e-324,-2.5e-8])");
}

TEST(socketio_encode, writes_non_finite_numbers_as_null) {
  const double inf = std::numeric_limits<double>::infinity();
  const json data = json::array({"n", std::nan(""), inf, -inf, 9007199254740991});
  EXPECT_EQ(text_of({.data = data}), R"(2["n",null,null,null,9007199254740991])");
}

TEST(socketio_encode, escapes_strings_like_json_stringify) {
  const json data = json::array({"s", "a\"b\\c\n\r\t\b\f\x01\x1f\x7f/é€😀"});
  EXPECT_EQ(text_of({.data = data}),
            "2[\"s\",\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\x7f/é€😀\"]");
}

TEST(socketio_encode, keeps_object_key_order) {
  json object = json::object();
  object["b"] = 1;
  object["a"] = json::array({true, false, nullptr});
  object[""] = json::object();
  EXPECT_EQ(text_of({.data = json::array({"o", object})}),
            R"(2["o",{"b":1,"a":[true,false,null],"":{}}])");
}

TEST(socketio_encode, replaces_invalid_utf8_instead_of_throwing) {
  EXPECT_EQ(text_of({.data = json::array({"s",
                                          "a\xff"
                                          "b\xe2\x82"})}),
            "2[\"s\",\"a\xef\xbf\xbd"
            "b\xef\xbf\xbd\"]");
}

TEST(socketio_encode, turns_event_with_buffer_into_binary_event) {
  const EncodedPacket e = encode({.data = json::array({"up", bin({1, 2, 3})})});
  EXPECT_EQ(e.text, R"(51-["up",{"_placeholder":true,"num":0}])");
  ASSERT_EQ(e.attachments.size(), 1u);
  EXPECT_EQ(e.attachments[0], "\x01\x02\x03");
}

TEST(socketio_encode, numbers_nested_buffers_depth_first) {
  json inner = json::object();
  inner["b"] = bin({2});
  json object = json::object();
  object["a"] = json::array({bin({1}), inner});
  object["c"] = bin({});
  const EncodedPacket e = encode({.nsp = "/room", .id = 3, .data = json::array({"up", object})});
  EXPECT_EQ(e.text,
            R"(53-/room,3["up",{"a":[{"_placeholder":true,"num":0},{"b":{"_placeholder":true,)"
            R"("num":1}}],"c":{"_placeholder":true,"num":2}}])");
  ASSERT_EQ(e.attachments.size(), 3u);
  EXPECT_EQ(e.attachments[0], "\x01");
  EXPECT_EQ(e.attachments[1], "\x02");
  EXPECT_EQ(e.attachments[2], "");
}

TEST(socketio_encode, turns_ack_with_buffer_into_binary_ack) {
  const EncodedPacket e =
      encode({.type = PacketType::ack, .id = 4, .data = json::array({bin({9})})});
  EXPECT_EQ(e.text, R"(61-4[{"_placeholder":true,"num":0}])");
  ASSERT_EQ(e.attachments.size(), 1u);
  EXPECT_EQ(e.attachments[0], "\x09");
}

TEST(socketio_encode, appends_after_an_engineio_prefix) {
  EncodedPacket out{.text = "4"};
  encode({.data = json::array({"up", bin({7})})}, out);
  EXPECT_EQ(out.text, R"(451-["up",{"_placeholder":true,"num":0}])");
  EXPECT_EQ(out.attachments.size(), 1u);
}

TEST(socketio_encode, writes_buffer_json_where_attachments_are_not_allowed) {
  const json data = {{"message", "x"}, {"raw", bin({1, 255})}};
  EXPECT_EQ(text_of({.type = PacketType::connect_error, .data = data}),
            R"(4{"message":"x","raw":{"type":"Buffer","data":[1,255]}})");
}

TEST(socketio_encode, normalises_binary_type_without_buffers) {
  EXPECT_EQ(text_of({.type = PacketType::binary_event, .data = json::array({"a"})}), R"(2["a"])");
}

TEST(socketio_reserved, names_the_six_reserved_events) {
  for (const char* name : {"connect", "connect_error", "disconnect", "disconnecting", "newListener",
                           "removeListener"}) {
    EXPECT_TRUE(is_reserved_event(name)) << name;
  }
  EXPECT_FALSE(is_reserved_event("chat message"));
  EXPECT_FALSE(is_reserved_event("Connect"));
  EXPECT_FALSE(is_reserved_event(""));
}
