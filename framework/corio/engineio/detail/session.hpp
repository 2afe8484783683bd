#pragma once
/// @file Session: one Engine.IO session — write buffer, active transport and upgrade probe,
/// heartbeat and the close sequence, all driven by one timer.

#include <asio/steady_timer.hpp>
#include <chrono>
#include <corio/core/task.hpp>
#include <corio/engineio/detail/core.hpp>
#include <corio/engineio/socket.hpp>
#include <corio/engineio/transport.hpp>
#include <memory>
#include <string>
#include <vector>

namespace corio::engineio::detail {

/// One session. Owned by its shard's map while open; handles (Socket) and running HTTP
/// handlers hold shared references, so it outlives its close harmlessly.
class Session final : public TransportSink, public std::enable_shared_from_this<Session> {
 public:
  using clock = std::chrono::steady_clock;

  Session(std::shared_ptr<Core> core, ShardSessions& shard, std::string id, RequestInfo request,
          asio::any_io_executor executor);
  ~Session() override;

  /// Sends the open packet over `transport`, registers the session and starts the timer.
  void open(std::shared_ptr<Transport> transport);
  /// Starts probing `probe` (a websocket) for an upgrade; false when one is not allowed now.
  bool begin_upgrade(std::shared_ptr<Transport> probe);

  /// Queues a packet and flushes when the transport is writable.
  void send(const SharedPacket& packet);
  /// Closes after the queued packets with `reason` (Socket::close: "forced close").
  void close(std::string_view reason);
  /// Ends the session now with `reason` (server shutdown); queued packets are dropped.
  void terminate(std::string_view reason) { finish(reason, {}); }

  /// The session id.
  const std::string& id() const noexcept { return id_; }
  /// The handshake request.
  const RequestInfo& request() const noexcept { return request_; }
  /// The shard's executor.
  asio::any_io_executor executor() const { return executor_; }
  /// True while open (false once closing or closed).
  bool connected() const noexcept { return state_ == State::open; }
  /// True when a packet sent now is written at once: open, the transport takes it (polling: a
  /// GET waits) and nothing waits before it.
  bool writable() const noexcept {
    return state_ == State::open && transport_ && transport_->writable() &&
           transport_->buffered_amount() == 0 && write_buffer_.empty();
  }
  /// True once the session ended.
  bool closed() const noexcept { return state_ == State::closed; }
  /// The active transport (nullptr once closed).
  const std::shared_ptr<Transport>& transport() const noexcept { return transport_; }
  /// Name of the active (or last) transport.
  std::string_view transport_name() const noexcept { return transport_name_; }
  /// True during an upgrade or after one (a second probe is refused).
  bool upgrading_or_upgraded() const noexcept { return probe_ != nullptr || upgraded_; }

  MessageHandler on_message;  ///< user callback
  CloseHandler on_close;      ///< user callback
  UpgradeHandler on_upgrade;  ///< user callback

  // TransportSink
  void on_packet(Transport& from, const PacketView& packet) override;
  void on_writable(Transport& from) override;
  void on_transport_close(Transport& from, std::string_view reason,
                          std::string_view description) override;

 private:
  enum class State { open, closing, closed };

  void flush();
  void try_finish_closing();
  void finish(std::string_view reason, std::string_view description);
  void on_probe_packet(const PacketView& packet);
  void complete_upgrade();
  void abandon_probe();
  void on_heartbeat();
  void deliver(const PacketView& packet);
  void wake_timer_at(clock::time_point when);
  void arm_timer();

  std::shared_ptr<Core> core_;
  ShardSessions& shard_;
  std::string id_;
  RequestInfo request_;
  asio::any_io_executor executor_;
  asio::steady_timer timer_;
  std::shared_ptr<Transport> transport_;
  std::shared_ptr<Transport> probe_;
  std::string_view transport_name_;         // names are string literals of the transports
  std::vector<SharedPacket> write_buffer_;  // empty (no capacity) while idle
  std::string close_reason_;
  State state_ = State::open;
  bool probed_ = false;  // the probe answered `3probe`: release polls with a noop
  bool upgraded_ = false;
  // One timer, several deadlines: it sleeps until the earliest and re-checks them all.
  clock::time_point ping_due_ = clock::time_point::max();
  clock::time_point pong_due_ = clock::time_point::max();
  clock::time_point upgrade_due_ = clock::time_point::max();
  clock::time_point close_due_ = clock::time_point::max();
};

}  // namespace corio::engineio::detail
