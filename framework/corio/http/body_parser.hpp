#pragma once
/// @file Body parsers with the semantics of the npm `body-parser` package (v2):
/// body_parser::json(), urlencoded(), text() and raw() fill `req.body` when the Content-Type
/// matches (a namespace, like npm's `bodyParser.json()`, so `json()` does not hide the
/// corio::json type).

#include <corio/core/json.hpp>
#include <corio/http/router.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace corio::http::body_parser {

/// Options of json().
struct JsonOptions {
  std::vector<std::string> type{};                     ///< default {"application/json"}
  std::function<bool(const Request&)> should_parse{};  ///< overrides `type`
  std::size_t limit = 100 * 1024;                      ///< 413 beyond
  bool strict = true;  ///< only objects and arrays at the top level (400 otherwise)
  /// Arrays and objects nested deeper answer 400 ("JSON nests deeper than N levels"): a value
  /// corio copies or prints recurses per level, so an unbounded depth could exhaust the stack.
  /// (Node's JSON.parse has no such bound; 128 is far beyond what an API body nests.)
  std::size_t depth = kJsonMaxDepth;
};

/// Options of urlencoded().
struct UrlencodedOptions {
  std::vector<std::string> type{};  ///< default {"application/x-www-form-urlencoded"}
  std::function<bool(const Request&)> should_parse{};  ///< overrides `type`
  std::size_t limit = 100 * 1024;                      ///< 413 beyond
  std::size_t parameter_limit = 1000;                  ///< 413 when more pairs are sent
};

/// Options of text().
struct TextOptions {
  std::vector<std::string> type{};                     ///< default {"text/plain"}
  std::function<bool(const Request&)> should_parse{};  ///< overrides `type`
  std::size_t limit = 100 * 1024;                      ///< 413 beyond
  std::string default_charset = "utf-8";               ///< when the Content-Type names none
};

/// Options of raw().
struct RawOptions {
  std::vector<std::string> type{};                     ///< default {"application/octet-stream"}
  std::function<bool(const Request&)> should_parse{};  ///< overrides `type`
  std::size_t limit = 100 * 1024;                      ///< 413 beyond
};

/// Parses JSON bodies into req.body (`{}` for an empty body). 400 on malformed JSON (or a
/// non-object/array when strict, or nesting deeper than `depth`), 413 over the limit, 415 for a charset other than utf-8 or
/// us-ascii or a Content-Encoding.
/// @code
/// app.use(body_parser::json());
/// app.post("/api", [](Request& req, Response& res) { res.json(req.body); });
/// @endcode
Middleware json(JsonOptions options = {});

/// Parses application/x-www-form-urlencoded bodies into req.body (repeated keys become
/// arrays, as Node's querystring does).
Middleware urlencoded(UrlencodedOptions options = {});

/// Puts text bodies into req.body as a string (utf-8, us-ascii and latin1 are converted to
/// UTF-8; other charsets 415).
Middleware text(TextOptions options = {});

/// Puts bodies as bytes into req.body (a json binary value); the bytes are also in
/// req.raw_body().
Middleware raw(RawOptions options = {});

}  // namespace corio::http::body_parser
