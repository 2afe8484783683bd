#include <corio/view/engine.hpp>

#include <corio/view/detail/evaluator.hpp>
#include <corio/view/detail/lexer.hpp>
#include <corio/view/detail/parser.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <unordered_map>

namespace corio::view {
namespace fs = std::filesystem;
using namespace detail;

namespace {

/// A compiled template: its text (for error context), its tree and where it came from.
struct Compiled {
  std::string filename;
  std::string text;
  Program program;
  fs::file_time_type mtime{};
  mutable std::atomic<std::size_t> size_hint{0};  // last output size, to reserve the next
};

std::pair<int, int> line_col(std::string_view text, std::size_t pos) {
  pos = std::min(pos, text.size());
  std::string_view before = text.substr(0, pos);
  std::size_t nl = before.rfind('\n');
  int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  int col = static_cast<int>(nl == std::string_view::npos ? pos + 1 : pos - nl);
  return {line, col};
}

TemplateError error_at(const std::string& file, std::string_view text, std::size_t pos,
                       const std::string& msg) {
  auto [line, col] = line_col(text, pos);
  return TemplateError(file, line, col, msg, text);
}

std::string strip_bom(std::string text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  return text;
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

/// EJS's resolveInclude: `name` against `base`, `.ejs` appended when it has no extension.
fs::path resolve_include(std::string_view name, const fs::path& base) {
  fs::path p = (base / fs::path(name)).lexically_normal();
  if (fs::path(name).extension().empty()) p += ".ejs";
  return fs::absolute(p).lexically_normal();
}

}  // namespace

struct Engine::Impl {
  mutable std::shared_mutex mu;
  EngineOptions opts;
  mutable std::unordered_map<std::string, std::shared_ptr<const Compiled>> cache;
  // "from\nname" -> resolved path, so a cached render does no filesystem lookups.
  mutable std::unordered_map<std::string, fs::path> resolved;
  // "from\nname" -> its compiled template, while both memos above apply (cache on, development
  // off): a render finds its templates with one lookup, without copying a path.
  mutable std::unordered_map<std::string, std::shared_ptr<const Compiled>> named;

  /// The compiled template `name` names from `from`: memo() then load(), remembered by name.
  template <class F>
  std::shared_ptr<const Compiled> load_named(std::string_view from, std::string_view name,
                                             F&& resolve) const {
    std::string key;
    key.reserve(from.size() + name.size() + 1);
    key.append(from).append(1, '\n').append(name);
    {
      std::shared_lock lock(mu);
      if (opts.cache && !opts.development) {
        if (auto it = named.find(key); it != named.end()) return it->second;
      }
    }
    std::shared_ptr<const Compiled> t = load(memo(from, name, std::forward<F>(resolve)));
    std::unique_lock lock(mu);
    if (opts.cache && !opts.development) named.emplace(std::move(key), t);
    return t;
  }

  /// Memoizes `resolve()` while caching is on and development mode is off.
  template <class F>
  fs::path memo(std::string_view from, std::string_view name, F&& resolve) const {
    std::string key;
    key.reserve(from.size() + name.size() + 1);
    key.append(from).append(1, '\n').append(name);
    bool memoize;
    {
      std::shared_lock lock(mu);
      memoize = opts.cache && !opts.development;
      if (auto it = resolved.find(key); memoize && it != resolved.end()) return it->second;
    }
    fs::path p = resolve();
    if (memoize) {
      std::unique_lock lock(mu);
      resolved.emplace(std::move(key), p);
    }
    return p;
  }

  std::shared_ptr<Compiled> compile(std::string text, std::string filename) const {
    auto c = std::make_shared<Compiled>();
    c->filename = std::move(filename);
    Delimiters d{opts.delimiter, opts.open_delimiter, opts.close_delimiter};
    c->text = opts.rm_whitespace ? remove_whitespace(strip_bom(std::move(text))) : strip_bom(std::move(text));
    try {
      c->program = parse(tokenize_template(c->text, d), opts.max_nesting);
    } catch (const SyntaxError& e) {
      throw error_at(c->filename, c->text, e.pos, e.what());
    }
    return c;
  }

