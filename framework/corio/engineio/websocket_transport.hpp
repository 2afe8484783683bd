#pragma once
/// @file WebSocketTransport: Engine.IO over one websocket — a text frame per text packet, a
/// binary frame per binary message; pre-encoded frames are shared between recipients.

#include <corio/engineio/transport.hpp>
#include <corio/ws/websocket.hpp>
#include <memory>

namespace corio::engineio {

/// The websocket transport of one session (or the probe of an upgrade).
class WebSocketTransport final : public Transport,
                                 public std::enable_shared_from_this<WebSocketTransport> {
 public:
  /// Wraps `socket`; `compress` sends through the socket's permessage-deflate instead of
  /// shared pre-encoded frames when the client negotiated it (packets marked compress(false)
  /// still go as shared frames). Call start() once the transport is owned by a shared_ptr.
  WebSocketTransport(TransportSink* sink, ws::WebSocket socket, bool compress);

  /// Subscribes to the socket's messages and close (the callbacks hold weak references: the
  /// connection may outlive the transport).
  void start();

  std::string_view name() const noexcept override { return "websocket"; }
  bool writable() const noexcept override { return true; }
  std::size_t buffered_amount() const noexcept override { return socket_.buffered_amount(); }
  void send(std::span<const SharedPacket> packets) override;
  bool close() override;

 private:
  void on_frame(ws::Message&& message);
  void on_socket_close(std::uint16_t code);

  ws::WebSocket socket_;
  bool compress_;
};

}  // namespace corio::engineio
