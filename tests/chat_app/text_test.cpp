#include "text.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

using corio::json;

TEST(is_valid_name, accepts_letters_digits_underscore_and_dash) {
  EXPECT_TRUE(is_valid_name("under_score-dash9", 20));
}

TEST(is_valid_name, accepts_exactly_the_maximum_length) {
  EXPECT_TRUE(is_valid_name(std::string(20, 'a'), 20));
  EXPECT_FALSE(is_valid_name(std::string(21, 'a'), 20));
}

TEST(is_valid_name, refuses_empty_strings) { EXPECT_FALSE(is_valid_name("", 20)); }

TEST(is_valid_name, refuses_spaces_punctuation_markup_and_non_ascii) {
  for (const char* name : {"has space", "semi;colon", "<b>",
                           "\xC3\xBCn\xC3\xAF"
                           "code"}) {
    EXPECT_FALSE(is_valid_name(name, 20)) << name;
  }
}

TEST(is_valid_name, refuses_values_that_are_not_strings) {
  for (const json& value : {json(42), json(nullptr), json::array({"a"}), json::object()}) {
    EXPECT_FALSE(is_valid_name(value, 20)) << value.dump();
  }
}

TEST(js_length, counts_ascii_bytes) { EXPECT_EQ(js_length("hello"), 5u); }

TEST(js_length, counts_two_and_three_byte_characters_once) {
  EXPECT_EQ(js_length("\xC3\xBC"), 1u);      // ü
  EXPECT_EQ(js_length("\xE2\x9C\x93"), 1u);  // ✓
}

TEST(js_length, counts_characters_outside_the_bmp_as_two_units) {
  EXPECT_EQ(js_length("\xF0\x9F\x98\x80"), 2u);  // 😀 is a surrogate pair in JavaScript
}

TEST(nickname_key, lower_cases_ascii_letters_only) {
  EXPECT_EQ(nickname_key("Bob_X-9\xC3\x9C"), "bob_x-9\xC3\x9C");
}

TEST(nickname_key, maps_the_kelvin_sign_to_k_as_javascript_does) {
  EXPECT_EQ(nickname_key("\xE2\x84\xAA"
                         "ate"),
            "kate");
}

TEST(cookie_value, finds_a_cookie_among_others) {
  EXPECT_EQ(cookie_value("theme=dark; nickname=bob", "nickname"), "bob");
}

TEST(cookie_value, is_absent_without_the_cookie) {
  EXPECT_EQ(cookie_value("theme=dark", "nickname"), std::nullopt);
  EXPECT_EQ(cookie_value("", "nickname"), std::nullopt);
}

TEST(cookie_value, decodes_percent_escapes) {
  EXPECT_EQ(cookie_value("nickname=a%20b", "nickname"), "a b");
}

TEST(cookie_value, trims_white_space_around_name_and_value) {
  EXPECT_EQ(cookie_value("  nickname =  bob  ;x=1", "nickname"), "bob");
}

TEST(cookie_value, uses_the_first_occurrence) {
  EXPECT_EQ(cookie_value("nickname=a; nickname=b", "nickname"), "a");
}

TEST(cookie_value, is_absent_when_the_first_occurrence_does_not_decode) {
  EXPECT_EQ(cookie_value("nickname=%E0%A4%A; nickname=b", "nickname"), std::nullopt);
}

TEST(cookie_value, reads_header_bytes_as_latin1) {
  EXPECT_EQ(cookie_value("nickname=b\xE9", "nickname"), "b\xC3\xA9");
}

TEST(base36, writes_lower_case_digits) {
  EXPECT_EQ(base36(0), "0");
  EXPECT_EQ(base36(35), "z");
  EXPECT_EQ(base36(36), "10");
  EXPECT_EQ(base36(1700000000000), "loyw3v28");
}

}  // namespace
}  // namespace chat
