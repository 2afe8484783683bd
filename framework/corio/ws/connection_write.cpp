// detail::Connection, writing side and waiting: the send queue, the on-demand writer, the one
// timer (deadlines and wake-ups), receive() and flush().

#include <array>
#include <asio/buffer.hpp>
#include <asio/co_spawn.hpp>
#include <corio/core/spawn.hpp>
#include <corio/ws/detail/connection.hpp>
#include <span>

namespace corio::ws::detail {
namespace {

Task<> run_writer(std::shared_ptr<Connection> self) { co_await self->write_loop(); }

/// Connections of this shard with frames queued since the last flush pass. A broadcast to N
/// sockets queues N frames and flushes them in one pass (one post, no coroutine per recipient),
/// and several emits to one socket in the same pass go out in one write.
std::vector<std::shared_ptr<Connection>>& pending_flushes() {
  thread_local std::vector<std::shared_ptr<Connection>> pending;
  return pending;
}

}  // namespace

bool Connection::send_message(Opcode opcode, std::string_view payload) {
  if (!is_open()) return false;
  std::string frame;
  if (deflater_ && payload.size() >= limits_.deflate_threshold) {
    std::string compressed = deflater_->compress(payload);
    const FrameHeader h = encode_frame_header(opcode, compressed.size(), true, true);
    frame.reserve(h.size + compressed.size());
    frame.append(h.view()).append(compressed);
  } else {
    const FrameHeader h = encode_frame_header(opcode, payload.size());
    frame.reserve(h.size + payload.size());
    frame.append(h.view()).append(payload);
  }
  const std::size_t size = frame.size();
  return enqueue(Item{std::move(frame), {}}, size);
}

bool Connection::send_shared(SharedBuffer frame) {
  if (!is_open()) return false;
  const std::size_t size = frame.size();
  return enqueue(Item{{}, std::move(frame)}, size);
}

bool Connection::enqueue(Item item, std::size_t size, bool control) {
  if (finished_) return false;
  if (!control && queued_bytes_ + size > limits_.max_send_queue_bytes) {
    overflow();
    return false;
  }
  queue_.push_back(std::move(item));
  queued_bytes_ += size;
  ++enqueued_;
  if (control) {
    start_writer();
  } else {
    schedule_flush();
  }
  return true;
}

void Connection::schedule_flush() {
  if (writing_ || corked_ || finished_ || flush_scheduled_) return;
  flush_scheduled_ = true;
  auto& pending = pending_flushes();
  pending.push_back(shared_from_this());
  if (pending.size() > 1) return;  // a pass is already posted
  asio::post(stream_.get_executor(), [] {
    std::vector<std::shared_ptr<Connection>> batch;
    batch.swap(pending_flushes());
    for (auto& connection : batch) {
      connection->flush_scheduled_ = false;
      connection->flush_now();
    }
  });
}

void Connection::overflow() {
  // A client that does not read must not hold memory nor slow anyone: drop what it has not
  // been sent yet and close; the close timeout ends it if it never reads again.
  // A partly written frame stays, so that the close frame follows a whole frame.
  const std::size_t keep = head_offset_ > 0 ? 1 : 0;
  for (std::size_t i = keep; i < queue_.size(); ++i) queued_bytes_ -= view_of(queue_[i]).size();
  written_ += queue_.size() - keep;
  queue_.resize(keep);
  if (keep == 0) std::vector<Item>().swap(queue_);
  fail(CloseCode::policy_violation, "send queue overflow");
}

void Connection::start_writer() {
  if (writing_ || corked_ || finished_ || (queue_.empty() && !close_after_flush_)) return;
  writing_ = true;
  asio::co_spawn(stream_.get_executor(), run_writer(shared_from_this()),
                 log_failure("websocket writer"));
}

void Connection::flush_now() {
  // Plain TCP: try one non-blocking gather write at once (no coroutine, no post); what the
  // kernel does not take goes to the writer coroutine.
  if (!writing_ && !queue_.empty() && !stream_.secure() && stream_.is_open()) {
    std::array<asio::const_buffer, 64> buffers;
    std::size_t count = 0;
    for (const Item& item : queue_) {
      if (count == buffers.size()) break;
      const std::string_view view = view_of(item).substr(count == 0 ? head_offset_ : 0);
      buffers[count++] = asio::const_buffer(view.data(), view.size());
    }
    std::error_code ec;
    const std::size_t n = stream_.lowest_layer().write_some(std::span(buffers.data(), count), ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
      stream_.close();
      notify();
      return;
    }
    consume_written(n);
  }
  start_writer();
}

void Connection::consume_written(std::size_t bytes) {
  queued_bytes_ -= bytes;
  std::size_t done = 0;
  while (done < queue_.size() && bytes > 0) {
    const std::size_t left = view_of(queue_[done]).size() - head_offset_;
    if (bytes < left) {
      head_offset_ += bytes;
      break;
    }
    bytes -= left;
    head_offset_ = 0;
    ++done;
  }
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(done));
  written_ += done;
  if (queue_.empty()) std::vector<Item>().swap(queue_);
  if (done > 0) notify();
}

