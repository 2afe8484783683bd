#include <corio/redis/error.hpp>

#include <string>

namespace corio::redis {
namespace {

class RedisCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "corio.redis"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::not_connected:
        return "not connected to redis";
      case errc::connection_lost:
        return "connection to redis lost";
      case errc::stopped:
        return "redis client stopped";
      case errc::timed_out:
        return "redis operation timed out";
      case errc::protocol_error:
        return "redis protocol error";
      case errc::limit_exceeded:
        return "redis reply over the reader's limits";
      case errc::handshake_failed:
        return "redis refused AUTH, SELECT or CLIENT SETNAME";
    }
    return "unknown redis error";
  }
};

}  // namespace

const std::error_category& redis_category() noexcept {
  static const RedisCategory category;
  return category;
}

}  // namespace corio::redis
