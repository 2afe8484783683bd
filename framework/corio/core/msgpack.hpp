#pragma once
/// @file msgpack codec for corio::json, byte for byte as notepack.io 3.0.1 (the encoder of
/// @socket.io/redis-adapter) writes it, and reading everything notepack 2.x and 3.x may send.

#include <corio/core/json.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

namespace corio::msgpack {

/// Appends the msgpack encoding of `value` to `out`, byte for byte as notepack.io 3.0.1 encodes
/// the same JS value: integers (and integral finite floats, -0 included) in notepack's smallest
/// form, other numbers as float64, objects as maps in insertion order, binaries as bin (the
/// subtype is ignored). A discarded value stands for `undefined`: dropped from objects, nil
/// elsewhere.
/// @code
/// std::string out;
/// msgpack::encode(json::array({"ABCDEF", 2, 1.5}), out);  // 93 a6 'ABCDEF' 02 cb 3f f8 00..
/// @endcode
void encode(const json& value, std::string& out);

/// The msgpack encoding of `value` (see encode(const json&, std::string&)).
std::string encode(const json& value);

/// Limits of the decoder against hostile input.
struct DecodeLimits {
  std::size_t max_depth = 128;  ///< arrays/maps nested deeper are an error
};

/// Decodes exactly one value filling all of `bytes`, as a JS peer would see it once turned into
/// JSON: timestamps (and notepack-2 dates) become toISOString() strings, notepack-2 `undefined`
/// is dropped from maps and null elsewhere, ext 0 (notepack-2 ArrayBuffer) is binary, other ext
/// types are `[type, binary]`, non-string map keys become the key string JS would use, invalid
/// UTF-8 is replaced by U+FFFD as Node does. uint64 above 2^63 stays exact (number_unsigned).
/// On error `out` holds an unspecified value.
/// @code
/// json v;
/// if (auto ec = msgpack::decode(bytes, v)) log(ec.message());
/// @endcode
std::error_code decode(std::string_view bytes, json& out, const DecodeLimits& limits = {});

/// Why msgpack bytes were rejected.
enum class msgpack_errc {
  truncated = 1,   ///< the input ends inside a value (or a length exceeds what is left)
  trailing_bytes,  ///< bytes follow the one value
  too_deep,        ///< arrays/maps nest deeper than DecodeLimits::max_depth
  bad_type,        ///< the reserved type byte 0xc1
  bad_timestamp,   ///< a timestamp extension (type -1) of a size notepack cannot read
};

/// The category of msgpack_errc ("corio.msgpack").
const std::error_category& msgpack_category() noexcept;

/// Makes an error_code from msgpack_errc.
inline std::error_code make_error_code(msgpack_errc e) noexcept {
  return {static_cast<int>(e), msgpack_category()};
}

}  // namespace corio::msgpack

template <>
struct std::is_error_code_enum<corio::msgpack::msgpack_errc> : std::true_type {};
