#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/this_coro.hpp>
#include <corio/core/debug.hpp>
#include <corio/engineio/detail/core.hpp>
#include <corio/engineio/detail/session.hpp>
#include <corio/engineio/polling.hpp>
#include <corio/engineio/server.hpp>
#include <corio/engineio/sid.hpp>
#include <corio/engineio/websocket_transport.hpp>
#include <corio/http/cors.hpp>
#include <optional>

namespace corio::engineio {
namespace {

const DebugLog log("corio:engineio");

using detail::Core;
using detail::Session;
using detail::ShardSessions;

struct Query {
  std::string transport;
  std::string sid;
  std::string eio;
};

std::string query_param(const json& query, const char* key) {
  const auto it = query.find(key);
  if (it == query.end() || !it->is_string()) return {};  // repeated keys (arrays) never match
  return it->get<std::string>();
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

// Node's checkInvalidHeaderChar: only TAB, visible ASCII, space and bytes >= 0x80 pass.
bool has_invalid_header_char(std::string_view value) noexcept {
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u != '\t' && (u < 0x20 || u == 0x7f)) return true;
  }
  return false;
}

void abort_request(http::Response& res, HttpError error, bool upgrade) {
  if (upgrade) {
    // As the reference's abortUpgrade: always 400, the message as text/html, then close.
    res.status(400).set("Content-Type", "text/html");
    res.close_after();
    res.send(std::string(http_error_message(error)));
    return;
  }
  res.status(http_error_status(error)).set("Content-Type", "application/json");
  res.send(http_error_json(error));
}

std::optional<HttpError> verify(const Core& core, const http::Request& req, const Query& q,
                                bool upgrade, ShardSessions& shard,
                                std::shared_ptr<Session>& session) {
  if (!core.allows(q.transport)) return HttpError::unknown_transport;
  if (has_invalid_header_char(req.get("origin"))) return HttpError::bad_request;
  // Without a websocket transport there is no websocket to accept and close (below).
  if (upgrade && q.transport != "websocket" && !core.allows("websocket")) {
    return HttpError::bad_request;
  }
  if (!q.sid.empty()) {
    const auto it = shard.by_id.find(q.sid);
    if (it == shard.by_id.end()) return HttpError::unknown_sid;
    if (!upgrade && it->second->transport_name() != q.transport) return HttpError::bad_request;
    if (q.eio != "4") return HttpError::bad_request;  // the session speaks protocol 4
    session = it->second;
    return std::nullopt;
  }
  if (req.method() != "GET") return HttpError::bad_handshake_method;
  if (q.transport == "websocket" && !upgrade) return HttpError::bad_request;
  return std::nullopt;
}

RequestInfo capture_request(http::Request& req) {
  RequestInfo info;
  info.url = std::string(req.original_url());
  info.headers.reserve(req.headers().size());
  for (const http::Header& h : req.headers()) info.headers.emplace_back(h.name, h.value);
  info.query = req.query();
  info.address = req.ip();
  info.port = req.port();
  info.secure = req.secure();
  return info;
}

ws::WebSocketOptions websocket_options(const ServerOptions& options) {
  ws::WebSocketOptions ws_options;
  ws_options.max_message_size = options.max_http_buffer_size;
  ws_options.deflate = options.per_message_deflate;
  ws_options.keep_headers = false;  // the session keeps its own copy (RequestInfo)
  return ws_options;
}

std::shared_ptr<WebSocketTransport> accept_websocket(const Core& core, Session& session,
                                                     http::Request& req, http::Response& res) {
  std::optional<ws::WebSocket> socket = ws::accept(req, res, websocket_options(core.options));
  if (!socket) return nullptr;
  auto transport = std::make_shared<WebSocketTransport>(&session, std::move(*socket),
                                                        core.options.per_message_deflate.enabled);
  transport->start();
  return transport;
}

// As the reference's onWebSocket for a websocket it will not use: the handshake completes,
// then the socket is closed at once (a client sees a close, not an HTTP error).
void accept_then_close(const Core& core, http::Request& req, http::Response& res) {
  std::optional<ws::WebSocket> socket = ws::accept(req, res, websocket_options(core.options));
  if (socket) socket->close();
}

void notify_connection(const Core& core, const std::shared_ptr<Session>& session) {
  if (!core.on_connection) return;
  try {
    core.on_connection(Socket(session));
  } catch (...) {
    report_failure("engine.io connection handler", std::current_exception());
  }
}

Task<> handshake(std::shared_ptr<Core> core, ShardSessions& shard, asio::any_io_executor ex,
                 const Query& q, http::Request& req, http::Response& res) {
  std::string id = generate_sid();
  auto session = std::make_shared<Session>(core, shard, id, capture_request(req), ex);
  if (q.transport == "websocket") {
    std::shared_ptr<WebSocketTransport> transport = accept_websocket(*core, *session, req, res);
    if (!transport) co_return;
    session->open(transport);
    notify_connection(*core, session);
    co_return;
  }
  auto transport = std::make_shared<PollingTransport>(session.get(), core->options, ex);
  // (Arguments computed first: g++ 12 miscompiles a ternary inside a co_await's arguments.)
  std::string cookie_sid;
  if (core->options.cookie) cookie_sid = id;
  std::function<void()> open = [&] {
    session->open(transport);
    notify_connection(*core, session);
  };
  co_await transport->handle_get(req, res, std::move(cookie_sid), std::move(open));
}

Task<> serve_session(const Core& core, std::shared_ptr<Session> session, bool upgrade,
                     http::Request& req, http::Response& res) {
  if (upgrade) {
    if (!core.options.allow_upgrades) {
      abort_request(res, HttpError::bad_request, true);
      co_return;
    }
    // A session already upgrading or upgraded gets the websocket closed at once, as the
    // reference does; a closing one still takes a probe.
    std::shared_ptr<WebSocketTransport> probe = accept_websocket(core, *session, req, res);
    if (probe && !session->begin_upgrade(probe)) probe->close();
    co_return;
  }
  if (session->transport_name() != "polling") {
    abort_request(res, HttpError::bad_request, false);
    co_return;
  }
  auto polling = std::static_pointer_cast<PollingTransport>(session->transport());
  if (req.method() == "GET") {
    co_await polling->handle_get(req, res);
  } else if (req.method() == "POST") {
    co_await polling->handle_post(req, res);
  } else {
    res.status(500).send(std::string_view());
  }
}

Task<> handle_request(std::shared_ptr<Core> core, http::Request& req, http::Response& res);

}  // namespace

