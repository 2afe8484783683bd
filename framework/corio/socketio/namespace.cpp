#include <corio/socketio/namespace.hpp>

#include <corio/socketio/detail/state.hpp>
#include <corio/socketio/server.hpp>

namespace corio::socketio {

Namespace::Namespace(Server& server, std::string name) : server_(server), name_(std::move(name)) {
  adapter_ = server_.make_adapter(*this);
}

Namespace::~Namespace() = default;

std::optional<SocketRef> Namespace::socket(const SocketId& id) const {
  auto it = sockets_.find(id);
  if (it == sockets_.end()) return std::nullopt;
  return SocketRef(it->second);
}

std::shared_ptr<const OutgoingPacket> Namespace::prepare(const Packet& packet,
                                                         const BroadcastFlags& flags) {
  return detail::prepare_packets(packet, flags.compress);
}

void Namespace::deliver(const SocketId& id, const OutgoingPacket& packet, const BroadcastFlags& flags) {
  auto it = sockets_.find(id);
  if (it == sockets_.end()) return;
  it->second->send(static_cast<const detail::EnginePackets&>(packet), flags.is_volatile);
}

void Namespace::add_socket(const std::shared_ptr<detail::SocketState>& socket) {
  sockets_[socket->id] = socket;
}

void Namespace::remove_socket(const SocketId& id) { sockets_.erase(id); }

}  // namespace corio::socketio
