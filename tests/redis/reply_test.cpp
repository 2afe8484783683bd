#include <corio/redis/reply.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace corio::redis {
namespace {

using namespace std::string_literals;

TEST(redis_format_command, encodes_arguments_as_a_resp2_array_of_bulk_strings) {
  const std::string_view args[] = {"SET", "key", "value"};
  EXPECT_EQ(format_command(args), "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
}

TEST(redis_format_command, is_binary_safe) {
  const std::string payload = "a\0b\r\n\xff"s;
  const std::string_view args[] = {"PUBLISH", "ch", payload};
  EXPECT_EQ(format_command(args), "*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$6\r\na\0b\r\n\xff\r\n"s);
}

TEST(redis_format_command, encodes_empty_arguments) {
  const std::vector<std::string> args = {"SET", "", ""};
  EXPECT_EQ(format_command(std::span<const std::string>(args)),
            "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n");
}

TEST(redis_reply, describes_nested_values_for_logs) {
  Reply array{Reply::Type::array, 0, {}, {}};
  array.elements.push_back({Reply::Type::string, 0, "ch", {}});
  array.elements.push_back({Reply::Type::integer, 3, {}, {}});
  array.elements.push_back({});
  EXPECT_EQ(array.describe(), "[\"ch\",3,nil]");
  EXPECT_TRUE(array.at(9).is_nil());
  EXPECT_EQ(array.at(1).integer, 3);
}

}  // namespace
}  // namespace corio::redis
