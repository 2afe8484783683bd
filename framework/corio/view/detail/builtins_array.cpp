// Array methods over template arrays and borrowed JSON arrays.
#include <corio/view/detail/builtins.hpp>

#include <algorithm>
#include <cmath>

namespace corio::view::detail {
namespace {

/// Uniform read access to either array representation.
struct ArrayView {
  const Value& v;
  std::size_t size() const { return v.kind() == Value::Kind::array ? v.arr().size() : v.j().size(); }
  Value at(std::size_t i) const {
    return v.kind() == Value::Kind::array ? v.arr()[i] : Value::from_json(v.j()[i]);
  }
};

bool same_value_zero(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number() && std::isnan(a.num()) && std::isnan(b.num())) return true;
  return strict_equals(a, b);
}

ArrayData& mutable_array(const Value& self, std::string_view name, std::size_t pos) {
  if (self.kind() != Value::Kind::array) {
    throw RuntimeError(pos, "Cannot " + std::string(name) + ": template locals are read-only");
  }
  return self.arr();
}

std::size_t rel(const Value& v, std::size_t len, std::size_t dflt) {
  if (v.is_undefined()) return dflt;
  double d = std::trunc(to_number(v));
  if (std::isnan(d)) return 0;
  if (d < 0) d = std::max(0.0, static_cast<double>(len) + d);
  return static_cast<std::size_t>(std::min(d, static_cast<double>(len)));
}

/// forEach / map / filter / find / findIndex / some / every with a callback.
std::optional<Value> iterate(Interpreter& in, const Value& self, std::string_view name,
                             std::span<const Value> args, std::size_t pos) {
  ArrayView a{self};
  const Value& fn = arg(args, 0);
  if (fn.kind() != Value::Kind::function && fn.kind() != Value::Kind::builtin) {
    throw RuntimeError(pos, to_string(fn) + " is not a function");
  }
  std::shared_ptr<Scope> cache;
  ArrayData out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    in.count_iteration(pos);
    Value item = a.at(i);
    Value call_args[3] = {item, Value::number(static_cast<double>(i)), self};
    Value r = in.call_closure(fn, call_args, &cache, pos);
    if (name == "map") out.push_back(std::move(r));
    else if (name == "filter" && truthy(r)) out.push_back(std::move(item));
    else if (name == "find" && truthy(r)) return item;
    else if (name == "findIndex" && truthy(r)) return Value::number(static_cast<double>(i));
    else if (name == "some" && truthy(r)) return Value::boolean(true);
    else if (name == "every" && !truthy(r)) return Value::boolean(false);
  }
  if (name == "map" || name == "filter") return Value::array(std::move(out));
  if (name == "findIndex") return Value::number(-1);
  if (name == "some") return Value::boolean(false);
  if (name == "every") return Value::boolean(true);
  return Value();
}

Value reduce(Interpreter& in, const Value& self, std::span<const Value> args, std::size_t pos) {
  ArrayView a{self};
  std::size_t i = 0;
  Value acc;
  if (args.size() >= 2) {
    acc = args[1];
  } else if (a.size() == 0) {
    throw RuntimeError(pos, "Reduce of empty array with no initial value");
  } else {
    acc = a.at(i++);
  }
  std::shared_ptr<Scope> cache;
  for (; i < a.size(); ++i) {
    in.count_iteration(pos);
    Value call_args[4] = {acc, a.at(i), Value::number(static_cast<double>(i)), self};
    acc = in.call_closure(arg(args, 0), call_args, &cache, pos);
  }
  return acc;
}

Value sorted(Interpreter& in, const Value& self, const Value& cmp, std::size_t pos) {
  ArrayData& data = mutable_array(self, "sort", pos);
  std::stable_sort(data.begin(), data.end(), [&](const Value& x, const Value& y) {
    in.count_iteration(pos);
    if (x.is_undefined() || y.is_undefined()) return !x.is_undefined() && y.is_undefined();
    if (cmp.is_undefined()) return to_string(x) < to_string(y);
    Value call_args[2] = {x, y};
    return to_number(in.call(cmp, call_args, pos)) < 0;
  });
  return self;
}

}  // namespace

std::optional<Value> call_array_method(Interpreter& in, const Value& self, std::string_view name,
                                       std::span<const Value> args, std::size_t pos) {
  ArrayView a{self};
  const Value& a0 = arg(args, 0);
  if (name == "forEach" || name == "map" || name == "filter" || name == "find" ||
      name == "findIndex" || name == "some" || name == "every") {
    return iterate(in, self, name, args, pos);
  }
  if (name == "join" || name == "toString") {
    std::string sep = a0.is_undefined() || name == "toString" ? "," : to_string(a0);
    std::string out;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (i > 0) out += sep;
      Value e = a.at(i);
      if (!e.is_nullish()) append_string(out, e);
      in.check_size(out.size(), pos);
    }
    return Value::string(std::move(out));
  }
  if (name == "includes" || name == "indexOf" || name == "lastIndexOf") {
    for (std::size_t k = 0; k < a.size(); ++k) {
      std::size_t i = name == "lastIndexOf" ? a.size() - 1 - k : k;
      Value e = a.at(i);
      if (name == "includes" ? same_value_zero(e, a0) : strict_equals(e, a0)) {
        return name == "includes" ? Value::boolean(true) : Value::number(static_cast<double>(i));
      }
    }
    return name == "includes" ? Value::boolean(false) : Value::number(-1);
  }
  if (name == "slice") {
    std::size_t from = rel(a0, a.size(), 0), to = rel(arg(args, 1), a.size(), a.size());
    ArrayData out;
    for (std::size_t i = from; i < to; ++i) out.push_back(a.at(i));
    return Value::array(std::move(out));
  }
  if (name == "concat") {
    ArrayData out;
    for (std::size_t i = 0; i < a.size(); ++i) out.push_back(a.at(i));
    for (const Value& v : args) {
      if (v.is_array()) {
        ArrayView b{v};
        for (std::size_t i = 0; i < b.size(); ++i) out.push_back(b.at(i));
      } else {
        out.push_back(v);
      }
    }
    in.check_size(out.size(), pos);
    return Value::array(std::move(out));
  }
  if (name == "reduce") return reduce(in, self, args, pos);
  if (name == "at") {
    double d = std::trunc(to_number(a0));
    if (std::isnan(d)) d = 0;
    if (d < 0) d += static_cast<double>(a.size());
    return d >= 0 && d < static_cast<double>(a.size()) ? a.at(static_cast<std::size_t>(d)) : Value();
  }
  if (name == "push") {
    ArrayData& data = mutable_array(self, name, pos);
    for (const Value& v : args) data.push_back(v);
    in.check_size(data.size(), pos);
    return Value::number(static_cast<double>(data.size()));
  }
  if (name == "pop" || name == "shift") {
    ArrayData& data = mutable_array(self, name, pos);
    if (data.empty()) return Value();
    Value v = name == "pop" ? data.back() : data.front();
    if (name == "pop") data.pop_back(); else data.erase(data.begin());
    return v;
  }
  if (name == "unshift") {
    ArrayData& data = mutable_array(self, name, pos);
    data.insert(data.begin(), args.begin(), args.end());
    return Value::number(static_cast<double>(data.size()));
  }
  if (name == "reverse") {
    ArrayData& data = mutable_array(self, name, pos);
    std::reverse(data.begin(), data.end());
    return self;
  }
  if (name == "sort") return sorted(in, self, a0, pos);
  return std::nullopt;
}

}  // namespace corio::view::detail
