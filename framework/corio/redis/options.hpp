#pragma once
/// @file ClientOptions: how a Client or a Subscriber reaches Redis.

#include <corio/redis/reader.hpp>

#include <chrono>
#include <string>

namespace corio::redis {

/// Connection settings shared by Client and Subscriber (designated initializers welcome).
struct ClientOptions {
  /// `redis://[user:pass@]host[:port][/db]` or `unix:///path/redis.sock` (see parse_url).
  std::string url = "redis://127.0.0.1:6379";
  /// Bound on one connection attempt, AUTH/SELECT/SETNAME included, and on Subscriber::ready().
  std::chrono::milliseconds connect_timeout{2000};
  /// First delay before a reconnection attempt; doubles (with jitter) up to reconnect_max.
  std::chrono::milliseconds reconnect_min{50};
  std::chrono::milliseconds reconnect_max{2000};
  /// When > 0, a command without a reply after this long completes with errc::timed_out
  /// (the connection stays; its late reply is discarded).
  std::chrono::milliseconds command_timeout{0};
  /// Label in logs, and the connection name sent with CLIENT SETNAME (spaces become '-').
  std::string name{};
  /// Bounds on what Redis may send.
  ReaderLimits limits{};
};

}  // namespace corio::redis
