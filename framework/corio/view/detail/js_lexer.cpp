// The JavaScript tokenizer for code inside tags.
#include <corio/view/detail/lexer.hpp>

#include <charconv>
#include <cmath>
#include <cstring>

namespace corio::view::detail {
namespace {

bool is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_part(unsigned char c) { return is_ident_start(c) || is_digit(static_cast<char>(c)); }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr const char* kPuncts[] = {
    "===", "!==", "**=", "...", "?" "?=", "&&=", "||=", "=>", "==", "!=", "<=", ">=", "&&", "||",
    "??",  "?.",  "++",  "--",  "+=",  "-=",  "*=",  "/=", "%=", "**", "{",  "}",  "(",  ")",
    "[",   "]",   ";",   ",",   "<",   ">",   "+",   "-",  "*",  "/",  "%",  "!",  "?",  ":",
    "=",   ".",   "&",   "|",   "^",   "~"};

class Lexer {
 public:
  Lexer(std::string_view code, std::size_t base, std::vector<Token>& out)
      : s_(code), base_(base), out_(out) {}

  void run() {
    bool nl = true;
    while (true) {
      nl = skip_space_and_comments() || nl;
      if (i_ >= s_.size()) break;
      Token t;
      t.nl_before = nl;
      t.pos = static_cast<std::uint32_t>(base_ + i_);
      nl = false;
      next(t);
      out_.push_back(std::move(t));
    }
    if (!braces_.empty()) fail(i_, "Unterminated template literal");
  }

 private:
  [[noreturn]] void fail(std::size_t at, const std::string& msg) {
    throw SyntaxError(base_ + at, msg);
  }

  bool skip_space_and_comments() {
    bool nl = false;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\n' || c == '\r') { nl = true; ++i_; }
      else if (c == ' ' || c == '\t' || c == '\v' || c == '\f') { ++i_; }
      else if (s_.compare(i_, 2, "//") == 0) {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (s_.compare(i_, 2, "/*") == 0) {
        std::size_t end = s_.find("*/", i_ + 2);
        if (end == std::string_view::npos) fail(i_, "Invalid or unexpected token");
        if (s_.substr(i_, end - i_).find('\n') != std::string_view::npos) nl = true;
        i_ = end + 2;
      } else if (static_cast<unsigned char>(c) == 0xC2 && i_ + 1 < s_.size() &&
                 static_cast<unsigned char>(s_[i_ + 1]) == 0xA0) {
        i_ += 2;  // no-break space
      } else {
        break;
      }
    }
    return nl;
  }

  void next(Token& t) {
    char c = s_[i_];
    if (is_ident_start(static_cast<unsigned char>(c))) return ident(t);
    if (is_digit(c) || (c == '.' && i_ + 1 < s_.size() && is_digit(s_[i_ + 1]))) return number(t);
    if (c == '"' || c == '\'') return string(t, c);
    if (c == '`') { ++i_; return template_part(t, true); }
    if (c == '}' && !braces_.empty() && braces_.back() == 0) {
      braces_.pop_back();
      ++i_;
      return template_part(t, false);
    }
    punct(t);
  }

  void ident(Token& t) {
    std::size_t start = i_;
    while (i_ < s_.size() && is_ident_part(static_cast<unsigned char>(s_[i_]))) ++i_;
    t.type = Tok::ident;
    t.text = std::string(s_.substr(start, i_ - start));
  }

