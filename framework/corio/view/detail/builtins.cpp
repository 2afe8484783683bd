// Globals: include, String/Number/Boolean, encodeURIComponent, parseInt/parseFloat, Math, JSON,
// Object, Array, and the dispatch of methods by receiver type.
#include <corio/view/detail/builtins.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace corio::view::detail {
namespace {

Value include_fn(Interpreter& in, std::span<const Value> args, std::size_t pos) {
  std::string text;
  Output out(text);
  in.include(args, out, pos);
  out.finish();
  return Value::string(std::move(text));
}

Value encode_uri_component(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || std::string_view("-_.!~*'()").find(static_cast<char>(c)) !=
                               std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return Value::string(std::move(out));
}

Value parse_int(const Value& v, const Value& radix_v) {
  std::string s = to_string(v);
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  bool neg = i < s.size() && s[i] == '-';
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  int radix = radix_v.is_undefined() ? 0 : static_cast<int>(to_number(radix_v));
  if ((radix == 0 || radix == 16) && s.compare(i, 2, "0x") == 0) { radix = 16; i += 2; }
  if ((radix == 0 || radix == 16) && s.compare(i, 2, "0X") == 0) { radix = 16; i += 2; }
  if (radix == 0) radix = 10;
  if (radix < 2 || radix > 36) return Value::number(NAN);
  double r = 0;
  std::size_t start = i;
  for (; i < s.size(); ++i) {
    int d = std::isdigit(static_cast<unsigned char>(s[i])) ? s[i] - '0'
            : std::isalpha(static_cast<unsigned char>(s[i])) ? (s[i] | 0x20) - 'a' + 10 : 99;
    if (d >= radix) break;
    r = r * radix + d;
  }
  if (i == start) return Value::number(NAN);
  return Value::number(neg ? -r : r);
}

Value parse_float(const Value& v) {
  std::string s = to_string(v);
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  const char* begin = s.c_str() + i;
  std::string_view rest(begin);
  std::size_t sign = (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) ? 1 : 0;
  if (rest.substr(sign, 8) == "Infinity") return Value::number(rest[0] == '-' ? -INFINITY : INFINITY);
  if (sign < rest.size() && (rest[sign] == 'i' || rest[sign] == 'I' || rest[sign] == 'n' ||
                             rest[sign] == 'N' || rest.substr(sign, 2) == "0x")) {
    return Value::number(rest.substr(sign, 2) == "0x" ? 0 : NAN);
  }
  char* end = nullptr;
  double d = std::strtod(begin, &end);
  return Value::number(end == begin ? NAN : d);
}

std::optional<Value> math(std::string_view name, std::span<const Value> args) {
  double x = to_number(arg(args, 0));
  if (name == "floor") return Value::number(std::floor(x));
  if (name == "ceil") return Value::number(std::ceil(x));
  if (name == "round") {
    double r = std::floor(x);
    if (x - r >= 0.5) r += 1;
    return Value::number(r == 0 && std::signbit(x) ? -0.0 : r);
  }
  if (name == "abs") return Value::number(std::fabs(x));
  if (name == "trunc") return Value::number(std::trunc(x));
  if (name == "sqrt") return Value::number(std::sqrt(x));
  if (name == "sign") return Value::number(std::isnan(x) ? NAN : x > 0 ? 1 : x < 0 ? -1 : x);
  if (name == "pow") return Value::number(std::pow(x, to_number(arg(args, 1))));
  if (name == "random") {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    return Value::number(std::uniform_real_distribution<double>(0, 1)(rng));
  }
  if (name == "min" || name == "max") {
    bool is_max = name == "max";
    double r = is_max ? -INFINITY : INFINITY;
    for (const Value& a : args) {
      double v = to_number(a);
      if (std::isnan(v)) return Value::number(NAN);
      if (is_max ? (v > r || (v == 0 && r == 0 && !std::signbit(v))) : (v < r || (v == 0 && r == 0 && std::signbit(v)))) r = v;
    }
    return Value::number(r);
  }
  return std::nullopt;
}

Value keys_values(const Value& o, int which) {
  ArrayData out;
  auto add = [&](std::string_view k, const Value& v) {
    if (which == 0) out.push_back(Value::string(std::string(k)));
    if (which == 1) out.push_back(v);
    if (which == 2) out.push_back(Value::array({Value::string(std::string(k)), v}));
  };
  if (o.kind() == Value::Kind::json && o.j().is_object()) {
    for (const auto& [k, v] : o.j().items()) add(k, Value::from_json(v));
  } else if (o.kind() == Value::Kind::object) {
    for (const auto& [k, v] : object_of(o).props) add(k, v);
  } else if (o.is_array()) {
    double len = to_number(get_property(o, "length", 0));
    for (double i = 0; i < len; ++i) add(to_string(Value::number(i)), get_index(o, Value::number(i), 0));
  }
  return Value::array(std::move(out));
}

}  // namespace

Builtin global_builtin(std::string_view name) {
  static constexpr std::pair<std::string_view, Builtin> kGlobals[] = {
      {"Math", Builtin::math}, {"JSON", Builtin::json}, {"Object", Builtin::object},
      {"Array", Builtin::array}, {"Number", Builtin::number_fn}, {"String", Builtin::string_fn},
      {"Boolean", Builtin::boolean_fn}, {"encodeURIComponent", Builtin::encode_uri_component},
      {"include", Builtin::include}, {"parseInt", Builtin::parse_int},
      {"parseFloat", Builtin::parse_float}, {"isNaN", Builtin::is_nan}};
  for (auto [n, b] : kGlobals) {
    if (n == name) return b;
  }
  return Builtin::none;
}

