#include <corio/core/debug.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace corio {
namespace {

struct Registry {
  std::mutex mutex;
  std::vector<DebugLog*> logs;
  std::string selection = [] {
    const char* env = std::getenv("DEBUG");
    return std::string(env ? env : "");
  }();
};

Registry& registry() {
  static Registry r;
  return r;
}

// Glob match with '*' only, as the `debug` package does.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::int64_t now_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

bool debug_selection_matches(std::string_view selection, std::string_view name) {
  bool included = false;
  std::size_t pos = 0;
  while (pos <= selection.size()) {
    std::size_t end = selection.find_first_of(", ", pos);
    if (end == std::string_view::npos) end = selection.size();
    std::string_view item = selection.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    if (item.front() == '-') {
      if (glob_match(item.substr(1), name)) return false;
    } else if (glob_match(item, name)) {
      included = true;
    }
  }
  return included;
}

DebugLog::DebugLog(std::string_view name) : name_(name) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  enabled_ = debug_selection_matches(r.selection, name_);
  r.logs.push_back(this);
}

DebugLog::~DebugLog() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  std::erase(r.logs, this);
}

void DebugLog::write(std::string_view message) const {
  const std::int64_t now = now_us();
  const std::int64_t prev = last_us_.exchange(now, std::memory_order_relaxed);
  const std::int64_t delta_ms = prev == 0 ? 0 : (now - prev) / 1000;
  std::string line = fmt::format("  {} {} +{}ms\n", name_, message, delta_ms);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void enable_debug(std::string_view selection) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.selection = std::string(selection);
  for (DebugLog* log : r.logs) log->enabled_ = debug_selection_matches(r.selection, log->name_);
}

}  // namespace corio

#include <corio/core/spawn.hpp>

namespace corio {

void report_failure(std::string_view what, std::exception_ptr error) noexcept {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    std::string line = fmt::format("corio: {} failed: {}\n", what, e.what());
    std::fwrite(line.data(), 1, line.size(), stderr);
  } catch (...) {
    std::string line = fmt::format("corio: {} failed: unknown exception\n", what);
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
}

}  // namespace corio
