#include <algorithm>
#include <corio/http/detail/ascii.hpp>
#include <corio/http/path_pattern.hpp>
#include <corio/http/url.hpp>
#include <functional>
#include <optional>
#include <stdexcept>

namespace corio::http {
namespace {

/// A token of the pattern syntax before optional groups are expanded.
struct Token {
  enum class Type { text, param, wildcard, group } type;
  std::string value;  ///< text, or parameter name
  std::vector<Token> children;
};

bool is_id_start(char c) noexcept {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' || c == '_' || u >= 0x80;
}

bool is_id_continue(char c) noexcept { return is_id_start(c) || (c >= '0' && c <= '9'); }

/// Tokenizes the path-to-regexp v8 syntax.
class PatternParser {
 public:
  explicit PatternParser(std::string_view s) : s_(s) {}

  std::vector<Token> parse(int end) {
    std::vector<Token> out;
    std::string text;
    auto flush = [&] {
      if (!text.empty()) out.push_back({Token::Type::text, std::move(text), {}});
      text.clear();
    };
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (static_cast<unsigned char>(c) == end) {
        flush();
        return out;
      }
      if (c == '\\') {
        if (i_ == s_.size()) fail("Unexpected end after \\ at index " + std::to_string(i_));
        text.push_back(s_[i_++]);
      } else if (c == ':' || c == '*') {
        std::string name = read_name();
        flush();
        out.push_back({c == ':' ? Token::Type::param : Token::Type::wildcard, name, {}});
      } else if (c == '{') {
        flush();
        out.push_back({Token::Type::group, {}, parse('}')});
      } else if (std::string_view("}()[]+?!").find(c) != std::string_view::npos) {
        fail(std::string("Unexpected ") + c + " at index " + std::to_string(i_ - 1));
      } else {
        text.push_back(c);
      }
    }
    if (end >= 0) {
      fail("Unexpected end at index " + std::to_string(i_) + ", expected " +
           static_cast<char>(end));
    }
    flush();
    return out;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(what + ": " + std::string(s_));
  }

