#include "shards.hpp"

#include <asio/co_spawn.hpp>
#include <asio/post.hpp>
#include <chrono>
#include <corio/core/spawn.hpp>
#include <random>

namespace corio::loadgen {

std::atomic<bool> interrupted{false};

std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

ShardPool::ShardPool(unsigned threads) {
  std::random_device seed_source;
  for (unsigned i = 0; i < threads; ++i) {
    const std::uint64_t seed = (std::uint64_t{seed_source()} << 32) ^ seed_source();
    shards_.push_back(std::make_unique<Shard>(i, seed));
    guards_.push_back(std::make_unique<Guard>(shards_.back()->io.get_executor()));
  }
  for (unsigned i = 0; i < threads; ++i) {
    threads_.emplace_back([this, i] {
      shards_[i]->io.run();
      finished_.fetch_add(1);
    });
  }
}

ShardPool::~ShardPool() { stop(0); }

void ShardPool::post_each(const std::function<void(unsigned)>& fn) {
  for (unsigned i = 0; i < size(); ++i) asio::post(shards_[i]->io, [fn, i] { fn(i); });
}

void ShardPool::stop(double grace_s) {
  guards_.clear();
  const auto all_done = [this] { return finished_.load() == threads_.size(); };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(grace_s);
  while (!all_done() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  for (auto& shard : shards_) shard->io.stop();  // whatever is left (e.g. a stuck close)
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

bool wait_until(const std::function<bool()>& done, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (!done()) {
    if (interrupted.load() || std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

ShardClients::ShardClients(Shard& shard, const Target& target,
                           std::vector<asio::ip::address> sources, Progress& progress,
                           std::size_t concurrency)
    : shard_(shard),
      progress_(progress),
      target_(target),
      sources_(std::move(sources)),
      concurrency_(concurrency == 0 ? 1 : concurrency) {}

void ShardClients::start(std::size_t count) {
  wanted_ = count;
  clients_.reserve(count);
  started_at_.reserve(count);
  launch_more();
}

void ShardClients::launch_more() {
  while (!closing_ && in_flight_ < concurrency_ && clients_.size() < wanted_) {
    const auto local = static_cast<std::uint32_t>(clients_.size());
    clients_.push_back(std::make_unique<Client>(shard_, *this, local));
    started_at_.push_back(now_ns());
    ++in_flight_;
    // Round robin over the source addresses (each gives ~28k ephemeral ports).
    const asio::ip::address source = sources_[(local + shard_.index) % sources_.size()];
    asio::co_spawn(shard_.io, clients_.back()->run(target_, source), log_failure("loadgen client"));
  }
}

void ShardClients::on_connected(Client& client) {
  --in_flight_;
  connect_latency_.record(now_ns() - started_at_[client.index()]);
  progress_.connected.fetch_add(1, std::memory_order_relaxed);
  ready(client);
  launch_more();
}

void ShardClients::on_failed(Client&, const char* reason) {
  --in_flight_;
  if (!closing_) {
    if (first_failure_.empty()) first_failure_ = reason;
    progress_.failed.fetch_add(1, std::memory_order_relaxed);
  }
  launch_more();
}

void ShardClients::on_closed(Client&) {
  if (!closing_) progress_.dropped.fetch_add(1, std::memory_order_relaxed);
}

void ShardClients::close_all() {
  closing_ = true;
  for (auto& client : clients_) client->close();
}

}  // namespace corio::loadgen
