#include <corio/view/detail/value.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace corio::view::detail {

Value Value::borrowed(std::string_view s) {
  Value v(Kind::string);
  v.str_ = s.data();
  v.len_ = static_cast<std::uint32_t>(s.size());
  return v;
}

Value Value::string(std::string s) {
  auto owned = std::make_shared<std::string>(std::move(s));
  Value v = borrowed(*owned);
  v.heap_ = std::move(owned);
  return v;
}

Value Value::from_json_scalar(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return null();
    case json::value_t::boolean: return boolean(j.get_ref<const json::boolean_t&>());
    case json::value_t::number_integer: return number(static_cast<double>(j.get<std::int64_t>()));
    case json::value_t::number_unsigned: return number(static_cast<double>(j.get<std::uint64_t>()));
    case json::value_t::number_float: return number(j.get<double>());
    case json::value_t::string: return borrowed(j.get_ref<const std::string&>());
    case json::value_t::array:
    case json::value_t::object: {
      Value v(Kind::json);
      v.json_ = &j;
      return v;
    }
    default: return {};
  }
}

namespace {
thread_local RenderHeaps* current_heaps = nullptr;  // the outermost tracker, when one is set
}  // namespace

RenderHeaps::RenderHeaps() {
  if (current_heaps == nullptr) {
    current_heaps = this;
    outermost_ = true;
  }
}

RenderHeaps::~RenderHeaps() {
  if (!outermost_) return;
  current_heaps = nullptr;
  for (const Entry& entry : heaps_) {
    const std::shared_ptr<void> heap = entry.heap.lock();
    if (!heap) continue;
    // Moved out first: destroying the values may release other tracked heaps.
    if (entry.is_object) {
      auto& props = static_cast<ObjectData*>(heap.get())->props;
      const auto doomed = std::move(props);
      props.clear();
    } else {
      auto& items = *static_cast<ArrayData*>(heap.get());
      const auto doomed = std::move(items);
      items.clear();
    }
  }
}

namespace {

// The heaps a free has let go of but not freed yet, while the outermost free drains them.
thread_local std::vector<std::shared_ptr<void>>* releasing = nullptr;

/// Frees `heaps` after the level that let go of them, each freeing its own the same way (onto
/// the same list): the stack stays flat however deep values nest.
void drain(std::vector<std::shared_ptr<void>>& heaps) {
  releasing = &heaps;
  while (!heaps.empty()) {
    std::shared_ptr<void> last = std::move(heaps.back());
    heaps.pop_back();
    last.reset();  // may push its own heaps onto `heaps`
  }
  releasing = nullptr;
}

/// Lets go of the heap parts of `items` (the values `value_of` picks).
template <class Items, class ValueOf>
void release_nested(Items& items, ValueOf value_of) {
  std::vector<std::shared_ptr<void>> local;
  std::vector<std::shared_ptr<void>>& heaps = releasing != nullptr ? *releasing : local;
  for (auto& item : items) {
    if (Value& v = value_of(item); v.holds_values()) heaps.push_back(v.take_heap());
  }
  if (&heaps == &local && !local.empty()) drain(local);
}

}  // namespace

ArrayData::~ArrayData() {
  release_nested(*this, [](Value& v) -> Value& { return v; });
}

ObjectData::~ObjectData() {
  release_nested(props, [](auto& prop) -> Value& { return prop.second; });
}

FunctionData::~FunctionData() {
  if (!env || env.use_count() > 1) return;  // the scope lives on: nothing nested is freed
  if (releasing != nullptr) {
    releasing->push_back(std::move(env));
    return;
  }
  std::vector<std::shared_ptr<void>> local;
  local.push_back(std::move(env));
  drain(local);
}

void RenderHeaps::track(const std::shared_ptr<void>& heap, bool is_object) {
  if (current_heaps != nullptr) current_heaps->heaps_.push_back({heap, is_object});
}

