#pragma once
/// @file Runner: the shards (one io_context per thread) and the process signals.

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace corio::net {

/// Owns the shards: N io_contexts, each run by one thread (shard 0 by the caller of run()).
/// A connection lives its whole life on one shard, so its handlers never race.
/// @code
/// Runner runner;                       // one shard, like Node
/// runner.on_signal([&] { server.stop(); });
/// runner.run();                        // returns when no work is left
/// @endcode
class Runner {
 public:
  /// Creates `shards` io_contexts (at least 1).
  explicit Runner(std::size_t shards = 1);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  /// Number of shards.
  std::size_t shards() const noexcept { return contexts_.size(); }
  /// The io_context of shard `i`.
  asio::io_context& context(std::size_t i = 0) { return *contexts_.at(i); }

  /// Calls `handler` on shard 0 at the first SIGINT/SIGTERM; the handler starts a graceful stop
  /// and calls stop() when done. A second signal stops every shard at once.
  void on_signal(std::function<void()> handler);
  /// Runs every shard until all run out of work (or stop()). Blocks.
  void run();
  /// Stops every shard at once; run() returns.
  void stop();

 private:
  void wait_signal();

  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::unique_ptr<asio::signal_set> signals_;
  std::function<void()> on_signal_;
  int signal_count_ = 0;
};

}  // namespace corio::net
