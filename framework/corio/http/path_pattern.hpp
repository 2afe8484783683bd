#pragma once
/// @file Express 5 route paths (path-to-regexp v8 syntax), compiled to a small backtracking
/// matcher over text and capture tokens: no std::regex, no allocation for a match without params.
///
/// Syntax: `:name` matches within one segment (name: identifier characters, or quoted
/// `:"any name"`); `*name` matches one or more characters across segments; `{...}` is optional;
/// `\` escapes the next character; `( ) [ ] ? + !` and a stray `}` are reserved and rejected.
/// Matching follows path-to-regexp 8.x, including its backtracking rules for parameters that
/// share a segment (`/:file.:ext` matches "/a.b.c" as file "a.b", ext "c").

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corio::http {

/// How a pattern matches (Express's router options).
struct PathOptions {
  bool case_sensitive = false;  ///< "/Users" vs "/users" differ when true
  bool strict = false;          ///< when false an optional trailing '/' is accepted
  bool end = true;              ///< false: match a prefix ending at a segment boundary (use())
};

/// Result of a successful match.
struct PathMatch {
  std::size_t length = 0;  ///< bytes of the path matched (the prefix length when end == false)
  /// Parameters by name, in pattern order, percent-decoded (decodeURIComponent). A `*splat`
  /// value is its segments decoded one by one and joined with '/'. clear() keeps capacity.
  std::vector<std::pair<std::string, std::string>> params;
  bool decode_error = false;  ///< a parameter had a malformed escape: answer 400, like Express

  /// Value of a parameter, or an empty view.
  std::string_view get(std::string_view name) const noexcept;
};

/// A compiled route path.
/// @code
/// auto p = PathPattern::compile("/users/:id{/:action}");
/// PathMatch m;
/// if (p.match("/users/42/edit", m)) use(m.get("id"), m.get("action"));
/// @endcode
class PathPattern {
 public:
  /// Compiles `pattern`; throws std::invalid_argument naming the problem and its index.
  static PathPattern compile(std::string_view pattern, PathOptions options = {});

  /// Matches `path` (the raw, still percent-encoded pathname); fills `out` when it matches.
  bool match(std::string_view path, PathMatch& out) const;
  /// Parameter names in order of first appearance.
  const std::vector<std::string>& keys() const noexcept { return keys_; }
  /// The pattern as written.
  const std::string& source() const noexcept { return source_; }
  /// The options it was compiled with.
  const PathOptions& options() const noexcept { return options_; }

  /// One way a capture may match: an exact text, or one or more characters none of which
  /// starts one of the `forbid` strings.
  struct CaptureAlt {
    bool literal = false;
    std::string text;
    std::string forbid[2];
  };
  /// A literal text or a capture, one element of a flattened alternative.
  struct Item {
    bool capture = false;
    bool wildcard = false;
    std::uint16_t key = 0;   ///< index into keys() for a capture
    std::uint16_t slot = 0;  ///< position among the alternative's captures
    std::string text;        ///< literal text
    std::vector<CaptureAlt> alts;
  };
  /// Maximum number of captures in one alternative.
  static constexpr std::size_t max_captures = 32;

 private:
  struct Context;
  using Sequence = std::vector<Item>;
  bool match_items(const Sequence& seq, std::size_t item, std::size_t pos, Context& ctx) const;
  bool match_capture(const Sequence& seq, std::size_t item, std::size_t pos, Context& ctx) const;
  bool match_tail(std::size_t pos, Context& ctx) const;
  void fill(const Sequence& seq, const Context& ctx, PathMatch& out) const;

  std::string source_;
  PathOptions options_;
  std::vector<Sequence> alternatives_;  ///< optional groups expanded, included-first
  std::vector<std::string> keys_;
  bool match_all_ = false;  ///< "/" with end == false: Express's use("/") matches every path
};

}  // namespace corio::http
