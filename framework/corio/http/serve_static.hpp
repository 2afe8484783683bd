#pragma once
/// @file Static files middleware with the semantics of `express.static` (npm `serve-static`).

#include <chrono>
#include <corio/http/router.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace corio::http {

/// What serve_static does with names starting with '.' (npm `dotfiles`).
enum class Dotfiles {
  ignore,  ///< as if they did not exist (404 / fall through)
  allow,   ///< serve them
  deny,    ///< 403
};

/// Options of serve_static (serve-static's names in snake_case; same defaults).
struct StaticOptions {
  std::vector<std::string> index = {"index.html"};  ///< files tried for a directory; {} disables
  Dotfiles dotfiles = Dotfiles::ignore;             ///< names starting with '.'
  bool fallthrough = true;  ///< on a miss (or a bad path) call next(); false: answer the error
  bool redirect = true;     ///< "/dir" → 301 "/dir/" when dir is a directory
  std::chrono::seconds max_age{0};        ///< Cache-Control max-age
  bool immutable = false;                 ///< adds `immutable` to Cache-Control
  bool etag = true;                       ///< weak ETag
  bool last_modified = true;              ///< Last-Modified
  bool accept_ranges = true;              ///< single byte ranges (206/416)
  std::vector<std::string> extensions{};  ///< tried in order when the file is missing ("html")
  /// Called before a file is sent, to add headers (npm `setHeaders`); gets the file's path.
  std::function<void(Response&, std::string_view path)> set_headers{};
};

/// Serves files under `root` for GET and HEAD (other methods pass through); the request's
/// path (relative to the mount point) is percent-decoded and confined to `root`: "..",
/// NUL and backslashes are refused without touching the file system.
/// @code
/// app.use("/static", serve_static("public", {.max_age = std::chrono::hours(1)}));
/// @endcode
Middleware serve_static(std::string root, StaticOptions options = {});

}  // namespace corio::http
