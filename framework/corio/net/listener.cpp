#include <corio/core/debug.hpp>
#include <corio/core/spawn.hpp>
#include <corio/net/listener.hpp>
#include <corio/net/runner.hpp>

#include <asio/co_spawn.hpp>
#include <asio/ip/address.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>

namespace corio::net {
namespace {

const DebugLog log("corio:net");

constexpr std::chrono::seconds tls_handshake_timeout{10};

asio::ip::tcp::acceptor open_acceptor(asio::io_context& ctx, const ListenOptions& options) {
  using asio::ip::tcp;
  tcp::acceptor acceptor(ctx);
  std::vector<tcp::endpoint> endpoints;
  if (options.host.empty()) {
    endpoints = {tcp::endpoint(tcp::v6(), options.port), tcp::endpoint(tcp::v4(), options.port)};
  } else {
    tcp::resolver resolver(ctx);
    for (const auto& entry : resolver.resolve(options.host, std::to_string(options.port),
                                              tcp::resolver::passive)) {
      endpoints.push_back(entry.endpoint());
    }
  }
  std::error_code last = asio::error::host_not_found;
  for (const auto& endpoint : endpoints) {
    std::error_code ec;
    acceptor.open(endpoint.protocol(), ec);
    if (ec) {
      last = ec;
      continue;
    }
    acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (endpoint.protocol() == tcp::v6()) acceptor.set_option(asio::ip::v6_only(false), ec);
    acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(options.backlog, ec);
    if (!ec) return acceptor;
    last = ec;
    acceptor.close(ec);
  }
  throw std::system_error(last, "listen on " + (options.host.empty() ? "*" : options.host) + ":" +
                                    std::to_string(options.port));
}

}  // namespace

void ConnectionSet::add(Closable* c) {
  items_.push_back(c);
  count_.store(items_.size(), std::memory_order_relaxed);
  if (stopping_) c->shutdown();
}

void ConnectionSet::remove(Closable* c) {
  std::erase(items_, c);
  count_.store(items_.size(), std::memory_order_relaxed);
}

void ConnectionSet::shutdown_all() {
  stopping_ = true;
  // shutdown() may remove the item from the set: iterate over a copy.
  auto copy = items_;
  for (Closable* c : copy) {
    if (std::find(items_.begin(), items_.end(), c) != items_.end()) c->shutdown();
  }
}

void ConnectionSet::force_close_all() {
  auto copy = items_;
  for (Closable* c : copy) {
    if (std::find(items_.begin(), items_.end(), c) != items_.end()) c->force_close();
  }
}

Listener::Listener(Runner& runner, ListenOptions options, ConnectionHandler handler)
    : runner_(runner),
      options_(std::move(options)),
      handler_(std::move(handler)),
      acceptor_(open_acceptor(runner.context(0), options_)) {
  port_ = acceptor_.local_endpoint().port();
  for (std::size_t i = 0; i < runner_.shards(); ++i) sets_.push_back(std::make_unique<ConnectionSet>());
}

Listener::~Listener() = default;

void Listener::start() {
  log("listening on port {}{}", port_, options_.tls ? " (TLS)" : "");
  asio::co_spawn(runner_.context(0), accept_loop(), log_failure("accept loop"));
}

std::size_t Listener::connection_count() const {
  std::size_t total = 0;
  for (const auto& set : sets_) total += set->size();
  return total;
}

Task<> Listener::accept_loop() {
  while (acceptor_.is_open()) {
    std::size_t shard = next_shard_++ % runner_.shards();
    auto [ec, socket] = co_await acceptor_.async_accept(runner_.context(shard), use_nothrow);
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
    if (ec) {
      // EMFILE and friends: back off briefly instead of spinning.
      log("accept failed: {}", ec.message());
      asio::steady_timer timer(acceptor_.get_executor(), std::chrono::milliseconds(50));
      co_await timer.async_wait(use_nothrow);
      continue;
    }
    if (options_.max_connections && connection_count() >= options_.max_connections) {
      log("connection cap {} reached; closing new connection", options_.max_connections);
      std::error_code ignored;
      socket.close(ignored);
      continue;
    }
    auto& ctx = runner_.context(shard);
    Stream stream = options_.tls ? Stream(Stream::tls_stream(std::move(socket), *options_.tls))
                                 : Stream(std::move(socket));
    asio::co_spawn(ctx, serve(std::move(stream), shard), log_failure("connection"));
  }
}

Task<> Listener::serve(Stream stream, std::size_t shard) {
  if (stream.secure()) {
    asio::steady_timer deadline(stream.get_executor(), tls_handshake_timeout);
    deadline.async_wait([&stream](std::error_code ec) {
      if (!ec) stream.close();
    });
    std::error_code ec = co_await stream.handshake();
    deadline.cancel();
    if (ec) {
      log("TLS handshake failed: {}", ec.message());
      co_return;
    }
  }
  co_await handler_(std::move(stream), *sets_[shard]);
}

void Listener::stop(std::chrono::milliseconds grace, std::function<void()> done) {
  asio::co_spawn(runner_.context(0), drain(grace, std::move(done)), log_failure("graceful stop"));
}

Task<> Listener::drain(std::chrono::milliseconds grace, std::function<void()> done) {
  std::error_code ec;
  acceptor_.close(ec);
  for (std::size_t i = 0; i < sets_.size(); ++i) {
    asio::post(runner_.context(i), [set = sets_[i].get()] { set->shutdown_all(); });
  }
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  const auto give_up = std::chrono::steady_clock::now() + grace;
  bool forced = false;
  // Bounded: grace, then one more second after force-closing.
  while (connection_count() > 0) {
    const auto now = std::chrono::steady_clock::now();
    if (!forced && now >= give_up) {
      log("graceful stop: {} connection(s) still open after grace; closing", connection_count());
      for (std::size_t i = 0; i < sets_.size(); ++i) {
        asio::post(runner_.context(i), [set = sets_[i].get()] { set->force_close_all(); });
      }
      forced = true;
    }
    if (forced && now >= give_up + std::chrono::seconds(1)) break;
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(use_nothrow);
  }
  log("graceful stop complete");
  if (done) done();
}

std::shared_ptr<asio::ssl::context> make_tls_context(const std::string& cert_chain_file,
                                                     const std::string& private_key_file) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  ctx->use_certificate_chain_file(cert_chain_file);
  ctx->use_private_key_file(private_key_file, asio::ssl::context::pem);
  return ctx;
}

}  // namespace corio::net
