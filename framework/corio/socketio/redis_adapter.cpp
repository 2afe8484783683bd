#include <corio/socketio/redis_adapter.hpp>

#include <corio/socketio/detail/classic_redis_adapter.hpp>
#include <corio/socketio/detail/redis_bus.hpp>
#include <corio/socketio/namespace.hpp>
#include <corio/socketio/server.hpp>

#include <stdexcept>

namespace corio::socketio {

AdapterFactory redis_adapter(RedisAdapterOptions options) {
  redis::parse_url(options.url);  // a bad url is a setup mistake: say so now
  // One bus per server: the factory belongs to one ServerOptions, made on the first namespace.
  auto bus = std::make_shared<std::weak_ptr<detail::RedisBus>>();
  return [options = std::move(options), bus](AdapterHost& host,
                                             std::string_view nsp) -> std::unique_ptr<Adapter> {
    auto* ns = dynamic_cast<Namespace*>(&host);
    if (ns == nullptr || !ns->server().executor()) {
      throw std::logic_error(
          "redis_adapter: the Socket.IO server has no event loop (create it with App::io())");
    }
    std::shared_ptr<detail::RedisBus> shared = bus->lock();
    if (!shared) {
      shared = detail::RedisBus::create(ns->server().executor(), options);
      *bus = shared;
    }
    return std::make_unique<detail::ClassicRedisAdapter>(host, std::string(nsp), shared, options);
  };
}

}  // namespace corio::socketio
