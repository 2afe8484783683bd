#pragma once
/// @file The Redis adapter: a corio Socket.IO server joins other servers — corio or Node with
/// `@socket.io/redis-adapter` 8.x — on one Redis, speaking the reference's wire format.

#include <corio/socketio/adapter.hpp>

#include <chrono>
#include <string>

namespace corio::socketio {

/// Which of the reference's two Redis protocols to speak (they never interoperate).
enum class RedisProtocol {
  classic,  ///< `createAdapter`: PUBLISH/PSUBSCRIBE, request types 0-9 (the default)
};

/// Options of redis_adapter(), with the reference's names and defaults.
struct RedisAdapterOptions {
  /// `redis://host:port[/db]` or `unix:///path/redis.sock`.
  std::string url = "redis://127.0.0.1:6379";
  RedisProtocol protocol = RedisProtocol::classic;  ///< wire protocol
  std::string key = "socket.io";                    ///< channel prefix (classic `key`)
  /// How long fetch_sockets, all_rooms and server_side_emit_with_ack wait for other servers.
  std::chrono::milliseconds requests_timeout{5000};
  /// Answer requests on the requester's own channel (`socket.io-response#/#<uid>#`) instead of
  /// the shared one (responses to server_side_emit always use the shared one, as the
  /// reference's do).
  bool publish_on_specific_response_channel = false;
  /// First and longest delay between reconnection attempts to Redis.
  std::chrono::milliseconds reconnect_min{50};
  std::chrono::milliseconds reconnect_max{2000};
};

/// The adapter factory for ServerOptions::adapter: every namespace of the server shares one
/// pair of Redis connections (commands and subscriptions) on the server's event loop.
/// When Redis is unreachable the server keeps serving its own clients; what would have reached
/// other servers meanwhile is dropped and counted in the log (`DEBUG=corio:redis`), and
/// requests to other servers answer with this server alone. The connections come back by
/// themselves and resubscribe.
/// @code
/// App app;
/// app.set_io_options({.adapter = socketio::redis_adapter({.url = "redis://127.0.0.1:6379"})});
/// socketio::Server& io = app.io();   // io.emit(...) now reaches every server's clients
/// @endcode
AdapterFactory redis_adapter(RedisAdapterOptions options = {});

}  // namespace corio::socketio
