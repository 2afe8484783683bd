#include <corio/app/app.hpp>

#include <corio/core/debug.hpp>
#include <corio/http/detail/layer_list.hpp>

#include <future>

namespace corio {
namespace {
const DebugLog log("corio:app");
}

App::App(AppOptions options)
    : options_(std::move(options)), router_(options_.router), runner_(options_.shards) {
  context_.options = options_.http;
  context_.handler = [this](Request& req, Response& res) -> Task<> {
    // Socket.IO's path is served before any route, as the reference server intercepts it.
    if (io_ && io_->owns(req.path())) {
      co_await io_->handle(req, res);
    } else {
      co_await router_.dispatch(req, res);
    }
  };
}

App::~App() { stop(); }

App& App::set_views(std::vector<std::string> folders) {
  view::EngineOptions options;
  options.views = std::move(folders);
  options.development = http::is_development();
  views_ = std::make_shared<view::Engine>(std::move(options));
  set_renderer([this, engine = views_](std::string_view name,
                                       std::span<const json* const> view_layers) -> std::string {
    // app.locals < res.locals < the call's locals, as layers: nothing is merged or copied.
    const http::detail::LayerList layers(&locals, view_layers);
    try {
      return engine->render_file(name, layers.span());
    } catch (const view::TemplateError& e) {
      // Shown in the page in development, a bare 500 in production (send_default_error).
      throw HttpError(500, e.what());
    }
  });
  return *this;
}

socketio::Server& App::io() {
  if (!io_) {
    if (options_.shards > 1) {
      // Socket.IO state is per shard and its adapter does not yet span shards.
      throw std::logic_error("App::io(): Socket.IO needs AppOptions::shards == 1 for now");
    }
    io_ = std::make_unique<socketio::Server>(io_options_, runner_.context(0).get_executor());
    on_stop([this] { io_->close(); });
  }
  return *io_;
}

void App::bind(net::ListenOptions listen) {
  listener_ = std::make_unique<net::Listener>(
      runner_, std::move(listen),
      [this](net::Stream stream, net::ConnectionSet& set) {
        return http::serve_connection(std::move(stream), set, context_);
      });
  port_ = listener_->port();
  listener_->start();
}

void App::begin_stop(std::function<void()> done) {
  if (stopping_) return;
  stopping_ = true;
  log("stopping: grace {} ms", options_.shutdown_grace.count());
  for (auto& hook : stop_hooks_) hook();
  listener_->stop(options_.shutdown_grace, std::move(done));
}

std::uint16_t App::start(net::ListenOptions listen) {
  bind(std::move(listen));
  thread_ = std::thread([this] { runner_.run(); });
  return port_;
}

void App::stop() {
  if (!thread_.joinable()) return;
  std::promise<void> drained;
  asio::post(runner_.context(0), [this, &drained] {
    if (stopping_) {
      drained.set_value();
      return;
    }
    begin_stop([&drained] { drained.set_value(); });
  });
  drained.get_future().wait();
  runner_.stop();
  thread_.join();
}

void App::listen(std::uint16_t port, std::string host) {
  net::ListenOptions options;
  options.port = port;
  options.host = std::move(host);
  listen(std::move(options));
}

void App::listen(net::ListenOptions listen) {
  const bool secure = listen.tls != nullptr;
  const std::string host = listen.host.empty() || listen.host == "0.0.0.0" || listen.host == "::"
                               ? std::string("localhost")
                               : listen.host;
  bind(std::move(listen));
  runner_.on_signal([this] { begin_stop([this] { runner_.stop(); }); });
  fmt::print("corio: listening on http{}://{}:{}\n", secure ? "s" : "", host, port_);
  std::fflush(stdout);
  runner_.run();
}

App& App::ws(std::string_view path, ws::WebSocketHandler handler, ws::WebSocketOptions options) {
  auto route = std::make_shared<const std::pair<ws::WebSocketHandler, ws::WebSocketOptions>>(
      std::move(handler), std::move(options));
  router_.get(path, [route](Request& req, Response& res) {
    ws::accept(req, res, route->second, route->first);
  });
  return *this;
}

}  // namespace corio
