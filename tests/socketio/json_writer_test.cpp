#include <corio/socketio/detail/json_writer.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

using namespace corio;
using namespace corio::socketio::detail;

// Expected number strings are what `String(x)` / JSON.stringify(x) print in Node 20.

namespace {

std::string number(double d) {
  std::string out;
  append_js_number(out, d);
  return out;
}

std::string string_literal(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

}  // namespace

TEST(json_writer, prints_integral_doubles_without_fraction) {
  EXPECT_EQ(number(1.0), "1");
  EXPECT_EQ(number(-42.0), "-42");
  EXPECT_EQ(number(1732200000000.0), "1732200000000");
  EXPECT_EQ(number(1e20), "100000000000000000000");
}

TEST(json_writer, switches_to_exponent_at_javascript_thresholds) {
  EXPECT_EQ(number(1e21), "1e+21");
  EXPECT_EQ(number(1.5e21), "1.5e+21");
  EXPECT_EQ(number(1e-6), "0.000001");
  EXPECT_EQ(number(1e-7), "1e-7");
  EXPECT_EQ(number(1.25e-7), "1.25e-7");
  EXPECT_EQ(number(1.7976931348623157e308), "1.7976931348623157e+308");
}

TEST(json_writer, prints_shortest_round_trip_fractions) {
  EXPECT_EQ(number(0.1), "0.1");
  EXPECT_EQ(number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(number(-123.456), "-123.456");
  EXPECT_EQ(number(5e-324), "5e-324");
}

TEST(json_writer, prints_negative_zero_as_zero_and_non_finite_as_null) {
  EXPECT_EQ(number(-0.0), "0");
  EXPECT_EQ(number(std::nan("")), "null");
  EXPECT_EQ(number(-INFINITY), "null");
}

TEST(json_writer, round_trips_random_doubles) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 2000; ++i) {
    const std::uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (!std::isfinite(d)) continue;
    const std::string s = number(d);
    EXPECT_EQ(std::strtod(s.c_str(), nullptr), d == 0 ? 0.0 : d) << s;
  }
}

TEST(json_writer, escapes_control_characters_in_lowercase_hex) {
  EXPECT_EQ(string_literal(std::string_view("\x00\x1f\x1e", 3)), R"("\u0000\u001f\u001e")");
  EXPECT_EQ(string_literal("\b\f\n\r\t\"\\"), R"("\b\f\n\r\t\"\\")");
}

TEST(json_writer, keeps_slash_del_and_valid_utf8) {
  EXPECT_EQ(string_literal("/\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
            "\"/\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
}

TEST(json_writer, replaces_each_maximal_invalid_subpart_once) {
  const std::string fffd = "\xef\xbf\xbd";
  EXPECT_EQ(string_literal("\xff"), "\"" + fffd + "\"");
  EXPECT_EQ(string_literal("\xe2\x82"
                           "a"),
            "\"" + fffd + "a\"");                                               // truncated 3-byte
  EXPECT_EQ(string_literal("\xc0\xaf"), "\"" + fffd + fffd + "\"");             // overlong
  EXPECT_EQ(string_literal("\xed\xa0\x80"), "\"" + fffd + fffd + fffd + "\"");  // surrogate
  EXPECT_EQ(string_literal("\xf4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\"");
  EXPECT_EQ(string_literal("\xf0\x9f\x98"), "\"" + fffd + "\"");
}

TEST(json_writer, writes_binary_as_node_buffer_without_attachment_list) {
  std::string out;
  append_json(out, json::binary({1, 2}), nullptr);
  EXPECT_EQ(out, R"({"type":"Buffer","data":[1,2]})");
}

TEST(json_writer, writes_integers_exactly) {
  std::string out;
  append_json(
      out,
      json::array({std::int64_t{-9223372036854775807 - 1}, std::uint64_t{18446744073709551615u}}),
      nullptr);
  EXPECT_EQ(out, "[-9223372036854775808,18446744073709551615]");
}

TEST(json_writer, escapes_object_keys) {
  std::string out;
  append_json(out, json{{"a\"\n", 1}}, nullptr);
  EXPECT_EQ(out, R"({"a\"\n":1})");
}
