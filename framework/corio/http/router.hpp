#pragma once
/// @file Router: Express 5 routing — a stack of layers, each a path matcher plus a handler.

#include <corio/core/task.hpp>
#include <corio/http/http_error.hpp>
#include <corio/http/request.hpp>
#include <corio/http/response.hpp>

#include <concepts>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace corio::http {

class Next;
namespace detail {
struct NextState;
struct RouterImpl;
struct RouteImpl;
/// Runs the continuation if a plain (non-coroutine) middleware called next() without awaiting.
Task<> finish_plain_next(Next& next);
}  // namespace detail

/// The continuation handed to middleware. `co_await next()` runs the rest of the chain and
/// returns when it is done, so middleware can act after it (timing, headers).
class Next {
 public:
  /// Continues with the next matching layer.
  Task<> operator()() const;
  /// Skips the remaining handlers of the current route (Express `next('route')`).
  Task<> route() const;
  /// Leaves the current router (Express `next('router')`).
  Task<> router() const;
  /// Continues in error mode (Express `next(err)`): only error middleware runs.
  Task<> error(HttpError err) const;

  /// Framework use.
  explicit Next(detail::NextState* state) : state_(state) {}
  /// True once one of the continuations was called.
  bool called() const noexcept;

 private:
  friend Task<> detail::finish_plain_next(Next& next);
  detail::NextState* state_;
};

/// A route handler: `Task<>(Request&, Response&)`.
using Handler = std::function<Task<>(Request&, Response&)>;
/// Middleware: `Task<>(Request&, Response&, Next)`.
using Middleware = std::function<Task<>(Request&, Response&, Next)>;
/// Error middleware: `Task<>(const HttpError&, Request&, Response&, Next)`.
using ErrorMiddleware = std::function<Task<>(const HttpError&, Request&, Response&, Next)>;

/// Routing options (Express defaults).
struct RouterOptions {
  bool case_sensitive = false;  ///< "/Foo" and "/foo" differ
  bool strict = false;          ///< "/foo" and "/foo/" differ
  bool merge_params = false;    ///< a mounted router sees its parent's params
};

class Router;

/// Something app.use/app.get accept as a handler: coroutines or plain functions taking
/// (Request&, Response&) or (Request&, Response&, Next), or a Router.
template <typename F>
concept HandlerLike =
    std::same_as<std::decay_t<F>, Router> ||
    std::is_invocable_v<F&, Request&, Response&, Next> || std::is_invocable_v<F&, Request&, Response&>;

/// Turns any HandlerLike into Middleware.
template <HandlerLike F>
Middleware to_middleware(F&& f);

/// A handler that answers without waiting: a plain (not coroutine) `(Request&, Response&)`.
using PlainHandler = std::function<void(Request&, Response&)>;
/// A coroutine handler that takes no Next: `(Request&, Response&) -> Task<>`.
using TaskHandler = std::function<Task<>(Request&, Response&)>;

/// True for a `(Request&, Response&) -> Task<>` function (no Next): when no middleware comes
/// before it on the request's path, the router awaits it without its own coroutines.
template <typename F>
concept TaskHandlerLike =
    !std::same_as<std::decay_t<F>, Router> && !std::is_invocable_v<F&, Request&, Response&, Next> &&
    std::is_invocable_v<F&, Request&, Response&> &&
    std::same_as<std::invoke_result_t<F&, Request&, Response&>, Task<>>;

/// True for a plain `(Request&, Response&)` function (no Next, no Task): the router can run
/// it without starting coroutines when no middleware comes before it on the request's path.
template <typename F>
concept PlainHandlerLike =
    !std::same_as<std::decay_t<F>, Router> && !std::is_invocable_v<F&, Request&, Response&, Next> &&
    std::is_invocable_v<F&, Request&, Response&> &&
    !std::same_as<std::invoke_result_t<F&, Request&, Response&>, Task<>>;

/// `app.route(path)`: several methods on one path.
class Route {
 public:
  /// Adds handlers for a method ("GET"...; "*" for all).
  template <HandlerLike... F>
  Route& method(std::string_view name, F&&... handlers) {
    (add_handler(name, std::forward<F>(handlers)), ...);
    return *this;
  }
  template <HandlerLike... F> Route& get(F&&... h) { return method("GET", std::forward<F>(h)...); }
  template <HandlerLike... F> Route& post(F&&... h) { return method("POST", std::forward<F>(h)...); }
  template <HandlerLike... F> Route& put(F&&... h) { return method("PUT", std::forward<F>(h)...); }
  template <HandlerLike... F> Route& patch(F&&... h) { return method("PATCH", std::forward<F>(h)...); }
  template <HandlerLike... F> Route& del(F&&... h) { return method("DELETE", std::forward<F>(h)...); }
  template <HandlerLike... F> Route& options(F&&... h) { return method("OPTIONS", std::forward<F>(h)...); }
  template <HandlerLike... F> Route& all(F&&... h) { return method("*", std::forward<F>(h)...); }

  /// Framework use.
  explicit Route(std::shared_ptr<detail::RouteImpl> impl) : impl_(std::move(impl)) {}

