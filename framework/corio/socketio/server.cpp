#include <corio/socketio/server.hpp>

#include <corio/core/debug.hpp>
#include <corio/http/detail/ascii.hpp>
#include <corio/socketio/detail/state.hpp>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#ifndef CORIO_DEFAULT_CLIENT_DIST
#define CORIO_DEFAULT_CLIENT_DIST ""
#endif

namespace corio::socketio {
namespace {

const DebugLog log("corio:socket.io:server");

/// The files of socket.io-client's dist/ the reference server serves.
constexpr std::string_view client_files[] = {
    "/socket.io.js",         "/socket.io.js.map",         "/socket.io.min.js",
    "/socket.io.min.js.map", "/socket.io.esm.min.js",     "/socket.io.esm.min.js.map",
    "/socket.io.msgpack.min.js", "/socket.io.msgpack.min.js.map"};

std::string normalize(std::string_view name) {
  std::string out(name.empty() ? "/" : name);
  if (out.front() != '/') out.insert(out.begin(), '/');
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string client_dist_dir(const ServerOptions& options) {
  if (!options.client_dist.empty()) return options.client_dist;
  if (const char* env = std::getenv("CORIO_CLIENT_DIST")) return env;
  return CORIO_DEFAULT_CLIENT_DIST;
}

}  // namespace

struct Server::ClientFile {
  std::string body;
  std::string etag;
  bool map = false;
};

void ParentNamespace::adopt(Namespace& child) {
  children_.push_back(&child);
  for (const auto& handler : handlers_) child.add_connection_handler(handler);
  for (const auto& wrap : middleware_wrappers_) wrap(child);
}

Server::Server(ServerOptions options, asio::any_io_executor executor)
    : options_(std::move(options)), executor_(std::move(executor)) {
  engineio::ServerOptions engine_options = options_.engine;
  engine_options.path = options_.path;
  engine_ = std::make_unique<engineio::Server>(std::move(engine_options));
  engine_->on_connection([this](engineio::Socket connection) {
    auto client = std::make_shared<detail::Client>(*this, std::move(connection));
    client->start();
  });
  of("/");
}

Server::~Server() { close(); }

Namespace& Server::of(std::string_view name) {
  std::string key = normalize(name);
  auto it = namespaces_.find(key);
  if (it != namespaces_.end()) return *it->second;
  auto nsp = std::make_unique<Namespace>(*this, key);
  Namespace& ref = *nsp;
  namespaces_.emplace(std::move(key), std::move(nsp));
  return ref;
}

ParentNamespace& Server::of(const std::regex& pattern) {
  return of(NamespaceMatcher([pattern](std::string_view name, const json&) -> Task<bool> {
    co_return std::regex_match(name.begin(), name.end(), pattern);
  }));
}

ParentNamespace& Server::of(NamespaceMatcher matcher) {
  parents_.push_back(std::make_unique<ParentNamespace>(std::move(matcher)));
  return *parents_.back();
}

std::unique_ptr<Adapter> Server::make_adapter(Namespace& nsp) {
  if (options_.adapter) return options_.adapter(nsp, nsp.name());
  return std::make_unique<InMemoryAdapter>(nsp);
}

Task<Namespace*> Server::find_namespace(std::string_view name, const json& auth) {
  if (auto it = namespaces_.find(name); it != namespaces_.end()) co_return it->second.get();
  for (auto& parent : parents_) {
    const bool accepted = co_await parent->matcher()(name, auth);
    if (!accepted) continue;
    // A concurrent CONNECT may have created it meanwhile.
    if (auto it = namespaces_.find(name); it != namespaces_.end()) co_return it->second.get();
    Namespace& child = of(name);
    parent->adopt(child);
    log("dynamic namespace {} created", name);
    co_return &child;
  }
  co_return nullptr;
}

bool Server::owns(std::string_view path) const noexcept {
  const std::string_view base = options_.path;
  if (path.size() < base.size() || path.substr(0, base.size()) != base) return false;
  return path.size() == base.size() || path[base.size()] == '/';
}

void Server::attach(http::Router& router) {
  router.use(options_.path, [this](http::Request& req, http::Response& res, http::Next) -> Task<> {
    co_await handle(req, res);
  });
}

Task<> Server::handle(http::Request& req, http::Response& res) {
  if (options_.serve_client && (req.method() == "GET" || req.method() == "HEAD")) {
    std::string_view path = req.path();
    if (owns(path)) path.remove_prefix(options_.path.size());  // called without a router mount
    for (std::string_view file : client_files) {
      if (path != file) continue;
      const bool served = co_await serve_client_file(req, res, file);
      if (served) co_return;
    }
  }
  co_await engine_->handle(req, res);
}

Task<bool> Server::serve_client_file(http::Request& req, http::Response& res, std::string_view file) {
  static std::mutex mutex;
  std::shared_ptr<ClientFile> entry;
  {
    std::lock_guard lock(mutex);
    auto it = client_files_.find(file);
    if (it == client_files_.end()) {
      const std::string dir = client_dist_dir(options_);
      auto loaded = std::make_shared<ClientFile>();
      loaded->body = read_file(dir + std::string(file));
      const std::string package = read_file(dir + "/../package.json");
      const json manifest = json::parse(package, nullptr, false);
      const std::string version = manifest.is_object() ? manifest.value("version", "0") : "0";
      loaded->etag = "\"" + version + "\"";
      loaded->map = file.ends_with(".map");
      if (loaded->body.empty()) {
        log("client bundle {} not found in {} (run scripts/setup.sh)", file, dir);
        co_return false;
      }
      it = client_files_.emplace(std::string(file), std::move(loaded)).first;
    }
    entry = it->second;
  }
  std::string_view if_none_match = req.get("if-none-match");
  if (!if_none_match.empty() && (if_none_match == entry->etag || if_none_match == "W/" + entry->etag)) {
    res.status(304).send(std::string_view());
    co_return true;
  }
  res.set("Cache-Control", "public, max-age=0")
      .set("Content-Type", entry->map ? "application/json; charset=utf-8"
                                      : "application/javascript; charset=utf-8")
      .set("ETag", entry->etag)
      .send(entry->body);
  co_return true;
}

void Server::close() {
  if (engine_) engine_->close();
  for (auto& [name, nsp] : namespaces_) nsp->adapter().close();
}

}  // namespace corio::socketio