  void number(Token& t) {
    std::size_t start = i_;
    t.type = Tok::number;
    if (s_[i_] == '0' && i_ + 1 < s_.size() && std::strchr("xXbBoO", s_[i_ + 1]) && s_[i_ + 1]) {
      int base = (s_[i_ + 1] | 0x20) == 'x' ? 16 : (s_[i_ + 1] | 0x20) == 'b' ? 2 : 8;
      i_ += 2;
      std::size_t digits = i_;
      while (i_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      std::uint64_t v = 0;
      auto r = std::from_chars(s_.data() + digits, s_.data() + i_, v, base);
      if (r.ec != std::errc() || r.ptr != s_.data() + i_) fail(start, "Invalid or unexpected token");
      t.num = static_cast<double>(v);
    } else {
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
      if (i_ < s_.size() && s_[i_] == '.') {
        ++i_;
        while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
      }
      if (i_ < s_.size() && (s_[i_] | 0x20) == 'e') {
        std::size_t save = i_++;
        if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
        if (i_ < s_.size() && is_digit(s_[i_])) {
          while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
        } else {
          i_ = save;
        }
      }
      auto r = std::from_chars(s_.data() + start, s_.data() + i_, t.num);
      if (r.ec == std::errc::result_out_of_range) t.num = s_[start] == '0' ? 0 : INFINITY;
    }
    if (i_ < s_.size() && is_ident_part(static_cast<unsigned char>(s_[i_]))) {
      fail(i_, "Invalid or unexpected token");
    }
  }

  std::uint32_t hex(std::size_t n) {
    if (i_ + n > s_.size()) fail(i_, "Invalid hexadecimal escape sequence");
    std::uint32_t v = 0;
    auto r = std::from_chars(s_.data() + i_, s_.data() + i_ + n, v, 16);
    if (r.ec != std::errc() || r.ptr != s_.data() + i_ + n) {
      fail(i_, "Invalid hexadecimal escape sequence");
    }
    i_ += n;
    return v;
  }

  std::uint32_t unicode_escape() {
    if (i_ < s_.size() && s_[i_] == '{') {
      std::size_t end = s_.find('}', i_);
      if (end == std::string_view::npos || end == i_ + 1 || end - i_ > 7) {
        fail(i_, "Invalid Unicode escape sequence");
      }
      ++i_;
      std::uint32_t cp = hex(end - i_);
      ++i_;
      if (cp > 0x10FFFF) fail(i_, "Undefined Unicode code-point");
      return cp;
    }
    std::uint32_t cp = hex(4);
    if (cp >= 0xD800 && cp < 0xDC00 && s_.compare(i_, 2, "\\u") == 0) {
      std::size_t save = i_;
      i_ += 2;
      std::uint32_t lo = hex(4);
      if (lo >= 0xDC00 && lo < 0xE000) return 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      i_ = save;
    }
    return cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp;
  }

  void escape(std::string& out) {
    if (++i_ >= s_.size()) fail(i_, "Invalid or unexpected token");
    char c = s_[i_++];
    switch (c) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '0': out += '\0'; break;
      case 'x': append_utf8(out, hex(2)); break;
      case 'u': append_utf8(out, unicode_escape()); break;
      case '\r': if (i_ < s_.size() && s_[i_] == '\n') ++i_; break;
      case '\n': break;
      default: out += c;
    }
  }

  void string(Token& t, char quote) {
    std::size_t start = i_++;
    t.type = Tok::string;
    while (true) {
      if (i_ >= s_.size() || s_[i_] == '\n' || s_[i_] == '\r') {
        fail(start, "Invalid or unexpected token");
      }
      char c = s_[i_];
      if (c == quote) { ++i_; return; }
      if (c == '\\') { escape(t.text); continue; }
      t.text += c;
      ++i_;
    }
  }

  void template_part(Token& t, bool first) {
    std::size_t start = i_;
    while (true) {
      if (i_ >= s_.size()) fail(start, "Unterminated template literal");
      char c = s_[i_];
      if (c == '`') {
        ++i_;
        t.type = first ? Tok::tpl_full : Tok::tpl_tail;
        return;
      }
      if (c == '$' && i_ + 1 < s_.size() && s_[i_ + 1] == '{') {
        i_ += 2;
        braces_.push_back(0);
        t.type = first ? Tok::tpl_head : Tok::tpl_middle;
        return;
      }
      if (c == '\\') { escape(t.text); continue; }
      if (c == '\r') {  // line terminators are normalized to \n in template literals
        t.text += '\n';
        i_ += (i_ + 1 < s_.size() && s_[i_ + 1] == '\n') ? 2 : 1;
        continue;
      }
      t.text += c;
      ++i_;
    }
  }

  void punct(Token& t) {
    for (const char* p : kPuncts) {
      std::size_t n = std::strlen(p);
      if (s_.compare(i_, n, p) != 0) continue;
      if (n == 2 && p[0] == '?' && p[1] == '.' && i_ + 2 < s_.size() && is_digit(s_[i_ + 2])) {
        continue;  // `a?.5:b` is a conditional
      }
      t.type = Tok::punct;
      t.text = p;
      i_ += n;
      if (!braces_.empty() && n == 1) {
        if (*p == '{') ++braces_.back();
        if (*p == '}') --braces_.back();
      }
      return;
    }
    fail(i_, "Invalid or unexpected token");
  }

  std::string_view s_;
  std::size_t base_;
  std::vector<Token>& out_;
  std::size_t i_ = 0;
  std::vector<int> braces_;  // open braces inside each enclosing `${`
};

}  // namespace

void lex_code(std::string_view code, std::size_t base, std::vector<Token>& out) {
  Lexer(code, base, out).run();
}

}  // namespace corio::view::detail
