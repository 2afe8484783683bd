#include <corio/redis/client.hpp>

#include <corio/core/debug.hpp>
#include <corio/core/spawn.hpp>

namespace corio::redis {
namespace {

using clock = std::chrono::steady_clock;

const DebugLog log("corio:redis");

}  // namespace

struct Client::Pending {
  explicit Pending(const asio::any_io_executor& executor) : timer(executor) {}
  asio::steady_timer timer;  // waited on by command(); cancelled when the result is in
  Result result;
  bool done = false;
};

std::shared_ptr<Client> Client::create(asio::any_io_executor executor, ClientOptions options) {
  return std::shared_ptr<Client>(new Client(std::move(executor), std::move(options)));
}

Client::Client(asio::any_io_executor executor, ClientOptions options)
    : link_(executor, std::move(options),
            {.up = [this] {
               waiters_.notify();
               if (on_state_) on_state_(true);
             },
             .reply = [this](Reply&& reply) { on_reply(std::move(reply)); },
             .down = [this](std::error_code ec) {
               const std::size_t failed = fail_pending(ec);
               if (on_state_) on_state_(false);
               return failed;
             }}) {}

Client::~Client() = default;

void Client::start() {
  if (started_ || link_.stopped()) return;
  started_ = true;
  spawn(link_.executor(), run(shared_from_this()), "redis client");
}

void Client::stop() {
  link_.stop();
  fail_pending(errc::stopped);
  waiters_.cancel_all();
}

Task<> Client::run(std::shared_ptr<Client> self) {
  co_await link_.run();
  self.reset();
}

Task<Result> Client::command(std::vector<std::string> args) {
  auto self = shared_from_this();
  Result failed;
  if (link_.stopped() || !link_.up()) {
    failed.ec = link_.stopped() ? errc::stopped : errc::not_connected;
    co_return failed;
  }
  auto pending = std::make_shared<Pending>(link_.executor());
  const auto timeout = link_.options().command_timeout;
  pending->timer.expires_at(timeout.count() > 0 ? clock::now() + timeout : clock::time_point::max());
  link_.write(format_command(std::span<const std::string>(args)));
  pending_.push_back(pending);
  auto [ec] = co_await pending->timer.async_wait(use_nothrow);
  if (!pending->done) {
    // The timer ran out (command_timeout), or the caller's coroutine was cancelled. The entry
    // stays in pending_ so that later replies still match their commands.
    pending->done = true;
    pending->result.ec = ec ? ec : make_error_code(errc::timed_out);
    log("{}: {} got no reply: {}", link_.label(), args.empty() ? "" : args.front(),
        pending->result.ec.message());
  }
  co_return std::move(pending->result);
}

void Client::send(std::vector<std::string> args) {
  if (!link_.up()) {
    ++dropped_;
    log("{}: not connected, dropped {} ({} dropped so far)", link_.label(),
        args.empty() ? "" : args.front(), dropped_);
    return;
  }
  link_.write(format_command(std::span<const std::string>(args)));
  pending_.push_back(nullptr);
}

Task<std::error_code> Client::ready() {
  auto self = shared_from_this();
  const std::error_code ec = co_await waiters_.wait(
      link_.executor(), [this] { return link_.up(); }, link_.options().connect_timeout);
  co_return ec;
}

void Client::on_reply(Reply&& reply) {
  if (pending_.empty()) {
    log("{}: reply without a command, ignored: {}", link_.label(), reply.describe());
    return;
  }
  const std::shared_ptr<Pending> pending = std::move(pending_.front());
  pending_.pop_front();
  if (!pending) {
    if (reply.is_error()) log("{}: a sent command failed: {}", link_.label(), reply.str);
    return;
  }
  if (pending->done) return;  // timed out earlier
  pending->result.reply = std::move(reply);
  pending->done = true;
  pending->timer.cancel();
}

std::size_t Client::fail_pending(std::error_code ec) {
  std::size_t failed = 0;
  std::deque<std::shared_ptr<Pending>> pending;
  pending.swap(pending_);
  for (const auto& p : pending) {
    if (p && p->done) continue;
    ++failed;
    if (!p) continue;
    p->result.ec = ec;
    p->done = true;
    p->timer.cancel();
  }
  return failed;
}

}  // namespace corio::redis
