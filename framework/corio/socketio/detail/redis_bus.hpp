#pragma once
// The Redis connections of one Socket.IO server, shared by its namespaces' Redis adapters:
// one connection for commands and PUBLISH, one in subscribe mode, both on the server's event
// loop; incoming messages are routed to the adapter that subscribed to their channel.

#include <corio/core/task.hpp>
#include <corio/redis/client.hpp>
#include <corio/redis/subscriber.hpp>
#include <corio/socketio/redis_adapter.hpp>

#include <asio/any_io_executor.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace corio::socketio::detail {

/// What a subscribing adapter receives: (channel, payload).
using BusHandler = std::function<void(const std::string& channel, const std::string& payload)>;

class RedisBus : public std::enable_shared_from_this<RedisBus> {
 public:
  /// Connections to options.url on `executor`; nothing happens until the first subscribe.
  static std::shared_ptr<RedisBus> create(asio::any_io_executor executor,
                                          const RedisAdapterOptions& options);
  RedisBus(const RedisBus&) = delete;
  RedisBus& operator=(const RedisBus&) = delete;
  ~RedisBus();

  /// PSUBSCRIBE `pattern`, its messages to `handler` (until unsubscribe).
  void psubscribe(const std::string& pattern, BusHandler handler);
  /// SUBSCRIBE `channel`, its messages to `handler`.
  void subscribe(const std::string& channel, BusHandler handler);
  /// Drops a pattern or a channel; the connections stop when nothing is left.
  void unsubscribe(const std::string& pattern_or_channel);
  /// PUBLISH, without waiting; dropped (and counted, logged) when Redis is not reachable.
  void publish(const std::string& channel, std::string payload);
  /// PUBSUB NUMSUB of `channel`; 1 (this server alone) when Redis does not answer.
  Task<std::size_t> numsub(const std::string& channel);
  /// The event loop of the connections.
  const asio::any_io_executor& executor() const noexcept { return executor_; }

 private:
  RedisBus(asio::any_io_executor executor, const RedisAdapterOptions& options);
  void start();
  void stop();
  void dispatch(const redis::Message& message);

  asio::any_io_executor executor_;
  redis::ClientOptions connection_;
  std::shared_ptr<redis::Client> pub_;
  std::shared_ptr<redis::Subscriber> sub_;
  std::map<std::string, BusHandler, std::less<>> patterns_;
  std::map<std::string, BusHandler, std::less<>> channels_;
  std::uint64_t dropped_reported_ = 0;
};

}  // namespace corio::socketio::detail
