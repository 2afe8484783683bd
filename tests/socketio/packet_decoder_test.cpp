#include <corio/socketio/packet.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace corio;
using namespace corio::socketio;

// Accepted/rejected inputs were checked against socket.io-parser 4.2.7's Decoder
// (node -e 'const d = new (require("socket.io-parser").Decoder)(); d.add(...)'); where corio is
// stricter than the reference the test says so.

namespace {

struct Decoded {
  std::error_code error;
  bool complete = false;
  Packet packet;
};

Decoded feed(std::string_view text, const DecoderLimits& limits = {}) {
  Decoder decoder(limits);
  Decoded d;
  const FeedResult r = decoder.feed_text(text, d.packet);
  d.error = r.error;
  d.complete = r.complete;
  return d;
}

std::error_code error_of(std::string_view text, const DecoderLimits& limits = {}) {
  return feed(text, limits).error;
}

}  // namespace

TEST(socketio_decoder, decodes_event_on_main_namespace) {
  const Decoded d = feed(R"(2["chat message","hi"])");
  ASSERT_FALSE(d.error) << d.error.message();
  ASSERT_TRUE(d.complete);
  EXPECT_EQ(d.packet.type, PacketType::event);
  EXPECT_EQ(d.packet.nsp, "/");
  EXPECT_FALSE(d.packet.id);
  EXPECT_EQ(d.packet.data, json::array({"chat message", "hi"}));
}

TEST(socketio_decoder, decodes_namespace_and_id) {
  const Decoded d = feed(R"(2/admin,12["x"])");
  ASSERT_FALSE(d.error);
  EXPECT_EQ(d.packet.nsp, "/admin");
  EXPECT_EQ(d.packet.id, 12u);
}

TEST(socketio_decoder, decodes_ack_on_namespace) {
  const Decoded d = feed("3/admin,5[1]");
  ASSERT_FALSE(d.error);
  EXPECT_EQ(d.packet.type, PacketType::ack);
  EXPECT_EQ(d.packet.id, 5u);
  EXPECT_EQ(d.packet.data, json::array({1}));
}

TEST(socketio_decoder, decodes_connect_with_and_without_auth) {
  EXPECT_EQ(feed(R"(0{"token":"x"})").packet.data, json({{"token", "x"}}));
  const Decoded bare = feed("0");
  ASSERT_FALSE(bare.error);
  EXPECT_TRUE(bare.packet.data.is_null());
  const Decoded nsp = feed("0/admin,");
  ASSERT_FALSE(nsp.error);
  EXPECT_EQ(nsp.packet.nsp, "/admin");
}

TEST(socketio_decoder, decodes_namespace_without_trailing_comma) {
  const Decoded d = feed("1/admin");
  ASSERT_FALSE(d.error);
  EXPECT_EQ(d.packet.type, PacketType::disconnect);
  EXPECT_EQ(d.packet.nsp, "/admin");
}

TEST(socketio_decoder, accepts_number_as_event_name_like_reference) {
  EXPECT_FALSE(error_of("2[1,2]"));
}

TEST(socketio_decoder, keeps_key_order_of_the_sender) {
  const Decoded d = feed(R"(2["o",{"b":1,"a":2}])");
  ASSERT_FALSE(d.error);
  EXPECT_EQ(d.packet.data[1].begin().key(), "b");
}

TEST(socketio_decoder, round_trips_encoded_packets) {
  const Packet in{.type = PacketType::ack,
                  .nsp = "/x",
                  .id = 9007199254740991,
                  .data = json::array({1.5, "é", json::object({{"k", nullptr}})})};
  const Decoded d = feed(encode(in).text);
  ASSERT_FALSE(d.error);
  EXPECT_EQ(d.packet.nsp, in.nsp);
  EXPECT_EQ(d.packet.id, in.id);
  EXPECT_EQ(d.packet.data, in.data);
}

TEST(socketio_decoder, rejects_empty_message) {
  EXPECT_EQ(error_of(""), packet_errc::empty_packet);
}

TEST(socketio_decoder, rejects_unknown_type) {
  EXPECT_EQ(error_of("9"), packet_errc::unknown_type);
  EXPECT_EQ(error_of("x"), packet_errc::unknown_type);
}

TEST(socketio_decoder, rejects_reserved_event_names) {
  EXPECT_EQ(error_of(R"(2["connect"])"), packet_errc::invalid_payload);
  EXPECT_EQ(error_of(R"(2["removeListener",1])"), packet_errc::invalid_payload);
}

