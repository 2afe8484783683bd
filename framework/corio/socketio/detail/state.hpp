#pragma once
// Internal state of sockets and clients (not part of the public API).

#include <corio/engineio/shared_packet.hpp>
#include <corio/engineio/socket.hpp>
#include <corio/socketio/adapter.hpp>
#include <corio/socketio/socket.hpp>

#include <asio/steady_timer.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace corio::socketio {
class Namespace;
class Server;
}  // namespace corio::socketio

namespace corio::socketio::detail {

class Client;

/// A packet prepared once for every recipient: Engine.IO packets shared by all sessions.
struct EnginePackets final : OutgoingPacket {
  engineio::SharedPacket text;
  std::vector<engineio::SharedPacket> attachments;
};

/// The data of an EVENT packet: `[event, args...]`.
json event_data(std::string_view event, json args);
/// Throws std::invalid_argument for a reserved event name (connect, disconnect...).
void check_event_name(std::string_view event);

/// Makes the Engine.IO packets of a Socket.IO packet (encoded once).
std::shared_ptr<const EnginePackets> prepare_packets(const Packet& packet, bool compress = true);

/// A reply awaited by emit_with_ack (one socket, or one of many for a broadcast).
struct AckWaiter {
  explicit AckWaiter(const asio::any_io_executor& ex) : timer(ex, asio::steady_timer::time_point::max()) {}
  asio::steady_timer timer;
  std::vector<json> replies;   // first argument of each reply
  std::size_t expected = 1;    // replies to wait for
  bool disconnected = false;
  /// Set for a broadcast through the adapter: each reply goes there (nothing is kept here).
  std::function<void(json)> forward;
  /// Records one reply; wakes the waiter when all are in.
  void reply(json args) {
    json first = args.is_array() && !args.empty() ? std::move(args[0]) : json();
    if (forward) {
      forward(std::move(first));
      return;
    }
    replies.push_back(std::move(first));
    if (replies.size() >= expected) timer.cancel();
  }
};

/// One socket: a client connected to one namespace.
struct SocketState : std::enable_shared_from_this<SocketState> {
  std::string id;
  Namespace* nsp = nullptr;
  Client* client = nullptr;  // null once disconnected
  engineio::Socket conn;      // the client's Engine.IO session: its request makes the handshake
  json auth;                  // the CONNECT packet's auth payload
  std::int64_t issued = 0;    // connection time, milliseconds since the epoch
  /// Built on first use: most sockets never read it, and a copy of every request header per
  /// socket was the largest part of an idle socket's memory.
  mutable std::unique_ptr<Handshake> handshake;
  /// The handshake, built from `conn`'s request on the first call.
  const Handshake& get_handshake() const;
  json data = nullptr;
  bool connected = false;
  asio::any_io_executor executor;
  /// One on()/once() registration. A flat vector, not a map: sockets have a handful of
  /// handlers, and an idle socket's memory matters more than a hash lookup.
  struct HandlerEntry {
    std::string event;
    std::shared_ptr<EventHandler> handler;  // shared: dispatch keeps it alive if it calls off()
    bool once = false;
  };
  std::vector<HandlerEntry> handlers;
  std::vector<AnyHandler> any_handlers;
  std::vector<AnyHandler> any_outgoing;
  std::vector<std::function<void(std::string_view)>> on_disconnecting;
  std::vector<std::function<void(std::string_view)>> on_disconnect;
  std::unordered_map<std::uint64_t, std::shared_ptr<AckWaiter>> acks;

  /// Sends one packet to this client (encoded for it alone; `compress` false: uncompressed).
  void send(const Packet& packet, bool compress = true, bool is_volatile = false);
  /// Sends a prepared packet; a volatile one is dropped when the transport cannot take it now.
  void send(const EnginePackets& packets, bool is_volatile = false);
  /// Runs the handlers of an incoming event.
  void dispatch(std::string event, EventArgs args, std::optional<std::uint64_t> ack_id);
  /// An ACK from the client.
  void on_ack(std::uint64_t id, json args);
  /// Leaves the namespace with `reason` (Socket.IO's _onclose).
  void close(std::string_view reason);
  /// Tells outgoing listeners about an event.
  void notify_outgoing(std::string_view event, const json& args);
};

/// One Engine.IO connection and its sockets (one per namespace).
class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(Server& server, engineio::Socket connection);
  /// Wires the Engine.IO callbacks and the connect timeout.
  void start();
  /// Sends Engine.IO packets; volatile ones are dropped when the transport cannot take them
  /// now (the reference's `transport.writable`).
  void send(const EnginePackets& packets, bool is_volatile = false);
  /// Closes the connection (every socket leaves with `reason`).
  void close(std::string_view reason);
  /// Forgets the socket of a namespace (it disconnected).
  void remove(const std::string& nsp) { sockets_.erase(nsp); }
  /// The engine connection.
  const engineio::Socket& connection() const noexcept { return conn_; }
  /// The executor of the connection's shard.
  asio::any_io_executor executor() const { return conn_.executor(); }

 private:
  void on_message(const engineio::Message& message);
  void on_packet(Packet&& packet);
  void on_engine_close(std::string_view reason);
  Task<> connect(std::string nsp, json auth);
  void send_connect_error(const std::string& nsp, json data);

  Server& server_;
  engineio::Socket conn_;
  Decoder decoder_;
  std::map<std::string, std::shared_ptr<SocketState>, std::less<>> sockets_;
  asio::steady_timer connect_timer_;
  bool closed_ = false;
};

}  // namespace corio::socketio::detail
