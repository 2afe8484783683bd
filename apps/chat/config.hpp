#pragma once
/// @file The chat's settings: apps/chat/config.json, then the environment (PORT, HOST,
/// HISTORY_SIZE, CORS_ORIGIN, RATE_LIMIT, NOTICE_TOKEN, CORIO_ENV). Defaults equal the Node reference's
/// (bench/node/config.js).

#include <chrono>
#include <corio/core/json.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace chat {

/// Per-socket limit on chat messages: at most `messages` in any `window` (0 = no limit).
struct RateLimit {
  std::size_t messages = 20;                 ///< messages per window; 0 turns the limit off
  std::chrono::milliseconds window{10'000};  ///< sliding window
};

/// The limits the realtime protocol and the pages enforce.
struct ChatRules {
  std::string default_room = "lobby";     ///< every user is in it; its history is never dropped
  std::size_t history_size = 100;         ///< messages kept per room
  std::size_t max_message_length = 1000;  ///< UTF-16 units of a message's `data`
  std::size_t max_nickname_length = 20;   ///< also the limit of a `command`
  std::size_t max_room_length = 30;       ///< room names
  std::size_t max_notice_length = 1000;   ///< UTF-16 units of a POST /notice text
  std::size_t max_rooms_per_socket = 50;  ///< rooms one socket may be in
  RateLimit rate_limit{};                 ///< chat messages per socket
};

/// Everything the chat server is configured with.
struct Config {
  std::uint16_t port = 3000;         ///< PORT; 0 picks a free port
  std::string host = "127.0.0.1";    ///< HOST
  std::string title = "corio chat";  ///< page title
  std::string cors_origin{};         ///< CORS_ORIGIN of Socket.IO polling; "" = same origin only
  /// NOTICE_TOKEN: the operator's bearer token for POST /notice; "" turns the route off (404).
  std::string notice_token{};
  bool production = false;           ///< CORIO_ENV (or NODE_ENV) is "production"
  ChatRules rules{};                 ///< protocol limits
};

/// Reads an environment variable: nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// The settings from a parsed config file (an object; absent keys keep their defaults) and the
/// environment. Throws std::invalid_argument naming the key or variable on a bad value.
Config make_config(const corio::json& file, const EnvLookup& env);

/// The settings of this process: the file $CHAT_CONFIG (default apps/chat/config.json, skipped
/// when missing) and the process environment. Throws std::invalid_argument on a bad setting.
Config load_config();

}  // namespace chat
