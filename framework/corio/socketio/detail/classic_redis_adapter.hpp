#pragma once
// The classic Redis adapter (@socket.io/redis-adapter 8.x `createAdapter`) for one namespace:
// local rooms as the in-memory adapter keeps them, plus the reference's channels and requests.

#include <corio/socketio/adapter.hpp>
#include <corio/socketio/detail/redis_bus.hpp>
#include <corio/socketio/detail/redis_wire.hpp>

#include <asio/steady_timer.hpp>

#include <memory>
#include <string>
#include <unordered_map>

namespace corio::socketio::detail {

class ClassicRedisAdapter final : public InMemoryAdapter {
 public:
  /// The adapter of namespace `nsp` (delivering through `host`) on `bus`.
  ClassicRedisAdapter(AdapterHost& host, std::string nsp, std::shared_ptr<RedisBus> bus,
                      const RedisAdapterOptions& options);
  ~ClassicRedisAdapter() override;

  void close() override;
  void broadcast(const Packet& packet, const BroadcastOptions& options) override;
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

  /// This node's uid (6 characters, as the reference's).
  const std::string& uid() const noexcept { return uid_; }

 private:
  /// A request waiting for other servers' responses.
  struct Pending {
    explicit Pending(const asio::any_io_executor& ex) : timer(ex) {}
    asio::steady_timer timer;
    redis_wire::RequestType type{};
    std::size_t expected = 0;   // responses that complete it (the reference's numSub)
    std::size_t received = 0;   // responses so far (1 = this server, for fetch and rooms)
    std::vector<SocketDetails> sockets;
    std::set<Room> rooms;
    std::vector<json> replies;
    bool done = false;
    void finish() {
      done = true;
      timer.cancel();
    }
  };

  void on_broadcast(const std::string& channel, const std::string& payload);
  void on_request(const std::string& payload);
  void on_response(const std::string& payload);
  void handle_request(const json& request);
  void handle_selection_request(const json& request, redis_wire::RequestType type);
  void answer_fetch(const json& request);
  void answer_server_side_emit(json request);
  void answer_broadcast(const json& request);
  void take_response(Pending& pending, json& response);
  void publish_request(const json& request);
  void publish_response(const json& request, std::string payload);
  /// Registers a request, publishes it and waits for its responses (or the timeout).
  Task<std::shared_ptr<Pending>> ask(json request, std::shared_ptr<Pending> pending,
                                     std::chrono::milliseconds timeout);
  /// A request expecting `expected` responses, `received` of them in hand (this server's own).
  std::shared_ptr<Pending> make_pending(redis_wire::RequestType type, std::size_t expected,
                                        std::size_t received) const;
  Task<> forget_ack_request(std::string id, std::chrono::milliseconds after);

  std::string nsp_;
  std::shared_ptr<RedisBus> bus_;
  RedisAdapterOptions options_;
  std::string uid_;
  std::string channel_;             // socket.io#<nsp>#
  std::string request_channel_;     // socket.io-request#<nsp>#
  std::string response_channel_;    // socket.io-response#<nsp>#
  std::string specific_channel_;    // socket.io-response#<nsp>#<uid>#
  std::unordered_map<std::string, std::shared_ptr<Pending>> requests_;
  std::unordered_map<std::string, AckHandlers> ack_requests_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // coroutines check it after a wait
};

}  // namespace corio::socketio::detail
