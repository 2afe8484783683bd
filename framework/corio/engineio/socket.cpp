#include <algorithm>
#include <asio/execution/context.hpp>
#include <asio/query.hpp>
#include <corio/engineio/detail/core.hpp>
#include <corio/engineio/detail/session.hpp>
#include <corio/engineio/socket.hpp>

namespace corio::engineio {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(x) == lower(y);
  });
}

const std::string empty_id;
const RequestInfo empty_request;

}  // namespace

std::string_view RequestInfo::header(std::string_view name) const noexcept {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

const std::string& Socket::id() const noexcept { return session_ ? session_->id() : empty_id; }

bool Socket::connected() const noexcept { return session_ && session_->connected(); }

bool Socket::writable() const noexcept { return session_ && session_->writable(); }

std::string_view Socket::transport() const noexcept {
  return session_ ? session_->transport_name() : std::string_view();
}

const RequestInfo& Socket::request() const noexcept {
  return session_ ? session_->request() : empty_request;
}

asio::any_io_executor Socket::executor() const {
  return session_ ? session_->executor() : asio::any_io_executor();
}

void Socket::send_text(std::string_view text) {
  if (connected()) session_->send(SharedPacket::message(text));
}

void Socket::send_binary(std::string_view bytes) {
  if (connected()) session_->send(SharedPacket::binary(bytes));
}

void Socket::send(const SharedPacket& packet) {
  if (connected()) session_->send(packet);
}

void Socket::close() {
  if (session_) session_->close("forced close");
}

void Socket::set_message_handler(MessageHandler handler) {
  if (session_ && !session_->closed()) session_->on_message = std::move(handler);
}

void Socket::on_close(CloseHandler handler) {
  if (session_ && !session_->closed()) session_->on_close = std::move(handler);
}

void Socket::on_upgrade(UpgradeHandler handler) {
  if (session_ && !session_->closed()) session_->on_upgrade = std::move(handler);
}

namespace detail {

ShardSessions& Core::shard(const asio::any_io_executor& executor) {
  asio::execution_context* context = &asio::query(executor, asio::execution::context);
  const std::lock_guard lock(mutex);
  for (const auto& shard : shards) {
    if (shard->context == context) return *shard;
  }
  auto shard = std::make_unique<ShardSessions>();
  shard->context = context;
  shard->executor = executor;
  shards.push_back(std::move(shard));
  return *shards.back();
}

bool Core::allows(std::string_view transport) const noexcept {
  return std::find(options.transports.begin(), options.transports.end(), transport) !=
         options.transports.end();
}

}  // namespace detail
}  // namespace corio::engineio
