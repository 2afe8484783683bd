#include <corio/socketio/packet.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace corio;
using namespace corio::socketio;

// Binary packets: a text message announcing N attachments, then N binary messages
// (socket.io-parser 4.2.7 semantics; corio also rejects duplicate or unused placeholders).

namespace {

json bin(std::initializer_list<std::uint8_t> bytes) { return json::binary(std::vector(bytes)); }

std::error_code first_error(Decoder& d, std::string_view text) {
  Packet p;
  return d.feed_text(text, p).error;
}

}  // namespace

TEST(socketio_binary, reconstructs_after_last_attachment) {
  Decoder d;
  Packet p;
  FeedResult r = d.feed_text(R"(51-["up",{"_placeholder":true,"num":0}])", p);
  ASSERT_FALSE(r.error);
  EXPECT_FALSE(r.complete);
  EXPECT_TRUE(d.awaiting_binary());
  r = d.feed_binary("\x01\x02\x03", p);
  ASSERT_FALSE(r.error);
  ASSERT_TRUE(r.complete);
  EXPECT_FALSE(d.awaiting_binary());
  EXPECT_EQ(p.type, PacketType::event);
  EXPECT_EQ(p.data, json::array({"up", bin({1, 2, 3})}));
}

TEST(socketio_binary, places_nested_attachments_by_num_over_several_feeds) {
  Decoder d;
  Packet p;
  ASSERT_FALSE(d.feed_text(R"(63-/room,3[{"a":[{"_placeholder":true,"num":2},{"b":{"_placeholder":)"
                           R"(true,"num":0}}],"c":{"_placeholder":true,"num":1}}])",
                           p)
                   .error);
  EXPECT_FALSE(d.feed_binary(std::string_view("\0", 1), p).complete);
  EXPECT_FALSE(d.feed_binary("", p).complete);
  const FeedResult r = d.feed_binary("\x02", p);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(p.type, PacketType::ack);
  EXPECT_EQ(p.nsp, "/room");
  EXPECT_EQ(p.id, 3u);
  EXPECT_EQ(p.data[0]["a"][0], bin({2}));
  EXPECT_EQ(p.data[0]["a"][1]["b"], bin({0}));
  EXPECT_EQ(p.data[0]["c"], bin({}));
}

TEST(socketio_binary, round_trips_encoder_output) {
  json object = json::object();
  object["x"] = json::array({bin({1}), "s", bin({2, 3})});
  const Packet in{.nsp = "/n", .id = 1, .data = json::array({"ev", object, bin({4})})};
  const EncodedPacket e = encode(in);
  Decoder d;
  Packet out;
  ASSERT_FALSE(d.feed_text(e.text, out).error);
  FeedResult r;
  for (const std::string& a : e.attachments) r = d.feed_binary(a, out);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(out.data, in.data);
  EXPECT_EQ(out.id, in.id);
}

TEST(socketio_binary, rejects_binary_when_none_is_awaited) {
  Decoder d;
  Packet p;
  EXPECT_EQ(d.feed_binary("\x01", p).error, packet_errc::unexpected_binary);
}

TEST(socketio_binary, rejects_text_while_attachments_are_pending) {
  Decoder d;
  ASSERT_FALSE(first_error(d, R"(51-["a",{"_placeholder":true,"num":0}])"));
  EXPECT_EQ(first_error(d, R"(2["x"])"), packet_errc::unexpected_text);
  EXPECT_FALSE(d.awaiting_binary());
}

TEST(socketio_binary, rejects_out_of_range_placeholder) {
  Decoder d;
  EXPECT_EQ(first_error(d, R"(51-["a",{"_placeholder":true,"num":1}])"),
            packet_errc::bad_placeholder);
  EXPECT_EQ(first_error(d, R"(51-["a",{"_placeholder":true,"num":-1}])"),
            packet_errc::bad_placeholder);
}

TEST(socketio_binary, rejects_duplicate_placeholder) {
  Decoder d;
  EXPECT_EQ(
      first_error(d, R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":0}])"),
      packet_errc::bad_placeholder);
}

TEST(socketio_binary, rejects_unused_attachment) {
  Decoder d;
  EXPECT_EQ(first_error(d, R"(52-["a",{"_placeholder":true,"num":0}])"),
            packet_errc::bad_placeholder);
}

TEST(socketio_binary, rejects_malformed_placeholder) {
  Decoder d;
  EXPECT_EQ(first_error(d, R"(51-["a",{"_placeholder":true,"num":"0"}])"),
            packet_errc::bad_placeholder);
  EXPECT_EQ(first_error(d, R"(51-["a",{"_placeholder":true,"num":0.5}])"),
            packet_errc::bad_placeholder);
  EXPECT_EQ(first_error(d, R"(51-["a",{"_placeholder":true,"num":0,"x":1}])"),
            packet_errc::bad_placeholder);
  EXPECT_EQ(first_error(d, R"(51-["a",{"_placeholder":true}])"), packet_errc::bad_placeholder);
}

TEST(socketio_binary, leaves_placeholder_lookalikes_in_plain_events) {
  Decoder d;
  Packet p;
  const FeedResult r = d.feed_text(R"(2["a",{"_placeholder":true,"num":0}])", p);
  ASSERT_TRUE(r.complete);
  EXPECT_TRUE(p.data[1].is_object());
}

TEST(socketio_binary, validates_binary_event_payload_before_waiting) {
  Decoder d;
  EXPECT_EQ(first_error(d, R"(51-["connect",{"_placeholder":true,"num":0}])"),
            packet_errc::invalid_payload);
  EXPECT_FALSE(d.awaiting_binary());
}

TEST(socketio_binary, starts_clean_after_reset) {
  Decoder d;
  ASSERT_FALSE(first_error(d, R"(51-["a",{"_placeholder":true,"num":0}])"));
  d.reset();
  EXPECT_FALSE(first_error(d, R"(2["b"])"));
}
