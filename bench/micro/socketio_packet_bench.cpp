// Encode/decode of a typical chat event, and of a binary event.
#include <corio/socketio/packet.hpp>

#include <benchmark/benchmark.h>

using namespace corio;
using namespace corio::socketio;

namespace {

const char* const kChat =
    R"(2["chat message",{"sender":"alice","recipient":"","command":"chat","type":"public",)"
    R"("data":"hello world","time":1732200000000,"id":"5f3c9a2e-7b1d-4c8e-9a6f-2d4b8e1c7a90"}])";

Packet chat_packet() {
  json msg = json::object();
  msg["sender"] = "alice";
  msg["recipient"] = "";
  msg["command"] = "chat";
  msg["type"] = "public";
  msg["data"] = "hello world";
  msg["time"] = 1732200000000;
  msg["id"] = "5f3c9a2e-7b1d-4c8e-9a6f-2d4b8e1c7a90";
  return {.data = json::array({"chat message", std::move(msg)})};
}

void encode_chat_event(benchmark::State& state) {
  const Packet packet = chat_packet();
  for (auto _ : state) benchmark::DoNotOptimize(encode(packet));
}
BENCHMARK(encode_chat_event);

void encode_chat_event_reusing_buffer(benchmark::State& state) {
  const Packet packet = chat_packet();
  EncodedPacket out;
  for (auto _ : state) {
    out.text.assign(1, '4');
    out.attachments.clear();
    encode(packet, out);
    benchmark::DoNotOptimize(out.text.data());
  }
}
BENCHMARK(encode_chat_event_reusing_buffer);

void decode_chat_event(benchmark::State& state) {
  Decoder decoder;
  Packet packet;
  for (auto _ : state) {
    benchmark::DoNotOptimize(decoder.feed_text(kChat, packet));
  }
}
BENCHMARK(decode_chat_event);

void binary_event_round_trip(benchmark::State& state) {
  const Packet packet{
      .data = json::array(
          {"upload", {{"name", "a.png"}}, json::binary(std::vector<std::uint8_t>(1024, 7))})};
  Decoder decoder;
  Packet out;
  for (auto _ : state) {
    const EncodedPacket e = encode(packet);
    decoder.feed_text(e.text, out);
    benchmark::DoNotOptimize(decoder.feed_binary(e.attachments[0], out));
  }
}
BENCHMARK(binary_event_round_trip);

}  // namespace