TEST(socketio_decoder, rejects_event_without_name) {
  EXPECT_EQ(error_of("2[]"), packet_errc::invalid_payload);
  EXPECT_EQ(error_of("2{}"), packet_errc::invalid_payload);
  EXPECT_EQ(error_of(R"(2[{"a":1}])"), packet_errc::invalid_payload);
  EXPECT_EQ(error_of("2null"), packet_errc::invalid_payload);
}

TEST(socketio_decoder, rejects_event_without_data_stricter_than_reference) {
  EXPECT_EQ(error_of("2"), packet_errc::invalid_payload);
  EXPECT_EQ(error_of("2/admin,"), packet_errc::invalid_payload);
}

TEST(socketio_decoder, rejects_disconnect_with_data) {
  EXPECT_EQ(error_of("1/a,{}"), packet_errc::invalid_payload);
}

TEST(socketio_decoder, rejects_connect_with_non_object_data) {
  EXPECT_EQ(error_of("0[]"), packet_errc::invalid_payload);
  EXPECT_EQ(error_of("0null"), packet_errc::invalid_payload);
  EXPECT_EQ(error_of(R"(0"x")"), packet_errc::invalid_payload);
}

TEST(socketio_decoder, accepts_connect_error_string_or_object_only) {
  EXPECT_FALSE(error_of(R"(4"nope")"));
  EXPECT_FALSE(error_of(R"(4{"message":"nope"})"));
  EXPECT_EQ(error_of("4[1]"), packet_errc::invalid_payload);
  EXPECT_EQ(error_of("4"), packet_errc::invalid_payload);
}

TEST(socketio_decoder, rejects_ack_without_array_or_id) {
  EXPECT_EQ(error_of(R"(31{"a":1})"), packet_errc::invalid_payload);
  EXPECT_EQ(error_of("3[1]"), packet_errc::bad_id);
}

TEST(socketio_decoder, rejects_trailing_garbage_after_json) {
  EXPECT_EQ(error_of(R"(2["a"]x)"), packet_errc::bad_json);
  EXPECT_EQ(error_of(R"(2["a")"), packet_errc::bad_json);
}

TEST(socketio_decoder, rejects_text_where_namespace_lacks_slash) {
  EXPECT_EQ(error_of(R"(2admin,["a"])"), packet_errc::bad_json);
}

TEST(socketio_decoder, rejects_ids_beyond_safe_integers) {
  EXPECT_FALSE(error_of(R"(29007199254740991["a"])"));
  EXPECT_EQ(error_of(R"(29007199254740992["a"])"), packet_errc::bad_id);
  EXPECT_EQ(error_of(R"(2123456789012345678901234567890["a"])"), packet_errc::bad_id);
}

TEST(socketio_decoder, rejects_bad_attachment_counts) {
  EXPECT_EQ(error_of(R"(5-["a"])"), packet_errc::bad_attachments);
  EXPECT_EQ(error_of(R"(50-["a"])"), packet_errc::bad_attachments);
  EXPECT_EQ(error_of(R"(51["a"])"), packet_errc::bad_attachments);
  EXPECT_EQ(error_of("51"), packet_errc::bad_attachments);
  EXPECT_EQ(error_of(R"(5x-["a"])"), packet_errc::bad_attachments);
}

TEST(socketio_decoder, caps_attachment_count_without_allocating) {
  EXPECT_EQ(error_of(R"(511-["a"])"), packet_errc::too_many_attachments);
  EXPECT_EQ(error_of(R"(599999999999999999999999-["a"])"), packet_errc::too_many_attachments);
  EXPECT_EQ(error_of(R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])",
                     {.max_attachments = 1}),
            packet_errc::too_many_attachments);
}

TEST(socketio_decoder, rejects_json_nested_deeper_than_limit) {
  const std::string deep = "2[\"a\"," + std::string(200, '[') + std::string(200, ']') + "]";
  EXPECT_EQ(error_of(deep), packet_errc::too_deep);
  EXPECT_FALSE(error_of(deep, {.max_depth = 201}));
  EXPECT_FALSE(error_of(R"(2["[[[[[[","{{{{"])", {.max_depth = 1}));
}

TEST(socketio_decoder, rejects_invalid_utf8_in_json) {
  EXPECT_EQ(error_of("2[\"a\xff\"]"), packet_errc::bad_json);
}

TEST(socketio_decoder, names_its_errors) {
  EXPECT_EQ(std::error_code(packet_errc::unexpected_binary).message(), "unexpected binary message");
  EXPECT_STREQ(packet_category().name(), "corio.socketio.packet");
}
