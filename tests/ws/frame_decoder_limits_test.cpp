// Every way a client frame is refused, with the close code it earns.
#include <gtest/gtest.h>

#include <corio/ws/deflate.hpp>
#include <corio/ws/frame_decoder.hpp>

#include "ws/ws_test_util.hpp"

namespace corio::ws {
namespace {

using test::client_frame;
using test::feed_all;
using test::Recorder;

CloseCode error_of(std::string wire, FrameDecoderOptions options = {}) {
  FrameDecoder d(options);
  Recorder rec;
  return feed_all(d, std::move(wire), rec).error;
}

TEST(ws_frame_decoder_limits, rejects_unmasked_client_frame) {
  EXPECT_EQ(error_of("\x81\x05Hello"), CloseCode::protocol_error);
}

TEST(ws_frame_decoder_limits, rejects_reserved_bits_without_deflate) {
  std::string f = client_frame(Opcode::text, "x");
  for (char bit : {'\x40', '\x20', '\x10'}) {
    std::string g = f;
    g[0] = static_cast<char>(g[0] | bit);
    EXPECT_EQ(error_of(g), CloseCode::protocol_error) << int(bit);
  }
}

TEST(ws_frame_decoder_limits, rejects_unknown_opcodes) {
  for (int op : {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
    std::string f = client_frame(Opcode::text, "x");
    f[0] = static_cast<char>(0x80 | op);
    EXPECT_EQ(error_of(f), CloseCode::protocol_error) << op;
  }
}

TEST(ws_frame_decoder_limits, rejects_control_frame_over_125_bytes) {
  EXPECT_EQ(error_of(client_frame(Opcode::ping, std::string(126, 'p'))), CloseCode::protocol_error);
  EXPECT_EQ(error_of(client_frame(Opcode::ping, std::string(125, 'p'))), CloseCode{});
}

TEST(ws_frame_decoder_limits, rejects_fragmented_control_frame) {
  EXPECT_EQ(error_of(client_frame(Opcode::ping, "p", false)), CloseCode::protocol_error);
}

TEST(ws_frame_decoder_limits, rejects_continuation_without_a_message) {
  EXPECT_EQ(error_of(client_frame(Opcode::continuation, "x")), CloseCode::protocol_error);
}

TEST(ws_frame_decoder_limits, rejects_new_data_frame_inside_a_fragmented_message) {
  EXPECT_EQ(error_of(client_frame(Opcode::text, "a", false) + client_frame(Opcode::text, "b")),
            CloseCode::protocol_error);
}

TEST(ws_frame_decoder_limits, rejects_close_payload_of_one_byte) {
  EXPECT_EQ(error_of(client_frame(Opcode::close, "\x03")), CloseCode::protocol_error);
}

TEST(ws_frame_decoder_limits, rejects_invalid_close_codes) {
  for (std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 2000, 5000}) {
    std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    EXPECT_EQ(error_of(client_frame(Opcode::close, payload)), CloseCode::protocol_error) << code;
  }
}

TEST(ws_frame_decoder_limits, rejects_non_utf8_close_reason) {
  EXPECT_EQ(error_of(client_frame(Opcode::close, "\x03\xe8\xff")), CloseCode::invalid_payload);
}

TEST(ws_frame_decoder_limits, rejects_non_utf8_text_message) {
  EXPECT_EQ(error_of(client_frame(Opcode::text, "\xc0\xaf")), CloseCode::invalid_payload);
}

TEST(ws_frame_decoder_limits, rejects_text_ending_mid_sequence) {
  EXPECT_EQ(error_of(client_frame(Opcode::text, "ok\xe2\x82", false) +
                     client_frame(Opcode::continuation, "")),
            CloseCode::invalid_payload);
}

TEST(ws_frame_decoder_limits, fails_fast_on_bad_utf8_in_a_first_fragment) {
  FrameDecoder d;
  Recorder rec;
  EXPECT_EQ(feed_all(d, client_frame(Opcode::text, "\xed\xa0\x80", false), rec).error,
            CloseCode::invalid_payload);
}

TEST(ws_frame_decoder_limits, accepts_invalid_utf8_in_binary_messages) {
  EXPECT_EQ(error_of(client_frame(Opcode::binary, "\xff\xfe")), CloseCode{});
}

TEST(ws_frame_decoder_limits, rejects_64_bit_length_with_msb_set) {
  std::string f("\x82\xff\x80\x00\x00\x00\x00\x00\x00\x01\x01\x02\x03\x04", 14);
  EXPECT_EQ(error_of(f), CloseCode::protocol_error);
}

TEST(ws_frame_decoder_limits, rejects_oversized_frame_from_its_header_alone) {
  // Only the 14-byte header of a 2 MiB frame: refused before any payload is buffered.
  std::string f("\x82\xff\x00\x00\x00\x00\x00\x20\x00\x00\x01\x02\x03\x04", 14);
  EXPECT_EQ(error_of(f), CloseCode::message_too_big);
}

TEST(ws_frame_decoder_limits, enforces_max_message_size_across_fragments) {
  FrameDecoderOptions small{.max_message_size = 10};
  EXPECT_EQ(error_of(client_frame(Opcode::binary, std::string(10, 'a')), small), CloseCode{});
  EXPECT_EQ(error_of(client_frame(Opcode::binary, std::string(6, 'a'), false) +
                         client_frame(Opcode::continuation, std::string(5, 'b')),
                     small),
            CloseCode::message_too_big);
}

TEST(ws_frame_decoder_limits, does_not_count_control_frames_against_the_message_limit) {
  FrameDecoderOptions small{.max_message_size = 4};
  EXPECT_EQ(error_of(client_frame(Opcode::ping, std::string(100, 'p')), small), CloseCode{});
}

TEST(ws_frame_decoder_limits, rejects_rsv1_on_control_and_continuation_frames_with_deflate) {
  Inflater inflater;
  FrameDecoderOptions deflate{.inflater = &inflater};
  EXPECT_EQ(error_of(client_frame(Opcode::ping, "p", true, true), deflate),
            CloseCode::protocol_error);
  EXPECT_EQ(error_of(client_frame(Opcode::binary, "a", false) +
                         client_frame(Opcode::continuation, "b", true, true),
                     deflate),
            CloseCode::protocol_error);
}

TEST(ws_frame_decoder_limits, keeps_failing_after_an_error) {
  FrameDecoder d;
  Recorder rec;
  EXPECT_FALSE(feed_all(d, "\x81\x05Hello", rec).ok());
  EXPECT_TRUE(d.closed());
  EXPECT_EQ(feed_all(d, client_frame(Opcode::text, "x"), rec).consumed, 0u);
  EXPECT_TRUE(rec.events.empty());
}

}  // namespace
}  // namespace corio::ws
