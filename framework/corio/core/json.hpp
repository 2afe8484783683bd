#pragma once
/// @file The JSON value type of corio (objects keep insertion order, as in JavaScript).

#include <nlohmann/json.hpp>

namespace corio {

/// JSON value; objects keep insertion order so clients see keys as they were written.
using json = nlohmann::ordered_json;

}  // namespace corio
