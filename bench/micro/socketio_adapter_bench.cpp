// Broadcast through the in-memory adapter: one encoding, N deliveries (time per recipient).
#include <corio/socketio/adapter.hpp>

#include <benchmark/benchmark.h>

namespace {

using namespace corio::socketio;

class CountingHost : public AdapterHost {
 public:
  struct Prepared final : OutgoingPacket {
    EncodedPacket encoded;
  };
  std::shared_ptr<const OutgoingPacket> prepare(const Packet& packet, const BroadcastFlags&) override {
    auto out = std::make_shared<Prepared>();
    out->encoded = encode(packet);
    return out;
  }
  void deliver(const SocketId&, const OutgoingPacket& packet, const BroadcastFlags&) override {
    bytes += static_cast<const Prepared&>(packet).encoded.text.size();
  }
  std::size_t deliver_with_ack(const Packet&, const std::vector<SocketId>& ids,
                               const BroadcastFlags&, std::function<void(corio::json)>) override {
    return ids.size();
  }
  std::optional<SocketDetails> details(const SocketId&) const override { return std::nullopt; }
  void disconnect(const SocketId&, bool) override {}
  void server_side_event(corio::json, std::function<void(corio::json)>) override {}
  std::size_t bytes = 0;
};

void BM_adapter_broadcast_to_room(benchmark::State& state) {
  CountingHost host;
  InMemoryAdapter adapter(host);
  const int sockets = static_cast<int>(state.range(0));
  for (int i = 0; i < sockets; ++i) {
    SocketId id = "socket-" + std::to_string(i) + "-xxxxxxxxxx";
    adapter.add_all(id, {id, "room"});
  }
  const corio::json data = {{"sender", "alice"}, {"type", "room"}, {"data", "hello world"}};
  const Packet packet{PacketType::event, "/", std::nullopt, corio::json::array({"chat message", data})};
  const BroadcastOptions options{.rooms = {"room"}};
  for (auto _ : state) adapter.broadcast(packet, options);
  benchmark::DoNotOptimize(host.bytes);
  state.SetItemsProcessed(state.iterations() * sockets);  // deliveries
}
BENCHMARK(BM_adapter_broadcast_to_room)->Arg(1000)->Arg(10000);

}  // namespace
