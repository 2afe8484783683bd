#pragma once
/// @file Compact JSON output identical to JavaScript's JSON.stringify, used by the Socket.IO
/// encoder (nlohmann's dump() differs on numbers, e.g. 1e21, 1e-7, 1.0, and throws on bad UTF-8).

#include <corio/core/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace corio::socketio::detail {

/// Appends the JavaScript form of `value` (Number.prototype.toString: shortest round-trip digits,
/// "1e+21", "1e-7", "0.000001", -0 as "0"); NaN and infinities as "null", like JSON.stringify.
void append_js_number(std::string& out, double value);

/// Appends `text` as a JSON string literal: `"` `\` and control characters escaped like
/// JSON.stringify (`\n`, `\u001f`), other bytes kept; invalid UTF-8 becomes U+FFFD
/// (one per maximal invalid subsequence, as TextDecoder does).
void append_json_string(std::string& out, std::string_view text);

/// Appends `value` compactly, object keys in insertion order. Binary values become
/// `{"_placeholder":true,"num":N}` with their bytes appended to `*attachments` when it is not
/// null, otherwise the JSON of a Node Buffer (`{"type":"Buffer","data":[1,2]}`).
/// Discarded values are written as null.
void append_json(std::string& out, const json& value, std::vector<std::string>* attachments);

}  // namespace corio::socketio::detail
