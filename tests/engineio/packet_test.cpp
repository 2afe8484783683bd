#include <corio/engineio/packet.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace corio::engineio;
using namespace std::string_literals;

// Reference strings were produced with engine.io-parser 5.2.3 (tests/node), e.g.
//   node -e 'require("engine.io-parser").encodePayload([...], s => console.log(JSON.stringify(s)))'

namespace {

std::vector<Packet> decode_all(std::string_view payload, std::error_code& ec,
                               const PayloadLimits& limits = {}) {
  std::vector<Packet> out;
  ec = decode_payload(payload, out, limits);
  return out;
}

}  // namespace

TEST(engineio_packet, encodes_text_packet_as_type_char_then_data) {
  EXPECT_EQ(encode_text(PacketType::message, "hello"), "4hello");
  EXPECT_EQ(encode_text(PacketType::ping, "probe"), "2probe");
  EXPECT_EQ(encode_text(PacketType::pong), "3");
  EXPECT_EQ(encode_text(PacketType::message, "é€😀"), "4é€😀");
}

TEST(engineio_packet, encodes_payload_like_reference) {
  // encodePayload([{message,"hello"},{message,Buffer[1,2,3,4]},{ping},{close}])
  const std::vector<Packet> packets{{PacketType::message, "hello", false},
                                    {PacketType::message, "\x01\x02\x03\x04", true},
                                    {PacketType::ping, "", false},
                                    {PacketType::close, "", false}};
  EXPECT_EQ(encode_payload(packets),
            "4hello\x1e"
            "bAQIDBA==\x1e"
            "2\x1e"
            "1");
}

TEST(engineio_packet, encodes_binary_polling_packet_as_b_base64) {
  std::string out;
  append_polling_packet(out, {PacketType::message, "\xff\xfe", true});
  EXPECT_EQ(out, "b//4=");
}

TEST(engineio_packet, encodes_empty_payload_as_empty_string) { EXPECT_EQ(encode_payload({}), ""); }

TEST(engineio_packet, decodes_payload_of_text_and_binary_packets) {
  std::error_code ec;
  const auto packets = decode_all(
      "4hello\x1e"
      "bAQIDBA==\x1e"
      "2\x1e"
      "6",
      ec);
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_EQ(packets.size(), 4u);
  EXPECT_EQ(packets[0].type, PacketType::message);
  EXPECT_EQ(packets[0].data, "hello");
  EXPECT_FALSE(packets[0].binary);
  EXPECT_TRUE(packets[1].binary);
  EXPECT_EQ(packets[1].data, "\x01\x02\x03\x04");
  EXPECT_EQ(packets[2].type, PacketType::ping);
  EXPECT_EQ(packets[3].type, PacketType::noop);
}

TEST(engineio_packet, decodes_empty_base64_as_empty_binary_message) {
  std::error_code ec;
  const auto packets = decode_all("b", ec);
  ASSERT_FALSE(ec);
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_TRUE(packets[0].binary);
  EXPECT_EQ(packets[0].data, "");
}

TEST(engineio_packet, visits_views_into_the_payload) {
  const std::string payload =
      "4a\x1e"
      "4bc";
  std::vector<std::string_view> seen;
  const auto ec = decode_payload(payload, [&](const PacketView& v) { seen.push_back(v.data); });
  ASSERT_FALSE(ec);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1], "bc");
  EXPECT_EQ(seen[1].data(), payload.data() + 4);
}

TEST(engineio_packet, rejects_empty_payload) {
  std::error_code ec;
  decode_all("", ec);
  EXPECT_EQ(ec, packet_errc::empty_packet);
}

TEST(engineio_packet, rejects_empty_packet_between_separators) {
  std::error_code ec;
  decode_all(
      "4hi\x1e\x1e"
      "6",
      ec);
  EXPECT_EQ(ec, packet_errc::empty_packet);
  decode_all("4hi\x1e", ec);
  EXPECT_EQ(ec, packet_errc::empty_packet);
}

TEST(engineio_packet, rejects_unknown_type_char) {
  std::error_code ec;
  decode_all(
      "4hi\x1e"
      "7x",
      ec);
  EXPECT_EQ(ec, packet_errc::unknown_type);
  decode_all("x", ec);
  EXPECT_EQ(ec, packet_errc::unknown_type);
}

