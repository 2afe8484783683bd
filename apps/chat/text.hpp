#pragma once
/// @file Text and payload rules of the chat, written to give the same answers as the Node reference
/// (bench/node/chat_server.js), where strings are UTF-16 and headers are latin1.

#include <corio/core/json.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chat {

/// True when `value` is a string of 1..max_length letters, digits, '_' or '-' (nicknames,
/// rooms and commands).
bool is_valid_name(const corio::json& value, std::size_t max_length);

/// The length JavaScript reports for a UTF-8 string: UTF-16 code units (an emoji counts 2).
std::size_t js_length(std::string_view utf8);

/// The key under which a nickname is unique: what JavaScript's toLowerCase() gives for the
/// characters a nickname lookup can match.
std::string nickname_key(std::string_view nickname);

/// The value of cookie `name` in a Cookie header, decoded like decodeURIComponent; nullopt when
/// absent or when its first occurrence does not decode (the reference's cookieNickname()).
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

/// `object[key]`, or null when `object` is not an object or lacks `key` (a JavaScript handler's
/// `p.key`, where a missing key and null are refused alike).
const corio::json& field(const corio::json& object, std::string_view key);

/// `value` in base 36 with lower-case digits, like JavaScript's `n.toString(36)`.
std::string base36(std::uint64_t value);

}  // namespace chat
