#include <corio/redis/detail/link.hpp>

#include <corio/core/debug.hpp>
#include <corio/redis/error.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/local/stream_protocol.hpp>
#include <asio/read.hpp>
#include <asio/this_coro.hpp>
#include <asio/write.hpp>

#include <algorithm>

namespace corio::redis::detail {
namespace {

using namespace asio::experimental::awaitable_operators;
using clock = std::chrono::steady_clock;

const DebugLog log("corio:redis");

constexpr std::size_t read_buffer_size = 32 * 1024;

asio::generic::stream_protocol::endpoint make_target(const Endpoint& e) {
  if (!e.unix_path.empty()) return asio::local::stream_protocol::endpoint(e.unix_path);
  return asio::ip::tcp::endpoint(asio::ip::make_address(e.host), e.port);
}

std::string connection_name(std::string name) {
  std::replace_if(name.begin(), name.end(), [](char c) { return c <= ' ' || c > '~'; }, '-');
  return name;
}

bool cancelled(const asio::cancellation_state& state) {
  return state.cancelled() != asio::cancellation_type::none;
}

}  // namespace

Task<std::error_code> Waiters::wait(asio::any_io_executor executor, std::function<bool()> ready,
                                    std::chrono::milliseconds timeout) {
  const auto deadline = clock::now() + timeout;
  while (!ready()) {
    if (cancelled_) co_return errc::stopped;
    auto timer = std::make_shared<asio::steady_timer>(executor, deadline);
    timers_.push_back(timer);
    auto [ec] = co_await timer->async_wait(use_nothrow);
    std::erase(timers_, timer);
    if (!ec) co_return ready() ? std::error_code() : make_error_code(errc::timed_out);
    const asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
    if (cancelled(state)) co_return asio::error::operation_aborted;
  }
  co_return std::error_code();
}

void Waiters::notify() {
  for (const auto& timer : timers_) timer->cancel();
}

void Waiters::cancel_all() {
  cancelled_ = true;
  notify();
}

Link::Link(asio::any_io_executor executor, ClientOptions options, Hooks hooks)
    : executor_(executor),
      options_(std::move(options)),
      hooks_(std::move(hooks)),
      endpoint_(parse_url(options_.url)),
      target_(make_target(endpoint_)),
      label_(options_.name.empty() ? "redis" : options_.name),
      socket_(executor),
      reader_(options_.limits),
      buffer_(read_buffer_size),
      wake_(executor, clock::time_point::max()),
      deadline_(executor),
      backoff_(executor),
      random_(static_cast<unsigned>(clock::now().time_since_epoch().count())) {}

Task<> Link::run() {
  auto delay = options_.reconnect_min;
  unsigned attempt = 0;
  while (!stopped_) {
    ++attempt;
    const std::error_code ec = co_await connect();
    if (stopped_) break;
    if (ec) {
      log("{}: connecting to {} failed (attempt {}): {}", label_, endpoint_.describe(), attempt,
          ec.message());
    } else {
      log("{}: connected to {}", label_, endpoint_.describe());
      attempt = 0;
      delay = options_.reconnect_min;
      up_ = true;
      hooks_.up();
      const std::error_code lost = co_await serve();
      up_ = false;
      close();
      const std::size_t failed = hooks_.down(stopped_ ? errc::stopped : errc::connection_lost);
      if (stopped_) {
        log("{}: stopped, {} pending commands failed", label_, failed);
        break;
      }
      log("{}: connection to {} lost ({}), {} pending commands failed", label_,
          endpoint_.describe(), lost.message(), failed);
    }
    const auto wait = jittered(delay);
    log("{}: reconnecting in {} ms", label_, wait.count());
    co_await sleep(wait);
    delay = std::min(delay * 2, std::max(options_.reconnect_max, options_.reconnect_min));
  }
  close();
}

void Link::stop() {
  if (stopped_) return;
  stopped_ = true;
  close();
  deadline_.cancel();
  backoff_.cancel();
  wake_.cancel();
}

void Link::write(std::string_view wire) {
  if (!up_) return;
  out_.append(wire);
  if (writer_idle_) wake_.cancel();
}

void Link::close() noexcept {
  std::error_code ignored;
  socket_.close(ignored);
  out_.clear();
}

Task<std::error_code> Link::connect() {
  reader_ = Reader(options_.limits);
  deadline_.expires_after(options_.connect_timeout);
  auto result = co_await (open_and_login() || deadline_.async_wait(use_nothrow));
  if (result.index() == 0) co_return std::get<0>(result);
  close();
  co_return stopped_ ? errc::stopped : errc::timed_out;
}

Task<std::error_code> Link::open_and_login() {
  socket_ = socket_type(executor_);
  auto [ec] = co_await socket_.async_connect(target_, use_nothrow);
  if (ec) co_return ec;
  if (endpoint_.unix_path.empty()) {
    std::error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  }
  co_return co_await login();
}

// AUTH, SELECT and CLIENT SETNAME in one write; each must succeed.
Task<std::error_code> Link::login() {
  std::vector<std::vector<std::string>> commands;
  if (!endpoint_.password.empty() && endpoint_.username.empty())
    commands.push_back({"AUTH", endpoint_.password});
  if (!endpoint_.password.empty() && !endpoint_.username.empty())
    commands.push_back({"AUTH", endpoint_.username, endpoint_.password});
  if (endpoint_.db != 0) commands.push_back({"SELECT", std::to_string(endpoint_.db)});
  if (!options_.name.empty())
    commands.push_back({"CLIENT", "SETNAME", connection_name(options_.name)});
  if (commands.empty()) co_return std::error_code();
  std::string wire;
  for (const auto& command : commands) wire += format_command(std::span<const std::string>(command));
  auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(wire), use_nothrow);
  if (ec) co_return ec;
  for (const auto& command : commands) {
    Reply reply;
    const std::error_code read_ec = co_await read_reply(reply);
    if (read_ec) co_return read_ec;
    if (reply.is_error()) {
      log("{}: {} refused: {}", label_, command.front(), reply.str);
      co_return errc::handshake_failed;
    }
  }
  co_return std::error_code();
}

