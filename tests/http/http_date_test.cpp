#include <gtest/gtest.h>

#include <corio/http/http_date.hpp>

namespace corio::http {
namespace {

TEST(http_date, formats_imf_fixdate) {
  EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(http_date, parses_what_it_formats) {
  for (std::time_t t :
       {std::time_t{0}, std::time_t{784111777}, std::time_t{1700000000}, std::time_t{4102444799}}) {
    EXPECT_EQ(parse_http_date(format_http_date(t)), t);
  }
}

TEST(http_date, rejects_malformed_dates) {
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
  EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"));
  EXPECT_FALSE(parse_http_date(""));
}

TEST(http_date, now_is_a_formatted_date) {
  std::string_view now = http_date_now();
  EXPECT_EQ(now.size(), 29u);
  EXPECT_TRUE(parse_http_date(now).has_value());
}

}  // namespace
}  // namespace corio::http
