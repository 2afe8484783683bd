// Faults: Redis absent, killed, restarted, paused; stop() at awkward moments; malformed data.
#include <corio/redis/client.hpp>
#include <corio/redis/subscriber.hpp>

#include <asio/local/stream_protocol.hpp>
#include <asio/write.hpp>

#include "redis/redis_test_util.hpp"

namespace corio::redis::test {
namespace {

using corio::test::RedisServer;
using corio::test::RedisServerOptions;

class RedisFaults : public RedisTest {
 protected:
  ClientOptions fast(std::string url, std::string name = {}) {
    return {.url = std::move(url), .connect_timeout = 1000ms, .reconnect_min = 10ms,
            .reconnect_max = 100ms, .name = std::move(name)};
  }
  // Starts `n` commands; their results land in `results` as they complete.
  void start_commands(const std::shared_ptr<Client>& client, int n, std::vector<Result>& results,
                      int& done) {
    for (int i = 0; i < n; ++i) {
      asio::co_spawn(io, client->command({"INCR", "k"}), [&](std::exception_ptr, Result r) {
        results.push_back(std::move(r));
        ++done;
      });
    }
  }
};

TEST_F(RedisFaults, keeps_retrying_while_redis_is_absent_then_connects) {
  RedisServer redis{RedisServerOptions{.start = false}};
  auto client = Client::create(io.get_executor(), fast(redis.url()));
  client->start();
  run_for(200ms);
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(call(client, {"PING"}).ec, errc::not_connected);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 100ms);  // fails fast
  redis.start();
  ASSERT_FALSE(run(client->ready(), 3s));
  EXPECT_TRUE(call(client, {"SET", "k", "v"}).ok());
  client->stop();
  EXPECT_TRUE(drains());
}

TEST_F(RedisFaults, fails_pending_commands_when_redis_dies_and_reconnects_after_restart) {
  RedisServer redis;
  auto client = Client::create(io.get_executor(), fast(redis.url(), "pub"));
  std::vector<bool> states;
  client->on_state([&](bool up) { states.push_back(up); });
  client->start();
  ASSERT_FALSE(run(client->ready()));
  redis.pause();  // the commands stay pending
  std::vector<Result> results;
  int done = 0;
  start_commands(client, 100, results, done);
  run_for(50ms);
  EXPECT_EQ(done, 0);
  redis.kill();
  ASSERT_TRUE(run_until([&] { return done == 100; }));
  for (const Result& r : results) EXPECT_EQ(r.ec, errc::connection_lost);
  EXPECT_EQ(states, (std::vector<bool>{true, false}));
  EXPECT_FALSE(client->connected());
  redis.start();
  ASSERT_FALSE(run(client->ready(), 3s));
  EXPECT_EQ(call(client, {"INCR", "k"}).reply.integer, 1);  // a fresh server: no persistence
  EXPECT_EQ(states, (std::vector<bool>{true, false, true}));
  client->stop();
  EXPECT_TRUE(drains());
}

TEST_F(RedisFaults, subscriber_resubscribes_everything_after_a_restart) {
  RedisServer redis;
  std::vector<Message> received;
  std::vector<bool> states;
  auto sub = Subscriber::create(io.get_executor(), fast(redis.url(), "sub"),
                                [&](const Message& m) { received.push_back(m); });
  sub->on_state([&](bool up) { states.push_back(up); });
  sub->subscribe("ch");
  sub->psubscribe("pat.*");
  sub->ssubscribe("shard");
  sub->start();
  ASSERT_FALSE(run(sub->ready()));
  redis.kill();
  ASSERT_TRUE(run_until([&] { return !sub->connected(); }));
  sub->subscribe("ch2");  // asked for while down: sent on reconnection
  redis.start();
  ASSERT_FALSE(run(sub->ready(), 3s));
  EXPECT_EQ(states, (std::vector<bool>{true, false, true}));
  auto client = connected_client(redis.url());
  const Result numsub = call(client, {"PUBSUB", "NUMSUB", "ch", "ch2"});
  EXPECT_EQ(numsub.reply.describe(), "[\"ch\",1,\"ch2\",1]");
  EXPECT_EQ(call(client, {"PUBSUB", "NUMPAT"}).reply.integer, 1);
  EXPECT_EQ(call(client, {"PUBSUB", "SHARDNUMSUB", "shard"}).reply.at(1).integer, 1);
  client->send({"PUBLISH", "ch", "1"});
  client->send({"PUBLISH", "pat.x", "2"});
  client->send({"SPUBLISH", "shard", "3"});
  client->send({"PUBLISH", "ch2", "4"});
  ASSERT_TRUE(run_until([&] { return received.size() == 4; }));
  EXPECT_EQ(received[1].kind, Message::Kind::pmessage);
  EXPECT_EQ(received[2].kind, Message::Kind::smessage);
  EXPECT_EQ(received[3].payload, "4");
  sub->stop();
  client->stop();
  EXPECT_TRUE(drains());
}

TEST_F(RedisFaults, times_out_a_command_while_redis_is_paused_and_matches_later_replies) {
  RedisServer redis;
  ClientOptions options = fast(redis.url());
  options.command_timeout = 200ms;
  auto client = connected_client(redis.url(), options);
  redis.pause();
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(call(client, {"SET", "k", "late"}).ec, errc::timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
  redis.resume();
  // The late +OK belongs to the timed-out SET, not to this GET.
  const Result r = call(client, {"GET", "k"});
  ASSERT_TRUE(r.reply.is_string()) << r.reply.describe();
  EXPECT_EQ(r.reply.str, "late");
  client->stop();
  EXPECT_TRUE(drains());
}

TEST_F(RedisFaults, stop_fails_pending_commands_and_ends_every_coroutine) {
  RedisServer redis;
  auto client = connected_client(redis.url());
  redis.pause();
  std::vector<Result> results;
  int done = 0;
  start_commands(client, 50, results, done);
  run_for(30ms);
  client->stop();
  ASSERT_TRUE(run_until([&] { return done == 50; }));
  for (const Result& r : results) EXPECT_EQ(r.ec, errc::stopped);
  EXPECT_TRUE(drains());
}

TEST_F(RedisFaults, stop_while_connecting_to_a_paused_redis_does_not_hang) {
  RedisServer redis;
  redis.pause();  // accepts (kernel backlog) but never answers CLIENT SETNAME
  auto client = Client::create(io.get_executor(), fast(redis.url(), "stuck"));
  auto sub = Subscriber::create(io.get_executor(), fast(redis.url(), "stuck-sub"), {});
  sub->subscribe("x");
  client->start();
  sub->start();
  run_for(100ms);
  EXPECT_FALSE(client->connected());
  client->stop();
  sub->stop();
  EXPECT_TRUE(drains());
}

TEST_F(RedisFaults, bounds_each_connection_attempt_by_connect_timeout) {
  RedisServer redis;
  auto probe = connected_client(redis.url());
  auto connections = [&] {
    const std::string info = call(probe, {"INFO", "stats"}).reply.str;
    const auto at = info.find("total_connections_received:");
    return std::stoll(info.substr(at + 27));
  };
  const long long before = connections();
  redis.pause();
  ClientOptions options = fast(redis.url(), "slow");  // CLIENT SETNAME waits for an answer
  options.connect_timeout = 100ms;
  auto client = Client::create(io.get_executor(), options);
  client->start();
  run_for(500ms);
  EXPECT_FALSE(client->connected());
  redis.resume();
  ASSERT_FALSE(run(client->ready(), 3s));
  EXPECT_GE(connections() - before, 3);  // attempts given up on, then the one that worked
  client->stop();
  probe->stop();
  EXPECT_TRUE(drains());
}

TEST_F(RedisFaults, stop_while_waiting_to_reconnect_does_not_hang) {
  RedisServer redis{RedisServerOptions{.start = false}};
  auto client = Client::create(io.get_executor(), {.url = redis.url(), .reconnect_min = 1000ms,
                                                   .reconnect_max = 1000ms});
  client->start();
  run_for(50ms);
  const auto before = std::chrono::steady_clock::now();
  client->stop();
  EXPECT_TRUE(drains());
  EXPECT_LT(std::chrono::steady_clock::now() - before, 500ms);
}

TEST_F(RedisFaults, owners_may_drop_a_stopped_client_and_subscriber) {
  RedisServer redis;
  auto client = connected_client(redis.url());
  auto sub = Subscriber::create(io.get_executor(), {.url = redis.url()}, [](const Message&) {});
  sub->subscribe("x");
  sub->start();
  ASSERT_FALSE(run(sub->ready()));
  const std::weak_ptr<Client> weak_client = client;
  const std::weak_ptr<Subscriber> weak_sub = sub;
  client->stop();
  sub->stop();
  client.reset();
  sub.reset();
  EXPECT_TRUE(drains());
  EXPECT_TRUE(weak_client.expired());
  EXPECT_TRUE(weak_sub.expired());
}

// Not a Redis stand-in: a socket that answers with bytes no Redis sends, to check that the
// client drops such a connection and reconnects.
TEST_F(RedisFaults, drops_a_connection_that_sends_malformed_data_and_reconnects) {
  RedisServer redis{RedisServerOptions{.start = false}};  // only for its temporary directory
  const std::string path = redis.dir() + "/bad.sock";
  asio::local::stream_protocol::acceptor acceptor(io, asio::local::stream_protocol::endpoint(path));
  int accepted = 0;
  std::function<void()> accept_next = [&] {
    acceptor.async_accept([&](std::error_code ec, asio::local::stream_protocol::socket socket) {
      if (ec) return;
      ++accepted;
      auto s = std::make_shared<asio::local::stream_protocol::socket>(std::move(socket));
      asio::async_write(*s, asio::buffer(std::string_view("!garbage\r\n")),
                        [s](std::error_code, std::size_t) {});
      accept_next();
    });
  };
  accept_next();
  auto client = Client::create(io.get_executor(), fast("unix://" + path));
  client->start();
  EXPECT_TRUE(run_until([&] { return accepted >= 3; }, 5s)) << accepted;
  client->stop();
  acceptor.close();
  EXPECT_TRUE(drains());
}

}  // namespace
}  // namespace corio::redis::test
