#include <gtest/gtest.h>

#include <corio/http/cookie.hpp>
#include <stdexcept>

namespace corio::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(parse_cookies, splits_pairs_and_trims) {
  EXPECT_EQ(parse_cookies("a=1;  b = 2 ;c=3"), (Pairs{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
}

TEST(parse_cookies, first_of_a_repeated_name_wins) {
  EXPECT_EQ(parse_cookies("a=1; a=2"), (Pairs{{"a", "1"}}));
}

TEST(parse_cookies, strips_quotes_and_decodes) {
  EXPECT_EQ(parse_cookies("a=\"x%20y\"; b=caf%C3%A9"), (Pairs{{"a", "x y"}, {"b", "café"}}));
}

TEST(parse_cookies, keeps_undecodable_values_raw) {
  EXPECT_EQ(parse_cookies("a=%zz"), (Pairs{{"a", "%zz"}}));
}

TEST(parse_cookies, skips_pairs_without_equals) {
  EXPECT_EQ(parse_cookies("flag; a=1; =x"), (Pairs{{"a", "1"}}));
}

TEST(serialize_cookie, writes_a_plain_pair) {
  EXPECT_EQ(serialize_cookie("sid", "abc"), "sid=abc");
}

TEST(serialize_cookie, encodes_the_value) {
  EXPECT_EQ(serialize_cookie("n", "a b;c"), "n=a%20b%3Bc");
}

TEST(serialize_cookie, writes_every_attribute_in_order) {
  CookieOptions o{.max_age = 3600,
                  .expires = std::chrono::system_clock::from_time_t(784111777),
                  .domain = "example.com",
                  .path = "/",
                  .http_only = true,
                  .secure = true,
                  .partitioned = true,
                  .same_site = SameSite::lax,
                  .priority = CookiePriority::high};
  EXPECT_EQ(serialize_cookie("a", "b", o),
            "a=b; Max-Age=3600; Domain=example.com; Path=/; "
            "Expires=Sun, 06 Nov 1994 08:49:37 GMT; HttpOnly; Secure; Partitioned; "
            "Priority=High; SameSite=Lax");
}

TEST(serialize_cookie, rejects_invalid_names_values_and_attributes) {
  EXPECT_THROW(serialize_cookie("a b", "x"), std::invalid_argument);
  EXPECT_THROW(serialize_cookie("", "x"), std::invalid_argument);
  EXPECT_THROW(serialize_cookie("a", "x;y", {.encode = false}), std::invalid_argument);
  EXPECT_THROW(serialize_cookie("a", "x", {.domain = "a;b"}), std::invalid_argument);
  EXPECT_THROW(serialize_cookie("a", "x", {.path = "/\n"}), std::invalid_argument);
}

}  // namespace
}  // namespace corio::http
