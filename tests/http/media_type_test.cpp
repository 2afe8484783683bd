#include <gtest/gtest.h>

#include <corio/http/media_type.hpp>

namespace corio::http {
namespace {

TEST(type_is, matches_extensions_ignoring_charset) {
  EXPECT_EQ(type_is("application/json; charset=utf-8", {"html", "json"}), "json");
  EXPECT_EQ(type_is("text/html", {"html"}), "html");
}

TEST(type_is, matches_wildcards_and_suffixes) {
  EXPECT_EQ(type_is("application/vnd.api+json", {"+json"}), "+json");
  EXPECT_EQ(type_is("application/vnd.api+json", {"application/*"}), "application/*");
  EXPECT_EQ(type_is("image/png", {"*/*"}), "*/*");
  EXPECT_EQ(type_is("application/ld+json", {"*/*+json"}), "*/*+json");
}

TEST(type_is, knows_urlencoded_and_multipart) {
  EXPECT_EQ(type_is("application/x-www-form-urlencoded", {"urlencoded"}), "urlencoded");
  EXPECT_EQ(type_is("multipart/form-data; boundary=x", {"multipart"}), "multipart");
}

TEST(type_is, is_empty_without_a_match_or_a_valid_type) {
  EXPECT_EQ(type_is("text/html", {"json"}), "");
  EXPECT_EQ(type_is("", {"json"}), "");
  EXPECT_EQ(type_is("nonsense", {"*/*"}), "");
}

TEST(accepts, first_offer_wins_without_an_accept_header) {
  EXPECT_EQ(accepts("", {"json", "html"}), "json");
}

TEST(accepts, honours_q_values) {
  EXPECT_EQ(accepts("text/html;q=0.5, application/json", {"html", "json"}), "json");
  EXPECT_EQ(accepts("text/html, application/json;q=0.2", {"json", "html"}), "html");
}

TEST(accepts, prefers_specific_matches_over_wildcards) {
  EXPECT_EQ(accepts("text/*, text/plain;q=0", {"text/plain", "text/html"}), "text/html");
  EXPECT_EQ(accepts("*/*;q=0.1, image/png", {"text/html", "image/png"}), "image/png");
}

TEST(accepts, breaks_ties_by_header_order_then_offer_order) {
  EXPECT_EQ(accepts("application/json, text/html", {"html", "json"}), "json");
  EXPECT_EQ(accepts("*/*", {"html", "json"}), "html");
}

TEST(accepts, is_empty_when_nothing_is_acceptable) {
  EXPECT_EQ(accepts("image/png", {"json", "html"}), "");
  EXPECT_EQ(accepts("application/json;q=0", {"json"}), "");
}

TEST(accepts, browser_accept_header_prefers_html) {
  std::string_view chrome =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
  EXPECT_EQ(accepts(chrome, {"json", "html"}), "html");
}

}  // namespace
}  // namespace corio::http
