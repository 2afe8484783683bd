#include <fmt/format.h>

#include <corio/core/debug.hpp>
#include <corio/engineio/websocket_transport.hpp>

namespace corio::engineio {
namespace {

const DebugLog log("corio:engineio:websocket");

}  // namespace

WebSocketTransport::WebSocketTransport(TransportSink* sink, ws::WebSocket socket, bool compress)
    : Transport(sink), socket_(std::move(socket)), compress_(compress && socket_.compresses()) {}

void WebSocketTransport::start() {
  std::weak_ptr<WebSocketTransport> weak = weak_from_this();
  socket_.on_message([weak](ws::Message&& message) {
    if (auto self = weak.lock()) self->on_frame(std::move(message));
  });
  socket_.on_close([weak](std::uint16_t code, std::string_view) {
    if (auto self = weak.lock()) self->on_socket_close(code);
  });
}

void WebSocketTransport::send(std::span<const SharedPacket> packets) {
  for (const SharedPacket& packet : packets) {
    if (!compress_ || !packet.compress()) {
      socket_.send_frame(packet.frame());
    } else if (packet.is_binary()) {
      socket_.send_binary(packet.ws_payload());
    } else {
      socket_.send_text(packet.ws_payload());
    }
  }
}

bool WebSocketTransport::close() {
  detach();
  if (socket_.is_open()) socket_.close(1000);
  return true;
}

void WebSocketTransport::on_frame(ws::Message&& message) {
  TransportSink* s = sink();
  if (s == nullptr) return;
  if (!message.is_text()) {
    s->on_packet(*this, PacketView{PacketType::message, message.data, true});
    return;
  }
  PacketView packet;
  std::string scratch;
  if (const std::error_code ec = decode_text_packet(message.data, packet, scratch)) {
    log("parse error: {}", ec.message());
    s->on_transport_close(*this, "parse error", ec.message());
    return;
  }
  if (packet.type == PacketType::close) {
    s->on_transport_close(*this, "transport close", "client close");
    return;
  }
  s->on_packet(*this, packet);
}

void WebSocketTransport::on_socket_close(std::uint16_t code) {
  TransportSink* s = sink();
  if (s == nullptr) return;
  log("socket closed with {}", code);
  // A clean or abrupt end is a close; a protocol or limit violation is an error (as `ws`
  // reports an `error` before closing).
  const bool clean = code == 1000 || code == 1001 || code == 1005 || code == 1006;
  s->on_transport_close(*this, clean ? "transport close" : "transport error",
                        fmt::format("websocket closed with {}", code));
}

}  // namespace corio::engineio