Task<std::error_code> Link::read_reply(Reply& out) {
  while (true) {
    std::optional<Reply> reply;
    const std::error_code ec = reader_.next(reply);
    if (ec) co_return ec;
    if (reply) {
      out = std::move(*reply);
      co_return std::error_code();
    }
    auto [read_ec, n] = co_await socket_.async_read_some(asio::buffer(buffer_), use_nothrow);
    if (read_ec) co_return read_ec;
    reader_.feed({buffer_.data(), n});
  }
}

Task<std::error_code> Link::serve() {
  auto result = co_await (read_loop() || write_loop());
  co_return std::visit([](std::error_code ec) { return ec; }, result);
}

Task<std::error_code> Link::read_loop() {
  while (true) {
    std::optional<Reply> reply;
    while (true) {
      const std::error_code ec = reader_.next(reply);
      if (ec) {
        log("{}: bad data from {}, dropping the connection: {}", label_, endpoint_.describe(),
            reader_.error_message());
        co_return ec;
      }
      if (!reply) break;
      hooks_.reply(std::move(*reply));
      if (stopped_) co_return errc::stopped;
    }
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buffer_), use_nothrow);
    if (ec) co_return ec;
    reader_.feed({buffer_.data(), n});
  }
}

// Everything queued while a write is in flight goes out together in the next one.
Task<std::error_code> Link::write_loop() {
  while (true) {
    if (stopped_) co_return errc::stopped;
    if (out_.empty()) {
      writer_idle_ = true;
      co_await wake_.async_wait(use_nothrow);
      writer_idle_ = false;
      const asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
      if (cancelled(state)) co_return asio::error::operation_aborted;
      continue;
    }
    writing_.swap(out_);
    out_.clear();
    auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(writing_), use_nothrow);
    writing_.clear();
    if (ec) co_return ec;
  }
}

Task<> Link::sleep(std::chrono::milliseconds delay) {
  backoff_.expires_after(delay);
  co_await backoff_.async_wait(use_nothrow);
}

// Half the delay plus a random part of the other half: reconnecting clients spread out.
std::chrono::milliseconds Link::jittered(std::chrono::milliseconds delay) {
  const auto half = std::max<std::chrono::milliseconds::rep>(delay.count() / 2, 1);
  std::uniform_int_distribution<std::chrono::milliseconds::rep> spread(0, half);
  return std::chrono::milliseconds(delay.count() - half + spread(random_));
}

}  // namespace corio::redis::detail
