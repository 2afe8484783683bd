#include <gtest/gtest.h>

#include <corio/ws/utf8.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace corio::ws {
namespace {

TEST(ws_utf8, accepts_ascii_and_multibyte_text) {
  EXPECT_TRUE(is_valid_utf8("hello world, this is a long ascii run of text!"));
  EXPECT_TRUE(is_valid_utf8("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));  // κόσμε
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));                              // U+1F600
  EXPECT_TRUE(is_valid_utf8(""));
}

TEST(ws_utf8, accepts_boundary_code_points) {
  EXPECT_TRUE(is_valid_utf8("\x7f"));
  EXPECT_TRUE(is_valid_utf8("\xc2\x80"));
  EXPECT_TRUE(is_valid_utf8("\xe0\xa0\x80"));
  EXPECT_TRUE(is_valid_utf8("\xed\x9f\xbf"));      // U+D7FF
  EXPECT_TRUE(is_valid_utf8("\xee\x80\x80"));      // U+E000
  EXPECT_TRUE(is_valid_utf8("\xef\xbf\xbf"));      // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
}

TEST(ws_utf8, rejects_overlong_forms) {
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));
  EXPECT_FALSE(is_valid_utf8("\xc1\xbf"));
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x80\x80\xaf"));
}

TEST(ws_utf8, rejects_surrogates) {
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));  // U+D800
  EXPECT_FALSE(is_valid_utf8("\xed\xbf\xbf"));  // U+DFFF
}

TEST(ws_utf8, rejects_code_points_above_10ffff) {
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
}

TEST(ws_utf8, rejects_stray_continuation_and_truncated_sequence) {
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("abc\xe2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xe2\x82 "));
}

TEST(ws_utf8, validates_a_sequence_split_across_feeds) {
  Utf8Validator v;
  EXPECT_TRUE(v.feed("\xf0\x9f"));
  EXPECT_FALSE(v.complete());
  EXPECT_TRUE(v.feed("\x98"));
  EXPECT_TRUE(v.feed("\x80ok"));
  EXPECT_TRUE(v.complete());
}

TEST(ws_utf8, fails_at_the_first_bad_byte_and_stays_failed) {
  Utf8Validator v;
  EXPECT_FALSE(v.feed("ok\xed\xa0"));
  EXPECT_TRUE(v.failed());
  EXPECT_FALSE(v.feed("abc"));
}

TEST(ws_utf8, finds_an_error_after_a_long_ascii_run) {
  std::string s(1000, 'a');
  s += "\xc0\x80";
  s += std::string(100, 'b');
  EXPECT_FALSE(is_valid_utf8(s));
}

// Reference: decode code points one by one and check the rules of RFC 3629 directly.
bool reference_valid(std::string_view s) {
  static constexpr std::uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80             ? 1
                      : (c & 0xE0) == 0xC0 ? 2
                      : (c & 0xF0) == 0xE0 ? 3
                      : (c & 0xF8) == 0xF0 ? 4
                                           : 0;
    if (len == 0 || i + len > s.size()) return false;
    std::uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (len > 1 && cp < min_for_length[len]) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

TEST(ws_utf8, agrees_with_a_reference_decoder_on_all_three_byte_inputs) {
  // Each input alone (DFA path) and followed by one ASCII byte (whole-sequence fast path).
  char buf[4] = {0, 0, 0, 'a'};
  for (unsigned a = 0x80; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      for (unsigned c = 0; c < 256; ++c) {
        buf[0] = static_cast<char>(a), buf[1] = static_cast<char>(b), buf[2] = static_cast<char>(c);
        std::string_view three(buf, 3), four(buf, 4);
        ASSERT_EQ(is_valid_utf8(three), reference_valid(three)) << a << " " << b << " " << c;
        ASSERT_EQ(is_valid_utf8(four), reference_valid(four)) << a << " " << b << " " << c;
      }
    }
  }
}

TEST(ws_utf8, agrees_with_a_reference_decoder_on_four_byte_sequences) {
  char buf[4];
  for (unsigned a = 0xEF; a < 0xF8; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      for (unsigned c = 0; c < 256; ++c) {
        for (unsigned d : {0x41u, 0x80u, 0xBFu, 0xC0u}) {
          buf[0] = static_cast<char>(a), buf[1] = static_cast<char>(b);
          buf[2] = static_cast<char>(c), buf[3] = static_cast<char>(d);
          std::string_view four(buf, 4);
          ASSERT_EQ(is_valid_utf8(four), reference_valid(four)) << a << " " << b << " " << c;
        }
      }
    }
  }
}

}  // namespace
}  // namespace corio::ws
