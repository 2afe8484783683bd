// SocketRef, Ack and the per-socket state: emits, event dispatch, acks, disconnect.
#include <corio/socketio/socket.hpp>

#include <corio/core/debug.hpp>
#include <corio/core/error.hpp>
#include <corio/socketio/broadcast_operator.hpp>
#include <corio/socketio/detail/state.hpp>
#include <corio/socketio/namespace.hpp>

namespace corio::socketio {
namespace {
const DebugLog log("corio:socket.io:socket");
}  // namespace

namespace detail {

void check_event_name(std::string_view event) {
  if (is_reserved_event(event)) {
    throw std::invalid_argument("\"" + std::string(event) + "\" is a reserved event name");
  }
}

json event_data(std::string_view event, json args) {
  json data = json::array();
  data.push_back(std::string(event));
  for (auto& arg : args) data.push_back(std::move(arg));
  return data;
}

std::shared_ptr<const EnginePackets> prepare_packets(const Packet& packet, bool compress) {
  auto out = std::make_shared<EnginePackets>();
  EncodedPacket encoded = encode(packet);
  out->text = engineio::SharedPacket::message(encoded.text);
  out->text.set_compress(compress);
  for (const auto& bytes : encoded.attachments) {
    out->attachments.push_back(engineio::SharedPacket::binary(bytes));
    out->attachments.back().set_compress(compress);
  }
  return out;
}

void SocketState::send(const Packet& packet, bool compress, bool is_volatile) {
  if (!client) return;
  client->send(*prepare_packets(packet, compress), is_volatile);
}

void SocketState::send(const EnginePackets& packets, bool is_volatile) {
  if (client) client->send(packets, is_volatile);
}

void SocketState::notify_outgoing(std::string_view event, const json& args) {
  if (any_outgoing.empty()) return;
  EventArgs copy{args};
  for (const auto& handler : std::vector<AnyHandler>(any_outgoing)) handler(event, copy);
}

void SocketState::dispatch(std::string event, EventArgs args, std::optional<std::uint64_t> ack_id) {
  Ack ack(shared_from_this(), ack_id);
  for (const auto& handler : std::vector<AnyHandler>(any_handlers)) handler(event, args);
  std::size_t matches = 0;
  const HandlerEntry* match = nullptr;
  for (const auto& entry : handlers) {
    if (entry.event == event) {
      ++matches;
      match = &entry;
    }
  }
  if (matches == 0) return;
  if (matches == 1 && !match->once) {
    // The common case: one handler, no copy of the arguments.
    std::shared_ptr<EventHandler> handler = match->handler;
    (*handler)(std::move(args), std::move(ack));
    return;
  }
  std::vector<std::shared_ptr<EventHandler>> current;  // handlers may add or remove handlers
  for (const auto& entry : handlers) {
    if (entry.event == event) current.push_back(entry.handler);
  }
  std::erase_if(handlers, [&](const HandlerEntry& e) { return e.once && e.event == event; });
  for (auto& handler : current) (*handler)(EventArgs{args.values}, ack);
}

void SocketState::on_ack(std::uint64_t ack_id, json args) {
  auto it = acks.find(ack_id);
  if (it == acks.end()) {
    log("{}: ack {} for no pending emit; dropped", id, ack_id);
    return;
  }
  std::shared_ptr<AckWaiter> waiter = std::move(it->second);
  acks.erase(it);
  waiter->reply(std::move(args));
}

void SocketState::close(std::string_view reason) {
  if (!connected) return;
  auto self = shared_from_this();
  for (const auto& handler : std::vector<std::function<void(std::string_view)>>(on_disconnecting)) handler(reason);
  nsp->adapter().del_all(id);
  nsp->remove_socket(id);
  if (client) client->remove(nsp->name());
  client = nullptr;
  connected = false;
  for (auto& [ack_id, waiter] : acks) {
    waiter->disconnected = true;
    waiter->timer.cancel();
  }
  acks.clear();
  log("{} left {}: {}", id, nsp->name(), reason);
  auto disconnect_handlers = std::move(on_disconnect);
  // Handlers often capture SocketRef: dropping them breaks the cycle that would keep this alive.
  handlers.clear();
  any_handlers.clear();
  any_outgoing.clear();
  on_disconnecting.clear();
  on_disconnect.clear();
  for (const auto& handler : disconnect_handlers) handler(reason);
}

}  // namespace detail

// ---- Ack ----

void Ack::send(json args) {
  if (!requested()) return;
  auto socket = std::move(socket_);
  socket->send(Packet{PacketType::ack, socket->nsp->name(), *id_, std::move(args)});
}

// ---- SocketRef ----

const std::string& SocketRef::id() const noexcept { return state_->id; }
const Handshake& SocketRef::handshake() const { return state_->get_handshake(); }
json& SocketRef::data() noexcept { return state_->data; }
Namespace& SocketRef::nsp() const noexcept { return *state_->nsp; }
bool SocketRef::connected() const noexcept { return state_->connected; }
asio::any_io_executor SocketRef::executor() const { return state_->executor; }

std::set<Room> SocketRef::rooms() const {
  if (!state_->connected) return {};
  return state_->nsp->adapter().socket_rooms(state_->id);
}

void SocketRef::join(const Room& room) { join(std::vector<Room>{room}); }

void SocketRef::join(const std::vector<Room>& rooms) {
  if (state_->connected) state_->nsp->adapter().add_all(state_->id, rooms);
}

void SocketRef::leave(const Room& room) {
  if (state_->connected) state_->nsp->adapter().del(state_->id, room);
}

void SocketRef::add_handler(std::string_view event, detail::EventHandler handler, bool once) {
  state_->handlers.push_back(
      {std::string(event), std::make_shared<detail::EventHandler>(std::move(handler)), once});
}

SocketRef& SocketRef::off(std::string_view event) {
  std::erase_if(state_->handlers, [event](const auto& entry) { return entry.event == event; });
  return *this;
}

SocketRef& SocketRef::on_any(detail::AnyHandler handler) {
  state_->any_handlers.push_back(std::move(handler));
  return *this;
}

SocketRef& SocketRef::on_any_outgoing(detail::AnyHandler handler) {
  state_->any_outgoing.push_back(std::move(handler));
  return *this;
}

SocketRef& SocketRef::on_disconnecting(std::function<void(std::string_view)> handler) {
  state_->on_disconnecting.push_back(std::move(handler));
  return *this;
}

SocketRef& SocketRef::on_disconnect(std::function<void(std::string_view)> handler) {
  state_->on_disconnect.push_back(std::move(handler));
  return *this;
}

bool SocketRef::emit_args(std::string_view event, json args) {
  detail::check_event_name(event);
  if (!state_->connected) return false;
  state_->notify_outgoing(event, args);
  state_->send(Packet{PacketType::event, state_->nsp->name(), std::nullopt, detail::event_data(event, std::move(args))},
               compress_, volatile_flag_);
  return true;
}

Task<json> SocketRef::emit_with_ack_args(std::string event, json args) {
  detail::check_event_name(event);
  auto state = state_;  // keeps the socket state alive while waiting
  if (!state->connected) throw DisconnectedError("socket has been disconnected");
  const std::uint64_t ack_id = state->nsp->next_ack_id();
  auto waiter = std::make_shared<detail::AckWaiter>(state->executor);
  state->acks[ack_id] = waiter;
  state->notify_outgoing(event, args);
  state->send(Packet{PacketType::event, state->nsp->name(), ack_id, detail::event_data(event, std::move(args))},
              compress_, volatile_flag_);
  if (timeout_) waiter->timer.expires_after(*timeout_);
  co_await waiter->timer.async_wait(use_nothrow);
  state->acks.erase(ack_id);  // a late ack is dropped
  if (!waiter->replies.empty()) co_return std::move(waiter->replies.front());
  if (waiter->disconnected) throw DisconnectedError("socket has been disconnected");
  throw TimeoutError("operation has timed out");
}

BroadcastOperator SocketRef::broadcast() const { return BroadcastOperator(*state_->nsp).except(state_->id); }
BroadcastOperator SocketRef::to(const Room& room) const { return broadcast().to(room); }
BroadcastOperator SocketRef::in(const Room& room) const { return broadcast().to(room); }
BroadcastOperator SocketRef::except(const Room& room) const { return broadcast().except(room); }

void SocketRef::disconnect(bool close) {
  if (!state_->connected) return;
  auto state = state_;
  detail::Client* client = state->client;
  state->send(Packet{PacketType::disconnect, state->nsp->name(), std::nullopt, nullptr});
  state->close("server namespace disconnect");
  if (close && client) client->close("forced server close");
}

}  // namespace corio::socketio
