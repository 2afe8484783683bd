#include <gtest/gtest.h>

#include <corio/http/etag.hpp>

namespace corio::http {
namespace {

TEST(etag, body_tag_is_weak_with_length_and_hash) {
  std::string tag = etag_of("hello");
  EXPECT_EQ(tag.substr(0, 5), "W/\"5-");
  EXPECT_EQ(tag.back(), '"');
  EXPECT_EQ(tag, etag_of("hello"));
  EXPECT_NE(tag, etag_of("hellp"));
}

TEST(etag, file_tag_uses_size_and_mtime) { EXPECT_EQ(etag_of_file(255, 4096), "W/\"ff-1000\""); }

TEST(fresh, is_false_without_conditional_headers) { EXPECT_FALSE(fresh({}, {.etag = "\"a\""})); }

TEST(fresh, matches_etag_with_weak_comparison_in_lists) {
  EXPECT_TRUE(fresh({.if_none_match = "\"a\""}, {.etag = "\"a\""}));
  EXPECT_TRUE(fresh({.if_none_match = "W/\"a\""}, {.etag = "\"a\""}));
  EXPECT_TRUE(fresh({.if_none_match = "\"x\", W/\"a\""}, {.etag = "W/\"a\""}));
  EXPECT_FALSE(fresh({.if_none_match = "\"b\""}, {.etag = "\"a\""}));
  EXPECT_FALSE(fresh({.if_none_match = "\"a\""}, {}));
}

TEST(fresh, star_matches_any_response) { EXPECT_TRUE(fresh({.if_none_match = "*"}, {})); }

TEST(fresh, no_cache_forces_a_full_response) {
  EXPECT_FALSE(
      fresh({.if_none_match = "\"a\"", .cache_control = "max-age=0, no-cache"}, {.etag = "\"a\""}));
}

TEST(fresh, compares_modification_dates) {
  FreshRequest req{.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT"};
  EXPECT_TRUE(fresh(req, {.last_modified = "Sun, 06 Nov 1994 08:49:37 GMT"}));
  EXPECT_TRUE(fresh(req, {.last_modified = "Sat, 05 Nov 1994 08:49:37 GMT"}));
  EXPECT_FALSE(fresh(req, {.last_modified = "Mon, 07 Nov 1994 08:49:37 GMT"}));
  EXPECT_FALSE(fresh(req, {}));
}

}  // namespace
}  // namespace corio::http
