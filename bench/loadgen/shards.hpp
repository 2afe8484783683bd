#pragma once
/// @file The worker threads (one Shard each) and the per-shard set of clients that opens its
/// connections with bounded concurrency. The main thread steers them by posting to each shard
/// and polling the atomic Progress counters.

#include <asio/executor_work_guard.hpp>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "client.hpp"
#include "histogram.hpp"

namespace corio::loadgen {

/// Monotonic clock in nanoseconds (one clock for every thread of the process).
std::int64_t now_ns() noexcept;

/// Set by SIGINT; every wait of the main thread gives up when it is set.
extern std::atomic<bool> interrupted;

/// Counters the shards update and the main thread reads.
struct Progress {
  std::atomic<std::size_t> connected{0};     ///< Socket.IO CONNECT accepted
  std::atomic<std::size_t> failed{0};        ///< connect/handshake failures
  std::atomic<std::size_t> dropped{0};       ///< connected clients closed by the server
  std::atomic<std::size_t> ready{0};         ///< scenario setup done (e.g. joined the room)
  std::atomic<std::size_t> setup_failed{0};  ///< scenario setup refused by the server
};

/// Threads each running one Shard's io_context until stop().
class ShardPool {
 public:
  /// Starts `threads` shards.
  explicit ShardPool(unsigned threads);
  ~ShardPool();
  ShardPool(const ShardPool&) = delete;
  ShardPool& operator=(const ShardPool&) = delete;

  /// Shard `i`.
  Shard& shard(unsigned i) { return *shards_[i]; }
  /// Number of shards.
  unsigned size() const noexcept { return static_cast<unsigned>(shards_.size()); }
  /// Runs `fn(i)` on every shard's thread (asynchronously).
  void post_each(const std::function<void(unsigned)>& fn);
  /// Lets the io_contexts finish their work, forces them after `grace_s`, joins the threads.
  void stop(double grace_s = 3);

 private:
  using Guard = asio::executor_work_guard<asio::io_context::executor_type>;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<std::unique_ptr<Guard>> guards_;
  std::vector<std::thread> threads_;
  std::atomic<unsigned> finished_{0};
};

/// Polls `done` every 2 ms until it holds (true), `timeout_s` passes or SIGINT (false).
bool wait_until(const std::function<bool()>& done, double timeout_s);

/// A shard's clients: opens them with at most `concurrency` handshakes in flight, counts them
/// in Progress, records connect latency, and hands their traffic to the scenario's hooks.
class ShardClients : public ClientListener {
 public:
  /// Clients of `shard` connecting to `target`, from `sources` round robin.
  ShardClients(Shard& shard, const Target& target, std::vector<asio::ip::address> sources,
               Progress& progress, std::size_t concurrency);

  /// Opens `count` clients (call on the shard thread).
  void start(std::size_t count);
  /// Closes every client (call on the shard thread); later closes are not counted as drops.
  void close_all();
  /// Time from starting a connect to Socket.IO CONNECT, per connected client.
  const Histogram& connect_latency() const noexcept { return connect_latency_; }
  /// First reason a client failed, "" when none did.
  const std::string& first_failure() const noexcept { return first_failure_; }

 protected:
  /// Called once a client is connected.
  virtual void ready(Client&) {}
  /// Called for every Socket.IO event or ack of a connected client.
  virtual void packet(Client&, const Incoming&) {}

  Shard& shard_;                                  ///< the shard the clients live on
  Progress& progress_;                            ///< shared counters
  std::vector<std::unique_ptr<Client>> clients_;  ///< by local index
  bool closing_ = false;                          ///< close_all() was called

 private:
  void on_connected(Client& client) final;
  void on_failed(Client& client, const char* reason) final;
  void on_closed(Client& client) final;
  void on_packet(Client& client, const Incoming& packet) final { this->packet(client, packet); }
  void launch_more();

  Target target_;
  std::vector<asio::ip::address> sources_;
  std::size_t concurrency_;
  std::size_t wanted_ = 0;
  std::size_t in_flight_ = 0;
  std::vector<std::int64_t> started_at_;
  Histogram connect_latency_;
  std::string first_failure_;
};

}  // namespace corio::loadgen
