#include <gtest/gtest.h>

#include <corio/http/status.hpp>

namespace corio::http {
namespace {

TEST(status_text, names_common_codes_like_node) {
  EXPECT_EQ(status_text(200), "OK");
  EXPECT_EQ(status_text(404), "Not Found");
  EXPECT_EQ(status_text(413), "Payload Too Large");
  EXPECT_EQ(status_text(418), "I'm a Teapot");
  EXPECT_EQ(status_text(431), "Request Header Fields Too Large");
}

TEST(status_text, is_empty_for_unknown_codes) { EXPECT_EQ(status_text(299), ""); }

}  // namespace
}  // namespace corio::http
