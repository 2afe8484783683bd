#include <corio/engineio/base64.hpp>
#include <corio/engineio/shared_packet.hpp>
#include <corio/ws/frame.hpp>

namespace corio::engineio {

SharedPacket SharedPacket::control(PacketType type, std::string_view data) {
  const ws::FrameHeader header = ws::encode_frame_header(ws::Opcode::text, data.size() + 1);
  std::string frame;
  frame.reserve(header.size + 1 + data.size());
  frame.append(header.view());
  frame.push_back(static_cast<char>(type));
  frame.append(data);
  return SharedPacket(SharedBuffer(std::move(frame)), header.size, type, false);
}

SharedPacket SharedPacket::message(std::string_view text) {
  return control(PacketType::message, text);
}

SharedPacket SharedPacket::binary(std::string_view bytes) {
  const ws::FrameHeader header = ws::encode_frame_header(ws::Opcode::binary, bytes.size());
  std::string frame;
  frame.reserve(header.size + bytes.size());
  frame.append(header.view());
  frame.append(bytes);
  return SharedPacket(SharedBuffer(std::move(frame)), header.size, PacketType::message, true);
}

void SharedPacket::append_polling(std::string& out) const {
  if (!binary_) {
    out.append(ws_payload());
    return;
  }
  out.push_back('b');
  base64_append(out, ws_payload());
}

std::size_t SharedPacket::polling_size() const noexcept {
  const std::size_t n = ws_payload().size();
  return binary_ ? 1 + (n + 2) / 3 * 4 : n;
}

}  // namespace corio::engineio
