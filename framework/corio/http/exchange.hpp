#pragma once
/// @file Exchange: what Request and Response need from the connection that carries them.

#include <corio/core/task.hpp>
#include <corio/net/listener.hpp>
#include <corio/net/stream.hpp>

#include <asio/buffer.hpp>

#include <functional>
#include <span>
#include <string>
#include <system_error>

namespace corio::http {

/// A connection taken over by a protocol upgrade (WebSocket): the stream, the bytes already
/// read past the request head, and the listener's set the new owner registers in (so that a
/// graceful stop reaches it).
struct Hijacked {
  net::Stream stream;
  std::string leftover;
  net::ConnectionSet* connections = nullptr;
};

/// The connection behind one request/response exchange. Implemented by the HTTP connection;
/// tests may implement it too.
class Exchange {
 public:
  virtual ~Exchange() = default;
  /// Reads the whole request body into `out` (sending "100 Continue" first when the client
  /// asked for it). Fails with errc::limit_exceeded when it is larger than `limit`.
  virtual Task<std::error_code> read_body(std::string& out, std::size_t limit) = 0;
  /// Writes bytes of the response now (used by streaming responses).
  virtual Task<std::error_code> write(std::span<const asio::const_buffer> buffers) = 0;
  /// Hands the connection over (for an upgrade); when the handler returns, the HTTP loop ends
  /// without closing it. The new owner runs its own coroutine (co_spawn) so the HTTP
  /// connection's state is freed.
  virtual Hijacked hijack() = 0;
  /// True for TLS.
  virtual bool secure() const noexcept = 0;
  /// The peer's address.
  virtual asio::ip::tcp::endpoint remote_endpoint() const noexcept = 0;
};

}  // namespace corio::http
