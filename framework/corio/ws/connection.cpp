// detail::Connection, reading side: the reader coroutine, frame events, the close handshake.

#include <asio/co_spawn.hpp>
#include <corio/core/debug.hpp>
#include <corio/core/spawn.hpp>
#include <corio/ws/detail/connection.hpp>
#include <stdexcept>

namespace corio::ws::detail {
namespace {

const DebugLog log("corio:ws");

constexpr std::size_t shard_buffer_size = 64 * 1024;
constexpr std::size_t drain_buffer_size = 4 * 1024;
constexpr std::size_t tls_idle_buffer_size = 512;

// The shard's read buffer (DESIGN.md: no read buffer per idle connection). A read that must
// wait asynchronously keeps it busy; a second reader then uses a temporary buffer.
struct ShardBuffer {
  std::unique_ptr<char[]> data = std::make_unique<char[]>(shard_buffer_size);
  bool busy = false;
};
thread_local ShardBuffer shard_buffer;

}  // namespace

Connection::Connection(net::Stream stream, Setup setup)
    : stream_(std::move(stream)),
      connections_(setup.connections),
      timer_(stream_.get_executor(), clock::time_point::max()),
      limits_(setup.limits),
      pending_(std::move(setup.leftover)),
      protocol_(std::move(setup.protocol)),
      headers_(std::move(setup.headers)) {
  remote_ = stream_.remote_endpoint();
  FrameDecoderOptions decoder_options;
  decoder_options.max_message_size = setup.max_message_size;
  if (setup.deflate) {
    inflater_ = std::make_unique<Inflater>(setup.deflate->client_no_context_takeover);
    deflater_ = std::make_unique<Deflater>(*setup.deflate, setup.deflate_options);
    decoder_options.inflater = inflater_.get();
  }
  decoder_ = FrameDecoder(decoder_options);
  queue_.push_back(Item{std::move(setup.response_head), {}});
  queued_bytes_ = queue_.back().owned.size();
  ++enqueued_;
}

Connection::~Connection() {
  if (registered_ && connections_) connections_->remove(this);
}

void Connection::start() {
  if (connections_) {
    registered_ = true;
    connections_->add(this);  // may call shutdown() at once when the server is stopping
  }
  if (limits_.idle_timeout.count() > 0) set_deadline(clock::now() + limits_.idle_timeout);
  start_writer();
  asio::co_spawn(stream_.get_executor(), run(shared_from_this()),
                 log_failure("websocket connection"));
}

// Few locals and few nested coroutines: this frame is most of an idle connection's cost.
Task<> Connection::run(std::shared_ptr<Connection> self) {
  // Bytes that came with the upgrade request are decoded first.
  if (!pending_.empty()) {
    std::string first = std::move(pending_);
    pending_.clear();
    if (!decode_more(first.data(), first.size())) reading_done_ = true;
  }
  while (!reading_done_) {
    // Pause while the application has not consumed what was received.
    while (inbox_bytes_ > limits_.max_receive_queue_bytes && stream_.is_open())
      co_await wait_change();
    if (pending_.empty()) {
      // Idle: hold no buffer (TLS: a small one, see read_idle_tls), and wait right here
      // (each nested coroutine costs a frame).
      if (pending_.capacity() > 0) std::string().swap(pending_);
      if (stream_.secure()) {
        const bool more = co_await read_idle_tls();
        if (!more) break;
        continue;
      }
      auto [ec] = co_await stream_.lowest_layer().async_wait(net::Stream::tcp_socket::wait_read,
                                                             use_nothrow);
      wait_error_ = ec;
      if (wait_error_) break;
      touch();
    }
    if (!stream_.is_open() || reading_done_) break;
    ShardBuffer& shard = shard_buffer;
    if (shard.busy) {
      // Another connection's read is in flight on this shard: use a buffer of our own.
      std::vector<char> own(shard_buffer_size);
      const std::size_t n = co_await read_into(own.data(), own.size());
      if (n == 0 || !decode_more(own.data(), n)) break;
      continue;
    }
    shard.busy = true;
    const std::size_t n = co_await read_into(shard.data.get(), shard_buffer_size);
    shard.busy = false;
    if (n == 0 || !decode_more(shard.data.get(), n)) break;
  }
  reading_done_ = true;
  if (close_after_flush_) co_await drain();
  finish();
  self.reset();
}

// TLS records the peer sent together may wait, undecrypted, inside the TLS layer, where
// neither the socket's readability nor SSL_pending() shows them: an idle TLS connection reads
// (into a small buffer, held while it waits) instead of waiting for the socket.
Task<bool> Connection::read_idle_tls() {
  pending_.resize(tls_idle_buffer_size);
  const std::size_t n = co_await read_into(pending_.data(), pending_.size());
  pending_.resize(n);
  if (n == 0) co_return false;
  touch();
  co_return decode_more(pending_.data(), n);
}

void Connection::touch() {
  if (limits_.idle_timeout.count() > 0 && is_open())
    deadline_ = clock::now() + limits_.idle_timeout;
}

Task<std::size_t> Connection::read_into(char* buffer, std::size_t capacity) {
  std::error_code ec;
  const std::size_t n = co_await stream_.read_some({buffer, capacity}, ec);
  co_return ec ? 0 : n;
}

bool Connection::decode_more(char* data, std::size_t size) {
  // Corked: replies to every frame of this read go out in one write afterwards.
  corked_ = true;
  bool more;
  if (pending_.empty() || data == pending_.data()) {
    more = decode(data, size);
  } else {
    pending_.append(data, size);
    more = decode(pending_.data(), pending_.size());
  }
  corked_ = false;
  flush_now();
  return more;
}

Task<> Connection::drain() {
  // Our close frame goes out first; after a failure, wait for the peer's FIN (see
  // write_loop; bounded by the close timeout).
  start_writer();
  while (writing_ && !finished_) co_await wait_change();
  std::vector<char> scratch(drain_buffer_size);
  while (stream_.is_open()) {
    std::error_code ec;
    const std::size_t n = co_await stream_.read_some({scratch.data(), scratch.size()}, ec);
    if (ec || n == 0) break;
  }
}

bool Connection::decode(char* data, std::size_t size) {
  DecodeResult r;
  try {
    r = decoder_.decode(data, size, *this);
  } catch (...) {
    report_failure("websocket message handling", std::current_exception());
    fail(CloseCode::internal_error, "internal error");
    return false;
  }
  if (!r.ok()) {
    log("closing {}: protocol error {}", remote_.address().to_string(), static_cast<int>(r.error));
    fail(r.error, {});
    return false;
  }
  if (decoder_.closed() || reading_done_) return false;
  // Keep only the unfinished frame; `data` may be pending_ itself.
  if (data == pending_.data()) {
    pending_.erase(0, r.consumed);
  } else {
    pending_.assign(data + r.consumed, size - r.consumed);
  }
  if (r.frame_size > pending_.capacity()) pending_.reserve(r.frame_size);
  return true;
}

void Connection::on_message(Opcode opcode, std::string_view payload, bool /*compressed*/) {
  if (!is_open()) return;  // after our close frame, data is discarded (RFC 6455 §5.5.1)
  Message message{opcode, std::string(payload)};
  if (on_message_) {
    auto handler = on_message_;  // the handler may replace itself
    handler(std::move(message));
    return;
  }
  inbox_bytes_ += message.data.size();
  inbox_.push_back(std::move(message));
  notify();
}

void Connection::on_ping(std::string_view payload) {
  if (close_sent_) return;
  std::string frame = encode_frame(Opcode::pong, payload);
  const std::size_t size = frame.size();
  enqueue(Item{std::move(frame), {}}, size, true);
}

void Connection::on_pong(std::string_view /*payload*/) {}

void Connection::on_close(std::uint16_t code, std::string_view reason) {
  close_received_ = true;
  reading_done_ = true;
  if (!close_sent_) {
    close_code_ = code;
    close_reason_ = reason;
    close_sent_ = true;
    // Echo code and reason, as `ws` does; a close without a code is answered without one.
    std::string frame = encode_close_frame(code, reason);
    const std::size_t size = frame.size();
    enqueue(Item{std::move(frame), {}}, size, true);
    set_deadline(clock::now() + limits_.close_timeout);
  }
  close_after_flush_ = true;
  start_writer();
  notify();
}

void Connection::close(std::uint16_t code, std::string_view reason) {
  if (!is_valid_close_code(code)) throw std::invalid_argument("invalid websocket close code");
  if (!is_open()) return;
  close_sent_ = true;
  close_code_ = code;
  close_reason_ = reason.substr(0, max_close_reason);
  std::string frame = encode_close_frame(code, reason);
  const std::size_t size = frame.size();
  enqueue(Item{std::move(frame), {}}, size, true);
  set_deadline(clock::now() + limits_.close_timeout);
  notify();
}

void Connection::fail(CloseCode code, std::string_view reason) {
  reading_done_ = true;
  close_after_flush_ = true;
  if (!close_sent_) {
    close_sent_ = true;
    close_code_ = static_cast<std::uint16_t>(code);
    close_reason_ = reason;
    std::string frame = encode_close_frame(close_code_, reason);
    const std::size_t size = frame.size();
    enqueue(Item{std::move(frame), {}}, size, true);
  }
  set_deadline(clock::now() + limits_.close_timeout);
  start_writer();
  notify();
}

void Connection::shutdown() {
  if (is_open()) close(static_cast<std::uint16_t>(CloseCode::going_away), "server shutting down");
}

void Connection::force_close() {
  stream_.close();
  notify();
}

void Connection::finish() {
  if (finished_) return;
  finished_ = true;
  reading_done_ = true;
  if (close_code_ == 0) close_code_ = static_cast<std::uint16_t>(CloseCode::abnormal);
  stream_.close();
  deadline_ = clock::time_point::max();
  timer_.cancel();
  if (registered_ && connections_) connections_->remove(this);
  registered_ = false;
  std::string().swap(pending_);
  std::vector<Item>().swap(queue_);
  queued_bytes_ = 0;
  inflater_.reset();
  deflater_.reset();
  // Callbacks often hold a handle on this connection: dropping them breaks the cycle.
  auto on_close = std::move(on_close_);
  on_close_ = nullptr;
  on_message_ = nullptr;
  if (on_close) {
    try {
      on_close(close_code_, close_reason_);
    } catch (...) {
      report_failure("websocket close handler", std::current_exception());
    }
  }
}

std::string_view Connection::header(std::string_view name) const noexcept {
  std::string_view rest = headers_;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const std::size_t colon = line.find(':');
    if (colon != name.size()) continue;
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    bool same = true;
    for (std::size_t i = 0; i < colon && same; ++i) same = lower(line[i]) == lower(name[i]);
    if (same) return line.substr(colon + 1);
  }
  return {};
}

}  // namespace corio::ws::detail
