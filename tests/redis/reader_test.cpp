#include <corio/redis/reader.hpp>

#include <corio/redis/error.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corio::redis {
namespace {

using namespace std::string_literals;

struct Parsed {
  std::vector<Reply> replies;
  std::error_code ec;
};

// Feeds `wire` in pieces of `step` bytes, taking replies out after each piece.
Parsed parse(std::string_view wire, std::size_t step = 0, ReaderLimits limits = {}) {
  Reader reader(limits);
  Parsed out;
  if (step == 0) step = wire.size() + 1;
  for (std::size_t i = 0; i < wire.size() && !out.ec; i += step) {
    reader.feed(wire.substr(i, step));
    std::optional<Reply> reply;
    for (int n = 0; n < 100000; ++n) {
      out.ec = reader.next(reply);
      if (out.ec || !reply) break;
      out.replies.push_back(std::move(*reply));
    }
  }
  return out;
}

TEST(redis_reader, parses_every_resp2_type) {
  const Parsed p = parse("+OK\r\n-ERR bad\r\n:-42\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n*0\r\n");
  ASSERT_FALSE(p.ec);
  ASSERT_EQ(p.replies.size(), 7u);
  EXPECT_TRUE(p.replies[0].is_status());
  EXPECT_EQ(p.replies[0].str, "OK");
  EXPECT_TRUE(p.replies[1].is_error());
  EXPECT_EQ(p.replies[1].str, "ERR bad");
  EXPECT_EQ(p.replies[2].integer, -42);
  EXPECT_EQ(p.replies[3].str, "hello");
  EXPECT_TRUE(p.replies[4].is_nil());
  EXPECT_TRUE(p.replies[5].is_nil());
  EXPECT_TRUE(p.replies[6].is_array());
  EXPECT_TRUE(p.replies[6].elements.empty());
}

TEST(redis_reader, parses_nested_arrays) {
  const Parsed p = parse("*3\r\n$7\r\nmessage\r\n*2\r\n:1\r\n*1\r\n$0\r\n\r\n$-1\r\n:7\r\n");
  ASSERT_FALSE(p.ec);
  ASSERT_EQ(p.replies.size(), 2u);
  EXPECT_EQ(p.replies[0].describe(), "[\"message\",[1,[\"\"]],nil]");
  EXPECT_EQ(p.replies[1].integer, 7);
}

TEST(redis_reader, gives_the_same_replies_when_fed_byte_by_byte) {
  const std::string wire =
      "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$4\r\na\r\nb\r\n+PONG\r\n:9223372036854775807\r\n";
  const Parsed whole = parse(wire);
  const Parsed bytes = parse(wire, 1);
  ASSERT_FALSE(bytes.ec);
  ASSERT_EQ(whole.replies.size(), 3u);
  EXPECT_EQ(whole.replies, bytes.replies);
  EXPECT_EQ(bytes.replies[0].at(2).str, "a\r\nb");
  EXPECT_EQ(bytes.replies[2].integer, 9223372036854775807LL);
}

TEST(redis_reader, keeps_binary_bulk_strings_intact) {
  const std::string payload = "\0\xff\r\n$3\r\n"s;
  const Parsed p = parse("$" + std::to_string(payload.size()) + "\r\n" + payload + "\r\n", 2);
  ASSERT_FALSE(p.ec);
  ASSERT_EQ(p.replies.size(), 1u);
  EXPECT_EQ(p.replies[0].str, payload);
}

TEST(redis_reader, reports_an_unknown_type_byte_as_a_protocol_error) {
  const Parsed p = parse("+OK\r\n!oops\r\n");
  EXPECT_EQ(p.ec, errc::protocol_error);
  ASSERT_EQ(p.replies.size(), 1u);  // what came before the error is still delivered
}

TEST(redis_reader, reports_malformed_lengths_as_protocol_errors) {
  for (const char* wire : {"$abc\r\n", "*-2\r\n", "$-5\r\n", ":12x\r\n", "$3\r\nabcde", "+OK\n",
                           "$99999999999999999999\r\n", ":1\r\n\r\n", "*-0\r\n", "$01\r\na\r\n",
                           ":+1\r\n"}) {
    SCOPED_TRACE(wire);
    EXPECT_EQ(parse(wire).ec, errc::protocol_error);
    EXPECT_EQ(parse(wire, 1).ec, errc::protocol_error);
  }
}

TEST(redis_reader, error_is_sticky) {
  Reader reader;
  reader.feed("?");
  std::optional<Reply> reply;
  EXPECT_EQ(reader.next(reply), errc::protocol_error);
  reader.feed("+OK\r\n");
  EXPECT_EQ(reader.next(reply), errc::protocol_error);
  EXPECT_FALSE(reply);
  EXPECT_FALSE(reader.error_message().empty());
}

TEST(redis_reader, refuses_a_bulk_string_over_the_limit_before_its_payload_arrives) {
  ReaderLimits limits;
  limits.max_bulk = 4;
  EXPECT_FALSE(parse("$4\r\nabcd\r\n", 0, limits).ec);
  EXPECT_EQ(parse("$5\r\n", 0, limits).ec, errc::limit_exceeded);
  EXPECT_EQ(parse("+abcdefgh", 0, limits).ec, errc::limit_exceeded);
  EXPECT_EQ(parse("$536870913\r\n").ec, errc::limit_exceeded);  // Redis' 512 MiB default
}

TEST(redis_reader, refuses_arrays_over_the_element_limit) {
  ReaderLimits limits;
  limits.max_elements = 2;
  EXPECT_FALSE(parse("*2\r\n:1\r\n:2\r\n", 0, limits).ec);
  EXPECT_EQ(parse("*3\r\n", 0, limits).ec, errc::limit_exceeded);
  EXPECT_EQ(parse("*2147483648\r\n").ec, errc::limit_exceeded);
}

TEST(redis_reader, refuses_nesting_deeper_than_the_limit) {
  auto nested = [](int depth) {
    std::string wire;
    for (int i = 0; i < depth; ++i) wire += "*1\r\n";
    return wire + ":1\r\n";
  };
  const Parsed seven = parse(nested(7));
  ASSERT_FALSE(seven.ec);
  ASSERT_EQ(seven.replies.size(), 1u);
  EXPECT_EQ(seven.replies[0].describe(), "[[[[[[[1]]]]]]]");
  EXPECT_EQ(parse(nested(8)).ec, errc::limit_exceeded);
  ReaderLimits limits;
  limits.max_depth = 2;
  EXPECT_FALSE(parse(nested(2), 0, limits).ec);
  EXPECT_EQ(parse(nested(3), 1, limits).ec, errc::limit_exceeded);
}

TEST(redis_reader, parses_ten_thousand_replies_from_one_feed) {
  std::string wire;
  for (int i = 0; i < 10000; ++i) wire += ":" + std::to_string(i) + "\r\n";
  const Parsed p = parse(wire, 4096);
  ASSERT_FALSE(p.ec);
  ASSERT_EQ(p.replies.size(), 10000u);
  EXPECT_EQ(p.replies[9999].integer, 9999);
}

}  // namespace
}  // namespace corio::redis
