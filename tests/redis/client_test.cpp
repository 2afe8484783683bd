#include <corio/redis/client.hpp>

#include <corio/redis/subscriber.hpp>

#include <random>

#include "redis/redis_test_util.hpp"

namespace corio::redis::test {
namespace {

using corio::test::RedisServer;
using corio::test::RedisServerOptions;

class RedisClient : public RedisTest {
 protected:
  RedisServer redis{RedisServerOptions{.tcp = true}};
};

TEST_F(RedisClient, sets_and_gets_over_the_unix_socket) {
  auto client = connected_client(redis.url());
  EXPECT_TRUE(call(client, {"SET", "k", "v"}).reply.is_status());
  const Result r = call(client, {"GET", "k"});
  ASSERT_TRUE(r.ok()) << r.ec.message();
  EXPECT_EQ(r.reply.str, "v");
  EXPECT_TRUE(call(client, {"GET", "missing"}).reply.is_nil());
  client->stop();
}

TEST_F(RedisClient, sets_and_gets_over_tcp) {
  auto client = connected_client(redis.tcp_url());
  EXPECT_TRUE(call(client, {"SET", "k", "tcp"}).ok());
  EXPECT_EQ(call(client, {"GET", "k"}).reply.str, "tcp");
  client->stop();
}

TEST_F(RedisClient, pipelines_ten_thousand_incrs_with_replies_in_order) {
  auto client = connected_client(redis.url());
  constexpr int n = 10000;
  std::vector<Result> results(n);
  int done = 0;
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(io, client->command({"INCR", "counter"}), [&, i](std::exception_ptr, Result r) {
      results[i] = std::move(r);
      ++done;
    });
  }
  ASSERT_TRUE(run_until([&] { return done == n; }, 20s)) << done << " of " << n;
  for (int i = 0; i < n; ++i) {
    ASSERT_FALSE(results[i].ec) << i;
    ASSERT_EQ(results[i].reply.integer, i + 1) << i;
  }
  client->stop();
}

TEST_F(RedisClient, keeps_binary_payloads_intact) {
  auto client = connected_client(redis.tcp_url());
  std::string payload(1 << 20, '\0');
  std::minstd_rand random(7);
  for (char& c : payload) c = static_cast<char>(random());
  payload.replace(0, 5, std::string("\0\r\n$\xff", 5));
  ASSERT_TRUE(call(client, {"SET", std::string("bin\0key", 7), payload}).ok());
  const Result r = call(client, {"GET", std::string("bin\0key", 7)});
  ASSERT_TRUE(r.reply.is_string());
  EXPECT_TRUE(r.reply.str == payload);
  client->stop();
}

TEST_F(RedisClient, gives_an_error_reply_as_a_reply) {
  auto client = connected_client(redis.url());
  const Result r = call(client, {"NOSUCHCOMMAND", "x"});
  EXPECT_FALSE(r.ec);
  EXPECT_TRUE(r.reply.is_error());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.reply.str.rfind("ERR", 0), 0u) << r.reply.str;
  EXPECT_EQ(call(client, {"PING"}).reply.str, "PONG");  // the connection goes on
  client->stop();
}

TEST_F(RedisClient, fails_fast_when_not_connected) {
  auto client = Client::create(io.get_executor(), {.url = redis.url()});
  EXPECT_EQ(call(client, {"PING"}).ec, errc::not_connected);
  client->send({"PUBLISH", "ch", "x"});
  EXPECT_EQ(client->dropped(), 1u);
  client->stop();
  EXPECT_EQ(call(client, {"PING"}).ec, errc::stopped);
}

TEST_F(RedisClient, sends_publish_that_a_subscriber_receives_and_numsub_counts) {
  std::vector<std::string> received;
  auto sub = Subscriber::create(io.get_executor(), {.url = redis.url()},
                                [&](const Message& m) { received.push_back(m.payload); });
  sub->subscribe("news");
  sub->start();
  ASSERT_FALSE(run(sub->ready()));
  auto client = connected_client(redis.tcp_url());
  const Result numsub = call(client, {"PUBSUB", "NUMSUB", "news"});
  ASSERT_EQ(numsub.reply.elements.size(), 2u);
  EXPECT_EQ(numsub.reply.at(1).integer, 1);
  client->send({"PUBLISH", "news", "one"});
  client->send({"PUBLISH", "news", std::string("t\0o", 3)});
  ASSERT_TRUE(run_until([&] { return received.size() == 2; }));
  EXPECT_EQ(received[0], "one");
  EXPECT_EQ(received[1], std::string("t\0o", 3));
  EXPECT_EQ(client->dropped(), 0u);
  client->stop();
  sub->stop();
}

TEST_F(RedisClient, logs_in_with_auth_select_and_setname) {
  RedisServer secured{RedisServerOptions{.tcp = true, .extra_args = {"--requirepass", "s3cret"}}};
  const std::string url = "redis://:s3cret@127.0.0.1:" + std::to_string(secured.port()) + "/2";
  auto client = connected_client(url, {.name = "corio test"});
  EXPECT_EQ(call(client, {"CLIENT", "GETNAME"}).reply.str, "corio-test");
  const Result info = call(client, {"CLIENT", "INFO"});
  EXPECT_NE(info.reply.str.find(" db=2 "), std::string::npos) << info.reply.str;
  client->stop();
}

TEST_F(RedisClient, keeps_retrying_when_the_password_is_wrong) {
  RedisServer secured{RedisServerOptions{.tcp = true, .extra_args = {"--requirepass", "s3cret"}}};
  const std::string url = "redis://:wrong@127.0.0.1:" + std::to_string(secured.port());
  auto client = Client::create(io.get_executor(), {.url = url, .reconnect_max = 100ms});
  client->start();
  run_for(300ms);
  EXPECT_FALSE(client->connected());
  EXPECT_EQ(call(client, {"PING"}).ec, errc::not_connected);
  client->stop();
  EXPECT_TRUE(drains());
}

}  // namespace
}  // namespace corio::redis::test
