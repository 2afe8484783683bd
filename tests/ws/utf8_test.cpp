#include <gtest/gtest.h>

#include <corio/ws/utf8.hpp>
#include <string>

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

TEST(ws_utf8, agrees_with_a_reference_decoder_on_all_two_byte_inputs) {
  // Reference: decode by hand with explicit range checks.
  auto reference = [](unsigned char a, unsigned char b) {
    if (a < 0x80) return b < 0x80;
    if (a >= 0xC2 && a <= 0xDF) return b >= 0x80 && b <= 0xBF;
    return false;
  };
  for (unsigned a = 0; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      std::string s{static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(is_valid_utf8(s), reference(a, b)) << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace corio::ws
