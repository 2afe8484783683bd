#pragma once
/// @file The umbrella header: everything a corio app uses.

#include <corio/core/buffer.hpp>
#include <corio/core/debug.hpp>
#include <corio/core/error.hpp>
#include <corio/core/json.hpp>
#include <corio/core/task.hpp>
#include <corio/http/router.hpp>
#include <corio/app/app.hpp>
