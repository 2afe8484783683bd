// String methods, with JavaScript's UTF-16 indices over UTF-8 text.
#include <corio/view/detail/builtins.hpp>

#include <algorithm>
#include <cmath>

namespace corio::view::detail {
namespace {

std::size_t units_of(unsigned char lead) { return lead >= 0xF0 ? 2 : (lead & 0xC0) == 0x80 ? 0 : 1; }

std::size_t char_len(unsigned char lead) {
  return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

/// Byte offset of UTF-16 index `u` (clamped to the end).
std::size_t byte_at(std::string_view s, std::size_t u) {
  std::size_t i = 0, n = 0;
  while (i < s.size() && n < u) {
    n += units_of(static_cast<unsigned char>(s[i]));
    i += std::max<std::size_t>(1, char_len(static_cast<unsigned char>(s[i])));
  }
  return std::min(i, s.size());
}

std::size_t units_before(std::string_view s, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < s.size(); ++i) n += units_of(static_cast<unsigned char>(s[i]));
  return n;
}

/// JavaScript's relative index: negative counts from the end; clamped to [0, len].
std::size_t rel_index(const Value& v, std::size_t len, std::size_t dflt) {
  if (v.is_undefined()) return dflt;
  double d = std::trunc(to_number(v));
  if (std::isnan(d)) return 0;
  if (d < 0) d = std::max(0.0, static_cast<double>(len) + d);
  return static_cast<std::size_t>(std::min(d, static_cast<double>(len)));
}

std::size_t clamp_index(const Value& v, std::size_t len, std::size_t dflt) {
  if (v.is_undefined()) return dflt;
  double d = to_number(v);
  if (std::isnan(d) || d < 0) return 0;
  return static_cast<std::size_t>(std::min(d, static_cast<double>(len)));
}

bool is_trim_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

Value sub(std::string_view s, std::size_t from, std::size_t to) {
  std::string scratch;
  return Value::string(std::string(utf16_slice(s, from, to, scratch)));
}

std::string expand_replacement(std::string_view rep, std::string_view s, std::size_t at,
                               std::size_t len) {
  std::string out;
  for (std::size_t i = 0; i < rep.size(); ++i) {
    if (rep[i] != '$' || i + 1 >= rep.size()) { out += rep[i]; continue; }
    char c = rep[i + 1];
    if (c == '$') out += '$';
    else if (c == '&') out.append(s.substr(at, len));
    else if (c == '`') out.append(s.substr(0, at));
    else if (c == '\'') out.append(s.substr(at + len));
    else { out += '$'; continue; }
    ++i;
  }
  return out;
}

Value replace(Interpreter& in, std::string_view s, std::span<const Value> args, bool all,
              std::size_t pos) {
  std::string pat = to_string(arg(args, 0));
  const Value& rep = arg(args, 1);
  std::string out;
  std::size_t from = 0;
  while (true) {
    std::size_t at = s.find(pat, from);
    if (at == std::string_view::npos || (from > s.size())) break;
    out.append(s.substr(from, at - from));
    if (rep.kind() == Value::Kind::function || rep.kind() == Value::Kind::builtin) {
      Value args3[3] = {Value::string(pat), Value::number(static_cast<double>(units_before(s, at))),
                        Value::borrowed(s)};
      append_string(out, in.call(rep, args3, pos));
    } else {
      out += expand_replacement(to_string(rep), s, at, pat.size());
    }
    in.check_size(out.size(), pos);
    from = at + pat.size();
    if (!all) break;
    if (pat.empty()) {
      if (at >= s.size()) { from = s.size() + 1; break; }
      std::size_t n = char_len(static_cast<unsigned char>(s[at]));
      out.append(s.substr(at, n));
      from = at + n;
    }
  }
  if (from <= s.size()) out.append(s.substr(from));
  return Value::string(std::move(out));
}

/// Case mapping of one code point for Latin-1, Greek and Cyrillic (ASCII handled by the caller).
std::uint32_t map_case(std::uint32_t cp, bool upper) {
  if (upper) {
    if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) || (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) ||
        (cp >= 0x430 && cp <= 0x44F)) return cp - 0x20;
    if (cp == 0xFF) return 0x178;
    if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
  } else {
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) ||
        (cp >= 0x410 && cp <= 0x42F)) return cp + 0x20;
    if (cp == 0x178) return 0xFF;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  }
  return cp;
}

