// Engine.IO polling payload of 10 packets (8 chat messages, a ping, a binary message).
#include <corio/engineio/packet.hpp>
#include <corio/engineio/sid.hpp>

#include <benchmark/benchmark.h>

#include <vector>

using namespace corio::engineio;

namespace {

std::vector<Packet> ten_packets() {
  std::vector<Packet> packets;
  for (int i = 0; i < 8; ++i) {
    packets.push_back({PacketType::message,
                       R"(2["chat message",{"sender":"alice","data":"hello world","n":)" +
                           std::to_string(i) + "}]",
                       false});
  }
  packets.push_back({PacketType::pong, "", false});
  packets.push_back({PacketType::message, std::string(64, '\x7f'), true});
  return packets;
}

void encode_payload_10(benchmark::State& state) {
  const auto packets = ten_packets();
  for (auto _ : state) benchmark::DoNotOptimize(encode_payload(packets));
}
BENCHMARK(encode_payload_10);

void decode_payload_10(benchmark::State& state) {
  const std::string payload = encode_payload(ten_packets());
  std::size_t bytes = 0;
  for (auto _ : state) {
    decode_payload(payload, [&](const PacketView& v) { bytes += v.data.size(); });
  }
  benchmark::DoNotOptimize(bytes);
}
BENCHMARK(decode_payload_10);

void decode_payload_10_to_vector(benchmark::State& state) {
  const std::string payload = encode_payload(ten_packets());
  std::vector<Packet> out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(decode_payload(payload, out));
  }
}
BENCHMARK(decode_payload_10_to_vector);

void generate_session_id(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(generate_sid());
}
BENCHMARK(generate_session_id);

}  // namespace
