#include <asio/co_spawn.hpp>
#include <corio/core/debug.hpp>
#include <corio/core/spawn.hpp>
#include <corio/engineio/detail/session.hpp>

namespace corio::engineio::detail {
namespace {

const DebugLog log("corio:engineio:socket");

const SharedPacket& static_packet(PacketType type) {
  static const SharedPacket ping = SharedPacket::control(PacketType::ping);
  static const SharedPacket noop = SharedPacket::control(PacketType::noop);
  static const SharedPacket pong_probe = SharedPacket::control(PacketType::pong, "probe");
  if (type == PacketType::ping) return ping;
  if (type == PacketType::noop) return noop;
  return pong_probe;
}

template <typename F, typename... Args>
void call_user(const char* what, F& handler, Args&&... args) noexcept {
  if (!handler) return;
  try {
    handler(std::forward<Args>(args)...);
  } catch (...) {
    report_failure(what, std::current_exception());
  }
}

}  // namespace

Session::Session(std::shared_ptr<Core> core, ShardSessions& shard, std::string id,
                 RequestInfo request, asio::any_io_executor executor)
    : core_(std::move(core)),
      shard_(shard),
      id_(std::move(id)),
      request_(std::move(request)),
      executor_(executor),
      timer_(std::move(executor)) {}

Session::~Session() {
  if (transport_) transport_->detach();
  if (probe_) probe_->detach();
}

void Session::open(std::shared_ptr<Transport> transport) {
  transport_ = std::move(transport);
  transport_name_ = transport_->name();
  shard_.by_id.emplace(id_, shared_from_this());
  core_->clients.fetch_add(1, std::memory_order_relaxed);
  const ServerOptions& o = core_->options;
  OpenInfo info;
  info.sid = id_;
  info.upgrade_to_websocket =
      o.allow_upgrades && transport_->name() == "polling" && core_->allows("websocket");
  info.ping_interval_ms = static_cast<std::uint32_t>(o.ping_interval.count());
  info.ping_timeout_ms = static_cast<std::uint32_t>(o.ping_timeout.count());
  info.max_payload = o.max_http_buffer_size;
  log("{} opened over {}", id_, transport_->name());
  send(SharedPacket::control(PacketType::open, encode_open_json(info)));
  ping_due_ = clock::now() + o.ping_interval;
  arm_timer();
}

bool Session::begin_upgrade(std::shared_ptr<Transport> probe) {
  // A closing session still takes a probe (as the reference): an upgrade then closes over it.
  if (state_ == State::closed || upgrading_or_upgraded() || !core_->options.allow_upgrades) {
    return false;
  }
  probe_ = std::move(probe);
  upgrade_due_ = clock::now() + core_->options.upgrade_timeout;
  wake_timer_at(upgrade_due_);
  log("{} probing {}", id_, probe_->name());
  return true;
}

void Session::send(const SharedPacket& packet) {
  if (state_ != State::open) return;  // as the reference: nothing new once closing
  write_buffer_.push_back(packet);
  flush();
}

void Session::flush() {
  if (state_ == State::closed || write_buffer_.empty() || !transport_->writable()) return;
  std::vector<SharedPacket> batch;
  batch.swap(write_buffer_);  // the buffer keeps no capacity while idle
  transport_->send(batch);
}

void Session::close(std::string_view reason) {
  if (state_ != State::open) return;
  state_ = State::closing;
  close_reason_ = reason;
  log("{} closing: {}", id_, reason);
  try_finish_closing();
}

void Session::try_finish_closing() {
  if (state_ != State::closing) return;
  flush();
  // Waits for a poll to flush; not for a probe (as the reference: a waiting GET gets `1` now,
  // and the probe ends with the session or upgrades it and is closed in turn).
  if (!write_buffer_.empty()) return;
  if (close_due_ != clock::time_point::max()) return;  // the close packet already waits
  if (transport_->close()) {
    finish(close_reason_, {});
    return;
  }
  // Polling without a waiting GET: the close packet goes with the next one, or we give up.
  close_due_ = clock::now() + std::chrono::seconds(30);
  wake_timer_at(close_due_);
}

void Session::finish(std::string_view reason, std::string_view description) {
  if (state_ == State::closed) return;
  state_ = State::closed;
  const std::shared_ptr<Session> self = shared_from_this();  // the map held the last reference
  log("{} closed: {} {}", id_, reason, description);
  timer_.cancel();
  if (probe_) {
    probe_->detach();
    probe_->close();
    probe_.reset();
  }
  transport_->detach();
  transport_->close();  // releases a waiting poll with `1`, closes a websocket
  transport_.reset();   // a handle kept by the user then holds no connection
  shard_.by_id.erase(id_);
  core_->clients.fetch_sub(1, std::memory_order_relaxed);
  std::vector<SharedPacket>().swap(write_buffer_);
  CloseHandler handler = std::move(on_close);
  on_close = nullptr;
  on_message = nullptr;  // handlers often capture the Socket: drop them to break the cycle
  on_upgrade = nullptr;
  const std::string reason_copy(reason);  // `reason` may point into close_reason_
  const std::string description_copy(description);
  call_user("engine.io close handler", handler, reason_copy, description_copy);
}

void Session::on_packet(Transport& from, const PacketView& packet) {
  if (&from == probe_.get()) {
    on_probe_packet(packet);
    return;
  }
  if (&from != transport_.get() || state_ != State::open) return;
  switch (packet.type) {
    case PacketType::pong:
      pong_due_ = clock::time_point::max();
      ping_due_ = clock::now() + core_->options.ping_interval;
      // The timer may sleep until the pong deadline: when ping_timeout > ping_interval the
      // next ping would wait for it (pings every ping_timeout instead of ping_interval).
      wake_timer_at(ping_due_);
      break;
    case PacketType::message:
      deliver(packet);
      break;
    case PacketType::ping:
      finish("transport error", "invalid heartbeat direction");
      break;
    default:
      break;  // open/upgrade/noop from the active transport mean nothing (as the reference)
  }
}

void Session::deliver(const PacketView& packet) {
  call_user("engine.io message handler", on_message, Message{packet.data, packet.binary});
}

void Session::on_writable(Transport& from) {
  if (&from != transport_.get() || state_ == State::closed) return;
  if (write_buffer_.empty() && probed_) {
    // The client paused polling to upgrade: answer the poll at once so it can send `5`.
    const SharedPacket& noop = static_packet(PacketType::noop);
    transport_->send({&noop, 1});
    return;
  }
  flush();
  try_finish_closing();
}

void Session::on_transport_close(Transport& from, std::string_view reason,
                                 std::string_view description) {
  if (&from == probe_.get()) {
    abandon_probe();
    try_finish_closing();
    return;
  }
  if (&from != transport_.get()) return;
  if (state_ == State::closing) {
    finish(close_reason_, {});
    return;
  }
  finish(reason, description);
}

void Session::on_probe_packet(const PacketView& packet) {
  if (packet.type == PacketType::ping && packet.data == "probe" && !packet.binary) {
    const SharedPacket& pong = static_packet(PacketType::pong);
    probe_->send({&pong, 1});
    probed_ = true;
    if (transport_->writable()) on_writable(*transport_);
  } else if (packet.type == PacketType::upgrade && state_ != State::closed) {
    complete_upgrade();
  } else {
    abandon_probe();
    try_finish_closing();
  }
}

void Session::complete_upgrade() {
  upgrade_due_ = clock::time_point::max();
  probed_ = false;
  upgraded_ = true;
  close_due_ = clock::time_point::max();  // a close waiting for a poll now goes over the probe
  std::shared_ptr<Transport> old = std::move(transport_);
  transport_ = std::move(probe_);
  transport_name_ = transport_->name();
  old->detach();
  // As the reference's clearTransport: a poll still waiting gets `1` (the buffer was flushed to
  // it, nothing is lost); a websocket replaced by another one is closed.
  old->close();
  log("{} upgraded to {}", id_, transport_->name());
  const std::string name(transport_->name());
  call_user("engine.io upgrade handler", on_upgrade, name);
  flush();
  try_finish_closing();
}

void Session::abandon_probe() {
  upgrade_due_ = clock::time_point::max();
  probed_ = false;
  if (!probe_) return;
  log("{} upgrade abandoned", id_);
  probe_->detach();
  probe_->close();
  probe_.reset();
}

void Session::on_heartbeat() {
  const clock::time_point now = clock::now();
  if (now >= pong_due_) {
    finish("ping timeout", {});
    return;
  }
  if (now >= close_due_) {
    finish(close_reason_, {});
    return;
  }
  if (now >= upgrade_due_) {
    abandon_probe();
    try_finish_closing();
  }
  if (now >= ping_due_ && state_ != State::closed) {
    ping_due_ = clock::time_point::max();
    pong_due_ = now + core_->options.ping_timeout;
    send(static_packet(PacketType::ping));
  }
}

void Session::wake_timer_at(clock::time_point when) {
  if (when < timer_.expiry()) timer_.expires_at(when);  // cancels the wait: the loop re-arms
}

void Session::arm_timer() {
  // A plain completion handler, not a coroutine: an idle session then holds one small wait
  // operation instead of a coroutine frame. The handler keeps the session alive until it closed.
  timer_.expires_at(std::min({ping_due_, pong_due_, upgrade_due_, close_due_}));
  timer_.async_wait([self = shared_from_this()](std::error_code) {
    if (self->state_ == State::closed) return;
    self->on_heartbeat();
    if (self->state_ != State::closed) self->arm_timer();
  });
}

}  // namespace corio::engineio::detail
