// Encode/decode of a typical Redis-adapter broadcast, [uid, packet, opts], as notepack writes it.
#include <benchmark/benchmark.h>

#include <corio/core/msgpack.hpp>

using namespace corio;

namespace {

json broadcast() {
  json message = json::object();
  message["user"] = "alice";
  message["text"] = "hello world";
  message["at"] = 1700000000000;
  json packet = json::object();
  packet["type"] = 2;
  packet["data"] = json::array({"chat message", std::move(message)});
  packet["nsp"] = "/";
  json opts = json::object();
  opts["rooms"] = json::array({"room1"});
  opts["except"] = json::array();
  opts["flags"] = json::object();
  return json::array({"ABCDEF", std::move(packet), std::move(opts)});
}

void encode_broadcast(benchmark::State& state) {
  const json value = broadcast();
  for (auto _ : state) benchmark::DoNotOptimize(msgpack::encode(value));
}
BENCHMARK(encode_broadcast);

void encode_broadcast_reusing_buffer(benchmark::State& state) {
  const json value = broadcast();
  std::string out;
  for (auto _ : state) {
    out.clear();
    msgpack::encode(value, out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(encode_broadcast_reusing_buffer);

void decode_broadcast(benchmark::State& state) {
  const std::string bytes = msgpack::encode(broadcast());
  for (auto _ : state) {
    json value;
    benchmark::DoNotOptimize(msgpack::decode(bytes, value));
    benchmark::DoNotOptimize(value);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(decode_broadcast);

// For scale: nlohmann's own codec (float32 where lossless, no timestamps, no non-string keys).
void nlohmann_to_msgpack_broadcast(benchmark::State& state) {
  const json value = broadcast();
  for (auto _ : state) benchmark::DoNotOptimize(json::to_msgpack(value));
}
BENCHMARK(nlohmann_to_msgpack_broadcast);

void nlohmann_from_msgpack_broadcast(benchmark::State& state) {
  const std::vector<std::uint8_t> bytes = json::to_msgpack(broadcast());
  for (auto _ : state) benchmark::DoNotOptimize(json::from_msgpack(bytes));
}
BENCHMARK(nlohmann_from_msgpack_broadcast);

}  // namespace
