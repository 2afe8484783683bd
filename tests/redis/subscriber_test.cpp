#include <corio/redis/subscriber.hpp>

#include "redis/redis_test_util.hpp"

namespace corio::redis::test {
namespace {

using corio::test::RedisServer;

class RedisSubscriber : public RedisTest {
 protected:
  std::shared_ptr<Subscriber> make_subscriber() {
    return Subscriber::create(io.get_executor(), {.url = redis.url(), .name = "sub"},
                              [this](const Message& m) { received.push_back(m); });
  }
  long long count(const std::shared_ptr<Client>& client, std::vector<std::string> args) {
    const Result r = call(client, std::move(args));
    return r.reply.is_integer() ? r.reply.integer : r.reply.at(1).integer;
  }

  RedisServer redis;
  std::vector<Message> received;
};

TEST_F(RedisSubscriber, delivers_channel_messages_in_order_without_confirmations) {
  auto sub = make_subscriber();
  sub->subscribe("a");
  sub->subscribe("b");
  sub->start();
  ASSERT_FALSE(run(sub->ready()));
  auto client = connected_client(redis.url());
  for (int i = 0; i < 200; ++i) client->send({"PUBLISH", i % 2 ? "a" : "b", std::to_string(i)});
  ASSERT_TRUE(run_until([&] { return received.size() == 200; })) << received.size();
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(received[i].kind, Message::Kind::message);
    EXPECT_EQ(received[i].channel, i % 2 ? "a" : "b");
    EXPECT_EQ(received[i].payload, std::to_string(i));
  }
  sub->stop();
  client->stop();
}

TEST_F(RedisSubscriber, delivers_pattern_messages_with_their_pattern) {
  auto sub = make_subscriber();
  sub->psubscribe("news.*");
  sub->start();
  ASSERT_FALSE(run(sub->ready()));
  auto client = connected_client(redis.url());
  EXPECT_EQ(count(client, {"PUBSUB", "NUMPAT"}), 1);
  EXPECT_EQ(call(client, {"PUBLISH", "news.tech", "hi"}).reply.integer, 1);
  ASSERT_TRUE(run_until([&] { return received.size() == 1; }));
  EXPECT_EQ(received[0].kind, Message::Kind::pmessage);
  EXPECT_EQ(received[0].pattern, "news.*");
  EXPECT_EQ(received[0].channel, "news.tech");
  EXPECT_EQ(received[0].payload, "hi");
  sub->stop();
  client->stop();
}

TEST_F(RedisSubscriber, delivers_shard_messages_from_spublish) {
  auto sub = make_subscriber();
  sub->ssubscribe("socket.io#/#room#");
  sub->start();
  ASSERT_FALSE(run(sub->ready()));
  auto client = connected_client(redis.url());
  EXPECT_EQ(count(client, {"PUBSUB", "SHARDNUMSUB", "socket.io#/#room#"}), 1);
  EXPECT_TRUE(call(client, {"SPUBLISH", "socket.io#/#room#", std::string("\x93\0", 2)}).ok());
  ASSERT_TRUE(run_until([&] { return received.size() == 1; }));
  EXPECT_EQ(received[0].kind, Message::Kind::smessage);
  EXPECT_EQ(received[0].channel, "socket.io#/#room#");
  EXPECT_EQ(received[0].payload, std::string("\x93\0", 2));
  sub->stop();
  client->stop();
}

TEST_F(RedisSubscriber, stops_delivery_after_unsubscribe) {
  auto sub = make_subscriber();
  sub->subscribe("gone");
  sub->subscribe("kept");
  sub->psubscribe("p*");
  sub->ssubscribe("s");
  sub->start();
  ASSERT_FALSE(run(sub->ready()));
  sub->unsubscribe("gone");
  sub->punsubscribe("p*");
  sub->sunsubscribe("s");
  auto client = connected_client(redis.url());
  // The unsubscriptions travel on the subscriber's connection: wait until Redis counts them.
  ASSERT_TRUE(run_until([&] { return count(client, {"PUBSUB", "NUMSUB", "gone"}) == 0; }));
  ASSERT_TRUE(run_until([&] { return count(client, {"PUBSUB", "SHARDNUMSUB", "s"}) == 0; }));
  EXPECT_EQ(count(client, {"PUBSUB", "NUMPAT"}), 0);
  client->send({"PUBLISH", "gone", "1"});
  client->send({"PUBLISH", "pattern", "2"});
  client->send({"SPUBLISH", "s", "3"});
  client->send({"PUBLISH", "kept", "4"});
  ASSERT_TRUE(run_until([&] { return !received.empty(); }));
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].payload, "4");
  sub->stop();
  client->stop();
}

TEST_F(RedisSubscriber, is_ready_at_once_without_subscriptions_and_reports_state) {
  std::vector<bool> states;
  auto sub = make_subscriber();
  sub->on_state([&](bool up) { states.push_back(up); });
  sub->start();
  ASSERT_FALSE(run(sub->ready()));
  EXPECT_TRUE(sub->is_ready());
  sub->subscribe("later");
  EXPECT_FALSE(sub->is_ready());
  ASSERT_FALSE(run(sub->ready()));
  EXPECT_EQ(states, std::vector<bool>{true});
  sub->stop();
  EXPECT_EQ(run(sub->ready()), errc::stopped);
}

}  // namespace
}  // namespace corio::redis::test
