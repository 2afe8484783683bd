#include <gtest/gtest.h>

#include <corio/ws/frame_decoder.hpp>

#include "ws/ws_test_util.hpp"

namespace corio::ws {
namespace {

using test::client_frame;
using test::Event;
using test::feed_all;
using test::feed_in_steps;
using test::Recorder;

TEST(ws_frame_decoder, decodes_rfc_6455_masked_hello) {
  FrameDecoder d;
  Recorder rec;
  std::string wire("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);
  DecodeResult r = feed_all(d, wire, rec);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.consumed, 11u);
  ASSERT_EQ(rec.events.size(), 1u);
  EXPECT_EQ(rec.events[0], (Event{"text", "Hello"}));
}

TEST(ws_frame_decoder, delivers_a_single_frame_message_in_place) {
  FrameDecoder d;
  std::string wire = client_frame(Opcode::binary, "payload");
  struct : FrameHandler {
    const char* seen = nullptr;
    void on_message(Opcode, std::string_view p, bool) override { seen = p.data(); }
    void on_ping(std::string_view) override {}
    void on_pong(std::string_view) override {}
    void on_close(std::uint16_t, std::string_view) override {}
  } h;
  d.decode(wire.data(), wire.size(), h);
  EXPECT_EQ(h.seen, wire.data() + 6);
  EXPECT_EQ(wire.substr(6), "payload");
}

TEST(ws_frame_decoder, assembles_rfc_6455_fragmented_hello) {
  FrameDecoder d;
  Recorder rec;
  std::string wire =
      client_frame(Opcode::text, "Hel", false) + client_frame(Opcode::continuation, "lo");
  EXPECT_TRUE(feed_all(d, wire, rec).ok());
  ASSERT_EQ(rec.events.size(), 1u);
  EXPECT_EQ(rec.events[0], (Event{"text", "Hello"}));
  EXPECT_FALSE(d.in_message());
}

TEST(ws_frame_decoder, delivers_ping_and_pong_payloads) {
  FrameDecoder d;
  Recorder rec;
  std::string pong("\x8a\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);
  EXPECT_TRUE(feed_all(d, client_frame(Opcode::ping, "Hello") + pong, rec).ok());
  ASSERT_EQ(rec.events.size(), 2u);
  EXPECT_EQ(rec.events[0], (Event{"ping", "Hello"}));
  EXPECT_EQ(rec.events[1], (Event{"pong", "Hello"}));
}

TEST(ws_frame_decoder, allows_control_frames_between_fragments) {
  FrameDecoder d;
  Recorder rec;
  std::string wire = client_frame(Opcode::binary, "ab", false) + client_frame(Opcode::ping, "p") +
                     client_frame(Opcode::continuation, "cd");
  EXPECT_TRUE(feed_all(d, wire, rec).ok());
  ASSERT_EQ(rec.events.size(), 2u);
  EXPECT_EQ(rec.events[0], (Event{"ping", "p"}));
  EXPECT_EQ(rec.events[1], (Event{"binary", "abcd"}));
}

TEST(ws_frame_decoder, keeps_an_unfinished_frame_unconsumed) {
  FrameDecoder d;
  Recorder rec;
  std::string whole = client_frame(Opcode::text, "one") + client_frame(Opcode::text, "two");
  std::string part = whole.substr(0, whole.size() - 2);
  DecodeResult r = d.decode(part.data(), part.size(), rec);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.consumed, 9u);
  EXPECT_EQ(r.frame_size, 9u);
  EXPECT_EQ(rec.events.size(), 1u);
}

TEST(ws_frame_decoder, byte_at_a_time_feeding_equals_whole_feeding) {
  std::string wire = client_frame(Opcode::text, "h\xc3\xa9llo", false) +
                     client_frame(Opcode::ping, "x") +
                     client_frame(Opcode::continuation, std::string(300, 'z')) +
                     client_frame(Opcode::binary, std::string(70000, 'b')) +
                     client_frame(Opcode::close, std::string("\x03\xe8"
                                                             "done"));
  FrameDecoder whole_decoder, step_decoder;
  Recorder whole, steps;
  EXPECT_TRUE(feed_all(whole_decoder, wire, whole).ok());
  std::string left;
  EXPECT_TRUE(feed_in_steps(step_decoder, wire, 1, steps, &left).ok());
  EXPECT_EQ(left, "");
  EXPECT_EQ(whole.events, steps.events);
  ASSERT_EQ(whole.events.size(), 4u);
  EXPECT_EQ(whole.events[3], (Event{"close", "done", false, 1000}));
}

TEST(ws_frame_decoder, decodes_16_bit_and_64_bit_lengths) {
  FrameDecoder d;
  Recorder rec;
  std::string wire = client_frame(Opcode::binary, std::string(126, 'a')) +
                     client_frame(Opcode::binary, std::string(65536, 'b'));
  EXPECT_TRUE(feed_all(d, wire, rec).ok());
  ASSERT_EQ(rec.events.size(), 2u);
  EXPECT_EQ(rec.events[0].payload.size(), 126u);
  EXPECT_EQ(rec.events[1].payload.size(), 65536u);
}

TEST(ws_frame_decoder, accepts_non_minimal_length_encodings) {
  // RFC 6455 asks senders for the minimal form; like browsers and `ws`, we accept others.
  FrameDecoder d;
  Recorder rec;
  std::string wire = client_frame(Opcode::text, "hi", true, false, {1, 2, 3, 4}, 2) +
                     client_frame(Opcode::text, "yo", true, false, {1, 2, 3, 4}, 8);
  EXPECT_TRUE(feed_all(d, wire, rec).ok());
  ASSERT_EQ(rec.events.size(), 2u);
  EXPECT_EQ(rec.events[1], (Event{"text", "yo"}));
}

TEST(ws_frame_decoder, validates_utf8_split_across_fragments) {
  FrameDecoder d;
  Recorder rec;
  std::string wire = client_frame(Opcode::text, "\xf0\x9f", false) +
                     client_frame(Opcode::continuation, "\x98", false) +
                     client_frame(Opcode::continuation, "\x80");
  EXPECT_TRUE(feed_all(d, wire, rec).ok());
  ASSERT_EQ(rec.events.size(), 1u);
  EXPECT_EQ(rec.events[0].payload, "\xf0\x9f\x98\x80");
}

TEST(ws_frame_decoder, delivers_close_without_payload_as_1005) {
  FrameDecoder d;
  Recorder rec;
  EXPECT_TRUE(feed_all(d, client_frame(Opcode::close, ""), rec).ok());
  ASSERT_EQ(rec.events.size(), 1u);
  EXPECT_EQ(rec.events[0].code, 1005);
  EXPECT_TRUE(d.closed());
}

TEST(ws_frame_decoder, stops_after_a_close_frame) {
  FrameDecoder d;
  Recorder rec;
  std::string close = client_frame(Opcode::close, "\x03\xe8");
  DecodeResult r = feed_all(d, close + client_frame(Opcode::text, "late"), rec);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.consumed, close.size());
  EXPECT_EQ(rec.events.size(), 1u);
}

TEST(ws_frame_decoder, releases_the_message_buffer_after_delivery) {
  FrameDecoder d;
  Recorder rec;
  std::string wire = client_frame(Opcode::binary, std::string(5000, 'a'), false) +
                     client_frame(Opcode::continuation, std::string(5000, 'b'));
  std::string first = wire.substr(0, 5008);  // the first fragment exactly
  d.decode(first.data(), first.size(), rec);
  EXPECT_GE(d.buffer_capacity(), 5000u);
  EXPECT_TRUE(feed_all(d, wire.substr(first.size()), rec).ok());
  EXPECT_EQ(rec.events.size(), 1u);
  EXPECT_EQ(d.buffer_capacity(), FrameDecoder().buffer_capacity());
}

TEST(ws_frame_decoder, is_small_while_idle) { EXPECT_LE(sizeof(FrameDecoder), 64u); }

TEST(ws_frame_decoder, delivers_empty_messages) {
  FrameDecoder d;
  Recorder rec;
  std::string wire = client_frame(Opcode::text, "") + client_frame(Opcode::binary, "", false) +
                     client_frame(Opcode::continuation, "");
  EXPECT_TRUE(feed_all(d, wire, rec).ok());
  ASSERT_EQ(rec.events.size(), 2u);
  EXPECT_EQ(rec.events[1], (Event{"binary", ""}));
}

}  // namespace
}  // namespace corio::ws
