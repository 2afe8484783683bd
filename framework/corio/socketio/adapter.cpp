#include <corio/socketio/adapter.hpp>

namespace corio::socketio {

void InMemoryAdapter::add_all(const SocketId& id, const std::vector<Room>& rooms) {
  auto& joined = sids_[id];
  for (const auto& room : rooms) {
    joined.insert(room);
    rooms_[room].insert(id);
  }
}

void InMemoryAdapter::del(const SocketId& id, const Room& room) {
  if (auto it = sids_.find(id); it != sids_.end()) it->second.erase(room);
  if (auto it = rooms_.find(room); it != rooms_.end()) {
    it->second.erase(id);
    if (it->second.empty()) rooms_.erase(it);
  }
}

void InMemoryAdapter::del_all(const SocketId& id) {
  auto it = sids_.find(id);
  if (it == sids_.end()) return;
  it->second.for_each([&](const Room& room) {
    if (auto r = rooms_.find(room); r != rooms_.end()) {
      r->second.erase(id);
      if (r->second.empty()) rooms_.erase(r);
    }
  });
  sids_.erase(it);
}

void InMemoryAdapter::for_each_selected(const BroadcastOptions& options,
                                        const std::function<void(const SocketId&)>& fn) const {
  auto excluded = [&](const SocketId& id) {
    if (options.except.empty()) return false;
    auto it = sids_.find(id);
    if (it == sids_.end()) return false;
    for (const auto& room : options.except) {
      if (it->second.contains(room)) return true;
    }
    return false;
  };
  if (options.rooms.empty()) {
    for (const auto& [id, joined] : sids_) {
      if (!excluded(id)) fn(id);
    }
    return;
  }
  if (options.rooms.size() == 1) {
    auto it = rooms_.find(*options.rooms.begin());
    if (it == rooms_.end()) return;
    it->second.for_each([&](const SocketId& id) {
      if (!excluded(id)) fn(id);
    });
    return;
  }
  // A union of rooms: each socket once.
  std::unordered_set<SocketId> seen;
  for (const auto& room : options.rooms) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) continue;
    it->second.for_each([&](const SocketId& id) {
      if (seen.insert(id).second && !excluded(id)) fn(id);
    });
  }
}

void InMemoryAdapter::broadcast(const Packet& packet, const BroadcastOptions& options) {
  std::shared_ptr<const OutgoingPacket> prepared;  // encoded once, on the first recipient
  for_each_selected(options, [&](const SocketId& id) {
    if (!prepared) prepared = host_.prepare(packet, options.flags);
    host_.deliver(id, *prepared, options.flags);
  });
}

std::vector<SocketId> InMemoryAdapter::sockets(const BroadcastOptions& options) const {
  std::vector<SocketId> out;
  for_each_selected(options, [&](const SocketId& id) { out.push_back(id); });
  return out;
}

std::set<Room> InMemoryAdapter::socket_rooms(const SocketId& id) const {
  auto it = sids_.find(id);
  if (it == sids_.end()) return {};
  std::set<Room> out;
  it->second.for_each([&](const Room& room) { out.insert(room); });
  return out;
}

std::vector<Room> InMemoryAdapter::rooms() const {
  std::vector<Room> out;
  out.reserve(rooms_.size());
  for (const auto& [room, ids] : rooms_) out.push_back(room);
  return out;
}

std::size_t InMemoryAdapter::room_size(const Room& room) const {
  auto it = rooms_.find(room);
  return it == rooms_.end() ? 0 : it->second.size();
}

}  // namespace corio::socketio

namespace corio::socketio {

// ---- operations on every server: with one server, this one's sockets ----

std::size_t InMemoryAdapter::local_broadcast_with_ack(const Packet& packet,
                                                      const BroadcastOptions& options,
                                                      const AckHandlers& handlers) {
  std::vector<SocketId> ids;
  for_each_selected(options, [&](const SocketId& id) { ids.push_back(id); });
  if (ids.empty()) return 0;
  return host_.deliver_with_ack(packet, ids, options.flags, handlers.ack);
}

void InMemoryAdapter::broadcast_with_ack(const Packet& packet, const BroadcastOptions& options,
                                         std::chrono::milliseconds, AckHandlers handlers) {
  const std::size_t clients = local_broadcast_with_ack(packet, options, handlers);
  if (handlers.client_count) handlers.client_count(clients);
}

Task<std::size_t> InMemoryAdapter::server_count() { co_return 1; }

std::vector<SocketDetails> InMemoryAdapter::local_details(const BroadcastOptions& options) const {
  std::vector<SocketDetails> out;
  for_each_selected(options, [&](const SocketId& id) {
    if (auto details = host_.details(id)) out.push_back(std::move(*details));
  });
  return out;
}

Task<std::vector<SocketDetails>> InMemoryAdapter::fetch_sockets(BroadcastOptions options) {
  co_return local_details(options);
}

void InMemoryAdapter::add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  for (const auto& id : sockets(options)) add_all(id, rooms);
}

void InMemoryAdapter::del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  for (const auto& id : sockets(options)) {
    for (const auto& room : rooms) del(id, room);
  }
}

void InMemoryAdapter::disconnect_sockets(const BroadcastOptions& options, bool close) {
  for (const auto& id : sockets(options)) host_.disconnect(id, close);
}

Task<std::set<Room>> InMemoryAdapter::all_rooms() {
  std::set<Room> out;
  for (const auto& [room, ids] : rooms_) out.insert(room);
  co_return out;
}

void InMemoryAdapter::server_side_emit(const json&) {}  // no other server

Task<ServerReplies> InMemoryAdapter::server_side_emit_with_ack(json,
                                                               std::chrono::milliseconds) {
  co_return ServerReplies{};
}

}  // namespace corio::socketio
