#include <gtest/gtest.h>

#include <corio/http/path_pattern.hpp>
#include <stdexcept>

namespace corio::http {
namespace {

bool matches(std::string_view pattern, std::string_view path, PathOptions opt = {}) {
  PathMatch m;
  return PathPattern::compile(pattern, opt).match(path, m);
}

PathMatch match_of(std::string_view pattern, std::string_view path, PathOptions opt = {}) {
  PathMatch m;
  EXPECT_TRUE(PathPattern::compile(pattern, opt).match(path, m)) << pattern << " " << path;
  return m;
}

TEST(path_pattern, matches_a_static_path_case_insensitively) {
  EXPECT_TRUE(matches("/about", "/about"));
  EXPECT_TRUE(matches("/about", "/ABOUT"));
  EXPECT_FALSE(matches("/about", "/ABOUT", {.case_sensitive = true}));
  EXPECT_FALSE(matches("/about", "/about/x"));
}

TEST(path_pattern, accepts_a_trailing_slash_unless_strict) {
  EXPECT_TRUE(matches("/about", "/about/"));
  EXPECT_FALSE(matches("/about", "/about/", {.strict = true}));
  EXPECT_FALSE(matches("/about", "/about//"));
}

TEST(path_pattern, captures_and_decodes_a_param) {
  PathMatch m = match_of("/users/:id", "/users/J%C3%A9r%C3%B4me");
  EXPECT_EQ(m.get("id"), "Jérôme");
  EXPECT_EQ(m.length, 23u);
  EXPECT_FALSE(matches("/users/:id", "/users/"));
  EXPECT_FALSE(matches("/users/:id", "/users/a/b"));
}

TEST(path_pattern, flags_a_malformed_escape_in_a_param) {
  PathMatch m = match_of("/users/:id", "/users/%zz");
  EXPECT_TRUE(m.decode_error);
  EXPECT_EQ(m.get("id"), "%zz");
}

TEST(path_pattern, keeps_plus_in_params) { EXPECT_EQ(match_of("/:q", "/a+b").get("q"), "a+b"); }

TEST(path_pattern, wildcard_matches_several_segments_joined_with_slash) {
  PathMatch m = match_of("/files/*path", "/files/a%20b/c/d.txt");
  EXPECT_EQ(m.get("path"), "a b/c/d.txt");
  EXPECT_FALSE(matches("/files/*path", "/files/"));
  EXPECT_FALSE(matches("/files/*path", "/files"));
}

TEST(path_pattern, optional_wildcard_group_matches_the_root) {
  EXPECT_TRUE(matches("/{*rest}", "/"));
  EXPECT_EQ(match_of("/{*rest}", "/x/y").get("rest"), "x/y");
}

TEST(path_pattern, optional_group_may_be_absent) {
  EXPECT_TRUE(match_of("/users{/:id}/delete", "/users/delete").params.empty());
  EXPECT_EQ(match_of("/users{/:id}/delete", "/users/3/delete").get("id"), "3");
}

TEST(path_pattern, nested_optional_groups_expand) {
  EXPECT_TRUE(matches("/a{/b{/c}}", "/a"));
  EXPECT_TRUE(matches("/a{/b{/c}}", "/a/b/c"));
  EXPECT_FALSE(matches("/a{/b{/c}}", "/a/c"));
}

TEST(path_pattern, optional_extension_group) {
  PathMatch m = match_of("/api/:res{.:fmt}", "/api/items.json");
  EXPECT_EQ(m.get("res"), "items");
  EXPECT_EQ(m.get("fmt"), "json");
  EXPECT_TRUE(match_of("/api/:res{.:fmt}", "/api/items").get("fmt").empty());
}

TEST(path_pattern, backtracks_like_path_to_regexp_within_a_segment) {
  PathMatch m = match_of("/:file.:ext", "/a.b.c");
  EXPECT_EQ(m.get("file"), "a.b");
  EXPECT_EQ(m.get("ext"), "c");
  EXPECT_EQ(match_of("/:file.:ext", "/a..").get("ext"), ".");
  EXPECT_FALSE(matches("/:file.:ext", "/.b"));
}

TEST(path_pattern, escaped_characters_are_literal) {
  EXPECT_TRUE(matches("/a\\:b", "/a:b"));
  EXPECT_TRUE(matches("/a\\*", "/a*"));
  EXPECT_TRUE(matches("/\\{x\\}", "/{x}"));
}

TEST(path_pattern, quoted_param_names) {
  EXPECT_EQ(match_of("/:\"user id\"", "/7").get("user id"), "7");
}

TEST(path_pattern, lists_keys_in_order_once) {
  auto p = PathPattern::compile("/:a{-:b}/*c");
  EXPECT_EQ(p.keys(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(path_pattern, prefix_match_stops_at_a_segment_boundary) {
  PathOptions use{.end = false};
  EXPECT_EQ(match_of("/api", "/api/users", use).length, 4u);
  EXPECT_EQ(match_of("/api", "/api", use).length, 4u);
  EXPECT_EQ(match_of("/api", "/api/", use).length, 5u);
  EXPECT_FALSE(matches("/api", "/apix", use));
  EXPECT_EQ(match_of("/u/:id", "/u/7/posts", use).get("id"), "7");
}

TEST(path_pattern, root_mount_matches_every_path) {
  PathMatch m = match_of("/", "/anything/at/all", {.end = false});
  EXPECT_EQ(m.length, 0u);
}

TEST(path_pattern, rejects_reserved_characters) {
  for (std::string_view bad : {"/a(b)", "/a?", "/a+", "/a!", "/[a]", "/a}"}) {
    EXPECT_THROW(PathPattern::compile(bad), std::invalid_argument) << bad;
  }
}

TEST(path_pattern, rejects_malformed_params_and_groups) {
  for (std::string_view bad : {"/:", "/:1a", "/*", "/{a", "/:a:b", "/:\"open", "/a\\"}) {
    EXPECT_THROW(PathPattern::compile(bad), std::invalid_argument) << bad;
  }
}

TEST(path_pattern, error_message_names_the_problem_and_index) {
  try {
    PathPattern::compile("/a(b)");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Unexpected ( at index 2: /a(b)");
  }
}

TEST(path_pattern, match_without_params_leaves_params_empty) {
  PathMatch m;
  m.params.emplace_back("stale", "x");
  ASSERT_TRUE(PathPattern::compile("/a/b").match("/a/b", m));
  EXPECT_TRUE(m.params.empty());
}

TEST(path_pattern, pathological_pattern_gives_up_instead_of_hanging) {
  std::string path = "/" + std::string(5000, '-') + "x";
  PathMatch m;
  EXPECT_FALSE(PathPattern::compile("/*a-*b-*c-y").match(path, m));
}

}  // namespace
}  // namespace corio::http