Server::Server(ServerOptions options) : core_(std::make_shared<Core>(std::move(options))) {}

Server::~Server() {
  // Sessions still registered (their shards stopped before close() reached them) would keep
  // the core alive through the maps: drop them. The shards must not be running any more.
  const std::lock_guard lock(core_->mutex);
  for (const auto& shard : core_->shards) shard->by_id.clear();
}

void Server::set_connection_handler(std::function<void(Socket)> handler) {
  core_->on_connection = std::move(handler);
}

void Server::attach(http::Router& router) { router.use(core_->options.path, middleware()); }

http::Middleware Server::middleware() {
  // Holds the core, not the Server: a router that outlives the Server stays safe.
  return [core = core_](http::Request& req, http::Response& res, http::Next) -> Task<> {
    co_await handle_request(core, req, res);
  };
}

Task<> Server::handle(http::Request& req, http::Response& res) {
  co_await handle_request(core_, req, res);
}

namespace {

Task<> handle_request(std::shared_ptr<Core> core, http::Request& req, http::Response& res) {
  if (core->options.cors) {
    const bool answered = co_await http::apply_cors(*core->options.cors, req, res);
    if (answered) co_return;  // a preflight
  }
  const asio::any_io_executor ex = co_await asio::this_coro::executor;
  ShardSessions& shard = core->shard(ex);
  const json& query = req.query();
  const Query q{query_param(query, "transport"), query_param(query, "sid"),
                query_param(query, "EIO")};
  const bool upgrade = req.method() == "GET" && iequals(req.get("upgrade"), "websocket");
  std::shared_ptr<Session> session;
  if (const std::optional<HttpError> error = verify(*core, req, q, upgrade, shard, session)) {
    log("{} {}: {}", req.method(), req.original_url(), http_error_message(*error));
    abort_request(res, *error, upgrade);
    co_return;
  }
  if (!session && core->options.allow_request) {
    const bool allowed = co_await core->options.allow_request(req);
    if (!allowed) {
      abort_request(res, HttpError::forbidden, upgrade);
      co_return;
    }
  }
  if (upgrade && q.transport != "websocket") {
    accept_then_close(*core, req, res);  // polling does not handle upgrades
    co_return;
  }
  if (session) {
    co_await serve_session(*core, std::move(session), upgrade, req, res);
    co_return;
  }
  if (q.eio != "4") {
    abort_request(res, HttpError::unsupported_protocol_version, upgrade);
    co_return;
  }
  co_await handshake(core, shard, ex, q, req, res);
}

}  // namespace

void Server::close() {
  std::vector<ShardSessions*> shards;
  {
    const std::lock_guard lock(core_->mutex);
    for (const auto& shard : core_->shards) shards.push_back(shard.get());
  }
  for (ShardSessions* shard : shards) {
    auto terminate_all = [core = core_, shard] {
      std::vector<std::shared_ptr<Session>> sessions;
      sessions.reserve(shard->by_id.size());
      for (const auto& entry : shard->by_id) sessions.push_back(entry.second);
      for (const auto& session : sessions) session->terminate("server shutting down");
    };
    // On the shard's own thread (e.g. App::on_stop) close now: a post could run after the
    // shard stopped.
    const auto* io = shard->executor.target<asio::io_context::executor_type>();
    if (io != nullptr && io->running_in_this_thread()) {
      terminate_all();
    } else {
      asio::post(shard->executor, std::move(terminate_all));
    }
  }
}

std::size_t Server::clients_count() const noexcept {
  return core_->clients.load(std::memory_order_relaxed);
}

const ServerOptions& Server::options() const noexcept { return core_->options; }

}  // namespace corio::engineio
