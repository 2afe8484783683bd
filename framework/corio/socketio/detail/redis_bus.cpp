#include <corio/socketio/detail/redis_bus.hpp>

#include <corio/core/debug.hpp>

namespace corio::socketio::detail {
namespace {
const DebugLog log("corio:redis");
}  // namespace

std::shared_ptr<RedisBus> RedisBus::create(asio::any_io_executor executor,
                                           const RedisAdapterOptions& options) {
  return std::shared_ptr<RedisBus>(new RedisBus(std::move(executor), options));
}

RedisBus::RedisBus(asio::any_io_executor executor, const RedisAdapterOptions& options)
    : executor_(std::move(executor)) {
  connection_.url = options.url;
  connection_.reconnect_min = options.reconnect_min;
  connection_.reconnect_max = options.reconnect_max;
  redis::parse_url(connection_.url);  // a bad url is a setup mistake: throws now
}

RedisBus::~RedisBus() { stop(); }

void RedisBus::start() {
  if (pub_) return;
  redis::ClientOptions pub_options = connection_;
  pub_options.name = "corio-socket.io-pub";
  redis::ClientOptions sub_options = connection_;
  sub_options.name = "corio-socket.io-sub";
  pub_ = redis::Client::create(executor_, pub_options);
  std::weak_ptr<RedisBus> weak = weak_from_this();
  sub_ = redis::Subscriber::create(executor_, sub_options, [weak](const redis::Message& m) {
    if (auto self = weak.lock()) self->dispatch(m);
  });
  sub_->on_state([](bool up) {
    if (up) {
      log("subscriptions in place: messages from other servers flow");
    } else {
      log("lost the subscription connection: messages other servers publish meanwhile are lost");
    }
  });
  pub_->start();
  sub_->start();
}

void RedisBus::stop() {
  if (pub_) pub_->stop();
  if (sub_) sub_->stop();
  pub_.reset();
  sub_.reset();
}

void RedisBus::psubscribe(const std::string& pattern, BusHandler handler) {
  start();
  patterns_[pattern] = std::move(handler);
  sub_->psubscribe(pattern);
}

void RedisBus::subscribe(const std::string& channel, BusHandler handler) {
  start();
  channels_[channel] = std::move(handler);
  sub_->subscribe(channel);
}

void RedisBus::unsubscribe(const std::string& name) {
  if (patterns_.erase(name) && sub_) sub_->punsubscribe(name);
  if (channels_.erase(name) && sub_) sub_->unsubscribe(name);
  if (patterns_.empty() && channels_.empty()) stop();
}

void RedisBus::publish(const std::string& channel, std::string payload) {
  if (!pub_) return;
  pub_->send({"PUBLISH", channel, std::move(payload)});
  if (pub_->dropped() != dropped_reported_) {
    dropped_reported_ = pub_->dropped();
    log("Redis unreachable: {} messages for other servers dropped so far", dropped_reported_);
  }
}

Task<std::size_t> RedisBus::numsub(const std::string& channel) {
  if (!pub_) co_return 1;
  std::shared_ptr<redis::Client> pub = pub_;
  std::vector<std::string> args{"PUBSUB", "NUMSUB", channel};  // (g++ 12: no braces in co_await)
  redis::Result result = co_await pub->command(std::move(args));
  if (!result.ok() || !result.reply.is_array() || result.reply.elements.size() < 2 ||
      !result.reply.elements[1].is_integer()) {
    log("PUBSUB NUMSUB {} failed ({}): counting this server alone", channel,
        result.ec ? result.ec.message() : result.reply.describe());
    co_return 1;
  }
  co_return static_cast<std::size_t>(std::max(1LL, result.reply.elements[1].integer));
}

void RedisBus::dispatch(const redis::Message& message) {
  const bool pattern = message.kind == redis::Message::Kind::pmessage;
  auto& table = pattern ? patterns_ : channels_;
  auto it = table.find(pattern ? message.pattern : message.channel);
  if (it == table.end()) {
    log("message on {} that no namespace subscribed to: dropped", message.channel);
    return;
  }
  BusHandler handler = it->second;  // a handler may unsubscribe
  handler(message.channel, message.payload);
}

}  // namespace corio::socketio::detail
