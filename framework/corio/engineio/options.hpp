#pragma once
/// @file Options of the Engine.IO server, with the reference server's (engine.io v6) defaults.

#include <chrono>
#include <corio/core/task.hpp>
#include <corio/http/cookie.hpp>
#include <corio/http/cors.hpp>
#include <corio/http/request.hpp>
#include <corio/ws/deflate.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace corio::engineio {

/// The `io` cookie set on the handshake response (the reference's `cookie` option).
struct SessionCookie {
  std::string name = "io";  ///< cookie name; its value is the session id
  /// Attributes (the reference's defaults: `Path=/; HttpOnly; SameSite=Lax`).
  http::CookieOptions attributes{.path = "/", .http_only = true, .same_site = http::SameSite::lax};
};

/// Compression of polling responses (the reference's `httpCompression`).
struct HttpCompression {
  std::size_t threshold = 1024;  ///< responses shorter than this are sent as they are
  int level = 6;                 ///< zlib level (1..9)
};

/// Decides whether a handshake may proceed (the reference's `allowRequest`); false → 403.
using AllowRequest = std::function<Task<bool>(http::Request&)>;

/// Engine.IO server options (the reference's option names in snake_case, same defaults).
/// @code
/// engineio::Server server({.ping_interval = 10s, .cors = http::CorsOptions{.origin = true}});
/// @endcode
struct ServerOptions {
  std::string path = "/engine.io";                    ///< mount path (Socket.IO uses /socket.io)
  std::chrono::milliseconds ping_interval{25'000};    ///< pingInterval: time between server pings
  std::chrono::milliseconds ping_timeout{20'000};     ///< pingTimeout: a pong must come in it
  std::chrono::milliseconds upgrade_timeout{10'000};  ///< a probe websocket must send `5` in it
  std::size_t max_http_buffer_size = 1'000'000;       ///< maxHttpBufferSize: POST body / ws message
  std::vector<std::string> transports{"polling", "websocket"};  ///< allowed transports
  bool allow_upgrades = true;                ///< announce and accept polling → websocket
  std::optional<SessionCookie> cookie{};     ///< unset: no cookie (the reference default)
  ws::DeflateOptions per_message_deflate{};  ///< websocket compression (off by default)
  std::optional<HttpCompression> http_compression = HttpCompression{};  ///< nullopt: never
  std::optional<http::CorsOptions> cors{};        ///< CORS of the polling endpoint
  AllowRequest allow_request{};                   ///< handshake gate (empty: allow all)
  std::size_t max_packets_per_payload = 100'000;  ///< packets in one POST payload
};

}  // namespace corio::engineio