std::string change_case(std::string_view s, bool upper) {
  std::string r;
  r.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      r += static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      std::uint32_t cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      if (upper && cp == 0xDF) {
        r += "SS";
      } else {
        cp = map_case(cp, upper);
        if (cp < 0x800) {
          r += static_cast<char>(0xC0 | (cp >> 6));
          r += static_cast<char>(0x80 | (cp & 0x3F));
        }
      }
      i += 2;
      continue;
    }
    r += s[i++];
  }
  return r;
}

Value split(std::string_view s, std::span<const Value> args) {
  ArrayData parts;
  const Value& sep_v = arg(args, 0);
  double limit = arg(args, 1).is_undefined() ? 4294967295.0 : to_number(arg(args, 1));
  if (sep_v.is_undefined()) {
    if (limit > 0) parts.push_back(Value::string(std::string(s)));
    return Value::array(std::move(parts));
  }
  std::string sep = to_string(sep_v);
  if (sep.empty()) {
    for (std::size_t i = 0; i < s.size() && static_cast<double>(parts.size()) < limit;) {
      std::size_t n = std::min(char_len(static_cast<unsigned char>(s[i])), s.size() - i);
      parts.push_back(Value::string(std::string(s.substr(i, n))));
      i += n;
    }
    return Value::array(std::move(parts));
  }
  std::size_t from = 0;
  while (static_cast<double>(parts.size()) < limit) {
    std::size_t at = s.find(sep, from);
    parts.push_back(Value::string(std::string(s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from))));
    if (at == std::string_view::npos) break;
    from = at + sep.size();
  }
  return Value::array(std::move(parts));
}

Value pad(Interpreter& in, std::string_view s, std::span<const Value> args, bool start,
          std::size_t pos) {
  double target = to_number(arg(args, 0));
  std::string fill = arg(args, 1).is_undefined() ? " " : to_string(arg(args, 1));
  std::size_t len = utf16_length(s);
  // A fill of stray UTF-8 continuation bytes counts no units: like an empty fill, it pads nothing.
  const std::size_t fill_units = utf16_length(fill);
  if (!(target > static_cast<double>(len)) || fill_units == 0) return Value::string(std::string(s));
  in.check_size(static_cast<std::size_t>(std::min(target, 1e15)), pos);
  std::size_t need = static_cast<std::size_t>(target) - len;
  std::string padding;
  for (std::size_t have = 0; have < need; have += fill_units) padding += fill;
  std::string scratch;
  padding = std::string(utf16_slice(padding, 0, need, scratch));
  return Value::string(start ? padding + std::string(s) : std::string(s) + padding);
}

}  // namespace

std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += units_of(c);
  return n;
}

std::string_view utf16_slice(std::string_view s, std::size_t from, std::size_t to,
                             std::string& scratch) {
  (void)scratch;
  if (to <= from) return {};
  std::size_t a = byte_at(s, from);
  std::size_t b = byte_at(s, to);
  return s.substr(a, b > a ? b - a : 0);
}

