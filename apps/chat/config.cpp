#include "config.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace chat {
namespace {

using corio::json;

constexpr std::array<std::string_view, 13> known_keys = {"port",
                                                         "host",
                                                         "title",
                                                         "cors_origin",
                                                         "notice_token",
                                                         "default_room",
                                                         "history_size",
                                                         "max_message_length",
                                                         "max_nickname_length",
                                                         "max_room_length",
                                                         "max_notice_length",
                                                         "max_rooms_per_socket",
                                                         "rate_limit"};

[[noreturn]] void reject(std::string_view what, std::string_view why) {
  throw std::invalid_argument(std::string(what) + " " + std::string(why));
}

std::size_t count_of(const json& object, std::string_view key, std::size_t fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0)
    reject("config: \"" + std::string(key) + "\"", "must be a non-negative integer");
  return it->get<std::size_t>();
}

std::string text_of(const json& object, std::string_view key, std::string fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_string()) reject("config: \"" + std::string(key) + "\"", "must be a string");
  return it->get<std::string>();
}

std::uint16_t to_port(std::size_t value, std::string_view what) {
  if (value > std::numeric_limits<std::uint16_t>::max()) reject(what, "must be a port (0..65535)");
  return static_cast<std::uint16_t>(value);
}

/// An integer variable: unset or "" keeps `fallback`, anything but decimal digits is an error
/// (the reference's envInt()).
std::size_t env_count(const EnvLookup& env, std::string_view name, std::size_t fallback) {
  const std::optional<std::string> value = env(name);
  if (!value || value->empty()) return fallback;
  const bool digits = value->size() <= 18 && std::all_of(value->begin(), value->end(), [](char c) {
                        return c >= '0' && c <= '9';
                      });
  if (!digits) reject(name, "must be a non-negative integer, got \"" + *value + "\"");
  return std::stoull(*value);
}

void apply_file(Config& config, const json& file) {
  if (!file.is_object()) reject("config:", "must be a JSON object");
  for (const auto& [key, value] : file.items()) {
    if (std::find(known_keys.begin(), known_keys.end(), key) == known_keys.end())
      reject("config: \"" + key + "\"", "is not a setting");
  }
  ChatRules& rules = config.rules;
  config.port = to_port(count_of(file, "port", config.port), "config: \"port\"");
  config.host = text_of(file, "host", config.host);
  config.title = text_of(file, "title", config.title);
  config.cors_origin = text_of(file, "cors_origin", config.cors_origin);
  config.notice_token = text_of(file, "notice_token", config.notice_token);
  rules.default_room = text_of(file, "default_room", rules.default_room);
  rules.history_size = count_of(file, "history_size", rules.history_size);
  rules.max_message_length = count_of(file, "max_message_length", rules.max_message_length);
  rules.max_nickname_length = count_of(file, "max_nickname_length", rules.max_nickname_length);
  rules.max_room_length = count_of(file, "max_room_length", rules.max_room_length);
  rules.max_notice_length = count_of(file, "max_notice_length", rules.max_notice_length);
  rules.max_rooms_per_socket = count_of(file, "max_rooms_per_socket", rules.max_rooms_per_socket);
  if (const auto it = file.find("rate_limit"); it != file.end()) {
    if (!it->is_object()) reject("config: \"rate_limit\"", "must be {messages, window_ms}");
    rules.rate_limit.messages = count_of(*it, "messages", rules.rate_limit.messages);
    const std::size_t window_ms = count_of(*it, "window_ms", rules.rate_limit.window.count());
    rules.rate_limit.window = std::chrono::milliseconds(window_ms);
  }
}

void apply_env(Config& config, const EnvLookup& env) {
  config.port = to_port(env_count(env, "PORT", config.port), "PORT");
  if (auto host = env("HOST"); host && !host->empty()) config.host = *host;
  if (auto origin = env("CORS_ORIGIN"); origin && !origin->empty()) config.cors_origin = *origin;
  if (auto token = env("NOTICE_TOKEN"); token && !token->empty()) config.notice_token = *token;
  config.rules.history_size = env_count(env, "HISTORY_SIZE", config.rules.history_size);
  config.rules.rate_limit.messages = env_count(env, "RATE_LIMIT", config.rules.rate_limit.messages);
  // The same rule as the framework's view cache and error pages (CORIO_ENV wins over NODE_ENV).
  std::optional<std::string> mode = env("CORIO_ENV");
  if (!mode) mode = env("NODE_ENV");
  config.production = mode == "production";
}

}  // namespace

Config make_config(const json& file, const EnvLookup& env) {
  Config config;
  apply_file(config, file);
  apply_env(config, env);
  return config;
}

Config load_config() {
  const EnvLookup env = [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
  const std::optional<std::string> chosen = env("CHAT_CONFIG");
  const std::string path = chosen.value_or("apps/chat/config.json");
  std::ifstream in(path);
  if (!in) {
    if (chosen) reject("CHAT_CONFIG:", "cannot read " + path);
    return make_config(json::object(), env);  // no file: the built-in defaults
  }
  try {
    return make_config(json::parse(in), env);
  } catch (const json::parse_error& e) {
    reject(path + ":", std::string("is not valid JSON: ") + e.what());
  }
}

}  // namespace chat
