// EJS's scanner: split on tags, then walk the pieces with EJS's modes and whitespace rules.
#include <corio/view/detail/lexer.hpp>

#include <array>
#include <cstring>

namespace corio::view::detail {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/// One piece of the template: a tag or the text between tags.
struct Piece {
  std::string_view s;
  std::size_t pos;
  int tag;  // index into the pattern table, or -1 for text
};

// Order matters: at one position the first matching pattern wins, as in EJS's regex.
enum Pat { lit_open, lit_close, open_esc, open_raw, open_slurp, open_comment, open, close,
           close_trim, close_slurp, pattern_count };

std::array<std::string, pattern_count> make_patterns(const Delimiters& d) {
  const std::string& o = d.open;
  const std::string& p = d.delimiter;
  const std::string& c = d.close;
  return {o + p + p, p + p + c, o + p + "=", o + p + "-", o + p + "_", o + p + "#", o + p,
          p + c,     "-" + p + c, "_" + p + c};
}

std::vector<Piece> split(std::string_view text, const std::array<std::string, pattern_count>& pats) {
  std::vector<Piece> pieces;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (int k = 0; k < pattern_count; ++k) {
      const std::string& p = pats[static_cast<std::size_t>(k)];
      if (p.empty() || text.compare(i, p.size(), p) != 0) continue;
      if (i > start) pieces.push_back({text.substr(start, i - start), start, -1});
      pieces.push_back({text.substr(i, p.size()), i, k});
      i += p.size() - 1;
      start = i + 1;
      break;
    }
  }
  if (start < text.size()) pieces.push_back({text.substr(start), start, -1});
  return pieces;
}

std::string_view strip_semi(std::string_view code) {
  std::size_t end = code.size();
  while (end > 0 && is_space(code[end - 1])) --end;
  if (end > 0 && code[end - 1] == ';') {
    // `;(\s*$)` -> `$1`: drop the semicolon but keep the whitespace after it.
    return code.substr(0, end - 1);
  }
  return code;
}

class Scanner {
 public:
  Scanner(std::string_view text, const Delimiters& d) : pats_(make_patterns(d)), text_(text) {}

  std::vector<Token> run() {
    pieces_ = split(text_, pats_);
    for (std::size_t i = 0; i < pieces_.size(); ++i) step(i);
    Token end;
    end.type = Tok::eof;
    end.pos = static_cast<std::uint32_t>(text_.size());
    end.nl_before = true;
    out_.push_back(std::move(end));
    return std::move(out_);
  }

 private:
  enum class Mode { none, eval, escaped, raw, comment, literal };

  void push(Tok type, std::size_t pos, std::string text = {}) {
    Token t;
    t.type = type;
    t.pos = static_cast<std::uint32_t>(pos);
    t.nl_before = true;
    t.text = std::move(text);
    out_.push_back(std::move(t));
  }

  void check_closed(std::size_t i) {
    const Piece& p = pieces_[i];
    if (p.tag < open_esc || p.tag > open) return;
    int c = i + 2 < pieces_.size() ? pieces_[i + 2].tag : -1;
    if (c != close && c != close_trim && c != close_slurp) {
      throw SyntaxError(p.pos, "Could not find matching close tag for \"" + std::string(p.s) + "\".");
    }
  }

  void step(std::size_t i) {
    check_closed(i);
    const Piece& p = pieces_[i];
    bool slurp_after = slurp_next_;
    slurp_next_ = false;
    switch (p.tag) {
      case open: case open_slurp: mode_ = Mode::eval; break;
      case open_esc: mode_ = Mode::escaped; break;
      case open_raw: mode_ = Mode::raw; break;
      case open_comment: mode_ = Mode::comment; break;
      case lit_open:
        mode_ = Mode::literal;
        emit_text(p.pos, pats_[open].c_str());
        break;
      case lit_close:
        mode_ = Mode::literal;
        emit_text(p.pos, pats_[close].c_str());
        break;
      case close: case close_trim: case close_slurp:
        if (mode_ == Mode::literal) add_output(p, i, false);
        mode_ = Mode::none;
        truncate_ = p.tag != close;
        slurp_next_ = p.tag == close_slurp;
        break;
      default: content(p, i, slurp_after);
    }
  }

  void content(const Piece& p, std::size_t i, bool slurp_after) {
    switch (mode_) {
      case Mode::eval:
        push(Tok::stmt_break, p.pos);
        lex_code(p.s, p.pos, out_);
        break;
      case Mode::escaped:
      case Mode::raw:
        push(Tok::stmt_break, p.pos);
        push(mode_ == Mode::escaped ? Tok::out_escaped : Tok::out_raw, p.pos);
        lex_code(strip_semi(p.s), p.pos, out_);
        push(Tok::out_end, p.pos + p.s.size());
        break;
      case Mode::comment: break;
      default: add_output(p, i, slurp_after);
    }
  }

  void add_output(const Piece& p, std::size_t i, bool slurp_after) {
    std::string_view s = p.s;
    std::size_t pos = p.pos;
    if (slurp_after) {
      while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) { s.remove_prefix(1); ++pos; }
    }
    if (truncate_) {
      std::size_t n = s.rfind("\r\n", 0) == 0 ? 2 : (!s.empty() && (s[0] == '\n' || s[0] == '\r'));
      s.remove_prefix(n);
      pos += n;
      truncate_ = false;
    }
    if (i + 1 < pieces_.size() && pieces_[i + 1].tag == open_slurp) {
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    }
    if (!s.empty()) emit_text(pos, s);
  }

  void emit_text(std::size_t pos, std::string_view s) {
    push(Tok::stmt_break, pos);
    push(Tok::text, pos, std::string(s));
  }

  std::array<std::string, pattern_count> pats_;
  std::string_view text_;
  std::vector<Piece> pieces_;
  std::vector<Token> out_;
  Mode mode_ = Mode::none;
  bool truncate_ = false;
  bool slurp_next_ = false;
};

}  // namespace

std::string remove_whitespace(std::string_view text) {
  // EJS: replace(/[\r\n]+/g, '\n').replace(/^\s+|\s+$/gm, '')
  std::string collapsed;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      while (i + 1 < text.size() && (text[i + 1] == '\r' || text[i + 1] == '\n')) ++i;
      collapsed += '\n';
    } else {
      collapsed += text[i];
    }
  }
  // Then /^\s+|\s+$/gm, simulated on the collapsed text (\s also matches line breaks).
  const std::string& t = collapsed;
  std::string out;
  std::size_t i = 0;
  while (i < t.size()) {
    if (!is_space(t[i])) { out += t[i++]; continue; }
    std::size_t j = i;
    while (j < t.size() && is_space(t[j])) ++j;
    if (i == 0 || t[i - 1] == '\n') { i = j; continue; }  // ^\s+
    std::size_t k = j;
    while (k > i && !(k == t.size() || t[k] == '\n')) --k;  // \s+$ backtracks to a line end
    if (k > i) { i = k; continue; }
    out += t[i++];
  }
  return out;
}

std::vector<Token> tokenize_template(std::string_view text, const Delimiters& delims) {
  return Scanner(text, delims).run();
}

}  // namespace corio::view::detail
