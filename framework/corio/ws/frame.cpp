#include <corio/ws/frame.hpp>
#include <cstring>

namespace corio::ws {

bool is_valid_close_code(std::uint16_t code) noexcept {
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
}

FrameHeader encode_frame_header(Opcode opcode, std::uint64_t payload_size, bool fin,
                                bool rsv1) noexcept {
  FrameHeader h;
  auto* b = reinterpret_cast<unsigned char*>(h.bytes.data());
  b[0] = static_cast<unsigned char>((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) |
                                    static_cast<unsigned>(opcode));
  if (payload_size < 126) {
    b[1] = static_cast<unsigned char>(payload_size);
    h.size = 2;
  } else if (payload_size <= 0xFFFF) {
    b[1] = 126;
    b[2] = static_cast<unsigned char>(payload_size >> 8);
    b[3] = static_cast<unsigned char>(payload_size);
    h.size = 4;
  } else {
    b[1] = 127;
    for (int i = 0; i < 8; ++i) b[2 + i] = static_cast<unsigned char>(payload_size >> (56 - 8 * i));
    h.size = 10;
  }
  return h;
}

std::string encode_frame(Opcode opcode, std::string_view payload, bool fin, bool rsv1) {
  FrameHeader h = encode_frame_header(opcode, payload.size(), fin, rsv1);
  std::string out;
  out.reserve(h.size + payload.size());
  out.append(h.view());
  out.append(payload);
  return out;
}

std::string encode_close_payload(std::uint16_t code, std::string_view reason) {
  if (code == static_cast<std::uint16_t>(CloseCode::no_status)) return {};
  if (reason.size() > max_close_reason) {
    std::size_t cut = max_close_reason;
    // Back up over continuation bytes so the reason stays valid UTF-8.
    while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;
    reason = reason.substr(0, cut);
  }
  std::string out;
  out.reserve(2 + reason.size());
  out.push_back(static_cast<char>(code >> 8));
  out.push_back(static_cast<char>(code & 0xFF));
  out.append(reason);
  return out;
}

std::string encode_close_frame(std::uint16_t code, std::string_view reason) {
  return encode_frame(Opcode::close, encode_close_payload(code, reason));
}

void apply_mask(char* data, std::size_t size, std::array<unsigned char, 4> key,
                std::size_t offset) noexcept {
  unsigned char k[8];
  for (int i = 0; i < 8; ++i) k[i] = key[(static_cast<std::size_t>(i) + offset) % 4];
  std::uint64_t word;
  std::memcpy(&word, k, 8);
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t v;
    std::memcpy(&v, data + i, 8);
    v ^= word;
    std::memcpy(data + i, &v, 8);
  }
  for (; i < size; ++i) data[i] = static_cast<char>(data[i] ^ k[i % 8]);
}

}  // namespace corio::ws
