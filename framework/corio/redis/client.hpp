#pragma once
/// @file Client: pipelined Redis commands over one connection that reconnects by itself.

#include <corio/core/task.hpp>
#include <corio/redis/detail/link.hpp>
#include <corio/redis/error.hpp>
#include <corio/redis/options.hpp>
#include <corio/redis/reply.hpp>

#include <asio/any_io_executor.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace corio::redis {

/// The outcome of one command: `ec` is set when no reply came (errc::not_connected,
/// errc::connection_lost, errc::stopped, errc::timed_out); otherwise `reply` holds what Redis
/// answered, which may itself be an error reply (`reply.is_error()`).
struct Result {
  std::error_code ec;
  Reply reply;

  /// True when a reply came and it is not an error reply.
  bool ok() const noexcept { return !ec && !reply.is_error(); }
};

/// A Redis connection for commands, pipelined: any number of commands may be in flight, their
/// replies are matched in order. Commands queued while a write is in flight go out together in
/// the next write. The client connects in the background and reconnects with exponential
/// backoff (reconnect_min doubling to reconnect_max, jittered) until stop(); on connection loss
/// the commands in flight complete with errc::connection_lost. Everything runs on the given
/// executor (one event loop thread): call it only from there. Hosts are numeric addresses or
/// `localhost` (no DNS lookup blocks the loop).
/// @code
/// auto redis = redis::Client::create(executor, {.url = "unix:///run/redis.sock", .name = "app"});
/// redis->start();
/// co_await redis->ready();
/// redis::Result r = co_await redis->command({"INCR", "hits"});
/// if (r.ok()) log("hits: {}", r.reply.integer);
/// redis->send({"PUBLISH", "news", "hello"});  // fire and forget
/// redis->stop();                              // then the last shared_ptr may go
/// @endcode
class Client : public std::enable_shared_from_this<Client> {
 public:
  /// Throws std::invalid_argument for a bad options.url.
  static std::shared_ptr<Client> create(asio::any_io_executor executor, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Starts connecting in the background. The client keeps itself alive until stop().
  void start();
  /// Closes the connection, fails what is pending with errc::stopped, ends the reconnect loop.
  void stop();

  /// Sends one command and waits for its reply. Fails at once with errc::not_connected when
  /// there is no connection right now (no queueing across reconnects).
  Task<Result> command(std::vector<std::string> args);
  /// Sends one command without waiting (e.g. PUBLISH); an error reply is logged. Dropped and
  /// counted in dropped() when not connected.
  void send(std::vector<std::string> args);
  /// Waits until connected (bounded by connect_timeout): {} or errc::timed_out / stopped.
  Task<std::error_code> ready();

  /// True when connected and logged in.
  bool connected() const noexcept { return link_.up(); }
  /// Commands send() dropped because there was no connection.
  std::uint64_t dropped() const noexcept { return dropped_; }
  /// Called with true on each connection (after AUTH/SELECT/SETNAME), false on each loss.
  void on_state(std::function<void(bool up)> fn) { on_state_ = std::move(fn); }

 private:
  struct Pending;

  Client(asio::any_io_executor executor, ClientOptions options);
  Task<> run(std::shared_ptr<Client> self);
  void on_reply(Reply&& reply);
  std::size_t fail_pending(std::error_code ec);

  detail::Link link_;
  std::deque<std::shared_ptr<Pending>> pending_;  // in send order; null: fire and forget
  detail::Waiters waiters_;
  std::function<void(bool)> on_state_;
  std::uint64_t dropped_ = 0;
  bool started_ = false;
};

}  // namespace corio::redis
