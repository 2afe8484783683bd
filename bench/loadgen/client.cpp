#include "client.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <asio/co_spawn.hpp>
#include <asio/write.hpp>
#include <corio/core/spawn.hpp>

namespace corio::loadgen {

namespace {
constexpr std::size_t keep_tail_capacity = 4096;  // a larger idle tail buffer is released
constexpr int read_rounds = 4;                    // reads per wake-up before yielding
}  // namespace

Client::Client(Shard& shard, ClientListener& listener, std::uint32_t index)
    : shard_(shard),
      listener_(listener),
      socket_(shard.io),
      deadline_(shard.io),
      index_(index),
      key_(shard.rng.mask_key()) {}

Task<> Client::run(const Target& target, asio::ip::address source) {
  max_message_ = target.max_message;
  deadline_.expires_after(target.timeout);
  deadline_.async_wait([this](std::error_code ec) {
    if (!ec && state_ != State::connected) fail("handshake timeout");
  });
  const bool opened = co_await open(target, source);
  if (!opened) co_return;
  for (;;) {
    auto [ec] = co_await socket_.async_wait(asio::ip::tcp::socket::wait_read, use_nothrow);
    if (ec || state_ == State::closed) break;
    const bool alive = read_available();
    if (!alive) break;
  }
  fail("connection closed");
}

Task<bool> Client::open(const Target& target, asio::ip::address source) {
  std::error_code ec;
  socket_.open(source.is_v4() ? asio::ip::tcp::v4() : asio::ip::tcp::v6(), ec);
  if (ec) {
    fail("socket() failed (file descriptors?)");
    co_return false;
  }
#ifdef IP_BIND_ADDRESS_NO_PORT
  // Picks the local port at connect(): ports are then unique per 4-tuple, not per address.
  const int one = 1;
  ::setsockopt(socket_.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
  socket_.bind(asio::ip::tcp::endpoint(source, 0), ec);
  if (ec) {
    fail("bind failed");
    co_return false;
  }
  auto [connect_ec] = co_await socket_.async_connect(target.server, use_nothrow);
  if (state_ == State::closed) co_return false;
  if (connect_ec) {
    fail("connect failed");
    co_return false;
  }
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  socket_.non_blocking(true, ec);
  key_text_ = make_websocket_key(shard_.rng);
  state_ = State::upgrading;
  write(build_upgrade_request(target.host, target.server.port(), target.path, key_text_));
  co_return state_ != State::closed;
}

bool Client::read_available() {
  for (int round = 0; round < read_rounds; ++round) {
    std::error_code ec;
    const std::size_t n = socket_.read_some(asio::buffer(shard_.read_buffer), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) return true;
    if (ec) return false;
    const bool alive = feed(std::string_view(shard_.read_buffer.data(), n));
    if (!alive) return false;
    if (n < shard_.read_buffer.size()) return true;
  }
  return true;
}

bool Client::feed(std::string_view data) {
  std::size_t used = 0;
  if (tail_.empty()) {
    const bool alive = consume(data, used);
    if (!alive) return false;
    tail_.assign(data.substr(used));
    return true;
  }
  tail_.append(data);
  const bool alive = consume(tail_, used);
  if (!alive) return false;
  tail_.erase(0, used);
  if (tail_.empty() && tail_.capacity() > keep_tail_capacity) std::string().swap(tail_);
  return true;
}

bool Client::consume(std::string_view data, std::size_t& used) {
  while (state_ != State::closed) {
    if (state_ == State::upgrading) {
      std::size_t head = 0;
      const UpgradeStatus status = check_upgrade_response(data.substr(used), key_text_, head);
      if (status == UpgradeStatus::incomplete) return true;
      if (status != UpgradeStatus::ok) {
        fail(status == UpgradeStatus::bad_status ? "upgrade refused" : "bad upgrade response");
        return false;
      }
      used += head;
      std::string().swap(key_text_);
      state_ = State::opening;
      send_text("40");  // Socket.IO CONNECT to "/", without waiting for the Engine.IO open
      continue;
    }
    ServerFrame frame;
    const FrameStatus status = parse_server_frame(data.substr(used), frame, max_message_);
    if (status == FrameStatus::incomplete) return true;
    if (status == FrameStatus::error) {
      fail("bad frame from server");
      return false;
    }
    used += frame.size;
    const bool alive = on_frame(frame);
    if (!alive) return false;
  }
  return false;
}

bool Client::on_frame(const ServerFrame& frame) {
  switch (frame.opcode) {
    case ws::Opcode::ping: {
      std::string& out = shard_.scratch;
      out.clear();
      append_client_frame(out, ws::Opcode::pong, frame.payload, key_);
      write(out);
      return state_ != State::closed;
    }
    case ws::Opcode::pong:
      return true;
    case ws::Opcode::close:
      fail("closed by server");
      return false;
    case ws::Opcode::text:
    case ws::Opcode::binary:
      if (!message_.empty()) break;  // a new message inside a fragmented one
      if (frame.fin) return frame.opcode == ws::Opcode::binary || on_text(frame.payload);
      message_.assign(frame.opcode == ws::Opcode::text ? "t" : "b").append(frame.payload);
      return true;
    case ws::Opcode::continuation:
      if (message_.empty() || message_.size() + frame.payload.size() > max_message_ + 1) break;
      message_.append(frame.payload);
      if (!frame.fin) return true;
      {
        std::string whole;
        whole.swap(message_);
        return whole[0] == 'b' || on_text(std::string_view(whole).substr(1));
      }
    default:
      break;
  }
  fail("bad frame sequence from server");
  return false;
}

bool Client::on_text(std::string_view text) {
  Incoming in;
  if (!classify(text, in)) {
    fail("malformed packet");
    return false;
  }
  switch (in.kind) {
    case InKind::ping:
      send_text("3");
      break;
    case InKind::close:
      fail("Engine.IO close");
      return false;
    case InKind::connect_error:
      fail("Socket.IO connect_error");
      return false;
    case InKind::disconnect:
      fail("Socket.IO disconnect");
      return false;
    case InKind::connect:
      if (state_ == State::opening) {
        state_ = State::connected;
        deadline_.cancel();
        listener_.on_connected(*this);
      }
      break;
    case InKind::event:
    case InKind::ack:
      if (state_ == State::connected) listener_.on_packet(*this, in);
      break;
    default:
      break;
  }
  return state_ != State::closed;
}

void Client::fail(const char* reason) {
  if (state_ == State::closed) return;
  const State was = state_;
  state_ = State::closed;
  std::error_code ignored;
  socket_.close(ignored);
  deadline_.cancel();
  if (was == State::connected) {
    listener_.on_closed(*this);
  } else {
    listener_.on_failed(*this, reason);
  }
}

void Client::close() noexcept { fail("closed by the load generator"); }

void Client::send_text(std::string_view packet) {
  std::string& out = shard_.scratch;
  out.clear();
  append_client_frame(out, ws::Opcode::text, packet, key_);
  write(out);
}

void Client::send_raw(std::string_view frame) { write(frame); }

void Client::write(std::string_view bytes) {
  if (state_ == State::closed || state_ == State::idle) return;
  if (flushing_) {
    pending_.append(bytes);
    return;
  }
  std::error_code ec;
  std::size_t n = socket_.write_some(asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    n = 0;
  } else if (ec) {
    fail("write failed");
    return;
  }
  if (n == bytes.size()) return;
  pending_.append(bytes.substr(n));
  flushing_ = true;
  asio::co_spawn(shard_.io, flush(), log_failure("loadgen write queue"));
}

Task<> Client::flush() {
  while (!pending_.empty() && state_ != State::closed) {
    std::string chunk;
    chunk.swap(pending_);
    auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(chunk), use_nothrow);
    if (ec) {
      fail("write failed");
      break;
    }
  }
  flushing_ = false;
}

}  // namespace corio::loadgen
