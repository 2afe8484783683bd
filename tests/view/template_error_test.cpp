#include <corio/view/template_error.hpp>

#include <gtest/gtest.h>

namespace corio::view {
namespace {

TEST(template_error, shows_location_context_and_message_like_ejs) {
  TemplateError e("views/a.ejs", 3, 7, "x is not defined", "one\ntwo\nthree\nfour");
  EXPECT_STREQ(e.what(),
               "views/a.ejs:3:7\n    1| one\n    2| two\n >> 3| three\n    4| four\n\nx is not defined");
}

TEST(template_error, names_string_templates_ejs) {
  TemplateError e("", 1, 1, "boom", "x");
  EXPECT_EQ(std::string(e.what()).substr(0, 8), "ejs:1:1\n");
}

TEST(template_error, keeps_line_column_and_message) {
  TemplateError e("f", 2, 5, "m", "a\nb");
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.column(), 5);
  EXPECT_EQ(e.message(), "m");
}

}  // namespace
}  // namespace corio::view
