// ws::accept: the server side of the opening handshake over an HTTP request, then the hijack.

#include <asio/co_spawn.hpp>
#include <corio/core/debug.hpp>
#include <corio/core/spawn.hpp>
#include <corio/http/exchange.hpp>
#include <corio/http/request.hpp>
#include <corio/http/response.hpp>
#include <corio/ws/detail/connection.hpp>
#include <corio/ws/handshake.hpp>
#include <corio/ws/websocket.hpp>

namespace corio::ws {
namespace {

const DebugLog log("corio:ws");

// Every value of a header that may be sent on several lines, joined with ", ".
std::string joined_header(const http::Request& req, std::string_view name) {
  std::string out;
  for (const http::Header& h : req.headers()) {
    if (h.name.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(h.name[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (!same) continue;
    if (!out.empty()) out += ", ";
    out.append(h.value);
  }
  return out;
}

void refuse(http::Response& res, int status, std::string_view reason) {
  res.status(status).set("Connection", "close");
  res.close_after();
  res.type("text/plain").send(reason);
}

// Answers a request that cannot be upgraded; false when it was answered.
bool check_request(http::Request& req, http::Response& res, const WebSocketOptions& options,
                   const UpgradeRequest& upgrade) {
  if (upgrade.upgrade.empty() && upgrade.key.empty()) {
    res.set("Upgrade", "websocket");
    refuse(res, 426, "Upgrade Required");
    return false;
  }
  const HandshakeError error = check_upgrade(upgrade);
  if (error != HandshakeError::none) {
    log("refused upgrade from {}: {}", req.ip(), handshake_reason(error));
    if (error == HandshakeError::unsupported_version) res.set("Sec-WebSocket-Version", "13");
    if (error == HandshakeError::method_not_get) res.set("Allow", "GET");
    refuse(res, handshake_status(error), handshake_reason(error));
    return false;
  }
  if (options.check_origin && !options.check_origin(req.get("Origin"))) {
    log("refused upgrade from {}: origin {}", req.ip(), req.get("Origin"));
    refuse(res, 403, "Forbidden");
    return false;
  }
  return true;
}

detail::Setup make_setup(http::Request& req, const WebSocketOptions& options,
                         const UpgradeRequest& upgrade) {
  detail::Setup setup;
  setup.limits = {options.max_send_queue_bytes, options.max_receive_queue_bytes,
                  options.idle_timeout, options.close_timeout, options.deflate.threshold};
  setup.max_message_size = options.max_message_size;
  if (auto chosen = select_subprotocol(upgrade.protocols, options.subprotocols)) {
    setup.protocol = std::string(*chosen);
  }
  std::string extensions;
  setup.deflate = negotiate_deflate(upgrade.extensions, options.deflate);
  if (setup.deflate) {
    extensions = setup.deflate->response();
    setup.deflate_options = options.deflate;
  }
  setup.response_head = build_accept_response(upgrade.key, setup.protocol, extensions);
  if (options.keep_headers) {
    for (const http::Header& h : req.headers()) {
      setup.headers.append(h.name).append(1, ':').append(h.value).append(1, '\n');
    }
  }
  return setup;
}

std::shared_ptr<detail::Connection> upgrade(http::Request& req, http::Response& res,
                                            const WebSocketOptions& options) {
  const std::string protocols = joined_header(req, "Sec-WebSocket-Protocol");
  const std::string extensions = joined_header(req, "Sec-WebSocket-Extensions");
  UpgradeRequest upgrade{req.method(),
                         1,
                         req.version_minor(),
                         req.get("Upgrade"),
                         req.get("Connection"),
                         req.get("Sec-WebSocket-Key"),
                         req.get("Sec-WebSocket-Version"),
                         protocols,
                         extensions};
  if (!check_request(req, res, options, upgrade)) return nullptr;
  detail::Setup setup = make_setup(req, options, upgrade);
  http::Hijacked hijacked = req.hijack();
  setup.leftover = std::move(hijacked.leftover);
  setup.connections = hijacked.connections;
  auto connection =
      std::make_shared<detail::Connection>(std::move(hijacked.stream), std::move(setup));
  connection->start();
  return connection;
}

Task<> run_handler(std::shared_ptr<detail::Connection> connection, WebSocketHandler handler) {
  WebSocket socket(connection);
  std::exception_ptr failure;
  try {
    co_await handler(socket);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    report_failure("websocket handler", failure);
    if (socket.is_open())
      socket.close(static_cast<std::uint16_t>(CloseCode::internal_error), "internal error");
    co_return;
  }
  if (socket.is_open() && !connection->has_message_callback()) socket.close();
}

}  // namespace

std::optional<WebSocket> accept(http::Request& req, http::Response& res,
                                const WebSocketOptions& options) {
  auto connection = upgrade(req, res, options);
  if (!connection) return std::nullopt;
  return WebSocket(std::move(connection));
}

bool accept(http::Request& req, http::Response& res, const WebSocketOptions& options,
            WebSocketHandler handler) {
  auto connection = upgrade(req, res, options);
  if (!connection) return false;
  auto executor = connection->executor();
  asio::co_spawn(executor, run_handler(std::move(connection), std::move(handler)),
                 log_failure("websocket handler"));
  return true;
}

}  // namespace corio::ws
