#pragma once
/// @file Adapter: the rooms of a namespace, its broadcasts and the operations that span every
/// server of a cluster (Socket.IO's adapter seam). The in-memory adapter is the default (one
/// server); the Redis adapter (redis_adapter.hpp) carries them between processes. Local
/// delivery is synchronous and goes through AdapterHost; what needs answers from other servers
/// is a coroutine. Nothing above the adapter knows how many servers there are.

#include <corio/core/task.hpp>
#include <corio/socketio/detail/id_set.hpp>
#include <corio/socketio/packet.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace corio::socketio {

/// A room name (a socket's own id is a room too).
using Room = std::string;
/// A socket id (20 characters).
using SocketId = std::string;

/// Flags of a broadcast (BroadcastOperator::volatile_(), local(), compress()).
struct BroadcastFlags {
  bool is_volatile = false;  ///< may be dropped when a recipient cannot take it now
  bool local = false;        ///< this process only (no other nodes of the adapter)
  bool compress = true;      ///< allow permessage-deflate for this packet
};

/// Who a broadcast reaches: sockets in any of `rooms` (all sockets when empty), minus the
/// sockets in any of `except`.
struct BroadcastOptions {
  std::set<Room> rooms{};
  std::set<Room> except{};
  BroadcastFlags flags{};
};

/// A socket as fetch_sockets() reports it, on this server or another (Node's RemoteSocket
/// details: what travels between servers).
struct SocketDetails {
  SocketId id;                       ///< the socket id
  json handshake = json::object();   ///< socket.handshake: headers, time, address, xdomain,
                                     ///< secure, issued, url, query, auth
  std::vector<Room> rooms{};         ///< its rooms, its own id included
  json data = nullptr;               ///< socket.data
};

/// What a broadcast with acknowledgements reports as it goes (Node's broadcastWithAck
/// callbacks).
struct AckHandlers {
  /// Called once per server with the number of its clients the packet was sent to.
  std::function<void(std::size_t clients)> client_count;
  /// Called with the first argument of each client's reply.
  std::function<void(json reply)> ack;
};

/// The answers of server_side_emit_with_ack: one per other server.
struct ServerReplies {
  std::vector<json> replies;   ///< the first argument of each server's reply
  std::size_t expected = 0;    ///< how many servers were asked
  bool timed_out = false;      ///< some did not answer in time
};

/// A packet in the form the host sends it (e.g. Engine.IO frames), made once per broadcast.
class OutgoingPacket {
 public:
  virtual ~OutgoingPacket() = default;
};

/// What an adapter delivers to: the namespace's local sockets.
class AdapterHost {
 public:
  virtual ~AdapterHost() = default;
  /// Encodes a packet once for every local recipient of a broadcast (`flags.compress` false:
  /// marked to be sent uncompressed).
  virtual std::shared_ptr<const OutgoingPacket> prepare(const Packet& packet,
                                                        const BroadcastFlags& flags) = 0;
  /// Sends a prepared packet to one local socket (no-op when it is gone).
  virtual void deliver(const SocketId& id, const OutgoingPacket& packet,
                       const BroadcastFlags& flags) = 0;
  /// Sends `packet` (an event; the host gives it an ack id) to the local sockets `ids`, each
  /// reply going to `on_ack`; returns how many sockets it was sent to.
  virtual std::size_t deliver_with_ack(const Packet& packet, const std::vector<SocketId>& ids,
                                       const BroadcastFlags& flags,
                                       std::function<void(json)> on_ack) = 0;
  /// The details of a local socket (nullopt when it is gone).
  virtual std::optional<SocketDetails> details(const SocketId& id) const = 0;
  /// Disconnects a local socket ("server namespace disconnect"; `close`: its connection too).
  virtual void disconnect(const SocketId& id, bool close) = 0;
  /// An event another server sent with serverSideEmit: `data` is [event, args...]; `reply` is
  /// set when that server waits for an answer (call it at most once).
  virtual void server_side_event(json data, std::function<void(json)> reply) = 0;
};

/// The rooms of one namespace and its broadcasts.
class Adapter {
 public:
  virtual ~Adapter() = default;
  /// The server closes: stop talking to other servers (pending requests end).
  virtual void close() {}
  /// Adds a socket to rooms.
  virtual void add_all(const SocketId& id, const std::vector<Room>& rooms) = 0;
  /// Removes a socket from one room.
  virtual void del(const SocketId& id, const Room& room) = 0;
  /// Removes a socket from every room.
  virtual void del_all(const SocketId& id) = 0;
  /// Sends `packet` to the sockets `options` selects; each recipient gets it once. The packet
  /// is encoded once for all of them.
  virtual void broadcast(const Packet& packet, const BroadcastOptions& options) = 0;
  /// The ids of the sockets `options` selects (local to this process).
  virtual std::vector<SocketId> sockets(const BroadcastOptions& options) const = 0;
  /// The rooms a socket is in (empty when unknown).
  virtual std::set<Room> socket_rooms(const SocketId& id) const = 0;
  /// Every room with at least one socket (on this server).
  virtual std::vector<Room> rooms() const = 0;

