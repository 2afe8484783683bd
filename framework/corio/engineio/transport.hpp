#pragma once
/// @file Transport: the seam between a session and the way its packets travel (HTTP long-polling
/// or WebSocket). A session owns one active transport and, during an upgrade, one probe; it
/// swaps them without losing or reordering a packet because packets wait in the session's
/// write buffer until a transport is writable.

#include <corio/engineio/packet.hpp>
#include <corio/engineio/shared_packet.hpp>
#include <span>
#include <string_view>

namespace corio::engineio {

class Transport;

/// What a transport reports to its session (called on the session's shard).
class TransportSink {
 public:
  virtual ~TransportSink() = default;
  /// A decoded packet arrived (a `close` packet is reported as on_transport_close instead).
  virtual void on_packet(Transport& from, const PacketView& packet) = 0;
  /// The transport can take packets now (a poll arrived).
  virtual void on_writable(Transport& from) = 0;
  /// The transport ended: `reason` is "transport close", "transport error" or "parse error".
  virtual void on_transport_close(Transport& from, std::string_view reason,
                                  std::string_view description) = 0;
};

/// One way of carrying packets. Implementations: PollingTransport, WebSocketTransport.
class Transport {
 public:
  virtual ~Transport() = default;
  /// "polling" or "websocket".
  virtual std::string_view name() const noexcept = 0;
  /// True when send() would deliver now (polling: a GET is waiting).
  virtual bool writable() const noexcept = 0;
  /// Bytes handed to the transport and not yet written (0 when it cannot tell).
  virtual std::size_t buffered_amount() const noexcept { return 0; }
  /// Delivers packets in order; only called when writable().
  virtual void send(std::span<const SharedPacket> packets) = 0;
  /// Orderly close. Returns true when closed at once (websocket: close frame sent; polling: a
  /// waiting GET answered with `1`); false when polling has no GET waiting: the next one gets
  /// `1`, and the sink then hears on_transport_close.
  virtual bool close() = 0;
  /// Detaches the transport from its sink (after an upgrade or a close): nothing is reported.
  void detach() noexcept { sink_ = nullptr; }

 protected:
  explicit Transport(TransportSink* sink) : sink_(sink) {}
  /// The sink, or nullptr once detached.
  TransportSink* sink() const noexcept { return sink_; }

 private:
  TransportSink* sink_;
};

}  // namespace corio::engineio