  std::shared_ptr<const Compiled> load(const fs::path& path) const {
    const std::string& key = path.native();
    std::error_code ec;
    fs::file_time_type mtime{};
    bool use_cache;
    {
      std::shared_lock lock(mu);
      use_cache = opts.cache;
      auto it = cache.find(key);
      if (use_cache && it != cache.end()) {
        if (!opts.development) return it->second;
        mtime = fs::last_write_time(path, ec);
        if (it->second->mtime == mtime) return it->second;
      }
    }
    if (mtime == fs::file_time_type{}) mtime = fs::last_write_time(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TemplateError(key, 0, 0, "Could not read template \"" + key + "\"", "");
    std::ostringstream buf;
    buf << in.rdbuf();
    std::shared_ptr<Compiled> c = compile(buf.str(), key);
    c->mtime = mtime;
    if (use_cache) {
      std::unique_lock lock(mu);
      cache[key] = c;
    }
    return c;
  }

  std::vector<std::string> views() const {
    std::shared_lock lock(mu);
    return opts.views;
  }

  /// EJS's getIncludePath: absolute from the root, else relative to the includer, else the views.
  fs::path include_path(std::string_view name, const std::string& from) const {
    bool absolute = name.starts_with('/') ||
                    (name.find(":\\") != std::string_view::npos &&
                     std::all_of(name.begin(), name.begin() + static_cast<std::ptrdiff_t>(name.find(":\\")),
                                 [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }));
    if (absolute) {
      while (name.starts_with('/')) name.remove_prefix(1);
      return resolve_include(name, "/");
    }
    if (!from.empty()) {
      fs::path p = resolve_include(name, fs::path(from).parent_path());
      if (is_file(p)) return p;
    }
    for (const std::string& v : views()) {
      fs::path p = resolve_include(name, v);
      if (is_file(p)) return p;
    }
    std::string escaped;
    append_escaped(escaped, name);
    throw IncludeError("Could not find the include file \"" + escaped + "\"");
  }

  /// Runs `t` with `locals`, appending to `out`; runtime errors become TemplateErrors of `t`.
  static void run(const Compiled& t, const Locals& locals, Output& out, RenderContext& ctx) {
    try {
      Interpreter(t.program, locals, out, ctx).run();
    } catch (const RuntimeError& e) {
      throw error_at(t.filename, t.text, e.pos, e.what());
    }
  }

  /// The compiled template `path` names when included from `from` (throws IncludeError).
  std::shared_ptr<const Compiled> include_target(const Compiled& from, std::string_view path) const {
    return load_named(from.filename, path, [&] { return include_path(path, from.filename); });
  }

  /// Renders `t` with its locals in `layers`, later ones shadowing earlier ones (the top
  /// template of a render).
  std::string render(const Compiled& t, std::span<const json* const> layers) const;
  class Render;

  int max_include_depth() const {
    std::shared_lock lock(mu);
    return opts.max_include_depth;
  }

  RenderContext context() const {
    RenderContext ctx;
    std::shared_lock lock(mu);
    ctx.max_output = opts.max_output_bytes;
    ctx.max_iterations = opts.max_loop_iterations;
    ctx.max_call_depth = opts.max_call_depth;
    ctx.max_stack = opts.max_stack_bytes;
    return ctx;
  }
};

/// One render: its limits and counters, and the include() of the templates it runs. Each
/// (template, path) pair is resolved once per render, so development mode still sees changes.
class Engine::Impl::Render final : public Includer {
 public:
  Render(const Impl& engine, const Compiled& top) : engine_(engine), current_(&top) {
    ctx_ = engine.context();
    ctx_.includer = this;
    max_depth_ = engine.max_include_depth();
  }

  /// Renders the top template with `locals` into `out`.
  void run(const Locals& locals, Output& out) {
    const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    const std::uintptr_t limit = here > ctx_.max_stack ? here - ctx_.max_stack : 0;
    ctx_.stack_limit = reinterpret_cast<const char*>(limit);
    Impl::run(*current_, locals, out, ctx_);
  }

  void include(std::string_view path, const Locals& locals, Output& out) override {
    if (depth_ >= max_depth_) {
      throw IncludeError("Maximum include depth of " + std::to_string(max_depth_) +
                         " exceeded (recursive include?)");
    }
    const Compiled& callee = target(path);
    const Compiled* caller = std::exchange(current_, &callee);
    ++depth_;
    struct Restore {
      Render& r;
      const Compiled* caller;
      ~Restore() { r.current_ = caller; --r.depth_; }
    } restore{*this, caller};
    Impl::run(callee, locals, out, ctx_);
  }

