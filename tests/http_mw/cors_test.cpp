// cors(): each origin kind and preflight detail, then every recorded case of the differential
// suite (cors_cases.json answered by Express 5 + npm cors, recorded in cors_reference.json).
#include <gtest/gtest.h>

#include <corio/app/app.hpp>
#include <corio/http/cors.hpp>

#include "http_mw/cors_cases.hpp"
#include "support/test_app.hpp"

namespace corio {
namespace {

using http::cors;
using http::CorsOptions;
using http::OriginRule;
using test::Running;

const std::string kDir = CORIO_HTTP_MW_DIR;

test::RawResponse send(const Running& run, std::string_view raw) {
  auto client = run.client();
  auto r = client.request(raw, raw.starts_with("HEAD "));
  return r ? *r : test::RawResponse{};
}

std::string preflight(std::string_view origin, std::string_view extra = {}) {
  return "OPTIONS /r HTTP/1.1\r\nHost: x\r\nOrigin: " + std::string(origin) +
         "\r\nAccess-Control-Request-Method: PUT\r\n" + std::string(extra) + "\r\n";
}

void serve(App& app, CorsOptions options) {
  app.use(cors(std::move(options)));
  app.all("/r", [](Request&, Response& res) { res.send("handler"); });
}

TEST(cors, default_options_allow_any_origin_with_star_and_no_vary) {
  App app;
  serve(app, {});
  Running run(app);
  auto r = run.get("/r", "Origin: http://a.example\r\n");
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_FALSE(r.has("vary"));
  EXPECT_EQ(r.body, "handler");
}

TEST(cors, fixed_origin_is_sent_whatever_the_request_origin_with_vary_origin) {
  App app;
  serve(app, {.origin = "https://app.example"});
  Running run(app);
  auto r = run.get("/r", "Origin: http://other.example\r\n");
  EXPECT_EQ(r.header("access-control-allow-origin"), "https://app.example");
  EXPECT_EQ(r.header("vary"), "Origin");
}

TEST(cors, origin_true_reflects_the_request_origin) {
  App app;
  serve(app, {.origin = true});
  Running run(app);
  EXPECT_EQ(run.get("/r", "Origin: http://b.example\r\n").header("access-control-allow-origin"),
            "http://b.example");
}

TEST(cors, origin_false_sets_no_cors_headers_and_passes_preflights_on) {
  App app;
  serve(app, {.origin = false});
  Running run(app);
  auto r = send(run, preflight("http://a.example"));
  EXPECT_FALSE(r.has("access-control-allow-origin"));
  EXPECT_FALSE(r.has("access-control-allow-methods"));
  EXPECT_EQ(r.body, "handler");
}

TEST(cors, origin_list_reflects_a_listed_origin_and_omits_others) {
  App app;
  serve(app, {.origin = {"http://a.example", http::origin_regex(R"(\.b\.example$)")}});
  Running run(app);
  EXPECT_EQ(run.get("/r", "Origin: http://a.example\r\n").header("access-control-allow-origin"),
            "http://a.example");
  EXPECT_EQ(run.get("/r", "Origin: https://x.b.example\r\n").header("access-control-allow-origin"),
            "https://x.b.example");
  auto denied = run.get("/r", "Origin: http://evil.example\r\n");
  EXPECT_FALSE(denied.has("access-control-allow-origin"));
  EXPECT_EQ(denied.header("vary"), "Origin");
}

TEST(cors, origin_regex_is_searched_like_javascript_test) {
  App app;
  serve(app, {.origin = http::origin_regex("localhost")});
  Running run(app);
  EXPECT_EQ(
      run.get("/r", "Origin: http://localhost:3000\r\n").header("access-control-allow-origin"),
      "http://localhost:3000");
}

TEST(cors, sync_origin_callback_decides_per_request) {
  App app;
  serve(app, {.origin = [](std::string_view o) -> OriginRule { return o.ends_with(".ok"); }});
  Running run(app);
  EXPECT_EQ(run.get("/r", "Origin: http://a.ok\r\n").header("access-control-allow-origin"),
            "http://a.ok");
  EXPECT_FALSE(run.get("/r", "Origin: http://a.no\r\n").has("access-control-allow-origin"));
}

TEST(cors, async_origin_callback_may_return_a_fixed_origin) {
  App app;
  serve(app,
        {.origin = [](std::string_view) -> Task<OriginRule> { co_return "https://db.example"; }});
  Running run(app);
  EXPECT_EQ(run.get("/r", "Origin: http://a\r\n").header("access-control-allow-origin"),
            "https://db.example");
}

TEST(cors, throwing_origin_callback_reaches_the_error_handler) {
  App app;
  serve(app, {.origin = [](std::string_view) -> OriginRule { throw http::HttpError(403, "no"); }});
  Running run(app);
  EXPECT_EQ(run.get("/r", "Origin: http://a\r\n").status, 403);
}

TEST(cors, preflight_answers_204_with_methods_and_empty_body) {
  App app;
  serve(app, {});
  Running run(app);
  auto r = send(run, preflight("http://a.example"));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("access-control-allow-methods"), "GET,HEAD,PUT,PATCH,POST,DELETE");
  EXPECT_EQ(r.header("content-length"), "0");
  EXPECT_TRUE(r.body.empty());
}

TEST(cors, preflight_reflects_requested_headers_and_varies_on_them) {
  App app;
  serve(app, {});
  Running run(app);
  auto r = send(run, preflight("http://a", "Access-Control-Request-Headers: X-A, X-B\r\n"));
  EXPECT_EQ(r.header("access-control-allow-headers"), "X-A, X-B");
  EXPECT_EQ(r.header("vary"), "Access-Control-Request-Headers");
}

TEST(cors, preflight_without_requested_headers_sends_no_allow_headers) {
  App app;
  serve(app, {});
  Running run(app);
  EXPECT_FALSE(send(run, preflight("http://a")).has("access-control-allow-headers"));
}

TEST(cors, preflight_uses_configured_headers_max_age_and_credentials) {
  App app;
  serve(app, {.origin = true,
              .allowed_headers = {"Content-Type", "X-Token"},
              .credentials = true,
              .max_age = std::chrono::seconds(600)});
  Running run(app);
  auto r = send(run, preflight("http://a", "Access-Control-Request-Headers: X-Other\r\n"));
  EXPECT_EQ(r.header("access-control-allow-headers"), "Content-Type,X-Token");
  EXPECT_EQ(r.header("access-control-max-age"), "600");
  EXPECT_EQ(r.header("access-control-allow-credentials"), "true");
  EXPECT_EQ(r.header("vary"), "Origin");
}

TEST(cors, preflight_continue_passes_the_preflight_to_the_next_handler) {
  App app;
  serve(app, {.preflight_continue = true});
  Running run(app);
  auto r = send(run, preflight("http://a"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "handler");
  EXPECT_EQ(r.header("access-control-allow-methods"), "GET,HEAD,PUT,PATCH,POST,DELETE");
}

TEST(cors, options_success_status_replaces_204) {
  App app;
  serve(app, {.options_success_status = 200});
  Running run(app);
  EXPECT_EQ(send(run, preflight("http://a")).status, 200);
}

TEST(cors, exposed_headers_are_sent_on_actual_requests) {
  App app;
  serve(app, {.exposed_headers = {"X-Total", "X-Page"}});
  Running run(app);
  EXPECT_EQ(run.get("/r", "Origin: http://a\r\n").header("access-control-expose-headers"),
            "X-Total,X-Page");
}

TEST(cors, request_without_origin_gets_no_reflected_origin) {
  App app;
  serve(app, {.origin = true});
  Running run(app);
  auto r = run.get("/r");
  EXPECT_FALSE(r.has("access-control-allow-origin"));
  EXPECT_EQ(r.header("vary"), "Origin");
}

TEST(cors, per_request_options_are_computed_for_each_request) {
  App app;
  app.use(http::cors_per_request([](Request& req) -> Task<CorsOptions> {
    CorsOptions options;
    options.origin = req.get("x-tenant") == "a" ? http::CorsOrigin("https://a.example") : false;
    co_return options;
  }));
  app.get("/r", [](Request&, Response& res) { res.send("handler"); });
  Running run(app);
  EXPECT_EQ(
      run.get("/r", "Origin: http://x\r\nX-Tenant: a\r\n").header("access-control-allow-origin"),
      "https://a.example");
  EXPECT_FALSE(run.get("/r", "Origin: http://x\r\n").has("access-control-allow-origin"));
}

TEST(cors, apply_cors_reports_an_answered_preflight_to_its_caller) {
  App app;
  app.use([](Request& req, Response& res, Next next) -> Task<> {
    // A named options object: GCC 12 mishandles class temporaries inside co_await expressions.
    static const CorsOptions options;
    const bool answered = co_await http::apply_cors(options, req, res);
    res.set("X-Answered", answered ? "yes" : "no");
    if (!answered) co_await next();
  });
  app.all("/r", [](Request&, Response& res) { res.send("handler"); });
  Running run(app);
  EXPECT_EQ(send(run, preflight("http://a")).header("x-answered"), "yes");
  EXPECT_EQ(run.get("/r", "Origin: http://a\r\n").header("x-answered"), "no");
}

TEST(cors, every_recorded_case_matches_npm_cors) {
  const json cases = test::read_json_file(kDir + "/cors_cases.json");
  const json reference = test::read_json_file(kDir + "/cors_reference.json");
  ASSERT_EQ(cases.at("requests").size(), reference.size());
  App app;
  test::mount_cors_cases(app, cases);
  Running run(app);
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const json& request = cases["requests"][i];
    auto observed = test::cors_observation(send(run, test::cors_request(request)));
    EXPECT_EQ(observed, reference[i]) << "case " << i << ": " << request.dump();
  }
}

}  // namespace
}  // namespace corio
