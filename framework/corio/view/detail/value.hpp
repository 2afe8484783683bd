#pragma once
/// @file The evaluator's JavaScript value: cheap to copy, borrows JSON locals instead of copying.

#include <corio/core/json.hpp>

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corio::view::detail {

struct Node;
struct Scope;
class Value;

/// A JavaScript array created by the template (arrays from locals stay borrowed JSON).
/// Freeing one frees the arrays, objects and closures it holds one level at a time, not by
/// recursion (`a = [a]` a million times deep frees on any stack).
struct ArrayData : std::vector<Value> {
  using std::vector<Value>::vector;
  ArrayData() = default;
  ArrayData(const ArrayData&) = default;
  ArrayData(ArrayData&&) noexcept = default;
  ArrayData& operator=(const ArrayData&) = default;
  ArrayData& operator=(ArrayData&&) noexcept = default;
  ~ArrayData();
};

/// Built-in functions and namespaces reachable by name.
enum class Builtin : std::uint8_t {
  none, math, json, object, array, number_ns, string_fn, boolean_fn, number_fn,
  encode_uri_component, include, parse_int, parse_float, is_nan,
};

/// A JavaScript value. Strings and JSON containers may be borrowed: they point into the locals
/// or the compiled template, both of which outlive a render.
class Value {
 public:
  /// The JavaScript type, plus the borrowed-JSON and built-in variants.
  enum class Kind : std::uint8_t {
    undefined, null, boolean, number, string, json, array, object, function, builtin
  };

  Value() = default;
  /// A boolean.
  static Value boolean(bool b) { Value v(Kind::boolean); v.num_ = b ? 1 : 0; return v; }
  /// A number.
  static Value number(double d) { Value v(Kind::number); v.num_ = d; return v; }
  /// JavaScript null.
  static Value null() { return Value(Kind::null); }
  /// A borrowed string: the bytes must outlive the render.
  static Value borrowed(std::string_view s);
  /// An owned string.
  static Value string(std::string s);
  /// A borrowed JSON value, converted to the matching JavaScript value.
  static Value from_json(const json& j) {
    if (j.is_structured()) {  // (most often: a loop's item, a name's object) inline
      Value v(Kind::json);
      v.json_ = &j;
      return v;
    }
    return from_json_scalar(j);
  }
  /// A fresh template-owned array.
  static Value array(ArrayData items = {});
  /// A fresh template-owned object.
  static Value object();
  /// A closure over `fn` (a function node) in `env`.
  static Value closure(const Node* fn, std::shared_ptr<Scope> env);
  /// A built-in function or namespace.
  static Value builtin(Builtin b) { Value v(Kind::builtin); v.num_ = static_cast<int>(b); return v; }

  /// Becomes Value::from_json(j), without a temporary when this value holds no heap part and
  /// j is an object or an array (a loop's next item replacing the last).
  void set_borrowed(const json& j) {
    if (heap_ == nullptr && j.is_structured()) {
      kind_ = Kind::json;
      json_ = &j;
      return;
    }
    *this = from_json(j);
  }
  /// The kind of this value.
  Kind kind() const { return kind_; }
  bool is_undefined() const { return kind_ == Kind::undefined; }  ///< `=== undefined`
  bool is_nullish() const { return kind_ <= Kind::null; }          ///< null or undefined
  bool is_string() const { return kind_ == Kind::string; }        ///< a string
  bool is_number() const { return kind_ == Kind::number; }        ///< a number
  /// True for arrays, borrowed JSON arrays included.
  bool is_array() const;
  /// True for plain objects, borrowed JSON objects included.
  bool is_object() const;
  /// The number (or 0/1 for a boolean).
  double num() const { return num_; }
  /// The bytes of a string value.
  std::string_view str() const { return {str_, len_}; }
  /// The borrowed JSON (kind json only).
  const json& j() const { return *json_; }
  /// The template-owned array (kind array only).
  ArrayData& arr() const { return *static_cast<ArrayData*>(heap_.get()); }
  /// The built-in this value names (kind builtin only).
  Builtin builtin_id() const { return static_cast<Builtin>(static_cast<int>(num_)); }
  /// Identity of a reference value (for `===` between objects).
  const void* identity() const { return kind_ == Kind::json ? json_ : heap_.get(); }
  /// Appends to an owned, unshared string in place (`s += x` in a loop); false if not possible.
  bool try_append(std::string_view s);
  /// The owned heap part (object / function data).
  const std::shared_ptr<void>& heap() const { return heap_; }
  /// True for the kinds whose heap part holds other values (arrays, objects, closures).
  bool holds_values() const {
    return kind_ == Kind::array || kind_ == Kind::object || kind_ == Kind::function;
  }
  /// Framework use: moves the heap part out, leaving undefined (see ArrayData).
  std::shared_ptr<void> take_heap() {
    kind_ = Kind::undefined;
    return std::move(heap_);
  }

 private:
  explicit Value(Kind k) : kind_(k) {}
  static Value from_json_scalar(const json& j);

  Kind kind_ = Kind::undefined;
  std::uint32_t len_ = 0;
  union {
    double num_ = 0;
    const char* str_;
    const json* json_;
  };
  std::shared_ptr<void> heap_;
};

/// The `sizeof(Word)` bytes at `p` as one unsigned integer (any alignment).
template <class Word>
inline Word load_word(const char* p) {
  Word w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

/// `a == b` for names: sizes, then whole words (the last one overlapping), no call to memcmp.
[[gnu::always_inline]] inline bool same_name(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      if (load_word<std::uint64_t>(p + i) != load_word<std::uint64_t>(q + i)) return false;
    }
    return load_word<std::uint64_t>(p + n - 8) == load_word<std::uint64_t>(q + n - 8);
  }
  if (n >= 4) {
    return load_word<std::uint32_t>(p) == load_word<std::uint32_t>(q) &&
           load_word<std::uint32_t>(p + n - 4) == load_word<std::uint32_t>(q + n - 4);
  }
  if (n >= 2) {
    return load_word<std::uint16_t>(p) == load_word<std::uint16_t>(q) && p[n - 1] == q[n - 1];
  }
  return n == 0 || p[0] == q[0];
}

