#pragma once
// detail::Link: the connection machinery Client and Subscriber share: connect (TCP or unix
// socket) with a deadline, AUTH/SELECT/CLIENT SETNAME, a reader and a batching writer, and
// reconnection with backoff until stop(). Runs on one executor; not thread-safe.

#include <corio/core/task.hpp>
#include <corio/redis/options.hpp>
#include <corio/redis/reader.hpp>
#include <corio/redis/url.hpp>

#include <asio/generic/stream_protocol.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <system_error>
#include <vector>

namespace corio::redis::detail {

/// Coroutines waiting for a condition, each with its own deadline.
class Waiters {
 public:
  /// Waits until `ready()` holds ({}), `timeout` passes (errc::timed_out), cancel_all()
  /// (errc::stopped), or the caller is cancelled (operation_aborted).
  Task<std::error_code> wait(asio::any_io_executor executor, std::function<bool()> ready,
                             std::chrono::milliseconds timeout);
  /// Wakes every waiter to check its condition again.
  void notify();
  /// Ends every wait, now and later, with errc::stopped.
  void cancel_all();

 private:
  std::vector<std::shared_ptr<asio::steady_timer>> timers_;
  bool cancelled_ = false;
};

class Link {
 public:
  /// What the owner does at each step; called on the executor, from run().
  struct Hooks {
    std::function<void()> up;                        // connected and logged in
    std::function<void(Reply&&)> reply;              // each reply after the login
    std::function<std::size_t(std::error_code)> down;  // lost: returns how many commands failed
  };

  /// Throws std::invalid_argument for a bad URL.
  Link(asio::any_io_executor executor, ClientOptions options, Hooks hooks);

  /// Connects, serves, reconnects with backoff; returns after stop(). The owner runs it in a
  /// coroutine that holds the owner alive.
  Task<> run();
  /// Closes the connection and cancels every wait; run() then returns. Idempotent.
  void stop();
  /// Queues RESP bytes for the next write (all queued bytes go out in one write). Only up().
  void write(std::string_view wire);

  /// Connected and logged in.
  bool up() const noexcept { return up_; }
  bool stopped() const noexcept { return stopped_; }
  const std::string& label() const noexcept { return label_; }
  const ClientOptions& options() const noexcept { return options_; }
  const asio::any_io_executor& executor() const noexcept { return executor_; }

 private:
  using socket_type = asio::generic::stream_protocol::socket;

  Task<std::error_code> connect();
  Task<std::error_code> open_and_login();
  Task<std::error_code> login();
  Task<std::error_code> read_reply(Reply& out);
  Task<std::error_code> serve();
  Task<std::error_code> read_loop();
  Task<std::error_code> write_loop();
  Task<> sleep(std::chrono::milliseconds delay);
  std::chrono::milliseconds jittered(std::chrono::milliseconds delay);
  void close() noexcept;

  asio::any_io_executor executor_;
  ClientOptions options_;
  Hooks hooks_;
  Endpoint endpoint_;
  asio::generic::stream_protocol::endpoint target_;
  std::string label_;
  socket_type socket_;
  Reader reader_;
  std::vector<char> buffer_;
  std::string out_;      // queued while a write is in flight
  std::string writing_;  // the write in flight
  asio::steady_timer wake_;      // the idle writer waits on it; write() cancels it
  asio::steady_timer deadline_;  // bounds one connection attempt
  asio::steady_timer backoff_;
  std::minstd_rand random_;
  bool up_ = false;
  bool stopped_ = false;
  bool writer_idle_ = false;
};

}  // namespace corio::redis::detail
