#include <gtest/gtest.h>

#include <corio/http/parser.hpp>
#include <string>

namespace corio::http {
namespace {

using Status = ParseResult::Status;

struct Decoded {
  ParseResult result;
  std::string body;
};

Decoded decode(std::string_view data, std::size_t max_body = 1 << 20,
               const ChunkedLimits& limits = {}) {
  ChunkedDecoder d(limits);
  Decoded out;
  out.result = d.feed(data, out.body, max_body);
  return out;
}

TEST(chunked_decoder, decodes_chunks_and_stops_after_the_last) {
  std::string_view in = "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\nNEXT";
  Decoded d = decode(in);
  ASSERT_EQ(d.result.status, Status::complete);
  EXPECT_EQ(d.body, "Wikipedia");
  EXPECT_EQ(d.result.consumed, in.size() - 4);
}

TEST(chunked_decoder, decodes_byte_by_byte) {
  std::string_view in = "a;name=val\r\n0123456789\r\nA\r\nabcdefghij\r\n0\r\nX-T: 1\r\n\r\n";
  ChunkedDecoder d;
  std::string body;
  for (std::size_t i = 0; i < in.size(); ++i) {
    ParseResult r = d.feed(in.substr(i, 1), body, 1000);
    ASSERT_NE(r.status, Status::error) << i;
    EXPECT_EQ(r.consumed, 1u);
    EXPECT_EQ(r.status == Status::complete, i + 1 == in.size());
  }
  EXPECT_TRUE(d.done());
  EXPECT_EQ(body, "0123456789abcdefghij");
}

TEST(chunked_decoder, accepts_uppercase_hex_and_leading_zeros) {
  Decoded d = decode("0000B\r\nhello world\r\n0\r\n\r\n");
  ASSERT_EQ(d.result.status, Status::complete);
  EXPECT_EQ(d.body, "hello world");
}

TEST(chunked_decoder, skips_trailers) {
  Decoded d = decode("1\r\na\r\n0\r\nExpires: never\r\nX: y\r\n\r\n");
  ASSERT_EQ(d.result.status, Status::complete);
  EXPECT_EQ(d.body, "a");
}

TEST(chunked_decoder, rejects_bad_hex) {
  EXPECT_EQ(decode("g\r\n").result.http_status, 400);
  EXPECT_EQ(decode("\r\n").result.http_status, 400);
  EXPECT_EQ(decode("-1\r\n").result.http_status, 400);
  EXPECT_EQ(decode("1 \r\na\r\n").result.http_status, 400);
  EXPECT_EQ(decode("0x1\r\n").result.http_status, 400);
}

TEST(chunked_decoder, rejects_more_than_16_hex_digits) {
  EXPECT_EQ(decode("00000000000000001\r\n", SIZE_MAX).result.http_status, 400);
}

TEST(chunked_decoder, answers_413_to_a_huge_chunk_size) {
  EXPECT_EQ(decode("ffffffffffffffff\r\n").result.http_status, 413);
}

TEST(chunked_decoder, answers_413_when_the_body_would_exceed_max_body) {
  EXPECT_EQ(decode("5\r\nhello\r\n1\r\n!\r\n", 5).result.http_status, 413);
  EXPECT_EQ(decode("5\r\nhello\r\n0\r\n\r\n", 5).result.status, Status::complete);
}

TEST(chunked_decoder, rejects_missing_crlf_after_data) {
  EXPECT_EQ(decode("3\r\nabcX\r\n").result.http_status, 400);
  EXPECT_EQ(decode("3\r\nabc\rX").result.http_status, 400);
  EXPECT_EQ(decode("3\r\nabc\n").result.http_status, 400);
}

TEST(chunked_decoder, rejects_bare_lf_after_size) {
  EXPECT_EQ(decode("3\nabc\r\n").result.http_status, 400);
  EXPECT_EQ(decode("3\rabc\r\n").result.http_status, 400);
}

TEST(chunked_decoder, rejects_long_extensions) {
  ChunkedLimits limits{.max_extension_bytes = 8};
  EXPECT_EQ(decode("1;aaaaaaaaaaa\r\na\r\n", 100, limits).result.http_status, 400);
  EXPECT_EQ(decode("1;aaaa\r\na\r\n", 100, limits).result.status, Status::incomplete);
}

TEST(chunked_decoder, rejects_control_characters_in_extensions) {
  EXPECT_EQ(decode("1;a\x01\r\na\r\n").result.http_status, 400);
}

TEST(chunked_decoder, answers_431_when_trailers_exceed_the_limit) {
  ChunkedLimits limits{.max_trailer_bytes = 16};
  std::string in = "0\r\nX: " + std::string(30, 'a') + "\r\n\r\n";
  EXPECT_EQ(decode(in, 100, limits).result.http_status, 431);
}

TEST(chunked_decoder, rejects_folded_or_malformed_trailers) {
  EXPECT_EQ(decode("0\r\nX: 1\r\n folded\r\n\r\n").result.http_status, 400);
  EXPECT_EQ(decode("0\r\nX: 1\n\r\n").result.http_status, 400);
  EXPECT_EQ(decode("0\r\nX: \x01\r\n\r\n").result.http_status, 400);
}

TEST(chunked_decoder, reset_keeps_limits_and_starts_over) {
  ChunkedDecoder d(ChunkedLimits{.max_extension_bytes = 2});
  std::string body;
  ASSERT_EQ(d.feed("0\r\n\r\n", body, 10).status, Status::complete);
  d.reset();
  EXPECT_FALSE(d.done());
  EXPECT_EQ(d.feed("1;abc\r\n", body, 10).http_status, 400);
}

}  // namespace
}  // namespace corio::http
