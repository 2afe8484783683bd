#include <corio/redis/url.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace corio::redis {
namespace {

TEST(redis_parse_url, takes_host_port_and_db) {
  const Endpoint e = parse_url("redis://10.0.0.5:6380/3");
  EXPECT_EQ(e.host, "10.0.0.5");
  EXPECT_EQ(e.port, 6380);
  EXPECT_EQ(e.db, 3);
  EXPECT_TRUE(e.unix_path.empty());
  EXPECT_EQ(e.describe(), "10.0.0.5:6380");
}

TEST(redis_parse_url, defaults_to_port_6379_and_db_0) {
  const Endpoint e = parse_url("redis://127.0.0.1");
  EXPECT_EQ(e.port, 6379);
  EXPECT_EQ(e.db, 0);
  EXPECT_EQ(parse_url("redis://127.0.0.1/").db, 0);
}

TEST(redis_parse_url, takes_user_and_percent_encoded_password) {
  const Endpoint e = parse_url("redis://alice:p%40ss%3A1@127.0.0.1");
  EXPECT_EQ(e.username, "alice");
  EXPECT_EQ(e.password, "p@ss:1");
  const Endpoint only_password = parse_url("redis://:secret@127.0.0.1:7000");
  EXPECT_EQ(only_password.username, "");
  EXPECT_EQ(only_password.password, "secret");
}

TEST(redis_parse_url, takes_ipv6_and_localhost) {
  const Endpoint v6 = parse_url("redis://[::1]:7001");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 7001);
  EXPECT_EQ(v6.describe(), "[::1]:7001");
  EXPECT_EQ(parse_url("redis://localhost").host, "127.0.0.1");
}

TEST(redis_parse_url, takes_a_unix_socket_with_an_optional_db) {
  const Endpoint e = parse_url("unix:///tmp/x/redis.sock?db=4");
  EXPECT_EQ(e.unix_path, "/tmp/x/redis.sock");
  EXPECT_EQ(e.db, 4);
  EXPECT_EQ(e.describe(), "unix:/tmp/x/redis.sock");
  EXPECT_EQ(parse_url("redis://127.0.0.1?db=2").db, 2);
}

TEST(redis_parse_url, refuses_what_it_cannot_use_with_a_clear_message) {
  for (const char* url :
       {"", "http://127.0.0.1", "rediss://127.0.0.1", "redis://", "redis://redis.example.com",
        "redis://127.0.0.1:", "redis://127.0.0.1:0", "redis://127.0.0.1:65536",
        "redis://127.0.0.1:6x", "redis://127.0.0.1/db", "redis://127.0.0.1/-1", "unix://relative",
        "unix:///s?db=x", "redis://127.0.0.1?foo=1", "redis://[::1", "redis://u:%4@127.0.0.1"}) {
    SCOPED_TRACE(url);
    try {
      parse_url(url);
      ADD_FAILURE() << "accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("invalid redis url"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace corio::redis