TEST(engineio_packet, rejects_bad_base64) {
  std::error_code ec;
  decode_all("b!!!!", ec);
  EXPECT_EQ(ec, packet_errc::bad_base64);
}

TEST(engineio_packet, delivers_nothing_when_a_later_packet_is_bad) {
  int visited = 0;
  const auto ec = decode_payload(
      "4ok\x1e"
      "4ok\x1e"
      "9",
      [&](const PacketView&) { ++visited; });
  EXPECT_EQ(ec, packet_errc::unknown_type);
  EXPECT_EQ(visited, 0);
  std::vector<Packet> out(1);
  EXPECT_TRUE(
      decode_payload("4ok\x1e"
                     "9",
                     out));
  EXPECT_EQ(out.size(), 1u);
}

TEST(engineio_packet, caps_packet_count) {
  std::string payload = "6";
  for (int i = 0; i < 10; ++i)
    payload +=
        "\x1e"
        "6";
  std::error_code ec;
  decode_all(payload, ec, {.max_packets = 10});
  EXPECT_EQ(ec, packet_errc::too_many_packets);
  decode_all(payload, ec, {.max_packets = 11});
  EXPECT_FALSE(ec);
}

TEST(engineio_packet, decodes_websocket_text_frame) {
  PacketView view;
  std::string scratch;
  ASSERT_FALSE(decode_text_packet("2probe", view, scratch));
  EXPECT_EQ(view.type, PacketType::ping);
  EXPECT_EQ(view.data, "probe");
  EXPECT_EQ(decode_text_packet("bAQ==", view, scratch, false), packet_errc::unknown_type);
  EXPECT_EQ(decode_text_packet("", view, scratch), packet_errc::empty_packet);
}

TEST(engineio_packet, round_trips_arbitrary_binary_through_payload) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes += static_cast<char>(i * 7);
  const std::vector<Packet> in{{PacketType::message, bytes, true},
                               {PacketType::message, "x"s, false}};
  std::error_code ec;
  const auto out = decode_all(encode_payload(in), ec);
  ASSERT_FALSE(ec);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].data, bytes);
  EXPECT_EQ(out[1].data, "x");
}

TEST(engineio_packet, writes_open_json_in_reference_key_order) {
  EXPECT_EQ(encode_open_json({.sid = "abc_-12"}),
            R"({"sid":"abc_-12","upgrades":["websocket"],"pingInterval":25000,)"
            R"("pingTimeout":20000,"maxPayload":1000000})");
  EXPECT_EQ(encode_open_json({.sid = "s",
                              .upgrade_to_websocket = false,
                              .ping_interval_ms = 1,
                              .ping_timeout_ms = 2,
                              .max_payload = 3}),
            R"({"sid":"s","upgrades":[],"pingInterval":1,"pingTimeout":2,"maxPayload":3})");
}

TEST(engineio_packet, writes_http_error_bodies_like_reference) {
  EXPECT_EQ(http_error_json(HttpError::unknown_transport),
            R"({"code":0,"message":"Transport unknown"})");
  EXPECT_EQ(http_error_json(HttpError::unknown_sid),
            R"({"code":1,"message":"Session ID unknown"})");
  EXPECT_EQ(http_error_json(HttpError::bad_handshake_method),
            R"({"code":2,"message":"Bad handshake method"})");
  EXPECT_EQ(http_error_json(HttpError::bad_request), R"({"code":3,"message":"Bad request"})");
  EXPECT_EQ(http_error_json(HttpError::forbidden), R"({"code":4,"message":"Forbidden"})");
  EXPECT_EQ(http_error_json(HttpError::unsupported_protocol_version),
            R"({"code":5,"message":"Unsupported protocol version"})");
}

TEST(engineio_packet, maps_forbidden_to_403_and_others_to_400) {
  EXPECT_EQ(http_error_status(HttpError::forbidden), 403);
  EXPECT_EQ(http_error_status(HttpError::unknown_sid), 400);
}

TEST(engineio_packet, names_its_errors) {
  EXPECT_EQ(std::error_code(packet_errc::bad_base64).message(), "invalid base64 in binary packet");
  EXPECT_STREQ(packet_category().name(), "corio.engineio.packet");
}
