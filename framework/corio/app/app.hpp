#pragma once
/// @file App: an Express-like application — a router, views, and (later) the Socket.IO server
/// on one listener. Thin: each job lives in its own layer.

#include <corio/core/json.hpp>
#include <corio/http/connection.hpp>
#include <corio/http/router.hpp>
#include <corio/net/listener.hpp>
#include <corio/net/runner.hpp>
#include <corio/socketio/server.hpp>
#include <corio/view/engine.hpp>
#include <corio/ws/websocket.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace corio {

using http::HttpError;
using http::Next;
using http::Request;
using http::Response;
using http::Route;
using http::Router;

/// Options of an App.
struct AppOptions {
  std::size_t shards = 1;                          ///< event-loop threads (1 = like Node)
  http::ServerOptions http;                        ///< HTTP limits and timeouts
  http::RouterOptions router;                      ///< routing options
  std::chrono::milliseconds shutdown_grace{10'000};  ///< in-flight work may finish in it
};

/// The application: `express()`.
/// @code
/// App app;
/// app.get("/", [](Request&, Response& res) { res.send("hello"); });
/// app.listen(3000);  // blocks; SIGINT/SIGTERM stop it gracefully
/// @endcode
class App {
 public:
  explicit App(AppOptions options = {});
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  /// Middleware, routers and error middleware (see Router::use).
  template <typename... F>
  App& use(F&&... handlers) { router_.use(std::forward<F>(handlers)...); return *this; }
  /// `app.route(path)`.
  Route route(std::string_view path) { return router_.route(path); }
  template <http::HandlerLike... F> App& get(std::string_view p, F&&... h) { router_.get(p, std::forward<F>(h)...); return *this; }
  template <http::HandlerLike... F> App& post(std::string_view p, F&&... h) { router_.post(p, std::forward<F>(h)...); return *this; }
  template <http::HandlerLike... F> App& put(std::string_view p, F&&... h) { router_.put(p, std::forward<F>(h)...); return *this; }
  template <http::HandlerLike... F> App& patch(std::string_view p, F&&... h) { router_.patch(p, std::forward<F>(h)...); return *this; }
  template <http::HandlerLike... F> App& del(std::string_view p, F&&... h) { router_.del(p, std::forward<F>(h)...); return *this; }
  template <http::HandlerLike... F> App& options(std::string_view p, F&&... h) { router_.options(p, std::forward<F>(h)...); return *this; }
  template <http::HandlerLike... F> App& all(std::string_view p, F&&... h) { router_.all(p, std::forward<F>(h)...); return *this; }

  /// A websocket route: GET `path` upgrades (a plain GET gets 426) and runs `handler` in the
  /// connection's own coroutine (see ws::accept).
  /// @code
  /// app.ws("/echo", [](ws::WebSocket s) -> Task<> {
  ///   while (true) { auto m = co_await s.receive(); if (!m) break; co_await s.send(*m); }
  /// });
  /// @endcode
  App& ws(std::string_view path, ws::WebSocketHandler handler, ws::WebSocketOptions options = {});

  /// The application's router.
  Router& router() noexcept { return router_; }
  /// Sets the views folder(s) for res.render() (EJS templates; `.ejs` is appended to names).
  /// Templates are compiled once and cached; in development (CORIO_ENV/NODE_ENV not
  /// "production") a changed file is recompiled on the next render and errors show in the page.
  App& set_views(std::vector<std::string> folders);
  /// Same, one folder.
  App& set_views(std::string folder) { return set_views(std::vector<std::string>{std::move(folder)}); }
  /// The template engine (after set_views), for rendering outside a response.
  view::Engine* views() noexcept { return views_.get(); }
  /// The Socket.IO server on the app's listener (created on first use; path /socket.io).
  /// Set its options before the first call with set_io_options().
  socketio::Server& io();
  /// Options of the Socket.IO server io() creates (call before io()).
  void set_io_options(socketio::ServerOptions options) { io_options_ = std::move(options); }
  /// Replaces the function res.render() uses (set_views installs the EJS engine).
  void set_renderer(http::RenderHook renderer) { context_.renderer = std::move(renderer); }
  /// Values every rendered view sees (Express `app.locals`).
  json locals = json::object();

  /// Starts listening in the background (threads of its own); returns the bound port.
  /// For tests and embedding; stop() ends it.
  std::uint16_t start(net::ListenOptions listen = {});
  /// Graceful stop of a start()ed app: stop accepting, finish in-flight requests (bounded by
  /// shutdown_grace), close. Idempotent.
  void stop();
  /// Listens on `port` (all addresses) and blocks until SIGINT/SIGTERM, then stops gracefully.
  void listen(std::uint16_t port, std::string host = {});
  /// Like listen(port), with every listen option (TLS, host, connection cap).
  void listen(net::ListenOptions listen);
  /// The bound port (after start/listen).
  std::uint16_t port() const noexcept { return port_; }
  /// The shards' runner (for layers that attach to the same event loops).
  net::Runner& runner() noexcept { return runner_; }
  /// Called when the app stops, before connections are drained (realtime layers close
  /// their sessions here).
  void on_stop(std::function<void()> hook) { stop_hooks_.push_back(std::move(hook)); }

 private:
  void bind(net::ListenOptions listen);
  void begin_stop(std::function<void()> done);

  AppOptions options_;
  Router router_;
  http::ConnectionContext context_;
  net::Runner runner_;
  std::unique_ptr<net::Listener> listener_;
  std::shared_ptr<view::Engine> views_;
  socketio::ServerOptions io_options_;
  std::unique_ptr<socketio::Server> io_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  bool stopping_ = false;
  std::vector<std::function<void()>> stop_hooks_;
};

}  // namespace corio
