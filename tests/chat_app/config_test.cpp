#include "config.hpp"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

namespace chat {
namespace {

using corio::json;

/// An environment holding exactly `vars`.
EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(make_config, defaults_equal_the_node_reference) {
  const Config config = make_config(json::object(), env_of({}));
  EXPECT_EQ(config.port, 3000);
  EXPECT_EQ(config.host, "127.0.0.1");
  EXPECT_EQ(config.cors_origin, "");
  EXPECT_FALSE(config.production);
  EXPECT_EQ(config.rules.default_room, "lobby");
  EXPECT_EQ(config.rules.history_size, 100u);
  EXPECT_EQ(config.rules.max_message_length, 1000u);
  EXPECT_EQ(config.rules.max_rooms_per_socket, 50u);
  EXPECT_EQ(config.rules.rate_limit.messages, 20u);
  EXPECT_EQ(config.rules.rate_limit.window.count(), 10'000);
}

TEST(make_config, reads_the_file) {
  const json file = {
      {"port", 8080}, {"history_size", 5}, {"rate_limit", {{"messages", 3}, {"window_ms", 500}}}};
  const Config config = make_config(file, env_of({}));
  EXPECT_EQ(config.port, 8080);
  EXPECT_EQ(config.rules.history_size, 5u);
  EXPECT_EQ(config.rules.rate_limit.messages, 3u);
  EXPECT_EQ(config.rules.rate_limit.window.count(), 500);
}

TEST(make_config, lets_the_environment_override_the_file) {
  const Config config = make_config({{"port", 8080}, {"host", "0.0.0.0"}},
                                    env_of({{"PORT", "4000"},
                                            {"HOST", "::1"},
                                            {"HISTORY_SIZE", "10"},
                                            {"CORS_ORIGIN", "https://a.example"},
                                            {"RATE_LIMIT", "0"}}));
  EXPECT_EQ(config.port, 4000);
  EXPECT_EQ(config.host, "::1");
  EXPECT_EQ(config.rules.history_size, 10u);
  EXPECT_EQ(config.cors_origin, "https://a.example");
  EXPECT_EQ(config.rules.rate_limit.messages, 0u);
}

TEST(make_config, takes_the_notice_token_from_the_file_then_the_environment) {
  EXPECT_EQ(make_config(json::object(), env_of({})).notice_token, "");
  EXPECT_EQ(make_config({{"notice_token", "from-file"}}, env_of({})).notice_token, "from-file");
  EXPECT_EQ(make_config({{"notice_token", "from-file"}}, env_of({{"NOTICE_TOKEN", "from-env"}}))
                .notice_token,
            "from-env");
  EXPECT_THROW(make_config({{"notice_token", 42}}, env_of({})), std::invalid_argument);
}

TEST(make_config, treats_empty_variables_as_unset) {
  const Config config = make_config(json::object(), env_of({{"PORT", ""}, {"HOST", ""}}));
  EXPECT_EQ(config.port, 3000);
  EXPECT_EQ(config.host, "127.0.0.1");
}

TEST(make_config, is_in_production_when_corio_env_says_so) {
  EXPECT_TRUE(make_config(json::object(), env_of({{"CORIO_ENV", "production"}})).production);
  EXPECT_TRUE(make_config(json::object(), env_of({{"NODE_ENV", "production"}})).production);
  EXPECT_FALSE(
      make_config(json::object(), env_of({{"CORIO_ENV", "dev"}, {"NODE_ENV", "production"}}))
          .production);
}

TEST(make_config, refuses_a_variable_that_is_not_a_non_negative_integer) {
  for (const char* bad : {"-1", "12abc", "1.5", "x"}) {
    EXPECT_THROW(make_config(json::object(), env_of({{"HISTORY_SIZE", bad}})),
                 std::invalid_argument)
        << bad;
  }
}

TEST(make_config, refuses_a_port_over_65535) {
  EXPECT_THROW(make_config(json::object(), env_of({{"PORT", "65536"}})), std::invalid_argument);
}

TEST(make_config, refuses_unknown_keys_in_the_file) {
  EXPECT_THROW(make_config({{"histroy_size", 5}}, env_of({})), std::invalid_argument);
}

TEST(make_config, refuses_values_of_the_wrong_type_in_the_file) {
  EXPECT_THROW(make_config({{"history_size", "5"}}, env_of({})), std::invalid_argument);
  EXPECT_THROW(make_config({{"history_size", -5}}, env_of({})), std::invalid_argument);
  EXPECT_THROW(make_config({{"title", 5}}, env_of({})), std::invalid_argument);
  EXPECT_THROW(make_config(json::array(), env_of({})), std::invalid_argument);
}

}  // namespace
}  // namespace chat