Value call_builtin(Interpreter& in, Builtin id, std::span<const Value> args, std::size_t pos) {
  const Value& a = arg(args, 0);
  switch (id) {
    case Builtin::include: return include_fn(in, args, pos);
    case Builtin::string_fn: return args.empty() ? Value::borrowed("") : to_string_value(a);
    case Builtin::number_fn: return Value::number(args.empty() ? 0 : to_number(a));
    case Builtin::boolean_fn: return Value::boolean(truthy(a));
    case Builtin::encode_uri_component: return encode_uri_component(to_string(a));
    case Builtin::parse_int: return parse_int(a, arg(args, 1));
    case Builtin::parse_float: return parse_float(a);
    case Builtin::is_nan: return Value::boolean(std::isnan(to_number(a)));
    default: throw RuntimeError(pos, "value is not a function");
  }
}

std::optional<Value> call_static(Interpreter& in, Builtin ns, std::string_view name,
                                 std::span<const Value> args, std::size_t pos) {
  const Value& a = arg(args, 0);
  switch (ns) {
    case Builtin::math: return math(name, args);
    case Builtin::json:
      if (name == "stringify") {
        const Value& space = arg(args, 2);
        std::string indent;
        if (space.is_number()) indent.assign(static_cast<std::size_t>(std::clamp(space.num(), 0.0, 10.0)), ' ');
        if (space.is_string()) indent = std::string(space.str().substr(0, 10));
        std::string out;
        if (!append_json(out, a, indent)) return Value();
        in.check_size(out.size(), pos);
        return Value::string(std::move(out));
      }
      return std::nullopt;
    case Builtin::object:
      if (name == "keys") return keys_values(a, 0);
      if (name == "values") return keys_values(a, 1);
      if (name == "entries") return keys_values(a, 2);
      return std::nullopt;
    case Builtin::array:
      if (name == "isArray") return Value::boolean(a.is_array());
      return std::nullopt;
    case Builtin::number_fn: {
      double d = to_number(a);
      if (name == "isInteger") return Value::boolean(a.is_number() && std::isfinite(d) && d == std::trunc(d));
      if (name == "isFinite") return Value::boolean(a.is_number() && std::isfinite(d));
      if (name == "isNaN") return Value::boolean(a.is_number() && std::isnan(d));
      if (name == "parseFloat") return parse_float(a);
      if (name == "parseInt") return parse_int(a, arg(args, 1));
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

Value builtin_property(Builtin ns, std::string_view name) {
  if (ns == Builtin::math && name == "PI") return Value::number(M_PI);
  if (ns == Builtin::math && name == "E") return Value::number(M_E);
  if (ns == Builtin::number_fn && name == "MAX_SAFE_INTEGER") return Value::number(9007199254740991.0);
  if (ns == Builtin::number_fn && name == "MIN_SAFE_INTEGER") return Value::number(-9007199254740991.0);
  if (ns == Builtin::number_fn && name == "EPSILON") return Value::number(2.220446049250313e-16);
  return {};
}

namespace {

std::string to_fixed(double x, int digits) {
  if (!std::isfinite(x) || std::fabs(x) >= 1e21) return to_string(Value::number(x));
  bool neg = x < 0;
  x = std::fabs(x);
  // JavaScript rounds an exact tie up (away from zero); printf rounds it to even.
  char exact[512];
  std::snprintf(exact, sizeof exact, "%.*f", digits + 40, x);
  char out[512];
  std::snprintf(out, sizeof out, "%.*f", digits, x);
  std::string_view e(exact);
  std::size_t dot = e.find('.');
  std::string_view tail = e.substr(dot + 1 + static_cast<std::size_t>(digits));
  bool tie = !tail.empty() && tail[0] == '5' && tail.find_first_not_of('0', 1) == std::string_view::npos;
  std::string r = out;
  if (tie) std::snprintf(out, sizeof out, "%.*f", digits, x + std::pow(10.0, -digits) / 2), r = out;
  bool all_zero = r.find_first_not_of("0.") == std::string::npos;
  return (neg && !all_zero ? "-" : "") + r;
}

}  // namespace

std::optional<Value> call_method(Interpreter& in, const Value& self, std::string_view name,
                                 std::span<const Value> args, std::size_t pos) {
  if (self.is_string()) return call_string_method(in, self, name, args, pos);
  if (self.is_array()) return call_array_method(in, self, name, args, pos);
  if (self.is_number() && name == "toFixed") {
    double d = to_number(arg(args, 0));
    if (!(d >= 0 && d <= 100)) throw RuntimeError(pos, "toFixed() digits argument must be between 0 and 100");
    return Value::string(to_fixed(self.num(), static_cast<int>(d)));
  }
  if (name == "toString" && self.kind() != Value::Kind::json && self.kind() != Value::Kind::object) {
    return to_string_value(self);
  }
  if (name == "toString") return Value::borrowed("[object Object]");
  if (name == "hasOwnProperty" && self.is_object()) {
    return Value::boolean(!get_property(self, to_string(arg(args, 0)), pos).is_undefined());
  }
  if (name == "valueOf") return self;
  if (self.kind() == Value::Kind::function || self.kind() == Value::Kind::builtin) {
    if (name == "call") return in.call(self, args.empty() ? args : args.subspan(1), pos);
  }
  return std::nullopt;
}

}  // namespace corio::view::detail
