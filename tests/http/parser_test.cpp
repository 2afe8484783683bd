#include <gtest/gtest.h>

#include <corio/http/parser.hpp>
#include <string>

namespace corio::http {
namespace {

using Status = ParseResult::Status;
using namespace std::literals;

ParseResult parse(std::string_view data, RequestHead& head, const ParserLimits& limits = {}) {
  return parse_request_head(data, head, limits);
}

int status_of(std::string_view data, const ParserLimits& limits = {}) {
  RequestHead head;
  ParseResult r = parse(data, head, limits);
  return r.status == Status::error ? r.http_status : (r.status == Status::complete ? 0 : -1);
}

TEST(http_parser, parses_a_simple_get) {
  RequestHead head;
  std::string_view req = "GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n";
  ParseResult r = parse(req, head);
  ASSERT_EQ(r.status, Status::complete);
  EXPECT_EQ(r.consumed, req.size());
  EXPECT_EQ(head.method, "GET");
  EXPECT_EQ(head.target, "/a/b?x=1");
  EXPECT_EQ(head.version_minor, 1);
  ASSERT_EQ(head.headers.size(), 2u);
  EXPECT_EQ(head.get("host"), "example.com");
  EXPECT_EQ(head.get("ACCEPT"), "*/*");
  EXPECT_EQ(head.framing, BodyFraming::none);
  EXPECT_TRUE(head.keep_alive);
}

TEST(http_parser, consumes_only_the_head_of_pipelined_requests) {
  RequestHead head;
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\n";
  ParseResult r = parse(req, head);
  ASSERT_EQ(r.status, Status::complete);
  EXPECT_EQ(r.consumed, req.find("GET /2"));
}

TEST(http_parser, trims_optional_whitespace_around_values) {
  RequestHead head;
  ASSERT_EQ(parse("GET / HTTP/1.1\r\nHost: a\r\nX-A:  \t a b \t\r\n\r\n", head).status,
            Status::complete);
  EXPECT_EQ(head.get("x-a"), "a b");
}

TEST(http_parser, reports_incomplete_until_the_blank_line) {
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  for (std::size_t n = 0; n < req.size(); ++n) {
    EXPECT_EQ(status_of(req.substr(0, n)), -1) << n;
  }
  EXPECT_EQ(status_of(req), 0);
}

TEST(http_parser, skips_leading_empty_lines) {
  RequestHead head;
  std::string req = "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
  ParseResult r = parse(req, head);
  ASSERT_EQ(r.status, Status::complete);
  EXPECT_EQ(r.consumed, req.size());
  EXPECT_EQ(head.method, "GET");
}

TEST(http_parser, accepts_http_1_0_without_host) {
  RequestHead head;
  ASSERT_EQ(parse("GET / HTTP/1.0\r\n\r\n", head).status, Status::complete);
  EXPECT_EQ(head.version_minor, 0);
  EXPECT_FALSE(head.keep_alive);
}

TEST(http_parser, keeps_http_1_0_alive_on_request) {
  RequestHead head;
  ASSERT_EQ(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", head).status,
            Status::complete);
  EXPECT_TRUE(head.keep_alive);
}

TEST(http_parser, closes_on_connection_close_in_a_list) {
  RequestHead head;
  ASSERT_EQ(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, CLOSE\r\n\r\n", head).status,
            Status::complete);
  EXPECT_FALSE(head.keep_alive);
}

TEST(http_parser, detects_upgrade_and_expect_continue) {
  RequestHead head;
  std::string_view req =
      "GET /ws HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n"
      "Expect: 100-continue\r\n\r\n";
  ASSERT_EQ(parse(req, head).status, Status::complete);
  EXPECT_TRUE(head.upgrade);
  EXPECT_TRUE(head.expect_continue);
}

TEST(http_parser, ignores_upgrade_header_without_connection_upgrade) {
  RequestHead head;
  ASSERT_EQ(parse("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n", head).status,
            Status::complete);
  EXPECT_FALSE(head.upgrade);
}

TEST(http_parser, reads_content_length) {
  RequestHead head;
  ASSERT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 42\r\n\r\n", head).status,
            Status::complete);
  EXPECT_EQ(head.framing, BodyFraming::content_length);
  EXPECT_EQ(head.content_length, 42u);
}

TEST(http_parser, accepts_identical_content_length_list_and_duplicates) {
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n"), 0);
  EXPECT_EQ(
      status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"), 0);
}

TEST(http_parser, rejects_differing_content_lengths) {
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\n"), 400);
  EXPECT_EQ(
      status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
      400);
}

TEST(http_parser, rejects_malformed_content_length) {
  for (std::string_view v : {"-1", "+1", "1a", "", "0x10", "1 2", "99999999999999999999999"}) {
    std::string req =
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::string(v) + "\r\n\r\n";
    EXPECT_EQ(status_of(req), 400) << v;
  }
}

TEST(http_parser, accepts_the_largest_content_length) {
  RequestHead head;
  ASSERT_EQ(
      parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 18446744073709551606\r\n\r\n", head)
          .status,
      Status::complete);
  EXPECT_EQ(head.content_length, 18446744073709551606ull);
}

TEST(http_parser, reads_chunked_transfer_encoding) {
  RequestHead head;
  ASSERT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n", head).status,
            Status::complete);
  EXPECT_EQ(head.framing, BodyFraming::chunked);
}

TEST(http_parser, rejects_content_length_with_transfer_encoding) {
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n"),
            400);
}

