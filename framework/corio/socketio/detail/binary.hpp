#pragma once
/// @file Placeholders of binary attachments inside a decoded Socket.IO payload.

#include <corio/core/json.hpp>

#include <cstddef>
#include <system_error>
#include <vector>

namespace corio::socketio::detail {

/// True when `value` is an object whose "_placeholder" member is `true` (as socket.io-parser
/// recognises a placeholder).
bool is_placeholder(const json& value) noexcept;

/// Checks that the placeholders of `data` are exactly `{"_placeholder":true,"num":N}` with each
/// N an integer in [0, count) used exactly once. Returns packet_errc::bad_placeholder otherwise.
std::error_code check_placeholders(const json& data, std::size_t count);

/// Replaces each placeholder of `data` (already checked) by `buffers[num]`, moved out.
void fill_placeholders(json& data, std::vector<json::binary_t>& buffers);

}  // namespace corio::socketio::detail