Value Value::array(ArrayData items) {
  Value v(Kind::array);
  v.heap_ = std::make_shared<ArrayData>(std::move(items));
  RenderHeaps::track(v.heap_, false);
  return v;
}

Value Value::object() {
  Value v(Kind::object);
  v.heap_ = std::make_shared<ObjectData>();
  RenderHeaps::track(v.heap_, true);
  return v;
}

Value Value::closure(const Node* fn, std::shared_ptr<Scope> env) {
  Value v(Kind::function);
  v.heap_ = std::make_shared<FunctionData>(fn, std::move(env));
  return v;
}

bool Value::try_append(std::string_view s) {
  if (kind_ != Kind::string || !heap_ || heap_.use_count() != 1) return false;
  auto& owned = *static_cast<std::string*>(heap_.get());
  if (owned.data() != str_ || owned.size() != len_) return false;
  owned.append(s);
  str_ = owned.data();
  len_ = static_cast<std::uint32_t>(owned.size());
  return true;
}

bool Value::is_array() const {
  return kind_ == Kind::array || (kind_ == Kind::json && json_->is_array());
}

bool Value::is_object() const {
  return kind_ == Kind::object || (kind_ == Kind::json && json_->is_object());
}

Value* ObjectData::find(std::string_view key) {
  for (auto& [k, v] : props) {
    if (same_name(k, key)) return &v;
  }
  return nullptr;
}

void ObjectData::set(std::string_view key, Value v) {
  if (Value* slot = find(key)) {
    *slot = std::move(v);
  } else {
    props.emplace_back(std::string(key), std::move(v));
  }
}

bool truthy(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::undefined:
    case Value::Kind::null: return false;
    case Value::Kind::boolean: return v.num() != 0;
    case Value::Kind::number: return v.num() != 0 && !std::isnan(v.num());
    case Value::Kind::string: return !v.str().empty();
    default: return true;
  }
}

std::string_view type_of(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::undefined: return "undefined";
    case Value::Kind::boolean: return "boolean";
    case Value::Kind::number: return "number";
    case Value::Kind::string: return "string";
    case Value::Kind::function: return "function";
    case Value::Kind::builtin:
      return v.builtin_id() == Builtin::math || v.builtin_id() == Builtin::json ? "object"
                                                                                 : "function";
    default: return "object";
  }
}

namespace {

bool is_js_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

double string_to_number(std::string_view s) {
  while (!s.empty() && is_js_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_js_space(s.back())) s.remove_suffix(1);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    std::uint64_t n = 0;
    auto [p, ec] = std::from_chars(s.data() + 2, s.data() + s.size(), n, 16);
    return ec == std::errc() && p == s.data() + s.size() ? static_cast<double>(n) : NAN;
  }
  bool neg = s.front() == '-';
  std::string_view body = (neg || s.front() == '+') ? s.substr(1) : s;
  if (body == "Infinity") return neg ? -INFINITY : INFINITY;
  if (body.empty() || !(std::isdigit(static_cast<unsigned char>(body[0])) || body[0] == '.')) {
    return NAN;
  }
  double d = 0;
  auto [p, ec] = std::from_chars(body.data(), body.data() + body.size(), d);
  if (p != body.data() + body.size() || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return NAN;
  }
  return neg ? -d : d;
}

void append_array_string(std::string& out, const Value& v);

}  // namespace

double to_number(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::undefined: return NAN;
    case Value::Kind::null: return 0;
    case Value::Kind::boolean:
    case Value::Kind::number: return v.num();
    case Value::Kind::string: return string_to_number(v.str());
    default: {
      if (!v.is_array()) return NAN;
      std::string s;
      append_array_string(s, v);
      return string_to_number(s);
    }
  }
}

void append_integer(std::string& out, std::uint64_t v) {
  char buf[20];
  char* const end = buf + sizeof buf;
  const char* p = integer_digits(v, end);
  out.append(p, static_cast<std::size_t>(end - p));
}

