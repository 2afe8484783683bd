// Fuzzes the Socket.IO decoder with a sequence of messages. The input is split on '\n'; a
// message starting with '\x01' is fed as binary (the marker removed), others as text. Every
// completed packet is re-encoded and must decode to the same packet.
#include <corio/socketio/packet.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace corio::socketio;

namespace {

void check_round_trip(const Packet& packet) {
  const EncodedPacket encoded = encode(packet);
  Decoder decoder;
  Packet out;
  FeedResult r = decoder.feed_text(encoded.text, out);
  for (const std::string& a : encoded.attachments) {
    if (r.error) break;
    r = decoder.feed_binary(a, out);
  }
  if (r.error || !r.complete) std::abort();
  // NaN-free by construction (JSON input), so value equality is exact.
  if (out.nsp != packet.nsp || out.id != packet.id || out.data != packet.data) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Decoder decoder({.max_attachments = 10, .max_depth = 32});
  Packet packet;
  while (true) {
    const std::size_t end = input.find('\n');
    std::string_view message = input.substr(0, end);
    const bool binary = !message.empty() && message[0] == '\x01';
    const FeedResult r = binary ? decoder.feed_binary(message.substr(1), packet)
                                : decoder.feed_text(message, packet);
    if (r.complete) check_round_trip(packet);
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return 0;
}
