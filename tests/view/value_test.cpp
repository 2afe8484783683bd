#include <corio/view/detail/value.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace corio::view::detail {
namespace {

std::string num(double d) {
  std::string s;
  append_number(s, d);
  return s;
}

TEST(view_value, prints_integers_without_a_fraction) { EXPECT_EQ(num(1), "1"); }
TEST(view_value, prints_shortest_round_trip_fraction) { EXPECT_EQ(num(0.1 + 0.2), "0.30000000000000004"); }
TEST(view_value, prints_large_numbers_in_exponent_form) { EXPECT_EQ(num(1e21), "1e+21"); }
TEST(view_value, prints_tiny_numbers_in_exponent_form) { EXPECT_EQ(num(1e-7), "1e-7"); }
TEST(view_value, prints_small_fractions_in_plain_form) { EXPECT_EQ(num(0.000001), "0.000001"); }
TEST(view_value, prints_negative_zero_as_zero) { EXPECT_EQ(num(-0.0), "0"); }
TEST(view_value, prints_non_finite_numbers_like_javascript) {
  EXPECT_EQ(num(NAN), "NaN");
  EXPECT_EQ(num(-INFINITY), "-Infinity");
}
TEST(view_value, prints_big_integers_below_1e21_in_full) { EXPECT_EQ(num(123456789012345680000.0), "123456789012345680000"); }

TEST(view_value, prints_integers_of_every_digit_count_in_full) {
  std::uint64_t v = 0;
  for (int digits = 1; digits <= 15; ++digits) {
    v = v * 10 + static_cast<std::uint64_t>(digits % 10);
    EXPECT_EQ(num(static_cast<double>(v)), std::to_string(v));
    EXPECT_EQ(num(-static_cast<double>(v)), "-" + std::to_string(v));
  }
  EXPECT_EQ(num(10), "10");
  EXPECT_EQ(num(100), "100");
  EXPECT_EQ(num(999999999999999), "999999999999999");
}

TEST(view_value, empty_string_and_zero_are_falsy) {
  EXPECT_FALSE(truthy(Value::borrowed("")));
  EXPECT_FALSE(truthy(Value::number(0)));
  EXPECT_TRUE(truthy(Value::array()));
}

TEST(view_value, loose_equality_converts_strings_to_numbers) {
  EXPECT_TRUE(loose_equals(Value::number(1), Value::borrowed("1")));
  EXPECT_FALSE(strict_equals(Value::number(1), Value::borrowed("1")));
}

TEST(view_value, null_loosely_equals_only_undefined) {
  EXPECT_TRUE(loose_equals(Value::null(), Value()));
  EXPECT_FALSE(loose_equals(Value::null(), Value::number(0)));
}

TEST(view_value, nested_arrays_stringify_flat) {
  Value a = Value::array({Value::number(1), Value::array({Value::number(2), Value::null()})});
  EXPECT_EQ(to_string(a), "1,2,");
}

TEST(view_value, objects_stringify_as_object_object) { EXPECT_EQ(to_string(Value::object()), "[object Object]"); }

TEST(view_value, borrows_json_strings_without_copying) {
  json j = "hello";
  Value v = Value::from_json(j);
  EXPECT_EQ(v.str().data(), j.get_ref<const std::string&>().data());
}

TEST(view_value, escapes_the_five_html_characters_like_ejs) {
  std::string out;
  append_escaped(out, "<a href=\"x\">'&'</a>");
  EXPECT_EQ(out, "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(view_value, escaping_finds_special_characters_at_every_offset_of_long_text) {
  const std::string specials = "&<>\"'";
  const std::string entities[] = {"&amp;", "&lt;", "&gt;", "&#34;", "&#39;"};
  for (std::size_t at = 0; at < 40; ++at) {
    for (std::size_t k = 0; k < specials.size(); ++k) {
      std::string text(40, 'a');
      text[5] = '\xC3';  // bytes of a UTF-8 letter stay as they are
      text[6] = '\xA9';
      text[at] = specials[k];
      std::string expected;
      for (char c : text) {
        std::size_t i = specials.find(c);
        expected += i == std::string::npos ? std::string(1, c) : entities[i];
      }
      std::string out;
      append_escaped(out, text);
      ASSERT_EQ(out, expected) << "special " << specials[k] << " at " << at;
    }
  }
}

TEST(view_value, escaping_into_an_output_with_room_appends_the_same_text) {
  const std::string text = "x<b>\"é\"</b> & 'y' " + std::string(40, '&') + "<tail>";
  std::string expected = "prefix";
  for (char c : text) {
    switch (c) {
      case '&': expected += "&amp;"; break;
      case '<': expected += "&lt;"; break;
      case '>': expected += "&gt;"; break;
      case '"': expected += "&#34;"; break;
      case '\'': expected += "&#39;"; break;
      default: expected += c;
    }
  }
  std::string out = "prefix";
  out.reserve(4096);
  append_escaped(out, text);
  EXPECT_EQ(out, expected);
}

TEST(view_value, same_name_tells_names_apart_at_every_length_and_offset) {
  for (std::size_t n = 0; n <= 20; ++n) {
    const std::string a(n, 'k');
    EXPECT_TRUE(same_name(a, std::string(n, 'k'))) << n;
    EXPECT_FALSE(same_name(a, std::string(n + 1, 'k'))) << n;
    for (std::size_t at = 0; at < n; ++at) {
      std::string b = a;
      b[at] = 'x';
      EXPECT_FALSE(same_name(a, b)) << n << " differing at " << at;
    }
  }
}

TEST(view_value, json_stringify_skips_undefined_members) {
  Value o = Value::object();
  object_of(o).set("a", Value());
  object_of(o).set("b", Value::number(0.5));
  std::string out;
  ASSERT_TRUE(append_json(out, o, ""));
  EXPECT_EQ(out, "{\"b\":0.5}");
}

TEST(view_value, json_stringify_of_undefined_is_undefined) {
  std::string out;
  EXPECT_FALSE(append_json(out, Value(), ""));
}

}  // namespace
}  // namespace corio::view::detail
