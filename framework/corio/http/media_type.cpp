#include <corio/http/detail/ascii.hpp>
#include <corio/http/media_type.hpp>
#include <corio/http/mime.hpp>

namespace corio::http {
namespace {

using detail::iequals;

/// A "type/subtype" split in two, without parameters.
struct MediaRange {
  std::string_view type;
  std::string_view subtype;
  bool valid = false;
};

MediaRange split_media(std::string_view s) noexcept {
  s = detail::trim_ows(s.substr(0, s.find(';')));
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) return {};
  MediaRange m{detail::trim_ows(s.substr(0, slash)), detail::trim_ows(s.substr(slash + 1)), true};
  m.valid = detail::is_token(m.type) && detail::is_token(m.subtype);
  return m;
}

/// Expands a req.is()/req.accepts() shorthand into a media type.
std::string_view normalize(std::string_view candidate) noexcept {
  if (candidate == "urlencoded") return "application/x-www-form-urlencoded";
  if (candidate == "multipart") return "multipart/*";
  if (!candidate.empty() && candidate[0] == '+') return candidate;  // handled by the matcher
  if (candidate.find('/') != std::string_view::npos) return candidate;
  return mime_lookup(candidate);
}

bool subtype_matches(std::string_view expected, std::string_view actual) noexcept {
  if (expected == "*") return true;
  if (expected.size() > 1 && expected[0] == '*' && expected[1] == '+') {
    std::string_view suffix = expected.substr(1);
    return actual.size() > suffix.size() &&
           iequals(actual.substr(actual.size() - suffix.size()), suffix);
  }
  return iequals(expected, actual);
}

/// Parameter `name` of a media range ("q" etc.), or an empty view.
std::string_view param(std::string_view range, std::string_view name) noexcept {
  std::size_t semi = range.find(';');
  std::string_view found;
  while (semi != std::string_view::npos) {
    range.remove_prefix(semi + 1);
    semi = range.find(';');
    std::string_view p = range.substr(0, semi);
    std::size_t eq = p.find('=');
    if (eq != std::string_view::npos && iequals(detail::trim_ows(p.substr(0, eq)), name))
      found = detail::trim_ows(p.substr(eq + 1));
  }
  return found;
}

/// q-value in thousandths (1000 when absent; -1 when malformed).
int quality(std::string_view range) noexcept {
  std::string_view q = param(range, "q");
  if (q.empty()) return 1000;
  int value = 0, scale = 1000;
  bool dot = false;
  for (char c : q) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      if (dot) scale /= 10;
      value = dot ? value + (c - '0') * scale : value * 10 + (c - '0') * 1000;
      if (value > 1000) return 1000;
    } else {
      return -1;
    }
  }
  return value;
}

/// Priority of one accepted range for an offered type: specificity (0..6) or -1.
int specificity(const MediaRange& accepted, const MediaRange& offered) noexcept {
  int s = 0;
  if (iequals(accepted.type, offered.type)) {
    s |= 4;
  } else if (accepted.type != "*") {
    return -1;
  }
  if (iequals(accepted.subtype, offered.subtype)) {
    s |= 2;
  } else if (accepted.subtype != "*") {
    return -1;
  }
  return s;
}

}  // namespace

std::string_view type_is(std::string_view content_type,
                         std::initializer_list<std::string_view> candidates) noexcept {
  MediaRange actual = split_media(content_type);
  if (!actual.valid) return {};
  for (std::string_view c : candidates) {
    std::string_view norm = normalize(c);
    MediaRange expected;
    if (!norm.empty() && norm[0] == '+') {  // "+json" means "*/*+json"
      std::string_view suffix = norm;
      if (actual.subtype.size() > suffix.size() &&
          iequals(actual.subtype.substr(actual.subtype.size() - suffix.size()), suffix))
        return c;
      continue;
    }
    expected = split_media(norm);
    if (!expected.valid) continue;
    if ((expected.type == "*" || iequals(expected.type, actual.type)) &&
        subtype_matches(expected.subtype, actual.subtype))
      return c;
  }
  return {};
}

std::string_view accepts(std::string_view accept,
                         std::initializer_list<std::string_view> offered) noexcept {
  if (detail::trim_ows(accept).empty())
    return offered.size() ? *offered.begin() : std::string_view();
  std::string_view best;
  int best_q = 0, best_s = -1, best_o = 0;
  for (std::string_view c : offered) {
    MediaRange off = split_media(normalize(c));
    if (!off.valid) continue;
    int q = -1, s = -1, o = 0, index = 0;  // the best accepted range for this offer
    detail::for_each_list_item(accept, [&](std::string_view item) {
      int i = index++;
      MediaRange acc = split_media(item);
      if (!acc.valid) return;
      int spec = specificity(acc, off);
      if (spec < 0 || spec < s) return;
      int iq = quality(item);
      if (spec > s || iq > q) {
        s = spec;
        q = iq;
        o = i;
      }
    });
    if (q <= 0) continue;
    if (q > best_q || (q == best_q && (s > best_s || (s == best_s && o < best_o)))) {
      best = c;
      best_q = q;
      best_s = s;
      best_o = o;
    }
  }
  return best;
}

}  // namespace corio::http
