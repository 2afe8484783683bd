#include <corio/http/router.hpp>

#include <corio/core/debug.hpp>
#include <corio/core/spawn.hpp>
#include <corio/http/detail/ascii.hpp>
#include <corio/http/path_pattern.hpp>
#include <corio/http/status.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace corio::http {
namespace detail {

/// What a Next continues with; lives in the frame of the layer call that made it.
struct NextState {
  std::function<Task<>(std::optional<HttpError>)> next;
  std::function<Task<>()> skip_route;
  std::function<Task<>()> skip_router;
  bool called = false;
  bool ran = false;
};

struct RouteImpl {
  struct Entry {
    std::string method;  // upper-case, "*" for all
    Middleware handler;
    PlainHandler plain;  // the same handler, when it answers without waiting
    TaskHandler task;    // the same handler, when it is a coroutine without Next
  };
  std::vector<Entry> entries;

  bool handles(std::string_view method) const noexcept {
    for (const auto& e : entries) {
      if (e.method == "*" || e.method == method) return true;
      if (method == "HEAD" && e.method == "GET") return true;
    }
    return false;
  }
  bool entry_matches(const Entry& e, std::string_view method) const noexcept {
    if (e.method == "*" || e.method == method) return true;
    // A GET route answers HEAD unless the route has its own HEAD handler.
    return method == "HEAD" && e.method == "GET" && !has_exact("HEAD");
  }
  bool has_exact(std::string_view method) const noexcept {
    for (const auto& e : entries) {
      if (e.method == method) return true;
    }
    return false;
  }
};

struct Layer {
  PathPattern pattern;
  bool mount = false;  // use(): strips the matched prefix
  std::shared_ptr<RouteImpl> route;
  Middleware handler;
  ErrorMiddleware error_handler;
};

using Continuation = std::function<Task<>(std::optional<HttpError>)>;

/// What try_plain() did.
struct PlainRun {
  enum class State { not_run, done, threw, task } state = State::not_run;
  std::size_t index = 0;        // the layer whose handler threw (or is the task's)
  std::exception_ptr error;     // what it threw
  const TaskHandler* task = nullptr;  // State::task: the handler to await, not yet run
  PathMatch match;              // State::task: its layer's match
};

struct RouterImpl {
  RouterOptions options;
  std::vector<Layer> layers;

  /// Runs the request's handler directly when the first layer that takes the request is a
  /// route whose first handler for the method is plain: no coroutine, continuation or Next.
  /// A coroutine handler without Next there is returned (State::task) for the caller to await
  /// the same way. Anything else (middleware on the path, a handler taking Next, OPTIONS
  /// without a handler, a bad path) is left to run(), before anything has happened.
  PlainRun try_plain(Request& req, Response& res) const;

  Task<> run(Request& req, Response& res, std::size_t index, std::optional<HttpError> err,
             const Continuation& out) const;
  Task<> run_route(const RouteImpl& route, std::size_t entry, Request& req, Response& res,
                   const Continuation& after) const;
};

namespace {

const DebugLog log("corio:router");

/// Saves req.url/base_url/params, applies a layer's match, restores on demand and at exit.
/// A layer that changes none of them (no params on either side, nothing to strip: the common
/// `app.use(mw)` and parameterless routes) costs no copies on the hot path.
class Scope {
 public:
  Scope(Request& req, const Layer& layer, PathMatch& match, bool merge_params)
      : req_(req),
        active_(!match.params.empty() || !req.params().empty() || (layer.mount && match.length > 0)) {
    if (!active_) return;
    url_ = req.url();
    base_ = req.base_url();
    params_ = req.params();
    auto& params = req.mutable_params();
    if (!merge_params) params.clear();
    for (auto& kv : match.params) params.push_back(std::move(kv));
    if (layer.mount && match.length > 0) {
      std::string_view path = req.path();
      std::string_view matched = path.substr(0, match.length);
      while (!matched.empty() && matched.back() == '/') matched.remove_suffix(1);
      std::string rest = req.url().substr(matched.size());
      if (rest.empty() || rest.front() != '/') rest.insert(rest.begin(), '/');
      req.set_base_url(base_ + std::string(matched));
      req.set_url(std::move(rest));
    }
    applied_url_ = req.url();
    applied_base_ = req.base_url();
    applied_params_ = req.params();
  }
  ~Scope() { restore(); }
  void restore() {
    if (!active_) return;
    req_.set_url(url_);
    req_.set_base_url(base_);
    req_.mutable_params() = params_;
  }
  void reapply() {
    if (!active_) return;
    req_.set_url(applied_url_);
    req_.set_base_url(applied_base_);
    req_.mutable_params() = applied_params_;
  }

