#pragma once
// The CORS differential cases (cors_cases.json) on a corio App: the option sets in npm's
// camelCase spelling turned into CorsOptions, and the requests as raw HTTP. Shared by the
// GoogleTest against the recorded reference and by corio_cors_probe (the live comparison).

#include <corio/app/app.hpp>
#include <corio/core/json.hpp>
#include <corio/http/cors.hpp>
#include <string>

#include "support/raw_client.hpp"

namespace corio::test {

/// Reads a JSON file (throws when it cannot be read or parsed).
json read_json_file(const std::string& path);

/// CorsOptions from an option set written with npm's names ("allowedHeaders"...). The origin
/// may also be {"regex": "..."}, {"allow_fn": [...]}, {"async_allow_fn": [...]} or
/// {"error_fn": true} (a callback that fails).
http::CorsOptions cors_options_from(const json& spec);

/// Mounts every option set at "/<name>": cors(options) then a handler answering "ok".
void mount_cors_cases(App& app, const json& cases);

/// The raw HTTP/1.1 request of one case.
std::string cors_request(const json& request);

/// What is compared: {"status": n, "headers": {lower-case access-control-* and vary}}.
json cors_observation(const RawResponse& response);

}  // namespace corio::test
