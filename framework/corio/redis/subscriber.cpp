#include <corio/redis/subscriber.hpp>

#include <corio/core/debug.hpp>
#include <corio/core/spawn.hpp>

#include <algorithm>

namespace corio::redis {
namespace {

const DebugLog log("corio:redis");

constexpr const char* subscribe_command[] = {"SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE"};
constexpr const char* unsubscribe_command[] = {"UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"};
constexpr const char* subscribe_reply[] = {"subscribe", "psubscribe", "ssubscribe"};
constexpr const char* unsubscribe_reply[] = {"unsubscribe", "punsubscribe", "sunsubscribe"};

// Names per SUBSCRIBE/PSUBSCRIBE command when resubscribing (SSUBSCRIBE goes one by one: in a
// cluster the channels of one command must share a slot).
constexpr std::size_t names_per_command = 256;

}  // namespace

std::shared_ptr<Subscriber> Subscriber::create(asio::any_io_executor executor,
                                               ClientOptions options,
                                               std::function<void(const Message&)> on_message) {
  return std::shared_ptr<Subscriber>(
      new Subscriber(std::move(executor), std::move(options), std::move(on_message)));
}

Subscriber::Subscriber(asio::any_io_executor executor, ClientOptions options,
                       std::function<void(const Message&)> on_message)
    : link_(executor, std::move(options),
            {.up = [this] { resubscribe(); },
             .reply = [this](Reply&& reply) { on_reply(std::move(reply)); },
             .down = [this](std::error_code) { return lost(); }}),
      on_message_(std::move(on_message)) {}

Subscriber::~Subscriber() = default;

void Subscriber::start() {
  if (started_ || link_.stopped()) return;
  started_ = true;
  spawn(link_.executor(), run(shared_from_this()), "redis subscriber");
}

void Subscriber::stop() {
  link_.stop();
  waiters_.cancel_all();
}

Task<> Subscriber::run(std::shared_ptr<Subscriber> self) {
  co_await link_.run();
  self.reset();
}

void Subscriber::subscribe(std::string channel) { change(Kind::channel_kind, std::move(channel), true); }
void Subscriber::unsubscribe(std::string channel) { change(Kind::channel_kind, std::move(channel), false); }
void Subscriber::psubscribe(std::string pattern) { change(Kind::pattern_kind, std::move(pattern), true); }
void Subscriber::punsubscribe(std::string pattern) { change(Kind::pattern_kind, std::move(pattern), false); }
void Subscriber::ssubscribe(std::string channel) { change(Kind::shard_kind, std::move(channel), true); }
void Subscriber::sunsubscribe(std::string channel) { change(Kind::shard_kind, std::move(channel), false); }

void Subscriber::change(Kind kind, std::string name, bool add) {
  Set& set = sets_[kind];
  const bool changed = add ? set.wanted.insert(name).second : set.wanted.erase(name) > 0;
  if (!changed || !link_.up()) return;
  const std::string_view args[] = {add ? subscribe_command[kind] : unsubscribe_command[kind], name};
  link_.write(format_command(args));
}

void Subscriber::resubscribe() {
  log("{}: resubscribing {} channels, {} patterns, {} shard channels", link_.label(),
      sets_[channel_kind].wanted.size(), sets_[pattern_kind].wanted.size(), sets_[shard_kind].wanted.size());
  for (int kind = 0; kind < kinds; ++kind) {
    std::vector<std::string_view> args;
    auto flush = [&] {
      if (args.size() > 1) link_.write(format_command(args));
      args.assign({subscribe_command[kind]});
    };
    flush();
    const std::size_t per_command = kind == shard_kind ? 1 : names_per_command;
    for (const std::string& name : sets_[kind].wanted) {
      args.push_back(name);
      if (args.size() > per_command) flush();
    }
    flush();
  }
  check_ready();
}

std::size_t Subscriber::lost() {
  for (Set& set : sets_) set.confirmed.clear();
  if (announced_) {
    announced_ = false;
    if (on_state_) on_state_(false);
  }
  return 0;
}

bool Subscriber::is_ready() const noexcept {
  if (!link_.up()) return false;
  return std::all_of(sets_.begin(), sets_.end(), [](const Set& set) {
    return std::includes(set.confirmed.begin(), set.confirmed.end(), set.wanted.begin(),
                         set.wanted.end());
  });
}

void Subscriber::check_ready() {
  if (!is_ready()) return;
  waiters_.notify();
  if (announced_) return;
  announced_ = true;
  log("{}: subscriptions confirmed", link_.label());
  if (on_state_) on_state_(true);
}

Task<std::error_code> Subscriber::ready() {
  auto self = shared_from_this();
  const std::error_code ec = co_await waiters_.wait(
      link_.executor(), [this] { return is_ready(); }, link_.options().connect_timeout);
  co_return ec;
}

// RESP2 pushes are plain arrays: ["message", ch, payload], ["pmessage", pattern, ch, payload],
// ["smessage", ch, payload], or a confirmation such as ["subscribe", ch, count].
void Subscriber::on_reply(Reply&& reply) {
  if (reply.is_error()) {
    log("{}: redis refused a subscription command: {}", link_.label(), reply.str);
    return;
  }
  const std::string& type = reply.at(0).str;
  const std::size_t n = reply.elements.size();
  if (!reply.is_array() || n == 0 || !reply.at(0).is_string()) {
    log("{}: unexpected reply in pub/sub mode: {}", link_.label(), reply.describe());
  } else if (type == "message" && n == 3) {
    dispatch({Message::Kind::message, {}, std::move(reply.elements[1].str),
              std::move(reply.elements[2].str)});
  } else if (type == "smessage" && n == 3) {
    dispatch({Message::Kind::smessage, {}, std::move(reply.elements[1].str),
              std::move(reply.elements[2].str)});
  } else if (type == "pmessage" && n == 4) {
    dispatch({Message::Kind::pmessage, std::move(reply.elements[1].str),
              std::move(reply.elements[2].str), std::move(reply.elements[3].str)});
  } else if (!on_confirmation(type, reply) && type != "pong") {
    log("{}: unexpected reply in pub/sub mode: {}", link_.label(), reply.describe());
  }
}

bool Subscriber::on_confirmation(const std::string& type, const Reply& reply) {
  for (int kind = 0; kind < kinds; ++kind) {
    if (type == subscribe_reply[kind]) {
      sets_[kind].confirmed.insert(reply.at(1).str);
      check_ready();
      return true;
    }
    if (type == unsubscribe_reply[kind]) {
      sets_[kind].confirmed.erase(reply.at(1).str);
      return true;
    }
  }
  return false;
}

void Subscriber::dispatch(Message message) {
  if (!on_message_ || link_.stopped()) return;
  try {
    on_message_(message);
  } catch (...) {
    report_failure("redis on_message", std::current_exception());
  }
}

}  // namespace corio::redis
