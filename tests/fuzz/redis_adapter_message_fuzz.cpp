// The Redis adapter's message decoders on arbitrary bytes: broadcasts (msgpack) and requests /
// responses (JSON text or msgpack). Nothing may crash, recurse without bound or throw out of
// them; what decodes re-encodes.
#include <corio/socketio/detail/redis_wire.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace wire = corio::socketio::detail::redis_wire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string why;
  if (auto broadcast = wire::decode_broadcast(bytes, &why)) {
    corio::socketio::Packet packet{corio::socketio::PacketType::event, broadcast->nsp, std::nullopt,
                                   broadcast->data};
    const std::string again = wire::encode_broadcast(broadcast->uid, packet, broadcast->options);
    if (!wire::decode_broadcast(again, &why)) __builtin_trap();  // what we write, we read
  }
  corio::json message;
  if (!wire::parse_message(bytes, message)) {
    try {
      (void)wire::selection_from(message.value("opts", corio::json()));
    } catch (const std::invalid_argument&) {
    }
    (void)wire::stringify(message);
  }
  return 0;
}
