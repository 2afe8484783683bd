#pragma once
/// @file The HTTP/1.1 connection loop: keep-alive, pipelining (responses in request order),
/// limits and timeouts, 100-continue, upgrade hand-over, graceful stop.

#include <corio/core/task.hpp>
#include <corio/http/parser.hpp>
#include <corio/http/response.hpp>
#include <corio/net/listener.hpp>
#include <corio/net/stream.hpp>

#include <chrono>
#include <functional>

namespace corio::http {

class Request;

/// Limits and timeouts of HTTP connections, with Node's defaults.
struct ServerOptions {
  ParserLimits parser;                                   ///< head limits (431/414)
  std::chrono::milliseconds headers_timeout{60'000};     ///< whole head must arrive in it (408)
  std::chrono::milliseconds request_timeout{300'000};    ///< a body read must finish in it (408)
  std::chrono::milliseconds keep_alive_timeout{5'000};   ///< idle time between requests
  std::size_t max_discarded_body = 1 << 20;  ///< unread body bytes skipped to keep the connection
  std::size_t max_chunked_body = 16 << 20;   ///< cap of a chunked body read (413)
};

/// What every connection of one server shares (read-only while serving).
struct ConnectionContext {
  ServerOptions options;
  std::function<Task<>(Request&, Response&)> handler;  ///< usually Router::dispatch
  RenderHook renderer;                                 ///< for res.render (may be empty)
};

/// Serves HTTP/1.1 on `stream` until the peer leaves, a limit is hit, or the server stops.
Task<> serve_connection(net::Stream stream, net::ConnectionSet& set, const ConnectionContext& ctx);

}  // namespace corio::http
