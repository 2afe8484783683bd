#pragma once
/// @file One Socket.IO client over Engine.IO v4 / WebSocket: connect (from a chosen local
/// address), upgrade, Socket.IO CONNECT to "/", then read until closed. Writes are tried
/// synchronously on the non-blocking socket and queued only when the kernel buffer is full.

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <corio/core/task.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wire.hpp"

namespace corio::loadgen {

/// Per-thread resources shared by the clients of one io_context.
struct Shard {
  /// A shard with `read_buffer_size` bytes of shared read buffer.
  Shard(unsigned number, std::uint64_t seed, std::size_t read_buffer_size = 64 * 1024)
      : index(number), rng(seed), read_buffer(read_buffer_size) {}

  unsigned index;                 ///< thread number
  asio::io_context io{1};         ///< the thread's event loop
  Rng rng;                        ///< keys and masks
  std::vector<char> read_buffer;  ///< every client reads into this, then keeps only a tail
  std::string scratch;            ///< frame-building buffer
};

class Client;

/// Receives a client's life events (all on the client's shard thread).
class ClientListener {
 public:
  virtual ~ClientListener() = default;
  /// Socket.IO CONNECT was accepted.
  virtual void on_connected(Client& client) = 0;
  /// Connect, upgrade or CONNECT failed (or timed out); `reason` is a static string.
  virtual void on_failed(Client& client, const char* reason) = 0;
  /// A connected client was closed (by either side).
  virtual void on_closed(Client& client) = 0;
  /// A Socket.IO event or ack arrived.
  virtual void on_packet(Client& client, const Incoming& packet) = 0;
};

/// Where and how clients connect.
struct Target {
  asio::ip::tcp::endpoint server;            ///< server address
  std::string host;                          ///< Host header
  std::string path;                          ///< Engine.IO path
  std::chrono::milliseconds timeout{10000};  ///< connect + handshake deadline
  std::uint64_t max_message = 1 << 20;       ///< largest server message accepted
};

/// One client connection; owned by its scenario, run by run() on its shard.
class Client {
 public:
  /// A client numbered `index` (global over all shards) reporting to `listener`.
  Client(Shard& shard, ClientListener& listener, std::uint32_t index);

  /// Connects from `source`, handshakes, then reads until closed. Never throws.
  Task<> run(const Target& target, asio::ip::address source);
  /// Sends one Engine.IO text packet (e.g. `42["ping",1]`) in a frame masked with this
  /// connection's key.
  void send_text(std::string_view packet);
  /// Sends bytes already framed and masked with mask_key().
  void send_raw(std::string_view frame);
  /// Closes the connection (idempotent); run() then ends.
  void close() noexcept;

  /// This connection's masking key.
  MaskKey mask_key() const noexcept { return key_; }
  /// Global client number.
  std::uint32_t index() const noexcept { return index_; }
  /// True between Socket.IO CONNECT and close.
  bool connected() const noexcept { return state_ == State::connected; }

 private:
  enum class State : std::uint8_t { idle, upgrading, opening, connected, closed };

  Task<bool> open(const Target& target, asio::ip::address source);
  bool read_available();
  bool feed(std::string_view data);
  bool consume(std::string_view data, std::size_t& used);
  bool on_frame(const ServerFrame& frame);
  bool on_text(std::string_view text);
  void fail(const char* reason);
  void write(std::string_view bytes);
  Task<> flush();

  Shard& shard_;
  ClientListener& listener_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer deadline_;
  std::string key_text_;  // Sec-WebSocket-Key, until the upgrade is checked
  std::string tail_;      // unparsed bytes (partial frame)
  std::string message_;   // fragments of an unfinished message
  std::string pending_;   // bytes the kernel did not take yet
  std::uint64_t max_message_ = 0;
  std::uint32_t index_;
  MaskKey key_;
  State state_ = State::idle;
  bool flushing_ = false;
};

}  // namespace corio::loadgen
