#pragma once
/// @file Namespaced debug logging like the npm `debug` package:
/// `DEBUG=corio:*` or `DEBUG=corio:http,corio:router,-corio:ws` enables lines on stderr,
/// each followed by the time since the previous line of the same namespace (`+3ms`).

#include <fmt/format.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace corio {

/// One debug namespace. Cheap when disabled: one relaxed atomic load, no formatting.
/// @code
/// static const DebugLog log("corio:http");
/// log("GET {} -> {}", path, status);
/// @endcode
class DebugLog {
 public:
  /// Registers the namespace; enabled when it matches $DEBUG (or the last enable_debug()).
  explicit DebugLog(std::string_view name);
  ~DebugLog();
  DebugLog(const DebugLog&) = delete;
  DebugLog& operator=(const DebugLog&) = delete;

  /// True when lines of this namespace are printed.
  bool enabled() const noexcept { return enabled_.load(std::memory_order_relaxed); }
  /// The namespace, e.g. "corio:http".
  const std::string& name() const noexcept { return name_; }

  /// Formats and prints one line when enabled.
  template <typename... Args>
  void operator()(fmt::format_string<Args...> format, Args&&... args) const {
    if (enabled()) write(fmt::vformat(format, fmt::make_format_args(args...)));
  }

 private:
  friend void enable_debug(std::string_view);
  void write(std::string_view message) const;

  std::string name_;
  std::atomic<bool> enabled_{false};
  mutable std::atomic<std::int64_t> last_us_{0};
};

/// Replaces the $DEBUG selection for every namespace, e.g. enable_debug("corio:*,-corio:ws").
void enable_debug(std::string_view selection);

/// True when `name` matches `selection` under the npm `debug` rules (`*` wildcards,
/// comma or space separated, `-` prefix excludes).
bool debug_selection_matches(std::string_view selection, std::string_view name);

}  // namespace corio