 private:
  /// A resolved include: from which template, the path as written, the compiled target.
  struct Seen {
    const Compiled* from;
    std::string path;
    std::shared_ptr<const Compiled> target;
  };

  const Compiled& target(std::string_view path) {
    for (const Seen& s : seen_) {
      if (s.from == current_ && s.path == path) return *s.target;
    }
    seen_.push_back({current_, std::string(path), engine_.include_target(*current_, path)});
    return *seen_.back().target;
  }

  const Impl& engine_;
  const Compiled* current_;
  RenderContext ctx_;
  int depth_ = 0;
  int max_depth_ = 0;  // read once: options do not change under a render
  std::vector<Seen> seen_;  // few entries: one per distinct include of the render
};

std::string Engine::Impl::render(const Compiled& t, std::span<const json* const> layers) const {
  static const json empty = json::object();
  // One Locals per layer that has names, chained like an include's over its includer's.
  std::vector<Locals> chain;
  chain.reserve(layers.size() + 1);
  for (const json* layer : layers) {
    if (!layer || !layer->is_object() || layer->empty()) continue;
    chain.push_back(Locals{Value::from_json(*layer), chain.empty() ? nullptr : &chain.back()});
  }
  if (chain.empty()) chain.push_back(Locals{Value::from_json(empty), nullptr});
  std::string text;
  // Room for the last render's size and then some: escaping reserves its worst case (five
  // times the text) before writing, and a render ending near the room would otherwise double
  // the buffer (zero-filling and copying it) every time.
  const std::size_t last = t.size_hint.load(std::memory_order_relaxed);
  Output out(text, last + last / 32 + 256);
  RenderHeaps heaps;  // empties the render's objects at the end (cycles a template made)
  Render(*this, t).run(chain.back(), out);
  out.finish();
  t.size_hint.store(text.size(), std::memory_order_relaxed);
  return text;
}

Engine::Engine(EngineOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opts = std::move(options);
}

Engine::~Engine() = default;

std::string Engine::render_file(std::string_view name, const json& locals) const {
  const json* layers[] = {&locals};
  return render_file(name, std::span<const json* const>(layers));
}

std::string Engine::render_file(std::string_view name, std::span<const json* const> layers) const {
  std::shared_ptr<const Compiled> t = impl_->load_named("", name, [&] { return find_view(name); });
  return impl_->render(*t, layers);
}

fs::path Engine::find_view(std::string_view name) const {
  fs::path found;
  std::vector<std::string> views = impl_->views();
  fs::path n(name);
  if (n.extension().empty()) n += ".ejs";
  if (n.is_absolute() || views.empty()) {
    found = fs::absolute(n).lexically_normal();
  } else {
    for (const std::string& v : views) {
      fs::path p = fs::absolute(fs::path(v) / n).lexically_normal();
      if (is_file(p)) { found = p; break; }
    }
  }
  if (found.empty() || !is_file(found)) {
    std::string dirs;
    for (const std::string& v : views) dirs += (dirs.empty() ? "\"" : ", \"") + v + "\"";
    throw TemplateError(std::string(name), 0, 0, "Failed to lookup view \"" + std::string(name) +
                        "\" in views directories " + (dirs.empty() ? "\".\"" : dirs), "");
  }
  return found;
}

std::string Engine::render_string(std::string_view text, const json& locals,
                                  std::string_view filename) const {
  std::string file;
  if (!filename.empty()) file = fs::absolute(fs::path(filename)).lexically_normal().string();
  std::shared_ptr<const Compiled> t = impl_->compile(std::string(text), file);
  const json* layers[] = {&locals};
  return impl_->render(*t, layers);
}

void Engine::set_views(std::vector<std::string> views) {
  std::unique_lock lock(impl_->mu);
  impl_->opts.views = std::move(views);
  impl_->resolved.clear();
  impl_->named.clear();
}

void Engine::set_development(bool on) {
  std::unique_lock lock(impl_->mu);
  impl_->opts.development = on;
  impl_->named.clear();  // development mode may have reloaded templates since
}

void Engine::clear_cache() {
  std::unique_lock lock(impl_->mu);
  impl_->cache.clear();
  impl_->resolved.clear();
  impl_->named.clear();
}

EngineOptions Engine::options() const {
  std::shared_lock lock(impl_->mu);
  return impl_->opts;
}

}  // namespace corio::view
