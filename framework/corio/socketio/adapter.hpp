#pragma once
/// @file Adapter: the rooms of a namespace and its broadcasts (Socket.IO's adapter seam).
/// The in-memory adapter is the default; a Redis adapter carries broadcasts between processes.
/// Pure: no Asio — delivery goes through AdapterHost.

#include <corio/socketio/detail/id_set.hpp>
#include <corio/socketio/packet.hpp>

#include <cstddef>
#include <functional>
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
};

/// The rooms of one namespace and its broadcasts.
class Adapter {
 public:
  virtual ~Adapter() = default;
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
  /// Every room with at least one socket.
  virtual std::vector<Room> rooms() const = 0;
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

  /// Number of sockets in a room.
  std::size_t room_size(const Room& room) const;

 protected:
  /// Calls `fn(id)` once for every local socket `options` selects.
  void for_each_selected(const BroadcastOptions& options,
                         const std::function<void(const SocketId&)>& fn) const;
  AdapterHost& host_;

 private:
  std::unordered_map<Room, detail::IdSet> rooms_;     // room -> its sockets
  std::unordered_map<SocketId, detail::IdSet> sids_;  // socket -> its rooms
};

/// Makes the adapter of a namespace (the Server option that swaps in e.g. a Redis adapter).
using AdapterFactory = std::function<std::unique_ptr<Adapter>(AdapterHost& host, std::string_view nsp)>;

}  // namespace corio::socketio
