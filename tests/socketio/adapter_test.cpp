#include <corio/socketio/adapter.hpp>

#include <gtest/gtest.h>

#include <map>

namespace corio::socketio {
namespace {

/// Records deliveries and counts how many times a packet was prepared (encoded).
class RecordingHost : public AdapterHost {
 public:
  struct Prepared final : OutgoingPacket {
    std::string text;
  };
  std::shared_ptr<const OutgoingPacket> prepare(const Packet& packet, const BroadcastFlags&) override {
    ++prepared;
    auto out = std::make_shared<Prepared>();
    out->text = encode(packet).text;
    return out;
  }
  void deliver(const SocketId& id, const OutgoingPacket& packet, const BroadcastFlags&) override {
    delivered[id].push_back(static_cast<const Prepared&>(packet).text);
  }
  std::size_t deliver_with_ack(const Packet& packet, const std::vector<SocketId>& ids,
                               const BroadcastFlags&, std::function<void(json)> on_ack) override {
    for (const auto& id : ids) delivered[id].push_back(encode(packet).text);
    acks.push_back(std::move(on_ack));
    return ids.size();
  }
  std::optional<SocketDetails> details(const SocketId& id) const override {
    return SocketDetails{.id = id};
  }
  void disconnect(const SocketId& id, bool close) override { disconnected[id] = close; }
  void server_side_event(json data, std::function<void(json)>) override {
    server_events.push_back(std::move(data));
  }
  int prepared = 0;
  std::map<SocketId, std::vector<std::string>> delivered;
  std::vector<std::function<void(json)>> acks;
  std::map<SocketId, bool> disconnected;
  std::vector<json> server_events;
};

Packet event(std::string name) {
  return Packet{PacketType::event, "/", std::nullopt, json::array({std::move(name)})};
}

class InMemoryAdapterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    adapter.add_all("a", {"a", "room1"});
    adapter.add_all("b", {"b", "room1", "room2"});
    adapter.add_all("c", {"c", "room2"});
  }
  RecordingHost host;
  InMemoryAdapter adapter{host};
};

TEST_F(InMemoryAdapterTest, broadcast_without_rooms_reaches_every_socket) {
  adapter.broadcast(event("x"), {});
  EXPECT_EQ(host.delivered.size(), 3u);
}

TEST_F(InMemoryAdapterTest, broadcast_encodes_once_for_all_recipients) {
  adapter.broadcast(event("x"), {});
  EXPECT_EQ(host.prepared, 1);
}

TEST_F(InMemoryAdapterTest, union_of_rooms_delivers_each_socket_once) {
  adapter.broadcast(event("x"), {.rooms = {"room1", "room2"}});
  EXPECT_EQ(host.delivered.size(), 3u);
  for (const auto& [id, packets] : host.delivered) EXPECT_EQ(packets.size(), 1u) << id;
}

TEST_F(InMemoryAdapterTest, except_removes_sockets_in_the_excluded_rooms) {
  adapter.broadcast(event("x"), {.rooms = {"room1", "room2"}, .except = {"room2"}});
  ASSERT_EQ(host.delivered.size(), 1u);
  EXPECT_TRUE(host.delivered.count("a"));
}

TEST_F(InMemoryAdapterTest, except_own_id_is_the_broadcast_flag) {
  adapter.broadcast(event("x"), {.except = {"a"}});
  EXPECT_FALSE(host.delivered.count("a"));
  EXPECT_EQ(host.delivered.size(), 2u);
}

TEST_F(InMemoryAdapterTest, nobody_selected_means_nothing_encoded) {
  adapter.broadcast(event("x"), {.rooms = {"empty"}});
  EXPECT_EQ(host.prepared, 0);
  EXPECT_TRUE(host.delivered.empty());
}

TEST_F(InMemoryAdapterTest, del_removes_one_room_and_empty_rooms_disappear) {
  adapter.del("a", "room1");
  EXPECT_EQ(adapter.room_size("room1"), 1u);
  adapter.del("b", "room1");
  EXPECT_EQ(adapter.room_size("room1"), 0u);
  auto rooms = adapter.rooms();
  EXPECT_EQ(std::count(rooms.begin(), rooms.end(), "room1"), 0);
}

TEST_F(InMemoryAdapterTest, del_all_forgets_the_socket_everywhere) {
  adapter.del_all("b");
  EXPECT_TRUE(adapter.socket_rooms("b").empty());
  EXPECT_EQ(adapter.room_size("room2"), 1u);
  adapter.broadcast(event("x"), {});
  EXPECT_FALSE(host.delivered.count("b"));
}

TEST_F(InMemoryAdapterTest, sockets_lists_the_selection) {
  auto ids = adapter.sockets({.rooms = {"room2"}});
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<SocketId>{"b", "c"}));
}

TEST_F(InMemoryAdapterTest, socket_rooms_includes_own_id) {
  EXPECT_EQ(adapter.socket_rooms("b"), (std::set<Room>{"b", "room1", "room2"}));
}

TEST_F(InMemoryAdapterTest, add_sockets_joins_the_selected_sockets) {
  adapter.add_sockets({.rooms = {"room1"}}, {"room3", "room4"});
  EXPECT_EQ(adapter.room_size("room3"), 2u);
  EXPECT_EQ(adapter.room_size("room4"), 2u);
  EXPECT_FALSE(adapter.socket_rooms("c").contains("room3"));
}

TEST_F(InMemoryAdapterTest, del_sockets_leaves_rooms_for_the_selected_sockets_only) {
  adapter.del_sockets({.rooms = {"room2"}, .except = {"c"}}, {"room1", "room2"});
  EXPECT_EQ(adapter.socket_rooms("b"), (std::set<Room>{"b"}));
  EXPECT_EQ(adapter.socket_rooms("c"), (std::set<Room>{"c", "room2"}));
}

TEST_F(InMemoryAdapterTest, disconnect_sockets_asks_the_host_for_each_selected_socket) {
  adapter.disconnect_sockets({.rooms = {"room2"}}, true);
  EXPECT_EQ(host.disconnected, (std::map<SocketId, bool>{{"b", true}, {"c", true}}));
}

TEST_F(InMemoryAdapterTest, broadcast_with_ack_reports_one_server_and_its_client_count) {
  std::vector<std::size_t> counts;
  adapter.broadcast_with_ack(event("x"), {.rooms = {"room1"}}, std::chrono::milliseconds{100},
                             {.client_count = [&](std::size_t n) { counts.push_back(n); }, .ack = {}});
  EXPECT_EQ(counts, std::vector<std::size_t>{2});
  EXPECT_EQ(host.delivered.size(), 2u);
}

TEST_F(InMemoryAdapterTest, broadcast_with_ack_to_nobody_reports_zero_clients) {
  std::vector<std::size_t> counts;
  adapter.broadcast_with_ack(event("x"), {.rooms = {"nobody"}}, std::chrono::milliseconds{100},
                             {.client_count = [&](std::size_t n) { counts.push_back(n); }, .ack = {}});
  EXPECT_EQ(counts, std::vector<std::size_t>{0});
}

}  // namespace
}  // namespace corio::socketio
