// Micro-benchmarks of the ws pure core: frame encoding, in-place decoding, UTF-8 validation.
#include <benchmark/benchmark.h>

#include <corio/ws/deflate.hpp>
#include <corio/ws/frame.hpp>
#include <corio/ws/frame_decoder.hpp>
#include <corio/ws/utf8.hpp>
#include <string>

namespace {

using namespace corio::ws;

struct Sink : FrameHandler {
  std::size_t bytes = 0;
  void on_message(Opcode, std::string_view p, bool) override { bytes += p.size(); }
  void on_ping(std::string_view) override {}
  void on_pong(std::string_view) override {}
  void on_close(std::uint16_t, std::string_view) override {}
};

// A masked client frame with an all-zero key: unmasking leaves the bytes as they were, so the
// same buffer is decoded again each iteration while doing the full XOR work.
std::string zero_key_frame(Opcode op, const std::string& payload) {
  FrameHeader h = encode_frame_header(op, payload.size());
  std::string wire(h.view());
  wire[1] = static_cast<char>(wire[1] | 0x80);
  wire.append(4, '\0');
  return wire + payload;
}

void bm_encode_text_frame_100(benchmark::State& state) {
  std::string payload(100, 'x');
  for (auto _ : state) benchmark::DoNotOptimize(encode_frame(Opcode::text, payload));
  state.SetBytesProcessed(state.iterations() * 100);
}
BENCHMARK(bm_encode_text_frame_100);

void bm_encode_frame_header(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(encode_frame_header(Opcode::text, 100));
}
BENCHMARK(bm_encode_frame_header);

void bm_decode_masked_text(benchmark::State& state) {
  std::string wire = zero_key_frame(Opcode::text, std::string(state.range(0), 'a'));
  FrameDecoder decoder;
  Sink sink;
  for (auto _ : state) {
    benchmark::DoNotOptimize(decoder.decode(wire.data(), wire.size(), sink));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(wire.size()));
}
BENCHMARK(bm_decode_masked_text)->Arg(100)->Arg(16 * 1024);

void bm_decode_masked_binary(benchmark::State& state) {
  std::string wire = zero_key_frame(Opcode::binary, std::string(state.range(0), 'a'));
  FrameDecoder decoder;
  Sink sink;
  for (auto _ : state) {
    benchmark::DoNotOptimize(decoder.decode(wire.data(), wire.size(), sink));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(wire.size()));
}
BENCHMARK(bm_decode_masked_binary)->Arg(100)->Arg(16 * 1024);

void bm_utf8(benchmark::State& state, std::string unit) {
  std::string text;
  while (text.size() < 16 * 1024) text += unit;
  text.resize(16 * 1024);
  while (!is_valid_utf8(text)) text.pop_back();  // don't end mid-sequence
  for (auto _ : state) benchmark::DoNotOptimize(is_valid_utf8(text));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK_CAPTURE(bm_utf8, ascii_16k, std::string("hello world, plain ascii text. "));
BENCHMARK_CAPTURE(bm_utf8, mixed_16k,
                  std::string("h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac \xf0\x9f\x98\x80 "));

void bm_deflate_1k(benchmark::State& state) {
  std::string msg;
  while (msg.size() < 1024) msg += "{\"event\":\"chat message\",\"room\":\"lobby\",\"n\":42} ";
  Deflater deflater(15, state.range(0) != 0);
  deflater.keep_stream(state.range(0) == 2);
  for (auto _ : state) benchmark::DoNotOptimize(deflater.compress(msg));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(msg.size()));
}
// 0: context takeover, 1: none (stream freed per message), 2: none (stream reset).
BENCHMARK(bm_deflate_1k)->Arg(0)->Arg(1)->Arg(2);

}  // namespace
