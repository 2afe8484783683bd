#include <corio/socketio/broadcast_operator.hpp>

#include <corio/core/error.hpp>
#include <corio/socketio/detail/state.hpp>
#include <corio/socketio/namespace.hpp>

#include <asio/steady_timer.hpp>
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

namespace {

/// A broadcast with acks across servers, as Socket.IO's BroadcastOperator counts it: complete
/// when every server reported its client count and every counted client replied.
struct AckCollector {
  explicit AckCollector(const asio::any_io_executor& ex) : timer(ex) {}
  asio::steady_timer timer;
  std::vector<json> replies;
  std::size_t expected_clients = 0;
  std::size_t servers = 0;
  std::optional<std::size_t> expected_servers;
  bool complete = false;
  void check() {
    if (complete || !expected_servers || servers < *expected_servers) return;
    if (replies.size() < expected_clients) return;
    complete = true;
    timer.cancel();
  }
};

}  // namespace

Task<std::vector<json>> BroadcastOperator::emit_with_ack_args(std::string event, json args) const {
  detail::check_event_name(event);
  return emit_with_ack_task(nsp_, options_, timeout_.value_or(default_ack_timeout),
                            std::move(event), std::move(args));
}

Task<std::vector<json>> BroadcastOperator::emit_with_ack_task(Namespace* nsp, BroadcastOptions options,
                                                              std::chrono::milliseconds timeout,
                                                              std::string event, json args) {
  auto executor = co_await asio::this_coro::executor;
  auto collector = std::make_shared<AckCollector>(executor);
  collector->timer.expires_after(timeout);
  AckHandlers handlers{
      .client_count =
          [collector](std::size_t n) {
            collector->expected_clients += n;
            ++collector->servers;
            collector->check();
          },
      .ack =
          [collector](json reply) {
            if (collector->complete) return;
            collector->replies.push_back(std::move(reply));
            collector->check();
          },
  };
  const Packet packet{PacketType::event, nsp->name(), std::nullopt, event_data(event, std::move(args))};
  nsp->adapter().broadcast_with_ack(packet, options, timeout, std::move(handlers));
  const std::size_t servers = co_await nsp->adapter().server_count();
  collector->expected_servers = servers;
  collector->check();
  if (!collector->complete) co_await collector->timer.async_wait(use_nothrow);
  if (!collector->complete) {
    collector->complete = true;  // late replies are dropped
    throw TimeoutError("operation has timed out");
  }
  co_return std::move(collector->replies);
}

Task<std::vector<RemoteSocket>> BroadcastOperator::fetch_sockets() const {
  return fetch_sockets_task(nsp_, options_);
}

Task<std::vector<RemoteSocket>> BroadcastOperator::fetch_sockets_task(Namespace* nsp,
                                                                      BroadcastOptions options) {
  std::vector<SocketDetails> found = co_await nsp->adapter().fetch_sockets(std::move(options));
  std::vector<RemoteSocket> out;
  out.reserve(found.size());
  for (auto& details : found) out.emplace_back(*nsp, std::move(details));
  co_return out;
}

void BroadcastOperator::sockets_join(const std::vector<Room>& rooms) const {
  nsp_->adapter().add_sockets(options_, rooms);
}

void BroadcastOperator::sockets_leave(const std::vector<Room>& rooms) const {
  nsp_->adapter().del_sockets(options_, rooms);
}

void BroadcastOperator::disconnect_sockets(bool close) const {
  nsp_->adapter().disconnect_sockets(options_, close);
}

void BroadcastOperator::server_side_emit_args(std::string_view event, json args) const {
  detail::check_event_name(event);
  nsp_->adapter().server_side_emit(event_data(event, std::move(args)));
}

Task<std::vector<json>> BroadcastOperator::server_side_emit_with_ack_args(std::string event,
                                                                         json args) const {
  detail::check_event_name(event);
  return server_side_emit_with_ack_task(nsp_, timeout_.value_or(std::chrono::milliseconds{0}),
                                        std::move(event), std::move(args));
}

Task<std::vector<json>> BroadcastOperator::server_side_emit_with_ack_task(
    Namespace* nsp, std::chrono::milliseconds timeout, std::string event, json args) {
  json data = event_data(event, std::move(args));
  ServerReplies result = co_await nsp->adapter().server_side_emit_with_ack(std::move(data), timeout);
  if (result.timed_out) {
    throw TimeoutError("timeout reached: only " + std::to_string(result.replies.size()) +
                       " responses received out of " + std::to_string(result.expected));
  }
  co_return std::move(result.replies);
}

// ---- RemoteSocket ----

BroadcastOperator RemoteSocket::self() const {
  BroadcastOperator op = BroadcastOperator(*nsp_).to(details_.id);
  return timeout_ ? op.timeout(*timeout_) : op;
}

bool RemoteSocket::emit_args(std::string_view event, json args) const {
  return self().emit_args(event, std::move(args));
}

namespace {
Task<json> first_reply(Task<std::vector<json>> all) {
  std::vector<json> replies = co_await std::move(all);
  if (replies.empty()) co_return json();
  co_return std::move(replies.front());
}
}  // namespace

Task<json> RemoteSocket::emit_with_ack_args(std::string event, json args) const {
  return first_reply(self().emit_with_ack_args(std::move(event), std::move(args)));
}

void RemoteSocket::join(const Room& room) const { self().sockets_join(room); }
void RemoteSocket::join(const std::vector<Room>& rooms) const { self().sockets_join(rooms); }
void RemoteSocket::leave(const Room& room) const { self().sockets_leave(room); }
void RemoteSocket::disconnect(bool close) const { self().disconnect_sockets(close); }

}  // namespace corio::socketio