TEST(http_parser, rejects_chunked_that_is_not_the_final_coding) {
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n"),
            400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                      "Transfer-Encoding: gzip\r\n\r\n"),
            400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"),
            400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"), 400);
}

TEST(http_parser, answers_501_to_codings_it_cannot_decode) {
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
            501);
}

TEST(http_parser, closes_http_1_0_requests_with_transfer_encoding) {
  RequestHead head;
  ASSERT_EQ(
      parse("POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n", head)
          .status,
      Status::complete);
  EXPECT_FALSE(head.keep_alive);
}

TEST(http_parser, rejects_http_1_1_without_host) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"), 400);
}

TEST(http_parser, rejects_multiple_host_headers) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
}

TEST(http_parser, rejects_a_malformed_host) {
  for (std::string_view host : {"a b", "a/b", "a@b", "a:8x", "[::1", "[]", "a%zz", "a:1:2"}) {
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: " + std::string(host) + "\r\n\r\n"), 400) << host;
  }
  for (std::string_view host : {"", "a", "a.example:8080", "[::1]:3000", "127.0.0.1", "a%41b:"}) {
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: " + std::string(host) + "\r\n\r\n"), 0) << host;
  }
}

TEST(http_parser, splits_an_absolute_form_target) {
  RequestHead head;
  ASSERT_EQ(parse("GET http://h.example:81/hello?x=1 HTTP/1.1\r\nHost: other\r\n\r\n", head).status,
            Status::complete);
  EXPECT_EQ(head.target, "/hello?x=1");
  EXPECT_EQ(head.authority, "h.example:81");
  ASSERT_EQ(parse("GET HTTPS://h HTTP/1.1\r\nHost: h\r\n\r\n", head).status, Status::complete);
  EXPECT_EQ(head.target, "/");
  EXPECT_EQ(head.authority, "h");
  ASSERT_EQ(parse("GET /p HTTP/1.1\r\nHost: h\r\n\r\n", head).status, Status::complete);
  EXPECT_EQ(head.authority, "");
}

TEST(http_parser, rejects_a_bad_absolute_form_target) {
  EXPECT_EQ(status_of("GET ftp://h/x HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET http:///x HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET http://u@h/x HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET http://h/x HTTP/1.1\r\n\r\n"), 400);  // Host is still required
}

TEST(http_parser, rejects_parameters_on_chunked) {
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;q=1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked ; x\r\n\r\n"), 400);
}

TEST(http_parser, rejects_whitespace_before_colon) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length\t: 1\r\n\r\n"), 400);
}

TEST(http_parser, rejects_obs_fold) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n"), 400);
}

TEST(http_parser, rejects_control_characters_in_values) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n"sv), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\x7f\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\x01\r\n\r\n"), 400);
}

TEST(http_parser, accepts_tab_and_obs_text_in_values) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\tb\xC3\xA9\r\n\r\n"), 0);
}

TEST(http_parser, rejects_bare_lf_line_endings) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: 1\n\n"), 400);
}

TEST(http_parser, rejects_invalid_header_names) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nX(y): 1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\n: 1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n"), 400);
}

TEST(http_parser, rejects_malformed_request_lines) {
  EXPECT_EQ(status_of("GET  / HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1 \r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("G(T / HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1x\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / http/1.1\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /\r\nHost: a\r\n\r\n"), 400);
}

TEST(http_parser, answers_505_to_other_major_versions) {
  EXPECT_EQ(status_of("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), 505);
  EXPECT_EQ(status_of("GET / HTTP/0.9\r\nHost: a\r\n\r\n"), 505);
}

TEST(http_parser, treats_higher_minor_versions_as_1_1) {
  RequestHead head;
  ASSERT_EQ(parse("GET / HTTP/1.7\r\nHost: a\r\n\r\n", head).status, Status::complete);
  EXPECT_EQ(head.version_minor, 1);
}

TEST(http_parser, answers_431_when_headers_exceed_the_byte_limit) {
  ParserLimits limits{.max_header_bytes = 64};
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(60, 'a') + "\r\n\r\n";
  EXPECT_EQ(status_of(req, limits), 431);
}

TEST(http_parser, answers_431_for_an_unfinished_head_over_the_limit) {
  ParserLimits limits{.max_header_bytes = 64};
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(60, 'a');
  EXPECT_EQ(status_of(req, limits), 431);
}

TEST(http_parser, answers_431_when_there_are_too_many_headers) {
  ParserLimits limits{.max_headers = 3};
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n", limits), 0);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits), 431);
}

TEST(http_parser, answers_414_for_a_long_request_line) {
  ParserLimits limits{.max_request_line = 32};
  std::string target = "/" + std::string(40, 'a');
  EXPECT_EQ(status_of("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n", limits), 414);
  EXPECT_EQ(status_of("GET " + target, limits), 414);
}

TEST(http_parser, clear_keeps_header_capacity) {
  RequestHead head;
  ASSERT_EQ(parse("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\n\r\n", head).status, Status::complete);
  std::size_t cap = head.headers.capacity();
  head.clear();
  EXPECT_TRUE(head.headers.empty());
  EXPECT_EQ(head.headers.capacity(), cap);
  EXPECT_TRUE(head.method.empty());
}

}  // namespace
}  // namespace corio::http