Task<> Connection::write_loop() {
  std::vector<asio::const_buffer> buffers;
  while (!queue_.empty() && stream_.is_open()) {
    std::vector<Item> batch;
    batch.swap(queue_);  // frames queued while writing go in the next batch
    buffers.clear();
    buffers.reserve(batch.size());
    std::size_t bytes = 0;
    for (const Item& item : batch) {
      const std::string_view view = view_of(item).substr(buffers.empty() ? head_offset_ : 0);
      buffers.emplace_back(view.data(), view.size());
      bytes += view.size();
    }
    head_offset_ = 0;
    const std::error_code ec = co_await stream_.write(buffers);
    queued_bytes_ -= bytes;
    written_ += batch.size();
    if (ec) {
      stream_.close();
      break;
    }
  }
  writing_ = false;
  if (close_after_flush_ && queue_.empty() && stream_.is_open()) {
    // After a complete close handshake the server closes first (RFC 6455 §7.1.1). After a
    // failure the peer may still be sending: half-close, and the reader waits for its FIN
    // (or the close timeout) so that unread bytes do not turn our close frame into a reset.
    std::error_code ignored;
    if (close_received_ || stream_.secure())
      stream_.close();
    else
      stream_.lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }
  notify();
}

Task<> Connection::flush() {
  const std::uint64_t target = enqueued_;
  while (written_ < target && !finished_ && stream_.is_open()) co_await wait_change();
}

Task<std::optional<Message>> Connection::receive(std::shared_ptr<Connection> self) {
  (void)self;  // held by the frame
  while (true) {
    if (inbox_head_ < inbox_.size()) {
      Message message = std::move(inbox_[inbox_head_++]);
      inbox_bytes_ -= message.data.size();
      if (inbox_head_ == inbox_.size()) {
        std::vector<Message>().swap(inbox_);
        inbox_head_ = 0;
      }
      notify();  // a reader paused on the receive limit may go on
      co_return message;
    }
    if (on_message_ || reading_done_ || !is_open()) co_return std::nullopt;
    // Inline wait_change(): an idle receive() costs one frame, not two.
    ++waiters_;
    auto [ec] = co_await timer_.async_wait(use_nothrow);
    --waiters_;
    if (!ec) on_deadline();
  }
}

void Connection::set_on_message(std::function<void(Message&&)> handler) {
  on_message_ = std::move(handler);
  if (!on_message_) return;
  std::vector<Message> queued;
  queued.swap(inbox_);
  const std::size_t head = inbox_head_;
  inbox_head_ = 0;
  inbox_bytes_ = 0;
  for (std::size_t i = head; i < queued.size() && on_message_; ++i)
    on_message_(std::move(queued[i]));
  notify();
}

void Connection::set_on_close(std::function<void(std::uint16_t, std::string_view)> handler) {
  on_close_ = std::move(handler);
}

Task<> Connection::wait_change() {
  ++waiters_;
  auto [ec] = co_await timer_.async_wait(use_nothrow);
  --waiters_;
  if (!ec) on_deadline();
}

void Connection::notify() {
  if (waiters_ > 0) timer_.cancel();  // the watchdog re-arms itself
}

void Connection::set_deadline(clock::time_point when) {
  deadline_ = when;
  if (when < timer_.expiry()) timer_.expires_at(when);
  arm_watchdog();
}

void Connection::arm_watchdog() {
  if (watchdog_armed_ || finished_ || deadline_ == clock::time_point::max()) return;
  watchdog_armed_ = true;
  timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
    auto self = weak.lock();
    if (!self) return;
    self->watchdog_armed_ = false;
    if (!ec) self->on_deadline();
    self->arm_watchdog();
  });
}

void Connection::on_deadline() {
  if (finished_) return;
  const auto now = clock::now();
  if (now < deadline_) {
    // The deadline moved later (activity) since the timer was set: sleep again.
    if (timer_.expiry() != deadline_) timer_.expires_at(deadline_);
    return;
  }
  deadline_ = clock::time_point::max();
  timer_.expires_at(deadline_);
  if (close_sent_ || close_received_ || reading_done_) {
    stream_.close();  // close timeout: the reader and writer end
  } else {
    close(static_cast<std::uint16_t>(CloseCode::going_away), "idle timeout");
  }
}

}  // namespace corio::ws::detail
