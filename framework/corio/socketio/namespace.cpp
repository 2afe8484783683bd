#include <corio/socketio/namespace.hpp>

#include <corio/socketio/detail/state.hpp>
#include <corio/socketio/server.hpp>

#include <utility>

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

std::size_t Namespace::deliver_with_ack(const Packet& packet, const std::vector<SocketId>& ids,
                                        const BroadcastFlags& flags,
                                        std::function<void(json)> on_ack) {
  Packet with_id = packet;
  with_id.id = next_ack_id();  // one id for every recipient, as the reference does
  std::shared_ptr<const detail::EnginePackets> packets;
  std::shared_ptr<detail::AckWaiter> waiter;
  std::size_t sent = 0;
  for (const auto& id : ids) {
    auto it = sockets_.find(id);
    if (it == sockets_.end() || !it->second->connected) continue;
    detail::SocketState& socket = *it->second;
    if (!packets) {
      packets = detail::prepare_packets(with_id, flags.compress);
      waiter = std::make_shared<detail::AckWaiter>(socket.executor);
      waiter->forward = on_ack;
    }
    socket.acks[*with_id.id] = waiter;
    socket.send(*packets, flags.is_volatile);
    ++sent;
  }
  return sent;
}

std::optional<SocketDetails> Namespace::details(const SocketId& id) const {
  auto it = sockets_.find(id);
  if (it == sockets_.end()) return std::nullopt;
  const detail::SocketState& socket = *it->second;
  const Handshake& h = socket.get_handshake();
  SocketDetails out{.id = id};
  out.handshake = {{"headers", h.headers}, {"time", h.time},       {"address", h.address},
                   {"xdomain", h.xdomain}, {"secure", h.secure},   {"issued", h.issued},
                   {"url", h.url},         {"query", h.query},     {"auth", h.auth}};
  for (const auto& room : adapter_->socket_rooms(id)) out.rooms.push_back(room);
  out.data = socket.data;
  return out;
}

void Namespace::disconnect(const SocketId& id, bool close) {
  auto it = sockets_.find(id);
  if (it != sockets_.end()) SocketRef(it->second).disconnect(close);
}

void Namespace::server_side_event(json data, std::function<void(json)> reply) {
  if (!data.is_array() || data.empty() || !data[0].is_string()) return;
  const std::string event = data[0].get<std::string>();
  json args = json::array();
  for (std::size_t i = 1; i < data.size(); ++i) args.push_back(std::move(data[i]));
  if (reply) {  // one reply, whichever handler gives it first (copies of the ack share it)
    reply = [once = std::make_shared<bool>(false), answer = std::move(reply)](json value) {
      if (std::exchange(*once, true)) return;
      answer(std::move(value));
    };
  }
  ServerAck ack(std::move(reply));
  for (auto& [name, handler] : server_handlers_) {
    if (name == event) handler(EventArgs{args}, ack);
  }
}

void Namespace::add_socket(const std::shared_ptr<detail::SocketState>& socket) {
  sockets_[socket->id] = socket;
}

void Namespace::remove_socket(const SocketId& id) { sockets_.erase(id); }

}  // namespace corio::socketio
