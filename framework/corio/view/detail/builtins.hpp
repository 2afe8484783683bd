#pragma once
/// @file The built-in library: string/array/number methods, Math, JSON, Number, String, include.

#include <corio/view/detail/evaluator.hpp>

#include <optional>
#include <span>
#include <string_view>

namespace corio::view::detail {

/// The global named `name` (Math, JSON, include...), or Builtin::none.
Builtin global_builtin(std::string_view name);
/// Calls method `name` on `self` (a primitive, array or JSON value); nullopt if there is none.
std::optional<Value> call_method(Interpreter& in, const Value& self, std::string_view name,
                                 std::span<const Value> args, std::size_t pos);
/// Calls a built-in function (`String(x)`, `include(p)`...).
Value call_builtin(Interpreter& in, Builtin id, std::span<const Value> args, std::size_t pos);
/// Calls `Ns.name(args)` on a built-in namespace (Math.max, JSON.stringify...); nullopt if none.
std::optional<Value> call_static(Interpreter& in, Builtin ns, std::string_view name,
                                 std::span<const Value> args, std::size_t pos);
/// A property of a built-in namespace (`Math.PI`, `Number.MAX_SAFE_INTEGER`).
Value builtin_property(Builtin ns, std::string_view name);
/// Calls array methods (forEach, map, filter, join...) on an array or JSON array.
std::optional<Value> call_array_method(Interpreter& in, const Value& self, std::string_view name,
                                       std::span<const Value> args, std::size_t pos);
/// Calls string methods (toUpperCase, slice, split...).
std::optional<Value> call_string_method(Interpreter& in, const Value& self, std::string_view name,
                                        std::span<const Value> args, std::size_t pos);
/// The JavaScript length (UTF-16 code units) of UTF-8 text.
std::size_t utf16_length(std::string_view s);
/// The UTF-8 text of UTF-16 code units [from, to) of `s` (JavaScript's slice/substring).
std::string_view utf16_slice(std::string_view s, std::size_t from, std::size_t to,
                             std::string& scratch);
/// The argument `i`, or undefined.
inline const Value& arg(std::span<const Value> args, std::size_t i) {
  static const Value undefined{};
  return i < args.size() ? args[i] : undefined;
}

}  // namespace corio::view::detail
