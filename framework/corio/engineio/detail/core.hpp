#pragma once
/// @file What the server and its sessions share: options, the connection callback and the
/// per-shard sid → session maps.

#include <asio/any_io_executor.hpp>
#include <asio/execution_context.hpp>
#include <atomic>
#include <corio/engineio/options.hpp>
#include <corio/engineio/socket.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace corio::engineio::detail {

class Session;

/// Transparent string hash, so a map keyed by std::string is searched with a string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

/// The sessions living on one shard (touched only on that shard).
struct ShardSessions {
  asio::execution_context* context = nullptr;  ///< the shard's io_context
  asio::any_io_executor executor;              ///< an executor of that context
  std::unordered_map<std::string, std::shared_ptr<Session>, StringHash, std::equal_to<>> by_id;
};

/// Shared by the Server and every session it created; outlives both as needed.
struct Core {
  explicit Core(ServerOptions opts) : options(std::move(opts)) {}

  ServerOptions options;                      ///< read-only after construction
  std::function<void(Socket)> on_connection;  ///< set before serving
  std::atomic<std::size_t> clients{0};        ///< open sessions over all shards
  std::mutex mutex;                           ///< guards `shards` (not their contents)
  std::vector<std::unique_ptr<ShardSessions>> shards;

  /// The map of the shard `executor` runs on (created on first use).
  ShardSessions& shard(const asio::any_io_executor& executor);
  /// True when `name` is among options.transports.
  bool allows(std::string_view transport) const noexcept;
};

}  // namespace corio::engineio::detail
