#pragma once
/// @file Listener: accepts TCP (optionally TLS) connections and hands each to a coroutine on a
/// shard; tracks live connections for a graceful stop.

#include <corio/core/task.hpp>
#include <corio/net/stream.hpp>

#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace corio::net {

class Runner;

/// Where and how to listen.
struct ListenOptions {
  std::string host;        ///< empty: every address, IPv6 and IPv4 (dual stack) when available
  std::uint16_t port = 0;  ///< 0 picks a free port (read it back with Listener::port())
  int backlog = 511;       ///< as Node
  std::shared_ptr<asio::ssl::context> tls;  ///< set for HTTPS/WSS (see make_tls_context)
  std::size_t max_connections = 0;          ///< 0: no cap; over it new connections are closed
};

/// A live connection as the listener sees it, for a graceful stop.
class Closable {
 public:
  virtual ~Closable() = default;
  /// Finish what is in flight, then close (idle connections close at once).
  virtual void shutdown() = 0;
  /// Close now.
  virtual void force_close() = 0;
};

/// The live connections of one listener, per shard (touched only on that shard).
class ConnectionSet {
 public:
  /// Adds a connection; it must remove itself before it is destroyed.
  void add(Closable* c);
  /// Removes a connection.
  void remove(Closable* c);
  /// Number of live connections (readable from any thread).
  std::size_t size() const noexcept { return count_.load(std::memory_order_relaxed); }
  /// Calls shutdown() on every connection (and on those added later).
  void shutdown_all();
  /// Calls force_close() on every connection.
  void force_close_all();
  /// True once shutdown_all() ran.
  bool stopping() const noexcept { return stopping_; }

 private:
  std::vector<Closable*> items_;
  std::atomic<std::size_t> count_{0};
  bool stopping_ = false;
};

/// The coroutine run for each accepted connection (on the connection's shard). It receives
/// the shard's ConnectionSet to register itself in.
using ConnectionHandler = std::function<Task<>(Stream, ConnectionSet&)>;

/// Accepts connections on one address and spreads them over the runner's shards.
class Listener {
 public:
  /// Binds and listens at once (throws std::system_error on failure, e.g. port in use).
  Listener(Runner& runner, ListenOptions options, ConnectionHandler handler);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  /// The bound port (the chosen one when options.port was 0).
  std::uint16_t port() const noexcept { return port_; }
  /// Starts the accept loop on shard 0.
  void start();
  /// Graceful stop: stops accepting, asks every connection to finish, force-closes those
  /// still open after `grace`, then calls `done` on shard 0.
  void stop(std::chrono::milliseconds grace, std::function<void()> done);
  /// Live connections summed over shards (approximate while shards run).
  std::size_t connection_count() const;

 private:
  Task<> accept_loop();
  Task<> drain(std::chrono::milliseconds grace, std::function<void()> done);
  Task<> serve(Stream stream, std::size_t shard);

  Runner& runner_;
  ListenOptions options_;
  ConnectionHandler handler_;
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::size_t next_shard_ = 0;
  std::vector<std::unique_ptr<ConnectionSet>> sets_;  // one per shard
};

/// Builds a TLS server context from PEM files (certificate chain and private key).
std::shared_ptr<asio::ssl::context> make_tls_context(const std::string& cert_chain_file,
                                                     const std::string& private_key_file);

}  // namespace corio::net
