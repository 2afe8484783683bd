#pragma once
/// @file Endpoint and parse_url(): where a Redis server is and how to log in. Pure.

#include <cstdint>
#include <string>
#include <string_view>

namespace corio::redis {

/// A Redis server: TCP host and port, or a unix socket path, plus credentials and database.
struct Endpoint {
  std::string host = "127.0.0.1";  ///< numeric IPv4/IPv6 address or "localhost"
  std::uint16_t port = 6379;
  std::string unix_path;  ///< when set, the unix socket to use instead of host:port
  std::string username;   ///< sent with AUTH (Redis 6 ACL) when a password is set
  std::string password;   ///< AUTH is sent when not empty
  int db = 0;             ///< SELECT is sent when not 0

  /// "unix:/path" or "host:port" (no credentials), for logs.
  std::string describe() const;
};

/// Parses a Redis URL:
/// - `redis://[user[:password]@]host[:port][/db][?db=N]` (host: a numeric address, `[v6]`,
///   or `localhost`: corio does no DNS lookups on its event loop);
/// - `unix:///path/to/redis.sock[?db=N]`.
/// User and password may be percent-encoded. Throws std::invalid_argument naming the URL and
/// what is wrong with it (other schemes such as `rediss://`, bad port, bad db, host names).
/// @code
/// Endpoint e = parse_url("redis://:secret@127.0.0.1:6380/2");  // port 6380, db 2
/// @endcode
Endpoint parse_url(std::string_view url);

}  // namespace corio::redis
