#include <corio/core/debug.hpp>
#include <corio/core/error.hpp>
#include <corio/engineio/detail/compression.hpp>
#include <corio/engineio/polling.hpp>
#include <corio/http/exchange.hpp>

namespace corio::engineio {
namespace {

const DebugLog log("corio:engineio:polling");

bool is_old_ie(std::string_view ua) {
  return ua.find(";MSIE") != std::string_view::npos ||
         ua.find("Trident/") != std::string_view::npos;
}

}  // namespace

/// A waiting GET: lives on its handler's frame; the timer never expires, send() cancels it.
struct PollingTransport::Poll {
  explicit Poll(const asio::any_io_executor& ex)
      : wake(ex, asio::steady_timer::time_point::max()) {}
  asio::steady_timer wake;
  std::string body;
  bool answered = false;
};

void set_polling_headers(const http::Request& req, http::Response& res) {
  if (is_old_ie(req.get("user-agent"))) res.set("X-XSS-Protection", "0");
  res.set("Cache-Control", "no-store");
}

PollingTransport::PollingTransport(TransportSink* sink, const ServerOptions& options,
                                   asio::any_io_executor executor)
    : Transport(sink), options_(options), executor_(std::move(executor)) {}

void PollingTransport::answer(Poll& poll, std::string body) {
  poll.body = std::move(body);
  poll.answered = true;
  poll.wake.cancel();
  if (poll_ == &poll) poll_ = nullptr;
}

void PollingTransport::send(std::span<const SharedPacket> packets) {
  if (!poll_) return;
  std::size_t size = packets.size();
  for (const SharedPacket& p : packets) size += p.polling_size();
  std::string body;
  body.reserve(size);
  for (const SharedPacket& p : packets) {
    if (!body.empty()) body.push_back(payload_separator);
    p.append_polling(body);
  }
  answer(*poll_, std::move(body));
}

bool PollingTransport::close() {
  if (closed_) return true;
  if (poll_) {
    closed_ = true;
    answer(*poll_, std::string(1, static_cast<char>(PacketType::close)));
    return true;
  }
  should_close_ = true;
  return false;
}

void PollingTransport::fail(std::string_view reason, std::string_view description) {
  log("{}: {}", reason, description);
  if (TransportSink* s = sink()) s->on_transport_close(*this, reason, description);
}

void PollingTransport::end_by_client() {
  // As the reference's Polling.onClose: a waiting GET is released with a noop, not `1`.
  closed_ = true;
  if (poll_) answer(*poll_, std::string(1, static_cast<char>(PacketType::noop)));
  fail("transport close", "client close");
}

Task<> PollingTransport::handle_get(http::Request& req, http::Response& res, std::string cookie_sid,
                                    std::function<void()> on_registered) {
  const std::shared_ptr<PollingTransport> self = shared_from_this();
  if (poll_ != nullptr) {
    res.status(400);
    res.send(std::string_view());
    fail("transport error", "overlap from client");
    co_return;
  }
  Poll poll(executor_);
  poll_ = &poll;
  if (should_close_ && !closed_) {
    closed_ = true;
    answer(poll, std::string("6\x1e"
                             "1"));
    fail("transport close", "closed by the server");
  } else if (on_registered) {
    on_registered();
  } else if (closed_) {
    answer(poll, std::string(1, static_cast<char>(PacketType::close)));
  } else if (TransportSink* s = sink()) {
    s->on_writable(*this);
  }
  if (!poll.answered) co_await poll.wake.async_wait(use_nothrow);
  if (poll_ == &poll) poll_ = nullptr;
  if (!poll.answered) poll.body.assign(1, static_cast<char>(PacketType::close));  // cancelled
  write_poll_response(req, res, std::move(poll.body), cookie_sid);
}

void PollingTransport::write_poll_response(http::Request& req, http::Response& res,
                                           std::string body, std::string_view cookie_sid) const {
  res.set("Content-Type", "text/plain; charset=UTF-8");
  set_polling_headers(req, res);
  if (!cookie_sid.empty() && options_.cookie) {
    res.cookie(options_.cookie->name, cookie_sid, options_.cookie->attributes);
  }
  if (options_.http_compression && body.size() >= options_.http_compression->threshold) {
    const std::string_view encoding = detail::choose_encoding(req.get("accept-encoding"));
    if (!encoding.empty()) {
      std::string compressed = detail::compress(body, encoding, options_.http_compression->level);
      if (!compressed.empty()) {
        res.set("Content-Encoding", encoding);
        body = std::move(compressed);
      }
    }
  }
  res.send(std::move(body));
}

void PollingTransport::deliver_payload(std::string_view payload) {
  const PayloadLimits limits{options_.max_packets_per_payload};
  bool stop = false;
  const std::error_code ec = decode_payload(
      payload,
      [&](const PacketView& packet) {
        TransportSink* s = sink();
        if (stop || s == nullptr) {
          stop = true;  // the session ended under a handler: drop the rest
          return;
        }
        if (packet.type == PacketType::close) {
          stop = true;
          end_by_client();
          return;
        }
        s->on_packet(*this, packet);
      },
      limits);
  if (ec) fail("parse error", ec.message());
}

Task<> PollingTransport::handle_post(http::Request& req, http::Response& res) {
  const std::shared_ptr<PollingTransport> self = shared_from_this();
  if (posting_) {
    res.status(400);
    res.send(std::string_view());
    fail("transport error", "data request overlap from client");
    co_return;
  }
  if (req.get("content-type") == "application/octet-stream") {
    res.status(400);
    res.send(std::string_view());
    fail("transport error", "invalid content");
    co_return;
  }
  posting_ = true;
  std::string payload;
  const std::error_code ec =
      co_await req.exchange().read_body(payload, options_.max_http_buffer_size);
  posting_ = false;
  if (ec) {
    const bool too_large = ec == make_error_code(errc::limit_exceeded);
    res.close_after();  // the rest of the body is not a request boundary
    res.status(too_large ? 413 : 400);
    res.send(std::string_view());
    fail("transport error",
         too_large ? "payload too large" : "data request connection closed prematurely");
    co_return;
  }
  deliver_payload(payload);
  res.set("Content-Type", "text/html");
  set_polling_headers(req, res);
  res.send("ok");
}

}  // namespace corio::engineio