 private:
  Request& req_;
  bool active_;
  std::string url_, base_;
  Request::Params params_;
  std::string applied_url_, applied_base_;
  Request::Params applied_params_;
};

void collect_allow(const RouteImpl& route, Request& req) {
  // Remembered for the OPTIONS answer at the end of the chain.
  auto& allow = req.allowed_methods();
  auto add = [&allow](std::string_view m) {
    if (std::find(allow.begin(), allow.end(), m) == allow.end()) allow.emplace_back(m);
  };
  for (const auto& e : route.entries) {
    if (e.method == "*") continue;
    add(e.method);
    if (e.method == "GET") add("HEAD");
  }
}

}  // namespace

Task<> RouterImpl::run(Request& req, Response& res, std::size_t index,
                       std::optional<HttpError> err, const Continuation& out) const {
  for (; index < layers.size(); ++index) {
    const Layer& layer = layers[index];
    PathMatch match;
    if (!layer.pattern.match(req.path(), match)) continue;
    if (match.decode_error) {
      if (!err) err = HttpError(400, fmt::format("Failed to decode param"));
      continue;
    }
    if (layer.route) {
      if (err) continue;
      if (!layer.route->handles(req.method())) {
        if (req.method() == "OPTIONS") collect_allow(*layer.route, req);
        continue;
      }
    } else if (bool(layer.error_handler) != err.has_value()) {
      continue;
    }

    Scope scope(req, layer, match, options.merge_params);
    NextState state;
    // The continuations capture this one reference, small enough for std::function to hold
    // them without allocating (four allocations per layer otherwise).
    struct Frame {
      const RouterImpl& self;
      Request& req;
      Response& res;
      Scope& scope;
      NextState& state;
      const Continuation& out;
      std::size_t after;
    } frame{*this, req, res, scope, state, out, index + 1};
    state.next = [&frame](std::optional<HttpError> e) -> Task<> {
      frame.scope.restore();
      co_await frame.self.run(frame.req, frame.res, frame.after, std::move(e), frame.out);
      frame.scope.reapply();
    };
    state.skip_route = [&frame]() -> Task<> { co_await frame.state.next(std::nullopt); };
    state.skip_router = [&frame]() -> Task<> {
      frame.scope.restore();
      co_await frame.out(std::nullopt);
      frame.scope.reapply();
    };
    std::exception_ptr thrown;
    try {
      if (layer.route) {
        Continuation after_route = [&frame](std::optional<HttpError> e) -> Task<> {
          frame.state.called = true;
          co_await frame.state.next(std::move(e));
        };
        co_await run_route(*layer.route, 0, req, res, after_route);
      } else if (err) {
        co_await layer.error_handler(*err, req, res, Next(&state));
      } else {
        co_await layer.handler(req, res, Next(&state));
      }
    } catch (...) {
      thrown = std::current_exception();
    }
    if (!thrown) co_return;
    if (state.called) {
      // The rest of the chain already ran; the error cannot be routed any more.
      report_failure("handler (after next())", thrown);
      co_return;
    }
    err = HttpError::from(thrown);
    log("{} {}: error {}: {}", req.method(), req.original_url(), err->status(), err->what());
  }
  co_await out(std::move(err));
}

PlainRun RouterImpl::try_plain(Request& req, Response& res) const {
  const std::string_view method = req.method();
  for (std::size_t index = 0; index < layers.size(); ++index) {
    const Layer& layer = layers[index];
    if (layer.error_handler) continue;  // error middleware: skipped while there is no error
    PathMatch match;
    if (!layer.pattern.match(req.path(), match)) continue;
    if (match.decode_error || !layer.route) return {};  // a 400 to make, or middleware to run
    const RouteImpl& route = *layer.route;
    if (!route.handles(method)) {
      if (method == "OPTIONS") return {};  // run() gathers the Allow header
      continue;
    }
    for (const RouteImpl::Entry& e : route.entries) {
      if (!route.entry_matches(e, method)) continue;
      if (e.task) return {PlainRun::State::task, index, nullptr, &e.task, std::move(match)};
      if (!e.plain) return {};
      Scope scope(req, layer, match, options.merge_params);
      try {
        e.plain(req, res);
      } catch (...) {
        return {PlainRun::State::threw, index, std::current_exception(), nullptr, {}};
      }
      return {PlainRun::State::done, index, nullptr, nullptr, {}};
    }
    return {};
  }
  return {};  // nothing takes it: run() answers 404
}

Task<> RouterImpl::run_route(const RouteImpl& route, std::size_t entry, Request& req,
                             Response& res, const Continuation& after) const {
  for (; entry < route.entries.size(); ++entry) {
    const auto& e = route.entries[entry];
    if (!route.entry_matches(e, req.method())) continue;
    NextState state;
    struct Frame {  // one captured reference: see run()
      const RouterImpl& self;
      const RouteImpl& route;
      Request& req;
      Response& res;
      const Continuation& after;
      std::size_t following;
    } frame{*this, route, req, res, after, entry + 1};
    state.next = [&frame](std::optional<HttpError> err) -> Task<> {
      if (err) {
        co_await frame.after(std::move(err));
      } else {
        co_await frame.self.run_route(frame.route, frame.following, frame.req, frame.res, frame.after);
      }
    };
    state.skip_route = [&]() -> Task<> { co_await after(std::nullopt); };
    state.skip_router = state.skip_route;  // close enough inside a route: leave it
    std::exception_ptr thrown;
    try {
      co_await e.handler(req, res, Next(&state));
    } catch (...) {
      thrown = std::current_exception();
    }
    if (!thrown) co_return;
    if (state.called) {
      report_failure("route handler (after next())", thrown);
      co_return;
    }
    co_await after(HttpError::from(thrown));
    co_return;
  }
  co_await after(std::nullopt);
}

}  // namespace detail

