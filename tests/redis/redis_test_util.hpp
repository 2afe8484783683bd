#pragma once
// Helpers for the Redis client tests: a fixture with one io_context, running coroutines and
// conditions on it with a bound in time (a test never hangs).

#include <corio/core/task.hpp>
#include <corio/redis/client.hpp>
#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <optional>

#include "support/redis_server.hpp"

namespace corio::redis::test {

using namespace std::chrono_literals;

class RedisTest : public ::testing::Test {
 protected:
  /// Runs the io_context until `done()` or `limit`; returns done().
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io.restart();
      io.run_for(5ms);
    }
    return done();
  }
  /// Runs the io_context for `d` (the clients' background work goes on).
  void run_for(std::chrono::milliseconds d) {
    const auto deadline = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < deadline) {
      io.restart();
      io.run_for(5ms);
    }
  }
  /// Runs `task` to completion (bounded); fails the test when it does not finish.
  template <typename T>
  T run(Task<T> task, std::chrono::milliseconds limit = 10s) {
    std::optional<T> result;
    asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
      if (e) std::rethrow_exception(e);
      result = std::move(value);
    });
    if (!run_until([&] { return result.has_value(); }, limit)) {
      ADD_FAILURE() << "task did not finish in " << limit.count() << " ms";
      return T{};
    }
    return std::move(*result);
  }
  /// One command, run to completion.
  Result call(const std::shared_ptr<Client>& client, std::vector<std::string> args) {
    return run(client->command(std::move(args)));
  }
  /// A started client, connected (fails the test otherwise).
  std::shared_ptr<Client> connected_client(std::string url, ClientOptions options = {}) {
    options.url = std::move(url);
    auto client = Client::create(io.get_executor(), options);
    client->start();
    EXPECT_FALSE(run(client->ready())) << "client did not connect";
    return client;
  }
  /// Runs the io_context until it has no work left (every coroutine ended); bounded.
  bool drains(std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    io.restart();
    while (std::chrono::steady_clock::now() < deadline) {
      if (io.run_for(5ms) == 0 && io.stopped()) return true;
      io.restart();
    }
    return false;
  }

  asio::io_context io;
};

}  // namespace corio::redis::test
