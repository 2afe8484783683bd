#pragma once
/// @file Stream: one accepted connection, plain TCP or TLS, with the non-throwing coroutine
/// operations the protocol layers use.

#include <corio/core/task.hpp>

#include <asio/ip/tcp.hpp>
#include <asio/ssl/stream.hpp>

#include <memory>
#include <span>
#include <string>
#include <system_error>
#include <variant>

namespace corio::net {

/// A connected byte stream (TCP, or TLS over TCP). Move-only; owned by exactly one connection.
class Stream {
 public:
  using tcp_socket = asio::ip::tcp::socket;
  using tls_stream = asio::ssl::stream<tcp_socket>;

  /// Wraps a plain TCP socket.
  explicit Stream(tcp_socket socket);
  /// Wraps a TLS stream (handshake not done yet; call handshake()).
  explicit Stream(tls_stream stream);
  Stream(Stream&&) noexcept;
  Stream& operator=(Stream&&) noexcept;
  ~Stream();

  /// Runs the server side TLS handshake (no-op for plain TCP).
  Task<std::error_code> handshake();
  /// Waits until data can be read without holding a buffer. Over TLS it returns at once:
  /// records may wait inside the TLS layer (read along with the handshake or an earlier
  /// record) where socket readiness cannot see them, so TLS callers read instead.
  Task<std::error_code> wait_readable();
  /// Reads some bytes into `into`; returns the count (0 with an error at end).
  Task<std::size_t> read_some(std::span<char> into, std::error_code& ec);
  /// Reads what has arrived without waiting: would_block when nothing has (always over TLS,
  /// whose records only the asynchronous read takes apart).
  std::size_t try_read_some(std::span<char> into, std::error_code& ec);
  /// Waits until bytes arrive, then reads some (for a caller that just found none: no first
  /// attempt that would fail again).
  Task<std::size_t> read_some_waiting(std::span<char> into, std::error_code& ec);
  /// Writes all of `buffers` (gathered in one system call where possible).
  Task<std::error_code> write(std::span<const asio::const_buffer> buffers);
  /// Writes all of `bytes`.
  Task<std::error_code> write(std::string_view bytes);
  /// Shuts down TLS (close_notify, bounded) and closes the socket.
  Task<> graceful_close();
  /// Closes at once; pending operations complete with operation_aborted. Idempotent.
  void close() noexcept;
  /// Cancels pending operations without closing.
  void cancel() noexcept;

  /// True when the socket is open.
  bool is_open() const noexcept;
  /// True for TLS.
  bool secure() const noexcept;
  /// The peer's endpoint (default-constructed when unknown).
  asio::ip::tcp::endpoint remote_endpoint() const noexcept;
  /// The local endpoint.
  asio::ip::tcp::endpoint local_endpoint() const noexcept;
  /// The executor of the underlying socket.
  asio::any_io_executor get_executor();
  /// The TCP socket (for socket options).
  tcp_socket& lowest_layer() noexcept;

 private:
  std::variant<tcp_socket, std::unique_ptr<tls_stream>> impl_;
};

}  // namespace corio::net