  // ---- operations on every server (the in-memory adapter: this one only) ----

  /// Sends `packet` to the sockets `options` selects on every server, expecting an ack from
  /// each client; `handlers` hear each server's client count and each reply. Replies from
  /// other servers are taken for `timeout`.
  virtual void broadcast_with_ack(const Packet& packet, const BroadcastOptions& options,
                                  std::chrono::milliseconds timeout, AckHandlers handlers) = 0;
  /// How many servers the namespace spans, this one included.
  virtual Task<std::size_t> server_count() = 0;
  /// The sockets `options` selects on every server. Throws std::runtime_error when a server
  /// does not answer in time.
  virtual Task<std::vector<SocketDetails>> fetch_sockets(BroadcastOptions options) = 0;
  /// Makes the selected sockets of every server join `rooms`.
  virtual void add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) = 0;
  /// Makes the selected sockets of every server leave `rooms`.
  virtual void del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) = 0;
  /// Disconnects the selected sockets of every server.
  virtual void disconnect_sockets(const BroadcastOptions& options, bool close) = 0;
  /// Every room of every server. Throws std::runtime_error when a server does not answer.
  virtual Task<std::set<Room>> all_rooms() = 0;
  /// Sends `data` ([event, args...]) to the other servers' server_side_event.
  virtual void server_side_emit(const json& data) = 0;
  /// The same, collecting one reply per other server for at most `timeout`.
  virtual Task<ServerReplies> server_side_emit_with_ack(json data,
                                                        std::chrono::milliseconds timeout) = 0;
};

/// The default adapter: rooms in memory, as a two-way index (room → ids, id → rooms).
class InMemoryAdapter : public Adapter {
 public:
  /// Delivers through `host` (the namespace; it outlives the adapter).
  explicit InMemoryAdapter(AdapterHost& host) : host_(host) {}

  void add_all(const SocketId& id, const std::vector<Room>& rooms) override;
  void del(const SocketId& id, const Room& room) override;
  void del_all(const SocketId& id) override;
  void broadcast(const Packet& packet, const BroadcastOptions& options) override;
  std::vector<SocketId> sockets(const BroadcastOptions& options) const override;
  std::set<Room> socket_rooms(const SocketId& id) const override;
  std::vector<Room> rooms() const override;

  void broadcast_with_ack(const Packet& packet, const BroadcastOptions& options,
                          std::chrono::milliseconds timeout, AckHandlers handlers) override;
  Task<std::size_t> server_count() override;
  Task<std::vector<SocketDetails>> fetch_sockets(BroadcastOptions options) override;
  void add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) override;
  void del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) override;
  void disconnect_sockets(const BroadcastOptions& options, bool close) override;
  Task<std::set<Room>> all_rooms() override;
  void server_side_emit(const json& data) override;
  Task<ServerReplies> server_side_emit_with_ack(json data,
                                                std::chrono::milliseconds timeout) override;

  /// True when a socket of this server is in `room`.
  bool has_room(const Room& room) const { return rooms_.contains(room); }
  /// Number of sockets in a room.
  std::size_t room_size(const Room& room) const;

 protected:
  /// Calls `fn(id)` once for every local socket `options` selects.
  void for_each_selected(const BroadcastOptions& options,
                         const std::function<void(const SocketId&)>& fn) const;
  /// The details of the local sockets `options` selects.
  std::vector<SocketDetails> local_details(const BroadcastOptions& options) const;
  /// Local delivery of broadcast_with_ack: returns the number of clients it went to.
  std::size_t local_broadcast_with_ack(const Packet& packet, const BroadcastOptions& options,
                                       const AckHandlers& handlers);
  AdapterHost& host_;

 private:
  std::unordered_map<Room, detail::IdSet> rooms_;     // room -> its sockets
  std::unordered_map<SocketId, detail::IdSet> sids_;  // socket -> its rooms
};

/// Makes the adapter of a namespace (the Server option that swaps in e.g. a Redis adapter).
using AdapterFactory = std::function<std::unique_ptr<Adapter>(AdapterHost& host, std::string_view nsp)>;

}  // namespace corio::socketio
