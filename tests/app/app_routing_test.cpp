// Express-like routing through a real App over real sockets on 127.0.0.1.
#include <corio/app/app.hpp>

#include <asio/steady_timer.hpp>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "support/test_app.hpp"

namespace corio {
namespace {

using test::Running;

TEST(app_routing, coroutine_handler_answers_get) {
  App app;
  app.get("/hello", [](Request&, Response& res) -> Task<> {
    res.send("world");
    co_return;
  });
  Running run(app);
  auto r = run.get("/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "world");
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_TRUE(r.has("date"));
  EXPECT_EQ(r.header("content-length"), "5");
}

TEST(app_routing, plain_lambda_handler_is_accepted) {
  App app;
  app.get("/plain", [](Request&, Response& res) { res.json({{"ok", true}}); });
  Running run(app);
  auto r = run.get("/plain");
  EXPECT_EQ(r.body, R"({"ok":true})");
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
}

TEST(app_routing, route_params_are_decoded) {
  App app;
  app.get("/users/:id/posts/:post", [](Request& req, Response& res) {
    res.send(std::string(req.param("id")) + "|" + std::string(req.param("post")));
  });
  Running run(app);
  EXPECT_EQ(run.get("/users/a%20b/posts/7").body, "a b|7");
}

TEST(app_routing, unmatched_path_answers_404_cannot_get) {
  App app;
  Running run(app);
  auto r = run.get("/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("Cannot GET /nope"), std::string::npos) << r.body;
}

TEST(app_routing, get_route_answers_head_without_body) {
  App app;
  app.get("/h", [](Request&, Response& res) { res.send("body"); });
  Running run(app);
  auto c = run.client();
  auto r = c.request("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"), "4");
  // The connection stays usable: no body bytes were sent.
  auto again = c.request("GET /h HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "body");
}

TEST(app_routing, unhandled_options_answers_allow) {
  App app;
  app.get("/r", [](Request&, Response& res) { res.send("g"); });
  app.post("/r", [](Request&, Response& res) { res.send("p"); });
  Running run(app);
  auto c = run.client();
  auto r = c.request("OPTIONS /r HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("allow"), "GET,HEAD,POST");
}

TEST(app_routing, middleware_acts_after_next) {
  App app;
  app.use([](Request&, Response& res, Next next) -> Task<> {
    res.set("X-Before", "1");
    co_await next();
    // The response is complete here, but not yet written: headers can still change.
    res.set("X-After", std::to_string(res.status_code()));
  });
  app.get("/m", [](Request&, Response& res) { res.status(201).send("made"); });
  Running run(app);
  auto r = run.get("/m");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.header("x-before"), "1");
  EXPECT_EQ(r.header("x-after"), "201");
}

TEST(app_routing, router_mounted_under_prefix_sees_base_url) {
  App app;
  Router api;
  api.get("/items/:id", [](Request& req, Response& res) {
    res.json({{"base", req.base_url()}, {"url", req.url()}, {"original", req.original_url()},
              {"id", req.param("id")}});
  });
  app.use("/api", api);
  Running run(app);
  auto r = run.get("/api/items/3?x=1");
  EXPECT_EQ(r.body, R"({"base":"/api","url":"/items/3?x=1","original":"/api/items/3?x=1","id":"3"})");
}

TEST(app_routing, paths_are_case_insensitive_and_trailing_slash_tolerant) {
  App app;
  app.get("/About", [](Request&, Response& res) { res.send("about"); });
  Running run(app);
  EXPECT_EQ(run.get("/about").body, "about");
  EXPECT_EQ(run.get("/ABOUT/").body, "about");
}

TEST(app_routing, thrown_http_error_reaches_error_middleware) {
  App app;
  app.get("/fail", [](Request&, Response&) -> Task<> {
    throw HttpError(418, "teapot");
    co_return;
  });
  app.use([](const HttpError& err, Request&, Response& res, Next) -> Task<> {
    res.status(err.status()).json({{"error", err.what()}});
    co_return;
  });
  Running run(app);
  auto r = run.get("/fail");
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(r.body, R"({"error":"teapot"})");
}

/// Error middleware before and after the handler `add_failing` puts on /fail/:id, which throws
/// HttpError(418, "teapot <id>"): only the one after it answers, with the route's params gone.
void expect_only_the_later_error_middleware(const std::function<void(App&)>& add_failing) {
  App app;
  std::vector<std::string> seen;
  app.use([&](const HttpError&, Request&, Response& res, Next) -> Task<> {
    seen.push_back("before");
    res.status(599).send("wrong handler");
    co_return;
  });
  add_failing(app);
  app.use([&](const HttpError& err, Request& req, Response& res, Next) -> Task<> {
    seen.push_back("after");
    res.status(err.status()).json({{"error", err.what()}, {"params", req.params().size()}});
    co_return;
  });
  Running run(app);
  auto r = run.get("/fail/7");
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(r.body, R"({"error":"teapot 7","params":0})");
  EXPECT_EQ(seen, std::vector<std::string>{"after"});
}

/// /count/fast reaches the handler `add_counter` puts on /count/:how directly; /count/slow
/// passes a middleware first (the coroutine chain). One handler object: its counter is shared.
void expect_one_handler_state_on_both_paths(const std::function<void(App&)>& add_counter) {
  App app;
  app.use("/count/slow", [](Request&, Response& res, Next next) -> Task<> {
    res.set("X-Middleware", "yes");
    co_await next();
  });
  add_counter(app);
  Running run(app);
  auto a = run.get("/count/fast");
  auto b = run.get("/count/slow");
  auto c = run.get("/count/fast");
  EXPECT_EQ(a.body, "fast 1");
  EXPECT_EQ(b.body, "slow 2");
  EXPECT_EQ(b.header("x-middleware"), "yes");
  EXPECT_EQ(c.body, "fast 3");
  EXPECT_FALSE(c.has("x-middleware"));
  auto h = run.client().request("HEAD /count/fast HTTP/1.1\r\nHost: x\r\n\r\n", true);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(h->header("content-length"), "6");  // "fast 4", not sent
  EXPECT_EQ(h->body, "");
}

TEST(app_routing, a_plain_handler_s_error_reaches_the_error_middleware_after_it_only) {
  // A plain handler that is the first to take a request runs without the coroutine chain.
  expect_only_the_later_error_middleware([](App& app) {
    app.get("/fail/:id", [](Request& req, Response&) { throw HttpError(418, "teapot " + std::string(req.param("id"))); });
  });
}

TEST(app_routing, a_plain_handler_keeps_one_state_whether_middleware_runs_before_it_or_not) {
  expect_one_handler_state_on_both_paths([](App& app) {
    app.get("/count/:how", [n = 0](Request& req, Response& res) mutable {
      res.send(std::string(req.param("how")) + " " + std::to_string(++n));
    });
  });
}

TEST(app_routing, a_coroutine_handler_s_error_after_a_wait_reaches_the_error_middleware_after_it_only) {
  // A coroutine handler without Next that is the first to take a request is awaited without
  // the router's chain; here it throws after suspending, and runs once.
  int calls = 0;
  expect_only_the_later_error_middleware([&calls](App& app) {
    app.get("/fail/:id", [&calls](Request& req, Response&) -> Task<> {
      ++calls;
      asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(5));
      co_await t.async_wait(asio::use_awaitable);
      throw HttpError(418, "teapot " + std::string(req.param("id")));
    });
  });
  EXPECT_EQ(calls, 1);
}

TEST(app_routing, a_coroutine_handler_keeps_one_state_and_its_params_on_either_path) {
  // The params stay visible across the handler's waits.
  expect_one_handler_state_on_both_paths([](App& app) {
    app.get("/count/:how", [n = 0](Request& req, Response& res) mutable -> Task<> {
      const int mine = ++n;
      asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
      co_await t.async_wait(asio::use_awaitable);
      res.send(std::string(req.param("how")) + " " + std::to_string(mine));
    });
  });
}

TEST(app_routing, unhandled_exception_answers_500_and_connection_survives) {
  App app;
  app.get("/boom", [](Request&, Response&) { throw std::runtime_error("secret detail"); });
  app.get("/ok", [](Request&, Response& res) { res.send("ok"); });
  Running run(app);
  auto c = run.client();
  auto r = c.request(test::get_request("/boom"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  auto ok = c.request(test::get_request("/ok"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->body, "ok");
}

TEST(app_routing, next_route_skips_to_the_next_route) {
  App app;
  app.get("/x", [](Request&, Response&, Next next) -> Task<> { co_await next.route(); },
          [](Request&, Response& res) { res.send("skipped"); });
  app.get("/x", [](Request&, Response& res) { res.send("second route"); });
  Running run(app);
  EXPECT_EQ(run.get("/x").body, "second route");
}

TEST(app_routing, route_chains_methods_on_one_path) {
  App app;
  app.route("/book").get([](Request&, Response& res) { res.send("get"); })
      .post([](Request&, Response& res) { res.send("post"); });
  Running run(app);
  auto c = run.client();
  auto r = c.request("POST /book HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "post");
}

TEST(app_routing, query_is_parsed_with_repeated_keys_as_arrays) {
  App app;
  app.get("/q", [](Request& req, Response& res) { res.json(req.query()); });
  Running run(app);
  EXPECT_EQ(run.get("/q?a=1&a=2&b=x+y&c=%C3%A9").body, R"({"a":["1","2"],"b":"x y","c":"é"})");
}

TEST(app_routing, streamed_response_uses_chunked_encoding) {
  App app;
  app.get("/stream", [](Request&, Response& res) -> Task<> {
    co_await res.write("one,");
    co_await res.write("two");
    co_await res.end();
  });
  Running run(app);
  auto r = run.get("/stream");
  EXPECT_EQ(r.header("transfer-encoding"), "chunked");
  EXPECT_EQ(r.body, "one,two");
}

TEST(app_routing, redirect_sets_location_and_status) {
  App app;
  app.get("/old", [](Request&, Response& res) { res.redirect("/new", 301); });
  Running run(app);
  auto r = run.get("/old");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.header("location"), "/new");
}

TEST(app_routing, cookies_are_parsed_and_set_with_attributes) {
  App app;
  app.get("/c", [](Request& req, Response& res) {
    auto it = req.cookies().find("sid");
    res.cookie("seen", "a b", {.path = "/", .http_only = true, .same_site = http::SameSite::lax})
        .clear_cookie("old")
        .send(it == req.cookies().end() ? "none" : it->second);
  });
  Running run(app);
  auto r = run.get("/c", "Cookie: sid=xyz; other=1\r\n");
  EXPECT_EQ(r.body, "xyz");
  std::vector<std::string> set;
  for (auto [it, end] = r.headers.equal_range("set-cookie"); it != end; ++it) set.push_back(it->second);
  ASSERT_EQ(set.size(), 2u);
  EXPECT_EQ(set[0], "seen=a%20b; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_NE(set[1].find("old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), std::string::npos) << set[1];
}

TEST(app_routing, accepts_and_is_negotiate_types) {
  App app;
  app.post("/t", [](Request& req, Response& res) {
    res.json({{"is_json", req.is("json")}, {"best", req.accepts({"html", "json"})}});
  });
  Running run(app);
  auto c = run.client();
  auto r = c.request("POST /t HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=utf-8\r\n"
                     "Accept: application/json;q=0.9, text/html;q=0.5\r\nContent-Length: 2\r\n\r\n{}");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"is_json":true,"best":"json"})");
}

}  // namespace
}  // namespace corio
