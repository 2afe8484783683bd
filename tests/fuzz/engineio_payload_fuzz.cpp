// Fuzzes the Engine.IO polling payload decoder: no crash, and any accepted payload re-encodes
// to itself (the polling encoding is canonical for strict input).
#include <corio/engineio/packet.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

using namespace corio::engineio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  std::vector<Packet> packets;
  if (decode_payload(payload, packets, {.max_packets = 1000})) return 0;
  // Unpadded base64 is accepted but re-encoded padded, so compare packets, not bytes.
  std::vector<Packet> again;
  if (decode_payload(encode_payload(packets), again, {.max_packets = 1000})) std::abort();
  if (again.size() != packets.size()) std::abort();
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (again[i].data != packets[i].data || again[i].type != packets[i].type ||
        again[i].binary != packets[i].binary) {
      std::abort();
    }
  }
  return 0;
}
