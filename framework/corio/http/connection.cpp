#include <corio/http/connection.hpp>

#include <corio/core/clock.hpp>
#include <corio/core/debug.hpp>
#include <corio/core/error.hpp>
#include <corio/core/spawn.hpp>
#include <corio/http/detail/input_buffer.hpp>
#include <corio/http/exchange.hpp>
#include <corio/http/request.hpp>
#include <corio/http/router.hpp>
#include <corio/http/status.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <fmt/format.h>

#include <optional>

namespace corio::http {
namespace {

using namespace asio::experimental::awaitable_operators;
using clock = std::chrono::steady_clock;

const DebugLog log("corio:http");

constexpr std::size_t min_read = 4096;

enum class Phase { idle, head, body, handler, write, hijacked };

class Connection final : public Exchange, public net::Closable {
 public:
  Connection(net::Stream stream, net::ConnectionSet& set, const ConnectionContext& ctx)
      : stream_(std::move(stream)), set_(set), ctx_(ctx), timer_(stream_.get_executor()) {
    remote_ = stream_.remote_endpoint();
    set_.add(this);
  }
  ~Connection() override { set_.remove(this); }

  Task<> run() {
    co_await (serve() || watchdog());
    if (phase_ != Phase::hijacked) {
      co_await flush_pending();
      co_await stream_.graceful_close();
    }
  }

  // Exchange
  Task<std::error_code> read_body(std::string& out, std::size_t limit) override;
  Task<std::error_code> write(std::span<const asio::const_buffer> buffers) override {
    const std::error_code pending_error = co_await flush_pending();
    if (pending_error) co_return pending_error;
    co_return co_await stream_.write(buffers);
  }
  Hijacked hijack() override;
  bool secure() const noexcept override { return stream_.secure(); }
  asio::ip::tcp::endpoint remote_endpoint() const noexcept override { return remote_; }

  // Closable
  void shutdown() override {
    stopping_ = true;
    if (phase_ == Phase::idle) stream_.cancel();
  }
  void force_close() override {
    if (phase_ != Phase::hijacked) stream_.close();
  }

 private:
  Task<> serve();
  Task<> watchdog();
  Task<bool> read_head();
  Task<bool> read_more(detail::InputBuffer& into);
  // What has arrived, read without waiting: true with bytes, false at the end or on an error,
  // nullopt when nothing has arrived yet (or the stream cannot tell without waiting: TLS).
  std::optional<bool> read_available(detail::InputBuffer& into);
  // Waits for bytes (after read_available found none) and reads them.
  Task<bool> read_waiting(detail::InputBuffer& into);
  Task<> handle_request();
  Task<bool> finish_request();
  Task<bool> skip_unread_body();
  bool skip_buffered_body();
  Task<> send_error(int status);
  Task<std::error_code> flush_pending();
  void set_phase(Phase phase, std::chrono::milliseconds timeout) {
    phase_ = phase;
    deadline_ = coarse_steady_now() + timeout;  // set per request: a coarse read is enough
    // An earlier deadline than the one the watchdog sleeps on wakes it to re-arm.
    if (deadline_ < timer_.expiry()) timer_.expires_at(deadline_);
  }

  net::Stream stream_;
  net::ConnectionSet& set_;
  const ConnectionContext& ctx_;
  asio::steady_timer timer_;
  asio::ip::tcp::endpoint remote_;
  clock::time_point deadline_ = clock::time_point::max();
  Phase phase_ = Phase::idle;
  bool timed_out_ = false;
  bool stopping_ = false;
  bool first_request_ = true;
  unsigned served_without_yield_ = 0;
  bool defer_read_ = true;  // after a response, let ready connections run before reading

