#pragma once
/// @file The umbrella header: everything a corio app uses.

#include <corio/core/buffer.hpp>
#include <corio/core/debug.hpp>
#include <corio/core/error.hpp>
#include <corio/core/json.hpp>
#include <corio/core/task.hpp>
#include <corio/http/body_parser.hpp>
#include <corio/http/cors.hpp>
#include <corio/http/router.hpp>
#include <corio/http/serve_static.hpp>
#include <corio/app/app.hpp>

namespace corio {
using http::cors;
using http::CorsOptions;
using http::serve_static;
using http::StaticOptions;
namespace body_parser = http::body_parser;
}  // namespace corio
