#pragma once
/// @file corio's EJS engine: renders templates written for the `ejs` npm package, byte for byte.

#include <corio/core/json.hpp>
#include <corio/view/template_error.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corio::view {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr std::size_t kDefaultMaxStackBytes = 800u << 10;
#else
/// The default of EngineOptions::max_stack_bytes.
inline constexpr std::size_t kDefaultMaxStackBytes = 160u << 10;
#endif

/// Options of an Engine; every limit has a default.
struct EngineOptions {
  std::vector<std::string> views;              ///< folders searched for templates and includes
  bool cache = true;                           ///< keep compiled templates by path
  bool development = false;                    ///< recompile a cached file when its mtime changes
  bool rm_whitespace = false;                  ///< EJS `rmWhitespace`: trim every line
  std::string delimiter = "%";                 ///< EJS `delimiter`
  std::string open_delimiter = "<";            ///< EJS `openDelimiter`
  std::string close_delimiter = ">";           ///< EJS `closeDelimiter`
  std::size_t max_output_bytes = 64u << 20;    ///< output (and any string) size limit
  std::uint64_t max_loop_iterations = 10'000'000;  ///< loop iterations per render
  int max_include_depth = 32;                  ///< nested include() calls
  int max_call_depth = 200;                    ///< nested function calls
  int max_nesting = 200;                       ///< syntactic nesting depth
  /// Stack a render's interpreter may recurse into below its first frame, includes and calls
  /// counted; past it: "Maximum call stack size exceeded". The default fits a 256 KiB thread
  /// stack (1 MiB under AddressSanitizer, whose frames are about three times larger) with room
  /// left for the caller and the leaves.
  std::size_t max_stack_bytes = kDefaultMaxStackBytes;
};

/// Compiles, caches and renders EJS templates. Thread-safe: several shards may render at once.
/// @code
///   corio::view::Engine views({.views = {"templates"}});
///   std::string html = views.render_file("chat", {{"title", "corio chat"}});
/// @endcode
class Engine {
 public:
  /// An engine with `options`.
  explicit Engine(EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Renders template `name` (relative to the views folders; `.ejs` appended when it has no
  /// extension) with `locals`. Throws TemplateError.
  std::string render_file(std::string_view name, const json& locals) const;
  /// Renders template `name` with its locals in layers, none of them copied: a name is looked
  /// up from the last layer to the first (Express: app.locals < res.locals < render locals),
  /// and `locals` in the template is their merge. The layers are read during the call only.
  std::string render_file(std::string_view name, std::span<const json* const> layers) const;
  /// Renders template `text`; `filename` names it in errors and anchors relative includes.
  std::string render_string(std::string_view text, const json& locals,
                            std::string_view filename = "") const;
  /// Replaces the views folders.
  void set_views(std::vector<std::string> views);
  /// Turns development mode (reload changed files) on or off.
  void set_development(bool on);
  /// Drops every compiled template.
  void clear_cache();
  /// A copy of the current options.
  EngineOptions options() const;

 private:
  std::filesystem::path find_view(std::string_view name) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace corio::view
