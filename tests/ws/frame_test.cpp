#include <gtest/gtest.h>

#include <corio/ws/frame.hpp>
#include <string>

namespace corio::ws {
namespace {

TEST(ws_frame, encodes_rfc_6455_unmasked_hello) {
  EXPECT_EQ(encode_frame(Opcode::text, "Hello"), std::string("\x81\x05Hello"));
}

TEST(ws_frame, encodes_rfc_6455_unmasked_ping) {
  EXPECT_EQ(encode_frame(Opcode::ping, "Hello"), std::string("\x89\x05Hello"));
}

TEST(ws_frame, encodes_fragments_without_fin) {
  EXPECT_EQ(encode_frame(Opcode::text, "Hel", false), std::string("\x01\x03Hel"));
  EXPECT_EQ(encode_frame(Opcode::continuation, "lo"), std::string("\x80\x02lo"));
}

TEST(ws_frame, uses_16_bit_length_from_126_bytes) {
  FrameHeader h = encode_frame_header(Opcode::binary, 256);
  EXPECT_EQ(h.view(), std::string("\x82\x7e\x01\x00", 4));
  EXPECT_EQ(encode_frame_header(Opcode::binary, 125).size, 2);
  EXPECT_EQ(encode_frame_header(Opcode::binary, 126).size, 4);
  EXPECT_EQ(encode_frame_header(Opcode::binary, 65535).size, 4);
}

TEST(ws_frame, uses_64_bit_length_from_65536_bytes) {
  FrameHeader h = encode_frame_header(Opcode::binary, 65536);
  EXPECT_EQ(h.view(), std::string("\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
}

TEST(ws_frame, sets_rsv1_for_compressed_frames) {
  EXPECT_EQ(static_cast<unsigned char>(encode_frame_header(Opcode::text, 1, true, true).bytes[0]),
            0xC1);
}

TEST(ws_frame, encodes_close_payload_big_endian) {
  EXPECT_EQ(encode_close_payload(1000, "bye"), std::string("\x03\xe8"
                                                           "bye"));
  EXPECT_EQ(encode_close_frame(1001), std::string("\x88\x02\x03\xe9"));
}

TEST(ws_frame, close_without_status_has_empty_payload) {
  EXPECT_EQ(encode_close_payload(1005, "ignored"), "");
}

TEST(ws_frame, truncates_long_close_reason_at_a_utf8_boundary) {
  std::string reason(122, 'a');
  reason += "\xc3\xa9\xc3\xa9";  // é é: the first straddles byte 123
  std::string payload = encode_close_payload(1000, reason);
  EXPECT_EQ(payload.size(), 2u + 122u);
}

TEST(ws_frame, accepts_only_sendable_close_codes) {
  for (std::uint16_t c :
       {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999}) {
    EXPECT_TRUE(is_valid_close_code(c)) << c;
  }
  for (std::uint16_t c : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    EXPECT_FALSE(is_valid_close_code(c)) << c;
  }
}

TEST(ws_frame, masking_twice_restores_and_respects_offset) {
  std::string s = "The quick brown fox jumps over the lazy dog";
  std::string orig = s;
  apply_mask(s.data(), s.size(), {1, 2, 3, 4});
  EXPECT_NE(s, orig);
  apply_mask(s.data(), 5, {1, 2, 3, 4});
  apply_mask(s.data() + 5, s.size() - 5, {1, 2, 3, 4}, 5);
  EXPECT_EQ(s, orig);
}

TEST(ws_frame, masks_rfc_6455_hello) {
  std::string s = "Hello";
  apply_mask(s.data(), s.size(), {0x37, 0xfa, 0x21, 0x3d});
  EXPECT_EQ(s, std::string("\x7f\x9f\x4d\x51\x58"));
}

}  // namespace
}  // namespace corio::ws