// ---- Next ----

Task<> Next::operator()() const {
  state_->called = true;
  co_await state_->next(std::nullopt);
  state_->ran = true;
}

Task<> Next::route() const {
  state_->called = true;
  co_await state_->skip_route();
  state_->ran = true;
}

Task<> Next::router() const {
  state_->called = true;
  co_await state_->skip_router();
  state_->ran = true;
}

Task<> Next::error(HttpError err) const {
  state_->called = true;
  co_await state_->next(std::move(err));
  state_->ran = true;
}

bool Next::called() const noexcept { return state_->called; }

namespace detail {
Task<> finish_plain_next(Next& next) {
  NextState* state = next.state_;
  if (state->called && !state->ran) {
    co_await state->next(std::nullopt);
    state->ran = true;
  }
}
}  // namespace detail

// ---- Route / Router ----

void Route::add(std::string_view method, Middleware handler, PlainHandler plain, TaskHandler task) {
  std::string upper(method);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  impl_->entries.push_back({std::move(upper), std::move(handler), std::move(plain), std::move(task)});
}

Router::Router(RouterOptions options) : impl_(std::make_shared<detail::RouterImpl>()) {
  impl_->options = options;
}

void Router::add_use(std::string_view path, Middleware handler) {
  detail::Layer layer{PathPattern::compile(path, {impl_->options.case_sensitive, false, false}),
                      true, nullptr, std::move(handler), nullptr};
  impl_->layers.push_back(std::move(layer));
}