  detail::InputBuffer in_;  // received bytes: the current head, then what follows it
  std::size_t consumed_ = 0;  // bytes of in_ that belong to the current request
  std::string extra_;      // bytes past a chunked body, appended to in_ after the response
  RequestHead head_;
  ChunkedDecoder chunked_;
  std::uint64_t body_left_ = 0;  // content-length bytes not yet taken
  bool body_done_ = true;
  bool continue_sent_ = false;
  Request req_;
  Response res_;
  std::string out_;
  // Responses to pipelined requests held back while the next request is already buffered,
  // then written together in one system call (before any read that could wait).
  std::string pending_;
};

/// Requests one connection serves in a row before it lets the others run.
constexpr unsigned max_served_without_yield = 16;

/// Past this many held-back bytes the responses are written even if more requests wait.
constexpr std::size_t max_pending_bytes = 64 * 1024;

Task<std::error_code> Connection::flush_pending() {
  if (pending_.empty()) co_return std::error_code{};
  const std::error_code ec = co_await stream_.write(std::string_view(pending_));
  pending_.clear();
  co_return ec;
}

Task<> Connection::watchdog() {
  // One timer per connection: it sleeps until the current deadline and re-checks, so moving
  // the deadline later costs nothing. An expiry still ahead and not past the deadline is kept:
  // re-arming to a deadline that moved later meanwhile would make the next earlier deadline
  // (keep-alive after a request) cancel and re-arm the timer on every request.
  while (true) {
    const auto expiry = timer_.expiry();
    if (expiry <= clock::now() || expiry > deadline_) timer_.expires_at(deadline_);
    auto [ec] = co_await timer_.async_wait(use_nothrow);
    if (ec && ec != asio::error::operation_aborted) co_return;
    auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none) co_return;
    if (clock::now() >= deadline_) {
      timed_out_ = true;
      stream_.cancel();
      deadline_ = clock::time_point::max();
    }
  }
}

std::optional<bool> Connection::read_available(detail::InputBuffer& into) {
  const std::span<char> room = into.room(min_read / 2, min_read);
  std::error_code ec;
  const std::size_t n = stream_.try_read_some(room, ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) return std::nullopt;
  into.commit(n);
  return !ec && n > 0;
}

Task<bool> Connection::read_waiting(detail::InputBuffer& into) {
  const std::span<char> room = into.room(min_read / 2, min_read);
  std::error_code ec;
  const std::size_t n = co_await stream_.read_some_waiting(room, ec);
  into.commit(n);
  co_return !ec && n > 0;
}

Task<bool> Connection::read_more(detail::InputBuffer& into) {
  if (const std::optional<bool> got = read_available(into)) co_return *got;
  const bool waited = co_await read_waiting(into);
  co_return waited;
}

Task<bool> Connection::read_head() {
  head_.clear();
  while (true) {
    if (!in_.empty()) {
      ParseResult r = parse_request_head(in_.view(), head_, ctx_.options.parser);
      if (r.status == ParseResult::Status::complete) {
        consumed_ = r.consumed;
        co_return true;
      }
      if (r.status == ParseResult::Status::error) {
        log("bad request from {}: {} ({})", remote_.address().to_string(), r.reason, r.http_status);
        co_await send_error(r.http_status);
        co_return false;
      }
    }
    if (in_.empty()) {
      // Between requests. A fresh connection holds no buffer while it waits (DESIGN.md
      // budgets); a keep-alive one reads straight into the buffer it already has, which spares
      // the reactor a re-registration per request.
      set_phase(Phase::idle, first_request_ ? ctx_.options.headers_timeout
                                            : ctx_.options.keep_alive_timeout);
      if (stopping_) co_return false;
      if (!pending_.empty()) {
        const std::error_code pending_error = co_await flush_pending();
        if (pending_error) co_return false;
      }
      if (in_.capacity() > 64 * 1024) in_.release();
      std::optional<bool> got_first;
      if (in_.capacity() == 0) {
        const std::error_code wait_error = co_await stream_.wait_readable();
        if (wait_error) co_return false;
        got_first = read_available(in_);  // it is there now: read it without a coroutine
      }
      // Otherwise a response has just gone out on this connection, and a client that waits for
      // it cannot have sent the next request yet: a read now would fail (a wasted system call
      // per request; Asio's waiting read tries one itself before it waits). Under load, let the
      // connections that are ready run first: by then the next request is usually here, and one
      // read takes it. Where it is not (a client slower than the rest of the work), stop
      // deferring until serve()'s next yield, and wait at once.
      if (!got_first && defer_read_) {
        served_without_yield_ = 0;  // this is a yield
        const auto executor = co_await asio::this_coro::executor;
        co_await asio::post(executor, asio::use_awaitable);
        if (stopping_) co_return false;
        got_first = read_available(in_);
        if (!got_first) defer_read_ = false;
      }
      if (!got_first) {
        const bool waited = co_await read_waiting(in_);
        got_first = waited;
      }
      if (!*got_first) co_return false;
      set_phase(Phase::head, ctx_.options.headers_timeout);
      continue;
    }
    if (!pending_.empty()) {
      const std::error_code pending_error = co_await flush_pending();
      if (pending_error) co_return false;
    }
    const bool got = co_await read_more(in_);
    if (!got) {
      if (timed_out_ && phase_ == Phase::head) co_await send_error(408);
      co_return false;
    }
  }
}

Task<> Connection::serve() {
  // (No co_await inside conditions: g++ 12 miscompiles some of those.)
  while (true) {
    const bool have_request = co_await read_head();
    if (!have_request) co_return;
    first_request_ = false;
    co_await handle_request();
    if (phase_ == Phase::hijacked) co_return;
    const bool keep_going = co_await finish_request();
    if (!keep_going) co_return;
    // Reads and writes that need no wait complete without suspending, so a client that keeps
    // its requests coming could hold the thread: let the other connections run now and then.
    if (++served_without_yield_ == max_served_without_yield) {
      served_without_yield_ = 0;
      defer_read_ = true;  // try deferring again: the load may have changed
      const auto executor = co_await asio::this_coro::executor;
      co_await asio::post(executor, asio::use_awaitable);
    }
  }
}

Task<> Connection::handle_request() {
  body_done_ = head_.framing == BodyFraming::none ||
               (head_.framing == BodyFraming::content_length && head_.content_length == 0);
  body_left_ = head_.framing == BodyFraming::content_length ? head_.content_length : 0;
  chunked_.reset();
  continue_sent_ = false;
  req_.reset(&head_, this);
  res_.reset(&req_, this, &ctx_.renderer, head_.method == "HEAD");
  phase_ = Phase::handler;
  deadline_ = clock::time_point::max();  // handlers (long polls) set their own deadlines
  try {
    if (head_.upgrade) {
      // The handler may take the stream over (WebSocket): earlier responses go first.
      const std::error_code pending_error = co_await flush_pending();
      if (pending_error) res_.close_after();
    }
    co_await ctx_.handler(req_, res_);
  } catch (...) {
    // The router catches handler errors; this is a failure of error handling itself.
    report_failure("request handler", std::current_exception());
    if (!res_.finished() && !res_.headers_sent()) send_default_error(HttpError(500, "internal error"), req_, res_);
    res_.close_after();
  }
  if (phase_ == Phase::hijacked) co_return;
  if (!res_.finished() && !res_.headers_sent()) {
    log("{} {}: handler returned without responding", head_.method, head_.target);
    send_default_error(HttpError(500, "handler returned without a response"), req_, res_);
  }
}

Task<bool> Connection::finish_request() {
  bool keep_alive = head_.keep_alive && !res_.closing() && !stopping_;
  set_phase(Phase::write, ctx_.options.request_timeout);
  if (!res_.streamed()) {
    if (keep_alive && !body_done_) {
      const bool skipped = co_await skip_unread_body();
      keep_alive = skipped;
    }
    res_.serialize_head(out_, keep_alive);
    const std::string_view body = res_.head_only() ? std::string_view() : std::string_view(res_.body());
    const bool more_buffered = keep_alive && body_done_ && in_.size() > consumed_;
    if (more_buffered && pending_.size() + out_.size() + body.size() <= max_pending_bytes) {
      pending_ += out_;  // the next request is here already: answer both in one write
      pending_ += body;
    } else {
      std::array<asio::const_buffer, 3> buffers{asio::buffer(pending_), asio::buffer(out_),
                                                asio::buffer(body.data(), body.size())};
      const std::error_code write_error = co_await stream_.write(buffers);
      pending_.clear();
      if (write_error) co_return false;
    }
  } else {
    try {
      co_await res_.end();
    } catch (const std::system_error&) {
      co_return false;
    }
  }
  log("{} {} -> {}", head_.method, head_.target, res_.status_code());
  if (!keep_alive) co_return false;
  if (!body_done_) {
    // Skip the body nobody read, within a bound (past it, closing is cheaper); a client still
    // waiting for a 100 gets a close.
    if (head_.expect_continue && !continue_sent_) co_return false;
    std::string scratch;
    const std::error_code skip_error = co_await read_body(scratch, ctx_.options.max_discarded_body);
    if (skip_error) co_return false;
  }
  in_.consume(consumed_);
  consumed_ = 0;
  in_.append(extra_);
  extra_.clear();
  co_return true;
}

Task<bool> Connection::skip_unread_body() {
  // The client waits for a 100 that will not come now (RFC 9110 §10.1.1): the connection
  // stays only when the body came anyway and is all here; otherwise it closes after the final
  // response, so that body bytes arriving later are never taken for the next request.
  if (head_.expect_continue && !continue_sent_) co_return skip_buffered_body();
  // A content-length body is skipped after the response (finish_request); a chunked one before
  // it, within a bound, so that malformed framing is answered 400 rather than the route's status.
  if (head_.framing == BodyFraming::content_length) co_return true;
  std::string scratch;
  const std::error_code ec = co_await read_body(scratch, ctx_.options.max_discarded_body);
  if (ec == errc::protocol_error) {
    log("{} {}: malformed chunked body", head_.method, head_.target);
    res_.reset(&req_, this, &ctx_.renderer, head_.method == "HEAD");
    send_default_error(HttpError(400, "malformed chunked body"), req_, res_);
  }
  co_return !ec;
}

bool Connection::skip_buffered_body() {
  const std::string_view rest = in_.view().substr(consumed_);
  if (head_.framing == BodyFraming::content_length) {
    if (rest.size() < body_left_) return false;
    consumed_ += body_left_;
  } else {
    std::string scratch;
    const ParseResult r = chunked_.feed(rest, scratch, ctx_.options.max_discarded_body);
    if (!chunked_.done()) return false;
    consumed_ += r.consumed;
  }
  body_left_ = 0;
  body_done_ = true;
  return true;
}

Task<std::error_code> Connection::read_body(std::string& out, std::size_t limit) {
  out.clear();
  if (body_done_) co_return std::error_code{};
  // Reading a body may wait: the responses held back go out first (and before a 100).
  const std::error_code pending_error = co_await flush_pending();
  if (pending_error) co_return pending_error;
  // A body over the limit is refused before a 100 invites it (RFC 9110 §10.1.1).
  if (head_.framing == BodyFraming::content_length && head_.content_length > limit)
    co_return make_error_code(errc::limit_exceeded);
  if (head_.expect_continue && !continue_sent_ && !res_.headers_sent()) {
    continue_sent_ = true;
    const std::error_code ec = co_await stream_.write(std::string_view("HTTP/1.1 100 Continue\r\n\r\n"));
    if (ec) co_return ec;
  }
  const Phase saved = phase_;
  set_phase(Phase::body, ctx_.options.request_timeout);
  std::error_code result;
  if (head_.framing == BodyFraming::content_length) {
    out.reserve(head_.content_length);
    const std::size_t take = std::min<std::uint64_t>(body_left_, in_.size() - consumed_);
    out.append(in_.data() + consumed_, take);
    consumed_ += take;
    body_left_ -= take;
    while (body_left_ > 0) {
      const std::size_t old = out.size();
      out.resize(old + std::min<std::uint64_t>(body_left_, 64 * 1024));
      std::error_code ec;
      std::size_t n = co_await stream_.read_some({out.data() + old, out.size() - old}, ec);
      out.resize(old + n);
      body_left_ -= n;
      if (ec || n == 0) {
        result = timed_out_ ? make_error_code(errc::timed_out) : (ec ? ec : make_error_code(errc::closed));
        break;
      }
    }
  } else {
    // First the bytes already in in_, then fresh reads; bytes past the last chunk belong to
    // the next request (kept in extra_ when they came from a fresh read).
    std::string_view pending(in_.data() + consumed_, in_.size() - consumed_);
    bool from_in = true;
    detail::InputBuffer chunk;
    while (true) {
      ParseResult r = chunked_.feed(pending, out, std::min(limit, ctx_.options.max_chunked_body));
      if (from_in) consumed_ += r.consumed;
      if (r.status == ParseResult::Status::error) {
        result = r.http_status == 413 ? make_error_code(errc::limit_exceeded)
                                      : make_error_code(errc::protocol_error);
        break;
      }
      if (chunked_.done()) {
        if (!from_in) extra_.assign(pending.substr(r.consumed));
        break;
      }
      chunk.consume(chunk.size());
      const bool got = co_await read_more(chunk);
      if (!got) {
        result = timed_out_ ? make_error_code(errc::timed_out) : make_error_code(errc::closed);
        break;
      }
      pending = chunk.view();
      from_in = false;
    }
  }
  if (!result) body_done_ = true;
  else res_.close_after();  // the rest of the stream is not a request boundary any more
  phase_ = saved;
  deadline_ = saved == Phase::handler ? clock::time_point::max() : deadline_;
  co_return result;
}

Hijacked Connection::hijack() {
  phase_ = Phase::hijacked;
  deadline_ = clock::time_point::max();
  res_.mark_hijacked();
  timer_.cancel();
  Hijacked h{std::move(stream_), std::string(in_.view().substr(consumed_)), &set_};
  in_.release();
  return h;
}

Task<> Connection::send_error(int status) {
  const std::error_code pending_error = co_await flush_pending();
  if (pending_error) co_return;
  std::string_view text = status_text(status);
  std::string response = fmt::format(
      "HTTP/1.1 {} {}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Length: {}\r\n\r\n{}",
      status, text, text.size(), text);
  co_await stream_.write(response);
}

}  // namespace

Task<> serve_connection(net::Stream stream, net::ConnectionSet& set, const ConnectionContext& ctx) {
  Connection connection(std::move(stream), set, ctx);
  co_await connection.run();
}

}  // namespace corio::http