/// A template-owned object: insertion-ordered properties (freed like ArrayData).
struct ObjectData {
  ObjectData() = default;
  ObjectData(const ObjectData&) = delete;
  ObjectData& operator=(const ObjectData&) = delete;
  ~ObjectData();
  std::vector<std::pair<std::string, Value>> props;  ///< properties in insertion order
  /// The property named `key`, or nullptr.
  Value* find(std::string_view key);
  /// Sets (or adds) property `key`.
  void set(std::string_view key, Value v);
};

/// A closure: a function node and the scope it was created in (freed like ArrayData: a chain of
/// closures each capturing the last frees one link at a time).
struct FunctionData {
  FunctionData(const Node* f, std::shared_ptr<Scope> e) : fn(f), env(std::move(e)) {}
  const Node* fn;              ///< the function node
  std::shared_ptr<Scope> env;  ///< captured scope
  ~FunctionData();
};

/// Thrown where a value is printed that nests deeper than kMaxPrintDepth arrays; the
/// interpreter reports it at the statement.
struct NestingError : std::runtime_error {
  NestingError() : std::runtime_error("value nests too deeply") {}
};
/// How deep arrays nest inside one another when printed (`String(a)`, `<%= a %>`, `a + ''`).
inline constexpr int kMaxPrintDepth = 200;

/// Tracks the objects and arrays made on this thread while it lives, and empties them when it
/// ends: a template can build cycles (`o.self = o`, `a.push(a)`) that reference counting alone
/// never frees. One per render (nested instances leave tracking to the outermost); no value made
/// during the render may be used after it.
class RenderHeaps {
 public:
  RenderHeaps();
  ~RenderHeaps();
  RenderHeaps(const RenderHeaps&) = delete;
  RenderHeaps& operator=(const RenderHeaps&) = delete;
  /// Framework use: records a new object (`is_object`) or array heap.
  static void track(const std::shared_ptr<void>& heap, bool is_object);

 private:
  struct Entry {
    std::weak_ptr<void> heap;
    bool is_object;
  };
  std::vector<Entry> heaps_;
  bool outermost_ = false;
};

/// The object of an object value.
inline ObjectData& object_of(const Value& v) { return *static_cast<ObjectData*>(v.heap().get()); }
/// The closure of a function value.
inline const FunctionData& function_of(const Value& v) {
  return *static_cast<const FunctionData*>(v.heap().get());
}

/// JavaScript truthiness.
bool truthy(const Value& v);
/// `typeof v`.
std::string_view type_of(const Value& v);
/// JavaScript `ToNumber`.
double to_number(const Value& v);
/// Appends JavaScript `ToString(v)` to `out`.
void append_string(std::string& out, const Value& v);
/// JavaScript `ToString(v)`.
std::string to_string(const Value& v);
/// `String(v)` as a value (borrowing when v already is a string).
Value to_string_value(const Value& v);
/// Appends the decimal digits of `v`, two at a time from the right.
void append_integer(std::string& out, std::uint64_t v);
/// Writes the decimal digits of `v` to end at `end` (20 bytes before it are enough); returns
/// where they start.
char* integer_digits(std::uint64_t v, char* end);
/// Appends the JavaScript `Number.prototype.toString()` text of `d`.
void append_number(std::string& out, double d);
/// `a === b`.
bool strict_equals(const Value& a, const Value& b);
/// `a == b`.
bool loose_equals(const Value& a, const Value& b);
/// Appends `JSON.stringify(v, null, indent)` (returns false when the result is undefined).
bool append_json(std::string& out, const Value& v, std::string_view indent);
/// Appends `s` HTML-escaped exactly like EJS's escapeXML.
void append_escaped(std::string& out, std::string_view s);

}  // namespace corio::view::detail
