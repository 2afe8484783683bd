#pragma once
/// @file The JSON value type of corio (objects keep insertion order, as in JavaScript), and the
/// depth limit of JSON read from the network.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace corio {

/// JSON value; objects keep insertion order so clients see keys as they were written.
using json = nlohmann::ordered_json;

/// How deep arrays and objects may nest in JSON that comes from the network (HTTP JSON bodies,
/// Socket.IO packets, Redis adapter messages). Parsing is iterative, but copying, printing and
/// comparing a json value recurse once per level: a bound keeps them within a small stack
/// (a 256 KiB thread stack holds a 128-deep value with room to spare; tests/core/json_test.cpp).
inline constexpr std::size_t kJsonMaxDepth = 128;

/// True when the arrays and objects of the JSON text `text` nest deeper than `max_depth`
/// (brackets inside strings do not count). One linear scan, no recursion; meant to run before
/// json::parse on untrusted input, whose syntax errors parse still reports.
bool json_nests_deeper(std::string_view text, std::size_t max_depth) noexcept;

}  // namespace corio
