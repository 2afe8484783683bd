#include <corio/core/debug.hpp>
#include <corio/net/runner.hpp>

#include <csignal>

namespace corio::net {
namespace {
const DebugLog log("corio:net");
}

Runner::Runner(std::size_t shards) {
  if (shards == 0) shards = 1;
  for (std::size_t i = 0; i < shards; ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
  }
  // Shards other than 0 wait for work that arrives from other threads.
  for (std::size_t i = 1; i < shards; ++i) guards_.emplace_back(contexts_[i]->get_executor());
}

Runner::~Runner() = default;

void Runner::on_signal(std::function<void()> handler) {
  on_signal_ = std::move(handler);
  if (!signals_) {
    signals_ = std::make_unique<asio::signal_set>(*contexts_[0], SIGINT, SIGTERM);
    wait_signal();
  }
}

void Runner::wait_signal() {
  signals_->async_wait([this](std::error_code ec, int signo) {
    if (ec) return;
    ++signal_count_;
    log("signal {} (#{})", signo, signal_count_);
    if (signal_count_ > 1) {
      stop();
      return;
    }
    // The handler starts the graceful stop and calls stop() when it is done; a second
    // signal meanwhile stops at once.
    wait_signal();
    if (on_signal_) on_signal_();
  });
}

void Runner::run() {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < contexts_.size(); ++i) {
    threads.emplace_back([ctx = contexts_[i].get()] { ctx->run(); });
  }
  contexts_[0]->run();
  for (auto& guard : guards_) guard.reset();
  for (auto& thread : threads) thread.join();
}

void Runner::stop() {
  if (signals_) {
    std::error_code ec;
    signals_->cancel(ec);
  }
  for (auto& ctx : contexts_) ctx->stop();
}

}  // namespace corio::net
