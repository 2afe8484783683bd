// /socket.io/socket.io.js and friends, served from socket.io-client's dist/ as the reference
// server serves them (ETag = the client's version, 304, Cache-Control, content types).
#include <corio/app/app.hpp>

#include <gtest/gtest.h>

#include "support/test_app.hpp"

namespace corio {
namespace {

using test::Running;

TEST(socketio_client_bundle, serves_the_browser_bundle_with_etag) {
  App app;
  app.io();
  Running run(app);
  auto r = run.get("/socket.io/socket.io.js");
  ASSERT_EQ(r.status, 200) << "run scripts/setup.sh to install the client bundle";
  EXPECT_EQ(r.header("content-type"), "application/javascript; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "public, max-age=0");
  EXPECT_EQ(r.header("etag").front(), '"');
  EXPECT_NE(r.body.find("io"), std::string::npos);
  EXPECT_GT(r.body.size(), 10000u);
}

TEST(socketio_client_bundle, answers_304_when_the_etag_matches) {
  App app;
  app.io();
  Running run(app);
  const std::string etag = run.get("/socket.io/socket.io.min.js").header("etag");
  ASSERT_FALSE(etag.empty());
  auto r = run.get("/socket.io/socket.io.min.js", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  auto weak = run.get("/socket.io/socket.io.min.js", "If-None-Match: W/" + etag + "\r\n");
  EXPECT_EQ(weak.status, 304);
}

TEST(socketio_client_bundle, serves_source_maps_as_json) {
  App app;
  app.io();
  Running run(app);
  auto r = run.get("/socket.io/socket.io.esm.min.js.map");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
}

TEST(socketio_client_bundle, serve_client_off_leaves_the_path_to_engine_io) {
  App app;
  socketio::ServerOptions options;
  options.serve_client = false;
  app.set_io_options(options);
  app.io();
  Running run(app);
  auto r = run.get("/socket.io/socket.io.js");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"code":0,"message":"Transport unknown"})");
}

TEST(socketio_client_bundle, socket_io_path_is_served_before_app_routes) {
  App app;
  app.get("/*all", [](Request&, Response& res) { res.send("catch-all"); });
  app.io();
  Running run(app);
  EXPECT_EQ(run.get("/socket.io/socket.io.js").status, 200);
  EXPECT_EQ(run.get("/other").body, "catch-all");
}

}  // namespace
}  // namespace corio