 private:
  std::string read_name() {
    std::string name;
    if (i_ < s_.size() && is_id_start(s_[i_])) {
      while (i_ < s_.size() && is_id_continue(s_[i_])) name.push_back(s_[i_++]);
    } else if (i_ < s_.size() && s_[i_] == '"') {
      std::size_t quote = i_++;
      while (i_ < s_.size() && s_[i_] != '"') {
        if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
        name.push_back(s_[i_++]);
      }
      if (i_ == s_.size()) fail("Unterminated quote at index " + std::to_string(quote));
      ++i_;
    }
    if (name.empty()) fail("Missing parameter name at index " + std::to_string(i_));
    return name;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

using Flat = std::vector<const Token*>;

/// Expands optional groups, the included form first (as path-to-regexp orders alternatives).
void flatten(const std::vector<Token>& tokens, std::size_t index, Flat& prefix,
             const std::function<void(Flat&)>& done) {
  for (; index < tokens.size(); ++index) {
    const Token& t = tokens[index];
    if (t.type == Token::Type::group) {
      std::size_t len = prefix.size();
      flatten(t.children, 0, prefix, [&](Flat& with) { flatten(tokens, index + 1, with, done); });
      prefix.resize(len);
      continue;
    }
    prefix.push_back(&t);
  }
  done(prefix);
}

using Item = PathPattern::Item;
using CaptureAlt = PathPattern::CaptureAlt;

/// A flattened token with adjacent texts merged.
struct Piece {
  Token::Type type;
  std::string value;
};

std::vector<Piece> merge_texts(const Flat& flat) {
  std::vector<Piece> out;
  for (const Token* t : flat) {
    if (t->type == Token::Type::text && !out.empty() && out.back().type == Token::Type::text) {
      out.back().value += t->value;
    } else {
      out.push_back({t->type, t->value});
    }
  }
  return out;
}

/// The character loop of path-to-regexp's negate(a, b): no position may start `a` or `b`.
CaptureAlt negate(std::string a, std::string b) {
  if (b.size() > a.size()) std::swap(a, b);
  if (a == b) b.clear();
  return {false, {}, {std::move(a), std::move(b)}};
}

/// Turns one flattened alternative into items, choosing each capture's alternatives with the
/// rules of path-to-regexp 8.x (toRegExpSource) so that backtracking gives the same results.
class SequenceBuilder {
 public:
  SequenceBuilder(std::vector<Piece> pieces, std::vector<std::string>& keys,
                  const PatternParser& parser)
      : pieces_(std::move(pieces)), keys_(keys), parser_(parser) {}

  std::vector<Item> build() {
    std::vector<Item> out;
    for (index_ = 0; index_ < pieces_.size(); ++index_) {
      const Piece& p = pieces_[index_];
      if (p.type == Token::Type::text) {
        on_text(p.value);
        out.push_back(Item{false, false, 0, 0, p.value, {}});
        continue;
      }
      if (prev_capture_ != 0 && backtrack_.empty())
        parser_.fail("Missing text before \"" + p.value + "\" " +
                     (p.type == Token::Type::param ? "param" : "wildcard"));
      if (slots_ == PathPattern::max_captures) parser_.fail("Too many parameters");
      Item item{true, p.type == Token::Type::wildcard, key_index(p.value), slots_++, {}, {}};
      item.alts = item.wildcard ? wildcard_alts() : param_alts();
      out.push_back(std::move(item));
      backtrack_.clear();
    }
    return out;
  }

 private:
  void on_text(const std::string& v) {
    backtrack_ += v;
    if (prev_capture_ == 2) wildcard_backtrack_ += v;
    if (v.find('/') != std::string::npos) segment_captures_ = 0;
  }

  std::vector<CaptureAlt> param_alts() {
    std::vector<CaptureAlt> alts;
    if (segment_captures_ & 2) {
      alts.push_back(negate("/", backtrack_));
    } else if (wildcard_later_in_segment()) {
      alts.push_back(negate("/", peek_text()));
    } else if (segment_captures_ & 1) {
      alts.push_back(negate("/", backtrack_));
      alts.push_back({true, backtrack_, {}});
    } else {
      alts.push_back(negate("/", ""));
    }
    segment_captures_ |= prev_capture_ = 1;
    return alts;
  }

  std::vector<CaptureAlt> wildcard_alts() {
    std::vector<CaptureAlt> alts;
    if (segment_captures_ & 2) {
      alts.push_back(negate(backtrack_, ""));
    } else if (!wildcard_backtrack_.empty()) {
      alts.push_back(negate(wildcard_backtrack_, ""));
      if (alts.back().forbid[0] != "/") alts.push_back(negate("/", ""));
    } else {
      alts.push_back(negate("", ""));
    }
    wildcard_backtrack_.clear();
    segment_captures_ |= prev_capture_ = 2;
    return alts;
  }

  bool wildcard_later_in_segment() const {
    for (std::size_t k = index_ + 1; k < pieces_.size(); ++k) {
      if (pieces_[k].type == Token::Type::wildcard) return true;
      if (pieces_[k].type == Token::Type::text && pieces_[k].value.find('/') != std::string::npos)
        return false;
    }
    return false;
  }

  std::string peek_text() const {
    bool next_is_text =
        index_ + 1 < pieces_.size() && pieces_[index_ + 1].type == Token::Type::text;
    return next_is_text ? pieces_[index_ + 1].value : std::string();
  }

  std::uint16_t key_index(const std::string& name) {
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      if (keys_[k] == name) return static_cast<std::uint16_t>(k);
    }
    keys_.push_back(name);
    return static_cast<std::uint16_t>(keys_.size() - 1);
  }

  std::vector<Piece> pieces_;
  std::vector<std::string>& keys_;
  const PatternParser& parser_;
  std::size_t index_ = 0;
  std::string backtrack_;
  std::string wildcard_backtrack_;
  int prev_capture_ = 0;
  int segment_captures_ = 0;
  std::uint16_t slots_ = 0;
};

bool starts_with_at(std::string_view s, std::size_t pos, std::string_view prefix, bool ci) {
  if (s.size() - pos < prefix.size()) return false;
  std::string_view part = s.substr(pos, prefix.size());
  return ci ? detail::iequals(part, prefix) : part == prefix;
}

/// How many characters from `pos` the loop of `alt` may take (its greedy maximum).
std::size_t run_length(std::string_view path, std::size_t pos, const CaptureAlt& alt, bool ci) {
  std::size_t p = pos;
  for (; p < path.size(); ++p) {
    for (const std::string& f : alt.forbid) {
      if (!f.empty() && starts_with_at(path, p, f, ci)) return p - pos;
    }
  }
  return p - pos;
}

}  // namespace

PathPattern PathPattern::compile(std::string_view pattern, PathOptions options) {
  PathPattern p;
  p.source_ = std::string(pattern);
  p.options_ = options;
  p.match_all_ = pattern == "/" && !options.end;
  PatternParser parser(pattern);
  std::vector<Token> tokens = parser.parse(-1);
  Flat prefix;
  flatten(tokens, 0, prefix, [&](Flat& flat) {
    if (p.alternatives_.size() >= 256) parser.fail("Too many path combinations");
    p.alternatives_.push_back(SequenceBuilder(merge_texts(flat), p.keys_, parser).build());
  });
  return p;
}

/// Scratch state of one match: capture spans and a step budget against pathological patterns.
struct PathPattern::Context {
  struct Span {
    std::size_t begin;
    std::size_t size;
  };
  std::string_view path;
  Span spans[max_captures];  // left uninitialized: only slots set by the matcher are read
  std::size_t budget = 1 << 16;
  std::size_t end = 0;
};

std::string_view PathMatch::get(std::string_view name) const noexcept {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

bool PathPattern::match(std::string_view path, PathMatch& out) const {
  out.params.clear();
  out.decode_error = false;
  if (match_all_) {
    out.length = 0;
    return true;
  }
  Context ctx;  // NOLINT: spans are written before they are read
  ctx.path = path;
  for (const Sequence& seq : alternatives_) {
    if (match_items(seq, 0, 0, ctx)) {
      out.length = ctx.end;
      fill(seq, ctx, out);
      return true;
    }
  }
  return false;
}

bool PathPattern::match_items(const Sequence& seq, std::size_t item, std::size_t pos,
                              Context& ctx) const {
  bool ci = !options_.case_sensitive;
  for (; item < seq.size() && !seq[item].capture; ++item) {
    if (!starts_with_at(ctx.path, pos, seq[item].text, ci)) return false;
    pos += seq[item].text.size();
  }
  if (item == seq.size()) return match_tail(pos, ctx);
  return match_capture(seq, item, pos, ctx);
}

bool PathPattern::match_capture(const Sequence& seq, std::size_t item, std::size_t pos,
                                Context& ctx) const {
  bool ci = !options_.case_sensitive;
  const Item& it = seq[item];
  for (const CaptureAlt& alt : it.alts) {
    if (alt.literal) {
      if (!starts_with_at(ctx.path, pos, alt.text, ci)) continue;
      ctx.spans[it.slot] = {pos, alt.text.size()};
      if (match_items(seq, item + 1, pos + alt.text.size(), ctx)) return true;
      continue;
    }
    for (std::size_t n = run_length(ctx.path, pos, alt, ci); n >= 1; --n) {
      if (ctx.budget == 0) return false;
      --ctx.budget;
      ctx.spans[it.slot] = {pos, n};
      if (match_items(seq, item + 1, pos + n, ctx)) return true;
    }
  }
  return false;
}

bool PathPattern::match_tail(std::size_t pos, Context& ctx) const {
  std::string_view path = ctx.path;
  // path-to-regexp appends (?:/$)? when trailing slashes are allowed, then $ or (?=/|$).
  if (!options_.strict && pos + 1 == path.size() && path[pos] == '/') {
    ctx.end = pos + 1;
    return true;
  }
  bool boundary = pos == path.size() || (!options_.end && path[pos] == '/');
  if (boundary) ctx.end = pos;
  return boundary;
}

void PathPattern::fill(const Sequence& seq, const Context& ctx, PathMatch& out) const {
  for (const Item& it : seq) {
    if (!it.capture) continue;
    std::string_view raw = ctx.path.substr(ctx.spans[it.slot].begin, ctx.spans[it.slot].size);
    std::string value;
    while (true) {
      std::size_t slash = it.wildcard ? raw.find('/') : std::string_view::npos;
      std::optional<std::string> part = percent_decode(raw.substr(0, slash));
      if (!part) out.decode_error = true;
      value += part ? *part : std::string(raw.substr(0, slash));
      if (slash == std::string_view::npos) break;
      value.push_back('/');
      raw.remove_prefix(slash + 1);
    }
    const std::string& name = keys_[it.key];
    auto existing = std::find_if(out.params.begin(), out.params.end(),
                                 [&](const auto& kv) { return kv.first == name; });
    if (existing != out.params.end()) {
      existing->second = std::move(value);
    } else {
      out.params.emplace_back(name, std::move(value));
    }
  }
}

}  // namespace corio::http
