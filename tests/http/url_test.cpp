#include <gtest/gtest.h>

#include <corio/http/url.hpp>

namespace corio::http {
namespace {

TEST(url, percent_decode_decodes_utf8_escapes) {
  EXPECT_EQ(percent_decode("caf%C3%A9%20au%2Flait"), "café au/lait");
}

TEST(url, percent_decode_keeps_plus_unless_asked) {
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
}

TEST(url, percent_decode_rejects_bad_escapes_and_invalid_utf8) {
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("abc%"));
  EXPECT_FALSE(percent_decode("%E9"));
  EXPECT_FALSE(percent_decode("%C0%80"));
}

TEST(url, percent_decode_lenient_keeps_bad_escapes) {
  EXPECT_EQ(percent_decode_lenient("%zz+%41%2"), "%zz A%2");
}

TEST(url, percent_decode_lenient_replaces_invalid_utf8) {
  EXPECT_EQ(percent_decode_lenient("%FF%FE"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(percent_decode_lenient("%E2%82x"), "\xEF\xBF\xBDx");
}

TEST(url, percent_encode_component_matches_encodeURIComponent) {
  EXPECT_EQ(percent_encode_component("a b/é!*()~'-_.?&"), "a%20b%2F%C3%A9!*()~'-_.%3F%26");
}

TEST(url, percent_encode_uri_matches_encodeURI) {
  EXPECT_EQ(percent_encode_uri("a b/é?#[]&=+$,;:@"), "a%20b/%C3%A9?#%5B%5D&=+$,;:@");
}

TEST(url, split_target_separates_path_and_query) {
  TargetParts t = split_target("/a/b?x=1&y=2");
  EXPECT_EQ(t.path, "/a/b");
  EXPECT_EQ(t.query, "x=1&y=2");
  EXPECT_EQ(split_target("/a").query, "");
  EXPECT_EQ(split_target("/a").path, "/a");
}

TEST(url, split_target_handles_absolute_form) {
  TargetParts t = split_target("http://example.com:8080/p/q?z");
  EXPECT_EQ(t.path, "/p/q");
  EXPECT_EQ(t.query, "z");
  EXPECT_EQ(split_target("http://example.com").path, "/");
}

TEST(url, parse_query_collects_repeated_keys_into_arrays) {
  EXPECT_EQ(parse_query("a=1&a=2&a=3&b=x"), json::parse(R"({"a":["1","2","3"],"b":"x"})"));
}

TEST(url, parse_query_follows_node_querystring_edge_cases) {
  EXPECT_EQ(parse_query("a"), json::parse(R"({"a":""})"));
  EXPECT_EQ(parse_query("=a"), json::parse(R"({"":"a"})"));
  EXPECT_EQ(parse_query("&&a=b&"), json::parse(R"({"a":"b"})"));
  EXPECT_EQ(parse_query("a=1=2"), json::parse(R"({"a":"1=2"})"));
  EXPECT_EQ(parse_query("a+b=c+d"), json::parse(R"({"a b":"c d"})"));
  EXPECT_EQ(parse_query("a=%zz&b=%41"), json::parse(R"({"a":"%zz","b":"A"})"));
  EXPECT_EQ(parse_query("a[b]=1"), json::parse(R"({"a[b]":"1"})"));
}

TEST(url, parse_query_keeps_insertion_order) {
  EXPECT_EQ(parse_query("z=1&a=2").dump(), R"({"z":"1","a":"2"})");
}

TEST(url, parse_query_stops_at_max_keys) {
  EXPECT_EQ(parse_query("a=1&b=2&c=3", {.max_keys = 2}).size(), 2u);
}

TEST(url, parse_query_output_is_always_dumpable) {
  EXPECT_NO_THROW((void)parse_query("x=%FF").dump());
}

TEST(url, parse_urlencoded_uses_query_rules) {
  EXPECT_EQ(parse_urlencoded("name=J+Doe&tag=a&tag=b"),
            json::parse(R"({"name":"J Doe","tag":["a","b"]})"));
}

}  // namespace
}  // namespace corio::http
