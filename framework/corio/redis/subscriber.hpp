#pragma once
/// @file Subscriber: one Redis connection in pub/sub mode (SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE)
/// that resubscribes everything after a reconnection.

#include <corio/core/task.hpp>
#include <corio/redis/detail/link.hpp>
#include <corio/redis/error.hpp>
#include <corio/redis/options.hpp>

#include <asio/any_io_executor.hpp>

#include <array>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <system_error>

namespace corio::redis {

/// One published message.
struct Message {
  enum class Kind {
    message,   ///< to a channel (SUBSCRIBE)
    pmessage,  ///< to a channel matching a pattern (PSUBSCRIBE); `pattern` says which
    smessage,  ///< to a shard channel (SSUBSCRIBE, Redis 7)
  };
  Kind kind = Kind::message;
  std::string pattern;  ///< the matching pattern of a pmessage, else empty
  std::string channel;
  std::string payload;  ///< binary-safe
};

/// A Redis connection in pub/sub mode. The Subscriber remembers the channels, patterns and
/// shard channels asked for, sends them on each (re)connection, and calls `on_message` for
/// each message in the order Redis sent them; confirmations (`["subscribe", ch, n]`, ...) are
/// consumed. Runs on one executor (call it only from there); reconnects like Client.
/// @code
/// auto sub = redis::Subscriber::create(executor, {.url = url, .name = "sub"},
///                                      [](const redis::Message& m) { use(m.channel, m.payload); });
/// sub->subscribe("socket.io-request#/#");
/// sub->psubscribe("socket.io#/#*");
/// sub->start();
/// if (auto ec = co_await sub->ready()) log("redis not ready: {}", ec.message());
/// sub->stop();
/// @endcode
class Subscriber : public std::enable_shared_from_this<Subscriber> {
 public:
  /// Throws std::invalid_argument for a bad options.url.
  static std::shared_ptr<Subscriber> create(asio::any_io_executor executor, ClientOptions options,
                                            std::function<void(const Message&)> on_message);
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  /// Starts connecting in the background; the Subscriber keeps itself alive until stop().
  void start();
  /// Closes the connection and ends every wait; no message is delivered afterwards.
  void stop();

  /// SUBSCRIBE channel (now when connected, and after each reconnection).
  void subscribe(std::string channel);
  /// UNSUBSCRIBE channel.
  void unsubscribe(std::string channel);
  /// PSUBSCRIBE pattern (glob-style).
  void psubscribe(std::string pattern);
  /// PUNSUBSCRIBE pattern.
  void punsubscribe(std::string pattern);
  /// SSUBSCRIBE shard channel.
  void ssubscribe(std::string channel);
  /// SUNSUBSCRIBE shard channel.
  void sunsubscribe(std::string channel);

  /// Waits until connected and every subscription asked for so far is confirmed by Redis:
  /// {} or errc::timed_out (after connect_timeout) / errc::stopped.
  Task<std::error_code> ready();
  /// True when connected and every subscription asked for is confirmed.
  bool is_ready() const noexcept;
  /// True when connected (subscriptions may still be in flight).
  bool connected() const noexcept { return link_.up(); }
  /// Called with true when connected and resubscribed, false when that connection is lost.
  void on_state(std::function<void(bool up)> fn) { on_state_ = std::move(fn); }

 private:
  enum Kind { channel_kind, pattern_kind, shard_kind, kinds };
  struct Set {
    std::set<std::string> wanted;     // asked for by the owner
    std::set<std::string> confirmed;  // confirmed by Redis on this connection
  };

  Subscriber(asio::any_io_executor executor, ClientOptions options,
             std::function<void(const Message&)> on_message);
  Task<> run(std::shared_ptr<Subscriber> self);
  void change(Kind kind, std::string name, bool add);
  void resubscribe();
  void on_reply(Reply&& reply);
  bool on_confirmation(const std::string& type, const Reply& reply);
  void dispatch(Message message);
  void check_ready();
  std::size_t lost();

  detail::Link link_;
  std::function<void(const Message&)> on_message_;
  std::function<void(bool)> on_state_;
  std::array<Set, kinds> sets_;
  detail::Waiters waiters_;
  bool announced_ = false;  // on_state(true) was called for this connection
  bool started_ = false;
};

}  // namespace corio::redis