char* integer_digits(std::uint64_t v, char* end) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char* p = end;
  while (v >= 100) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * (v % 100), 2);
    v /= 100;
  }
  if (v >= 10) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * v, 2);
  } else {
    *--p = static_cast<char>('0' + v);
  }
  return p;
}

void append_number(std::string& out, double d) {
  if (std::isnan(d)) { out += "NaN"; return; }
  if (std::isinf(d)) { out += d < 0 ? "-Infinity" : "Infinity"; return; }
  if (d == 0) { out += '0'; return; }
  if (d < 0) { out += '-'; d = -d; }
  if (d < 1e15 && d == std::floor(d)) {  // common case: an integer
    append_integer(out, static_cast<std::uint64_t>(d));
    return;
  }
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  int exp10 = 0;
  std::from_chars(sci.data() + e_pos + 1 + (sci[e_pos + 1] == '+'), sci.data() + sci.size(), exp10);
  int k = static_cast<int>(digits.size());
  int n = exp10 + 1;  // decimal point position, as in ECMA-262 Number::toString
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out += '.';
    out.append(digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += n - 1 >= 0 ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
}

namespace {

// The arrays being printed, outermost first: a cycle prints as "" (as JavaScript's join does).
thread_local const void* printing[kMaxPrintDepth];
thread_local int printing_depth = 0;

void append_array_string(std::string& out, const Value& v) {
  const void* const self = v.identity();
  for (int i = 0; i < printing_depth; ++i) {
    if (printing[i] == self) return;
  }
  if (printing_depth == kMaxPrintDepth) throw NestingError();
  printing[printing_depth++] = self;
  struct Pop {
    ~Pop() { --printing_depth; }
  } pop;
  auto one = [&out](const Value& e, bool first) {
    if (!first) out += ',';
    if (!e.is_nullish()) append_string(out, e);
  };
  bool first = true;
  if (v.kind() == Value::Kind::json) {
    for (const json& e : v.j()) { one(Value::from_json(e), first); first = false; }
  } else {
    for (const Value& e : v.arr()) { one(e, first); first = false; }
  }
}

}  // namespace

void append_string(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::undefined: out += "undefined"; return;
    case Value::Kind::null: out += "null"; return;
    case Value::Kind::boolean: out += v.num() != 0 ? "true" : "false"; return;
    case Value::Kind::number: append_number(out, v.num()); return;
    case Value::Kind::string: out += v.str(); return;
    case Value::Kind::function:
    case Value::Kind::builtin: out += "function () { [native code] }"; return;
    default:
      if (v.is_array()) {
        append_array_string(out, v);
      } else {
        out += "[object Object]";
      }
  }
}

std::string to_string(const Value& v) {
  std::string s;
  append_string(s, v);
  return s;
}

Value to_string_value(const Value& v) {
  return v.is_string() ? v : Value::string(to_string(v));
}

bool strict_equals(const Value& a, const Value& b) {
  using K = Value::Kind;
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case K::undefined:
    case K::null: return true;
    case K::boolean:
    case K::number:
    case K::builtin: return a.num() == b.num();
    case K::string: return a.str() == b.str();
    default: return a.identity() == b.identity();
  }
}

bool loose_equals(const Value& a, const Value& b) {
  using K = Value::Kind;
  if (a.kind() == b.kind()) return strict_equals(a, b);
  if (a.is_nullish() || b.is_nullish()) return a.is_nullish() && b.is_nullish();
  bool a_prim = a.kind() <= K::string;
  bool b_prim = b.kind() <= K::string;
  if (a_prim && b_prim) return to_number(a) == to_number(b);
  if (a_prim) return loose_equals(a, to_string_value(b));
  if (b_prim) return loose_equals(to_string_value(a), b);
  return a.identity() == b.identity();
}

}  // namespace corio::view::detail
