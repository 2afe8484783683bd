#include <corio/view/detail/lexer.hpp>

#include <gtest/gtest.h>

namespace corio::view::detail {
namespace {

std::vector<Token> code(std::string_view s) {
  std::vector<Token> out;
  lex_code(s, 0, out);
  return out;
}

std::string texts(std::string_view tpl) {
  std::string r;
  for (const Token& t : tokenize_template(tpl, {})) {
    if (t.type == Tok::text) r += "[" + t.text + "]";
  }
  return r;
}

TEST(view_lexer, lexes_numbers_with_exponents_and_hex) {
  auto t = code("1.5e3 0x1F .5");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].num, 1500);
  EXPECT_EQ(t[1].num, 31);
  EXPECT_EQ(t[2].num, 0.5);
}

TEST(view_lexer, cooks_string_escapes) {
  auto t = code(R"('a\'b\n\u00e9\x41')");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].text, "a'b\n\xC3\xA9" "A");
}

TEST(view_lexer, prefers_longest_punctuator) {
  auto t = code("a !== b ?? c?.d");
  EXPECT_EQ(t[1].text, "!==");
  EXPECT_EQ(t[3].text, "??");
  EXPECT_EQ(t[5].text, "?.");
}

TEST(view_lexer, splits_template_literals_around_substitutions) {
  auto t = code("`a${x}b${ {y} }c`");
  EXPECT_EQ(t[0].type, Tok::tpl_head);
  EXPECT_EQ(t[2].type, Tok::tpl_middle);
  EXPECT_EQ(t.back().type, Tok::tpl_tail);
  EXPECT_EQ(t.back().text, "c");
}

TEST(view_lexer, marks_tokens_after_line_breaks) {
  auto t = code("a\nb");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(t[1].nl_before);
}

TEST(view_lexer, rejects_unterminated_string_with_its_offset) {
  std::vector<Token> out;
  try {
    lex_code("x = 'abc", 10, out);
    FAIL();
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.pos, 14u);
  }
}

TEST(view_scanner, minus_close_drops_the_following_newline) { EXPECT_EQ(texts("<% x -%>\na"), "[a]"); }

TEST(view_scanner, underscore_tags_slurp_spaces_and_tabs) {
  EXPECT_EQ(texts("a \t<%_ x _%> \tb"), "[a][b]");
}

TEST(view_scanner, double_percent_is_a_literal_tag) { EXPECT_EQ(texts("<%% x %%>"), "[<%][ x ][%>]"); }

TEST(view_scanner, custom_delimiters_replace_the_percent_and_brackets) {
  Delimiters d{"?", "[", "]"};
  auto toks = tokenize_template("a[?= x ?]b<%= y %>", d);
  int outputs = 0;
  for (const Token& t : toks) outputs += t.type == Tok::out_escaped;
  EXPECT_EQ(outputs, 1);
}

TEST(view_scanner, unclosed_tag_is_an_error) {
  EXPECT_THROW(tokenize_template("a <% if (x) {", {}), SyntaxError);
}

TEST(view_scanner, rm_whitespace_trims_lines_and_drops_blank_ones) {
  EXPECT_EQ(remove_whitespace("  a  \n\n   \n\tb \r\n c"), "a\nb\nc");
}

}  // namespace
}  // namespace corio::view::detail