 private:
  void add(std::string_view method, Middleware handler, PlainHandler plain = nullptr,
           TaskHandler task = nullptr);
  template <HandlerLike F>
  void add_handler(std::string_view method, F&& f) {
    if constexpr (PlainHandlerLike<F>) {
      // One callable behind both forms, so a handler's own state is one state.
      auto fn = std::make_shared<std::decay_t<F>>(std::forward<F>(f));
      add(method, [fn](Request& req, Response& res, Next) -> Task<> {
            (*fn)(req, res);
            co_return;
          },
          [fn](Request& req, Response& res) { (*fn)(req, res); });
    } else if constexpr (TaskHandlerLike<F>) {
      // Both forms return the handler's own task (its frame refers to *fn, kept by both).
      auto fn = std::make_shared<std::decay_t<F>>(std::forward<F>(f));
      add(method, [fn](Request& req, Response& res, Next) -> Task<> { return (*fn)(req, res); },
          nullptr, [fn](Request& req, Response& res) -> Task<> { return (*fn)(req, res); });
    } else {
      add(method, to_middleware(std::forward<F>(f)));
    }
  }
  std::shared_ptr<detail::RouteImpl> impl_;
};

/// A stack of layers, mountable under a prefix. A cheap handle: copies share the same stack.
/// @code
/// Router api;
/// api.get("/users/:id", [](Request& req, Response& res) { res.json({{"id", req.param("id")}}); });
/// app.use("/api", api);
/// @endcode
class Router {
 public:
  /// An empty router.
  explicit Router(RouterOptions options = {});

  /// Middleware for every path (or under `path`, matched as a prefix at a segment boundary).
  template <HandlerLike... F>
  Router& use(F&&... handlers) { (add_use("/", to_middleware(std::forward<F>(handlers))), ...); return *this; }
  template <HandlerLike... F>
  Router& use(std::string_view path, F&&... handlers) {
    (add_use(path, to_middleware(std::forward<F>(handlers))), ...);
    return *this;
  }
  /// Error middleware (runs only when a handler threw or called next.error()).
  Router& use(ErrorMiddleware handler) { return use("/", std::move(handler)); }
  Router& use(std::string_view path, ErrorMiddleware handler);

  /// A route object for chaining several methods on one path.
  Route route(std::string_view path);
  template <HandlerLike... F> Router& get(std::string_view p, F&&... h) { route(p).get(std::forward<F>(h)...); return *this; }
  template <HandlerLike... F> Router& post(std::string_view p, F&&... h) { route(p).post(std::forward<F>(h)...); return *this; }
  template <HandlerLike... F> Router& put(std::string_view p, F&&... h) { route(p).put(std::forward<F>(h)...); return *this; }
  template <HandlerLike... F> Router& patch(std::string_view p, F&&... h) { route(p).patch(std::forward<F>(h)...); return *this; }
  template <HandlerLike... F> Router& del(std::string_view p, F&&... h) { route(p).del(std::forward<F>(h)...); return *this; }
  template <HandlerLike... F> Router& options(std::string_view p, F&&... h) { route(p).options(std::forward<F>(h)...); return *this; }
  template <HandlerLike... F> Router& all(std::string_view p, F&&... h) { route(p).all(std::forward<F>(h)...); return *this; }

  /// Runs the stack for a request as a mounted router: `next` continues in the parent.
  Task<> handle(Request& req, Response& res, Next next) const;
  /// Runs the stack as the application: unhandled requests get 404 / OPTIONS / error answers.
  Task<> dispatch(Request& req, Response& res) const;

 private:
  void add_use(std::string_view path, Middleware handler);
  std::shared_ptr<detail::RouterImpl> impl_;
};

/// True when CORIO_ENV (or NODE_ENV) is "development" or unset; error pages then show messages.
bool is_development() noexcept;

/// Answers an error as Express's final handler does (status, HTML body, no internals in
/// production). Used when no error middleware handled it.
void send_default_error(const HttpError& err, Request& req, Response& res);

// ---- implementation of to_middleware ----

template <HandlerLike F>
Middleware to_middleware(F&& f) {
  using Fn = std::decay_t<F>;
  if constexpr (std::same_as<Fn, Router>) {
    return [router = Fn(f)](Request& req, Response& res, Next next) -> Task<> {
      co_await router.handle(req, res, next);
    };
  } else if constexpr (std::is_invocable_v<Fn&, Request&, Response&, Next>) {
    using R = std::invoke_result_t<Fn&, Request&, Response&, Next>;
    if constexpr (std::same_as<R, Task<>>) {
      return Middleware(std::forward<F>(f));
    } else {
      return [fn = Fn(std::forward<F>(f))](Request& req, Response& res, Next next) mutable -> Task<> {
        fn(req, res, next);
        co_await detail::finish_plain_next(next);
      };
    }
  } else {
    using R = std::invoke_result_t<Fn&, Request&, Response&>;
    if constexpr (std::same_as<R, Task<>>) {
      // The handler's own task, not one that awaits it: a coroutine frame less per request
      // (the handler's frame refers to `fn`, which lives as long as the route).
      return [fn = Fn(std::forward<F>(f))](Request& req, Response& res, Next) mutable -> Task<> {
        return fn(req, res);
      };
    } else {
      return [fn = Fn(std::forward<F>(f))](Request& req, Response& res, Next) mutable -> Task<> {
        fn(req, res);
        co_return;
      };
    }
  }
}

}  // namespace corio::http