std::optional<Value> call_string_method(Interpreter& in, const Value& self, std::string_view name,
                                        std::span<const Value> args, std::size_t pos) {
  std::string_view s = self.str();
  std::size_t len = utf16_length(s);
  const Value& a0 = arg(args, 0);
  if (name == "toUpperCase" || name == "toLowerCase") {
    return Value::string(change_case(s, name[2] == 'U'));
  }
  if (name == "trim" || name == "trimStart" || name == "trimEnd") {
    std::string_view r = s;
    if (name != "trimEnd") while (!r.empty() && is_trim_space(r.front())) r.remove_prefix(1);
    if (name != "trimStart") while (!r.empty() && is_trim_space(r.back())) r.remove_suffix(1);
    return Value::string(std::string(r));
  }
  if (name == "slice") return sub(s, rel_index(a0, len, 0), rel_index(arg(args, 1), len, len));
  if (name == "substring") {
    std::size_t a = clamp_index(a0, len, 0), b = clamp_index(arg(args, 1), len, len);
    return sub(s, std::min(a, b), std::max(a, b));
  }
  if (name == "substr") {
    std::size_t a = rel_index(a0, len, 0);
    double n = arg(args, 1).is_undefined() ? static_cast<double>(len) : to_number(arg(args, 1));
    return sub(s, a, a + static_cast<std::size_t>(std::clamp(std::isnan(n) ? 0 : n, 0.0, static_cast<double>(len))));
  }
  if (name == "charAt" || name == "at") {
    double d = std::trunc(to_number(a0));
    if (std::isnan(d)) d = 0;
    if (name == "at" && d < 0) d += static_cast<double>(len);
    if (d < 0 || d >= static_cast<double>(len)) return name == "at" ? Value() : Value::borrowed("");
    return sub(s, static_cast<std::size_t>(d), static_cast<std::size_t>(d) + 1);
  }
  std::string needle = a0.is_undefined() && name != "split" ? "undefined" : to_string(a0);
  if (name == "includes") return Value::boolean(s.find(needle, byte_at(s, clamp_index(arg(args, 1), len, 0))) != std::string_view::npos);
  if (name == "startsWith") return Value::boolean(s.substr(byte_at(s, clamp_index(arg(args, 1), len, 0))).starts_with(needle));
  if (name == "endsWith") return Value::boolean(s.substr(0, byte_at(s, clamp_index(arg(args, 1), len, len))).ends_with(needle));
  if (name == "indexOf" || name == "lastIndexOf") {
    std::size_t at = name == "indexOf" ? s.find(needle, byte_at(s, clamp_index(arg(args, 1), len, 0)))
                                       : s.rfind(needle);
    return Value::number(at == std::string_view::npos ? -1 : static_cast<double>(units_before(s, at)));
  }
  if (name == "split") return split(s, args);
  if (name == "replace" || name == "replaceAll") return replace(in, s, args, name == "replaceAll", pos);
  if (name == "padStart" || name == "padEnd") return pad(in, s, args, name == "padStart", pos);
  if (name == "repeat") {
    double n = to_number(a0);
    if (!(n >= 0) || std::isinf(n)) throw RuntimeError(pos, "Invalid count value: " + to_string(a0));
    in.check_size(static_cast<std::size_t>(std::min(n * static_cast<double>(s.size()), 1e15)), pos);
    std::string r;
    for (double i = 0; i < n; ++i) r += s;
    return Value::string(std::move(r));
  }
  if (name == "concat") {
    std::string r(s);
    for (const Value& v : args) append_string(r, v);
    in.check_size(r.size(), pos);
    return Value::string(std::move(r));
  }
  if (name == "charCodeAt") {
    double d = std::trunc(to_number(a0));
    if (std::isnan(d)) d = 0;
    if (d < 0 || d >= static_cast<double>(len)) return Value::number(NAN);
    std::string_view c = s.substr(byte_at(s, static_cast<std::size_t>(d)));
    auto lead = static_cast<unsigned char>(c[0]);
    std::uint32_t cp = lead;
    std::size_t n = char_len(lead);
    if (n > 1 && c.size() >= n) {
      cp = lead & (0xFF >> (n + 1));
      for (std::size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(c[i]) & 0x3F);
    }
    if (cp >= 0x10000) cp = 0xD800 + ((cp - 0x10000) >> 10);
    return Value::number(cp);
  }
  if (name == "toString" || name == "valueOf") return self;
  return std::nullopt;
}

}  // namespace corio::view::detail
