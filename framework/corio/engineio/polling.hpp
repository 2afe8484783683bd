#pragma once
/// @file PollingTransport: HTTP long-polling — a GET waits until there are packets (one at a
/// time per session), a POST carries the client's packets.

#include <asio/any_io_executor.hpp>
#include <asio/steady_timer.hpp>
#include <corio/core/task.hpp>
#include <corio/engineio/options.hpp>
#include <corio/engineio/transport.hpp>
#include <corio/http/request.hpp>
#include <corio/http/response.hpp>
#include <functional>
#include <memory>
#include <string>

namespace corio::engineio {

/// The polling transport of one session. Each HTTP handler holds a shared reference while it
/// runs, so the transport outlives a session that ends under a waiting GET.
class PollingTransport final : public Transport,
                               public std::enable_shared_from_this<PollingTransport> {
 public:
  /// A transport reporting to `sink`; `options` must outlive it (the server's core holds them).
  PollingTransport(TransportSink* sink, const ServerOptions& options,
                   asio::any_io_executor executor);

  std::string_view name() const noexcept override { return "polling"; }
  bool writable() const noexcept override { return poll_ != nullptr; }
  void send(std::span<const SharedPacket> packets) override;
  bool close() override;

  /// Serves a long-poll GET: answers at once when packets wait, otherwise when they come.
  /// A second concurrent GET gets 400 and ends the session ("transport error").
  /// On the handshake request, `cookie_sid` is the new session id (for the `io` cookie, when
  /// configured) and `on_registered` runs once the GET waits (it opens the session).
  Task<> handle_get(http::Request& req, http::Response& res, std::string cookie_sid = {},
                    std::function<void()> on_registered = {});
  /// Serves a POST: decodes its payload (at most max_http_buffer_size bytes, else 413 and the
  /// session ends) and answers `ok`.
  Task<> handle_post(http::Request& req, http::Response& res);

 private:
  struct Poll;
  void answer(Poll& poll, std::string body);
  void write_poll_response(http::Request& req, http::Response& res, std::string body,
                           std::string_view cookie_sid) const;
  void deliver_payload(std::string_view payload);
  void fail(std::string_view reason, std::string_view description);
  void end_by_client();  // a close packet in a POST

  const ServerOptions& options_;
  asio::any_io_executor executor_;
  Poll* poll_ = nullptr;  // the waiting GET, on its handler's frame
  bool posting_ = false;
  bool should_close_ = false;
  bool closed_ = false;
};

/// Sets the headers every polling response carries (`Cache-Control: no-store`, and
/// `X-XSS-Protection: 0` for old Internet Explorer user agents).
void set_polling_headers(const http::Request& req, http::Response& res);

}  // namespace corio::engineio
