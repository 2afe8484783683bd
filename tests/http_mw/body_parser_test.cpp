// body_parser::json/urlencoded/text/raw: body-parser semantics over real sockets.
#include <gtest/gtest.h>

#include <corio/app/app.hpp>
#include <corio/http/body_parser.hpp>

#include "support/test_app.hpp"

namespace corio {
namespace {

namespace bp = http::body_parser;
using test::Running;

/// A POST with a body and a Content-Type (omitted when empty).
std::string post(std::string_view type, std::string_view body, std::string_view extra = {}) {
  std::string raw = "POST /echo HTTP/1.1\r\nHost: x\r\n";
  if (!type.empty()) raw += "Content-Type: " + std::string(type) + "\r\n";
  raw += "Content-Length: " + std::to_string(body.size()) + "\r\n" + std::string(extra) + "\r\n";
  return raw + std::string(body);
}

/// Mounts `parser` and a route answering req.body as JSON ("null" when unset).
template <typename Parser>
void echo(App& app, Parser parser) {
  app.use(std::move(parser));
  app.post("/echo", [](Request& req, Response& res) {
    res.json({{"body", req.body.is_binary() ? json(req.raw_body()) : req.body}});
  });
}

test::RawResponse send(const Running& run, std::string_view raw) {
  auto client = run.client();
  auto r = client.request(raw);
  return r ? *r : test::RawResponse{};
}

TEST(body_parser, json_parses_an_object_into_req_body) {
  App app;
  echo(app, bp::json());
  Running run(app);
  auto r = send(run, post("application/json", R"({"a":[1,2],"b":"x"})"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"body":{"a":[1,2],"b":"x"}})");
}

TEST(body_parser, json_accepts_a_type_with_utf8_charset) {
  App app;
  echo(app, bp::json());
  Running run(app);
  EXPECT_EQ(send(run, post("application/json; charset=UTF-8", "[true]")).body,
            R"({"body":[true]})");
}

TEST(body_parser, json_empty_body_becomes_an_empty_object) {
  App app;
  echo(app, bp::json());
  Running run(app);
  auto r = send(run,
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(r.body, R"({"body":{}})");
}

TEST(body_parser, malformed_json_answers_400) {
  App app;
  echo(app, bp::json());
  Running run(app);
  EXPECT_EQ(send(run, post("application/json", R"({"a":)")).status, 400);
}

TEST(body_parser, strict_json_refuses_a_top_level_primitive_with_400) {
  App app;
  echo(app, bp::json());
  Running run(app);
  EXPECT_EQ(send(run, post("application/json", "\"text\"")).status, 400);
}

TEST(body_parser, non_strict_json_accepts_a_top_level_primitive) {
  App app;
  echo(app, bp::json({.strict = false}));
  Running run(app);
  EXPECT_EQ(send(run, post("application/json", "42")).body, R"({"body":42})");
}

/// `depth` arrays around a 1, e.g. depth 2: "[[1]]".
std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + "1" + std::string(depth, ']');
}

TEST(body_parser, json_nested_50000_deep_answers_400_without_recursing) {
  App app;
  echo(app, bp::json());
  Running run(app);
  auto r = send(run, post("application/json", R"({"text":)" + nested_arrays(50'000) + "}"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("JSON nests deeper than 128 levels"), std::string::npos) << r.body;
  EXPECT_EQ(run.get("/missing").status, 404);  // the server is still there
}

TEST(body_parser, json_nested_to_the_depth_limit_is_parsed) {
  App app;
  echo(app, bp::json());
  Running run(app);
  auto r = send(run, post("application/json", nested_arrays(128)));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"body":)" + nested_arrays(128) + "}");
}

TEST(body_parser, json_depth_option_sets_the_limit) {
  App app;
  echo(app, bp::json({.depth = 2}));
  Running run(app);
  EXPECT_EQ(send(run, post("application/json", R"({"a":[1]})")).status, 200);
  EXPECT_EQ(send(run, post("application/json", R"({"a":[[1]]})")).status, 400);
}

TEST(body_parser, json_over_the_limit_answers_413) {
  App app;
  echo(app, bp::json({.limit = 16}));
  Running run(app);
  EXPECT_EQ(send(run, post("application/json", R"({"long":"aaaaaaaaaaaaaaaaaaaaaaaa"})")).status,
            413);
}

TEST(body_parser, json_default_limit_is_100_kib) {
  App app;
  echo(app, bp::json());
  Running run(app);
  const std::string big = "[\"" + std::string(100 * 1024, 'a') + "\"]";
  EXPECT_EQ(send(run, post("application/json", big)).status, 413);
}

TEST(body_parser, json_skips_other_content_types) {
  App app;
  echo(app, bp::json());
  Running run(app);
  EXPECT_EQ(send(run, post("text/plain", "{}")).body, R"({"body":null})");
}

TEST(body_parser, json_skips_requests_without_a_body) {
  App app;
  echo(app, bp::json());
  Running run(app);
  EXPECT_EQ(send(run, post("application/json", "")).body, R"({"body":null})");
}

TEST(body_parser, json_with_an_unsupported_charset_answers_415) {
  App app;
  echo(app, bp::json());
  Running run(app);
  EXPECT_EQ(send(run, post("application/json; charset=utf-16", "{}")).status, 415);
}

TEST(body_parser, json_with_a_content_encoding_answers_415) {
  App app;
  echo(app, bp::json());
  Running run(app);
  EXPECT_EQ(send(run, post("application/json", "{}", "Content-Encoding: gzip\r\n")).status, 415);
}

TEST(body_parser, json_custom_type_parses_vendor_types) {
  App app;
  echo(app, bp::json({.type = {"+json"}}));
  Running run(app);
  EXPECT_EQ(send(run, post("application/vnd.api+json", "{\"a\":1}")).body, R"({"body":{"a":1}})");
}

TEST(body_parser, urlencoded_repeated_keys_become_arrays) {
  App app;
  echo(app, bp::urlencoded());
  Running run(app);
  auto r = send(run, post("application/x-www-form-urlencoded", "a=1&a=2&b=x+y&c=%C3%A9"));
  EXPECT_EQ(r.body, R"({"body":{"a":["1","2"],"b":"x y","c":"é"}})");
}

TEST(body_parser, urlencoded_too_many_parameters_answers_413) {
  App app;
  echo(app, bp::urlencoded({.parameter_limit = 2}));
  Running run(app);
  EXPECT_EQ(send(run, post("application/x-www-form-urlencoded", "a=1&b=2&c=3")).status, 413);
}

TEST(body_parser, text_puts_the_body_in_a_string) {
  App app;
  echo(app, bp::text());
  Running run(app);
  EXPECT_EQ(send(run, post("text/plain", "hello")).body, R"({"body":"hello"})");
}

TEST(body_parser, text_converts_latin1_to_utf8) {
  App app;
  echo(app, bp::text());
  Running run(app);
  EXPECT_EQ(send(run, post("text/plain; charset=iso-8859-1", "caf\xE9")).body,
            R"({"body":"café"})");
}

TEST(body_parser, text_with_an_unknown_charset_answers_415) {
  App app;
  echo(app, bp::text());
  Running run(app);
  EXPECT_EQ(send(run, post("text/plain; charset=koi8-r", "x")).status, 415);
}

TEST(body_parser, raw_keeps_the_bytes_as_binary) {
  App app;
  echo(app, bp::raw());
  Running run(app);
  EXPECT_EQ(send(run, post("application/octet-stream", "AB")).body, R"({"body":"AB"})");
}

TEST(body_parser, first_matching_parser_wins_and_later_ones_skip) {
  App app;
  app.use(bp::json({.type = {"*/*"}}));
  echo(app, bp::text({.type = {"*/*"}}));
  Running run(app);
  EXPECT_EQ(send(run, post("text/plain", "[1]")).body, R"({"body":[1]})");
}

}  // namespace
}  // namespace corio
