#pragma once
/// @file Splits EJS template text into tags (EJS's exact rules) and lexes the JavaScript inside.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace corio::view::detail {

/// Kinds of tokens the parser sees: JavaScript tokens plus the template's own.
enum class Tok : std::uint8_t {
  eof,
  ident,         ///< identifier or keyword (text in `text`)
  number,        ///< numeric literal (value in `num`)
  string,        ///< string literal (cooked value in `text`)
  tpl_full,      ///< template literal without substitutions
  tpl_head,      ///< `...${ of a template literal
  tpl_middle,    ///< }...${ of a template literal
  tpl_tail,      ///< }...` of a template literal
  punct,         ///< operator or punctuation (in `text`)
  text,          ///< literal template output (in `text`)
  out_escaped,   ///< start of `<%= expr`
  out_raw,       ///< start of `<%- expr`
  out_end,       ///< end of an output tag
  stmt_break,    ///< a tag boundary: ends a statement like EJS's generated `;`
};

/// One token; `pos` is a byte offset in the template text.
struct Token {
  Tok type = Tok::eof;
  bool nl_before = false;  ///< a line break precedes it (for automatic semicolon insertion)
  std::uint32_t pos = 0;   ///< offset in the template text
  double num = 0;          ///< value of a number token
  std::string text;        ///< identifier, punctuator, cooked string or literal output
};

/// A syntax error at a template offset.
struct SyntaxError : std::runtime_error {
  /// An error at byte offset `where`.
  SyntaxError(std::size_t where, const std::string& what)
      : std::runtime_error(what), pos(where) {}
  std::size_t pos;  ///< offset in the template text
};

/// The tag delimiters: `<%` is open + delimiter, `%>` is delimiter + close.
struct Delimiters {
  std::string delimiter = "%";  ///< the character(s) inside both tags
  std::string open = "<";       ///< before the delimiter in an opening tag
  std::string close = ">";      ///< after the delimiter in a closing tag
};

/// Applies EJS's `rmWhitespace` rewrite: collapses line breaks and trims every line.
std::string remove_whitespace(std::string_view text);

/// Turns template text into one token stream (text, output tags and code) following EJS's scanner.
std::vector<Token> tokenize_template(std::string_view text, const Delimiters& delims);

/// Lexes JavaScript `code` (at template offset `base`) and appends the tokens to `out`.
void lex_code(std::string_view code, std::size_t base, std::vector<Token>& out);

}  // namespace corio::view::detail