Router& Router::use(std::string_view path, ErrorMiddleware handler) {
  detail::Layer layer{PathPattern::compile(path, {impl_->options.case_sensitive, false, false}),
                      true, nullptr, nullptr, std::move(handler)};
  impl_->layers.push_back(std::move(layer));
  return *this;
}

Route Router::route(std::string_view path) {
  auto route = std::make_shared<detail::RouteImpl>();
  detail::Layer layer{
      PathPattern::compile(path, {impl_->options.case_sensitive, impl_->options.strict, true}),
      false, route, nullptr, nullptr};
  impl_->layers.push_back(std::move(layer));
  return Route(route);
}

Task<> Router::handle(Request& req, Response& res, Next next) const {
  detail::Continuation out = [&next](std::optional<HttpError> err) -> Task<> {
    if (err) {
      co_await next.error(std::move(*err));
    } else {
      co_await next();
    }
  };
  co_await impl_->run(req, res, 0, std::nullopt, out);
}

namespace {

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

void send_error_page(Response& res, int status, std::string_view message) {
  res.remove("Content-Length");
  res.status(status)
      .set("Content-Security-Policy", "default-src 'none'")
      .set("X-Content-Type-Options", "nosniff")
      .set("Content-Type", "text/html; charset=utf-8")
      .send(fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<title>Error</title>\n</head>\n<body>\n<pre>{}</pre>\n</body>\n</html>\n",
                        escape_html(message)));
}

}  // namespace

bool is_development() noexcept {
  const char* env = std::getenv("CORIO_ENV");
  if (!env) env = std::getenv("NODE_ENV");
  return !env || std::string_view(env) != "production";
}

void send_default_error(const HttpError& err, Request& req, Response& res) {
  if (res.headers_sent()) {
    res.close_after();  // mid-stream: the only honest signal left is closing
    return;
  }
  if (res.finished()) return;
  const int status = err.status() >= 400 && err.status() < 600 ? err.status() : 500;
  if (err.cause()) report_failure(fmt::format("{} {}", req.method(), req.original_url()), err.cause());
  const bool show = is_development() || err.expose();
  send_error_page(res, status, show ? std::string_view(err.what()) : status_text(status));
}

Task<> Router::dispatch(Request& req, Response& res) const {
  detail::PlainRun plain = impl_->try_plain(req, res);
  if (plain.state == detail::PlainRun::State::done) co_return;
  if (plain.state == detail::PlainRun::State::task) {
    // As run_route() awaits it, params and all, without run()'s frames and continuations.
    std::exception_ptr thrown;
    {
      detail::Scope scope(req, impl_->layers[plain.index], plain.match, impl_->options.merge_params);
      try {
        co_await (*plain.task)(req, res);
      } catch (...) {
        thrown = std::current_exception();
      }
    }
    if (!thrown) co_return;
    plain.state = detail::PlainRun::State::threw;
    plain.error = thrown;
  }
  detail::Continuation out = [&](std::optional<HttpError> err) -> Task<> {
    if (err) {
      send_default_error(*err, req, res);
    } else if (res.finished()) {
      // Already answered by a handler that still called next().
    } else if (req.method() == "OPTIONS" && !req.allowed_methods().empty()) {
      std::string allow;
      for (const auto& m : req.allowed_methods()) {
        if (!allow.empty()) allow += ',';
        allow += m;
      }
      res.set("Allow", allow).set("Content-Type", "text/plain; charset=utf-8").send(allow);
    } else {
      send_error_page(res, 404, fmt::format("Cannot {} {}", req.method(), req.path()));
    }
    co_return;
  };
  if (plain.state == detail::PlainRun::State::threw) {
    // As run() does with a handler's exception: the layers after it, in error mode.
    std::optional<HttpError> err = HttpError::from(plain.error);
    detail::log("{} {}: error {}: {}", req.method(), req.original_url(), err->status(), err->what());
    co_await impl_->run(req, res, plain.index + 1, std::move(err), out);
    co_return;
  }
  co_await impl_->run(req, res, 0, std::nullopt, out);
}

}  // namespace corio::http
