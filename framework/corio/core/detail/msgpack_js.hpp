#pragma once
/// @file How JavaScript turns values into text, for the msgpack decoder: Number#toString,
/// Date#toISOString and Buffer#toString("utf8") (invalid UTF-8 replaced by U+FFFD).

#include <string>
#include <string_view>

namespace corio::msgpack::detail {

/// Appends `String(d)` as JavaScript writes it ("1.5", "1e+21", "-1e-7", "NaN", "0" for -0).
void append_js_number(double d, std::string& out);

/// Appends what `new Date(ms).toISOString()` gives for an integral ms within ±8.64e15
/// ("2023-11-14T22:13:20.000Z"; years outside 0..9999 as "+275760" / "-000001").
void append_iso_date(double ms, std::string& out);

/// Appends `bytes` decoded as UTF-8 the way Node does: each maximal invalid subpart becomes
/// U+FFFD (WHATWG Encoding), valid sequences are copied.
void append_utf8_replacing(std::string_view bytes, std::string& out);

}  // namespace corio::msgpack::detail
