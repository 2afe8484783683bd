#include <corio/socketio/broadcast_operator.hpp>

#include <corio/core/error.hpp>
#include <corio/socketio/detail/state.hpp>
#include <corio/socketio/namespace.hpp>

#include <asio/this_coro.hpp>

namespace corio::socketio {
namespace {

constexpr std::chrono::milliseconds default_ack_timeout{5000};
using detail::event_data;

}  // namespace

BroadcastOperator BroadcastOperator::to(const Room& room) const {
  BroadcastOperator copy = *this;
  copy.options_.rooms.insert(room);
  return copy;
}

BroadcastOperator BroadcastOperator::to(const std::vector<Room>& rooms) const {
  BroadcastOperator copy = *this;
  copy.options_.rooms.insert(rooms.begin(), rooms.end());
  return copy;
}

BroadcastOperator BroadcastOperator::except(const Room& room) const {
  BroadcastOperator copy = *this;
  copy.options_.except.insert(room);
  return copy;
}

BroadcastOperator BroadcastOperator::volatile_() const {
  BroadcastOperator copy = *this;
  copy.options_.flags.is_volatile = true;
  return copy;
}

BroadcastOperator BroadcastOperator::local() const {
  BroadcastOperator copy = *this;
  copy.options_.flags.local = true;
  return copy;
}

BroadcastOperator BroadcastOperator::compress(bool enabled) const {
  BroadcastOperator copy = *this;
  copy.options_.flags.compress = enabled;
  return copy;
}

BroadcastOperator BroadcastOperator::timeout(std::chrono::milliseconds t) const {
  BroadcastOperator copy = *this;
  copy.timeout_ = t;
  return copy;
}

bool BroadcastOperator::emit_args(std::string_view event, json args) const {
  detail::check_event_name(event);
  nsp_->adapter().broadcast(Packet{PacketType::event, nsp_->name(), std::nullopt, event_data(event, std::move(args))},
                            options_);
  return true;
}

Task<std::vector<json>> BroadcastOperator::emit_with_ack_args(std::string event, json args) const {
  detail::check_event_name(event);
  const std::vector<SocketId> ids = nsp_->adapter().sockets(options_);
  auto executor = co_await asio::this_coro::executor;
  auto waiter = std::make_shared<detail::AckWaiter>(executor);
  waiter->expected = 0;
  const std::uint64_t ack_id = nsp_->next_ack_id();
  std::vector<std::shared_ptr<detail::SocketState>> recipients;
  for (const auto& id : ids) {
    if (auto socket = nsp_->socket(id)) {
      socket->state()->acks[ack_id] = waiter;
      recipients.push_back(socket->state());
      ++waiter->expected;
    }
  }
  if (recipients.empty()) co_return std::vector<json>{};
  // One encoding, one ack id, for every recipient (as the reference server does).
  auto packets = detail::prepare_packets(
      Packet{PacketType::event, nsp_->name(), ack_id, event_data(event, std::move(args))});
  for (auto& socket : recipients) socket->send(*packets);
  waiter->timer.expires_after(timeout_.value_or(default_ack_timeout));
  co_await waiter->timer.async_wait(use_nothrow);
  for (auto& socket : recipients) socket->acks.erase(ack_id);
  if (waiter->replies.size() < waiter->expected) {
    throw TimeoutError("operation has timed out");
  }
  co_return std::move(waiter->replies);
}

Task<std::vector<SocketRef>> BroadcastOperator::fetch_sockets() const {
  std::vector<SocketRef> out;
  for (const auto& id : nsp_->adapter().sockets(options_)) {
    if (auto socket = nsp_->socket(id)) out.push_back(*socket);
  }
  co_return out;
}

void BroadcastOperator::sockets_join(const std::vector<Room>& rooms) const {
  for (const auto& id : nsp_->adapter().sockets(options_)) nsp_->adapter().add_all(id, rooms);
}

void BroadcastOperator::sockets_leave(const Room& room) const {
  for (const auto& id : nsp_->adapter().sockets(options_)) nsp_->adapter().del(id, room);
}

void BroadcastOperator::disconnect_sockets(bool close) const {
  for (const auto& id : nsp_->adapter().sockets(options_)) {
    if (auto socket = nsp_->socket(id)) socket->disconnect(close);
  }
}

}  // namespace corio::socketio
