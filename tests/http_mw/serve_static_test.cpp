// serve_static(): express.static semantics over real sockets, on files in a temporary directory.
#include <gtest/gtest.h>

#include <corio/app/app.hpp>
#include <corio/http/serve_static.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/test_app.hpp"

namespace corio {
namespace {

namespace fs = std::filesystem;
using http::serve_static;
using http::StaticOptions;
using test::Running;

/// A temporary tree: <tmp>/outside.txt beside <tmp>/root/{hello.txt, .secret, sub/index.html}.
class static_files : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "corio-static-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    base_ = pattern;
    root_ = base_ / "root";
    fs::create_directories(root_ / "sub");
    write(base_ / "outside.txt", "TOP SECRET");
    write(root_ / "hello.txt", "hello world");
    write(root_ / ".secret", "dot");
    write(root_ / "sub" / "index.html", "<p>sub index</p>");
    write(root_ / "page.html", "<p>page</p>");
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const fs::path& p, std::string_view text) {
    std::ofstream(p, std::ios::binary) << text;
  }
  /// An app with serve_static(root, options) and a fallback answering "next".
  void mount(App& app, StaticOptions options = {}) {
    app.use(serve_static(root_.string(), std::move(options)));
    app.use([](Request&, Response& res) { res.status(299).send("next"); });
  }
  static test::RawResponse raw(const Running& run, std::string_view request) {
    auto client = run.client();
    auto r = client.request(request);
    return r ? *r : test::RawResponse{};
  }
  static StaticOptions strict() {
    StaticOptions options;
    options.fallthrough = false;
    return options;
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(static_files, serves_a_file_with_type_validators_and_cache_control) {
  App app;
  mount(app);
  Running run(app);
  auto r = run.get("/hello.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello world");
  EXPECT_EQ(r.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_TRUE(r.has("etag"));
  EXPECT_TRUE(r.has("last-modified"));
  EXPECT_EQ(r.header("cache-control"), "public, max-age=0");
}

TEST_F(static_files, serves_index_html_for_a_directory_path_with_a_slash) {
  App app;
  mount(app);
  Running run(app);
  EXPECT_EQ(run.get("/sub/").body, "<p>sub index</p>");
}

TEST_F(static_files, redirects_a_directory_without_slash_with_301_keeping_the_query) {
  App app;
  mount(app);
  Running run(app);
  auto r = run.get("/sub?x=1");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.header("location"), "/sub/?x=1");
}

TEST_F(static_files, mounted_static_resolves_paths_relative_to_the_mount_point) {
  App app;
  app.use("/static", serve_static(root_.string()));
  Running run(app);
  EXPECT_EQ(run.get("/static/hello.txt").body, "hello world");
  EXPECT_EQ(run.get("/static/sub/").body, "<p>sub index</p>");
}

TEST_F(static_files, mount_point_without_slash_redirects_to_it_with_slash) {
  App app;
  app.use("/static", serve_static(root_.string()));
  Running run(app);
  auto r = run.get("/static");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.header("location"), "/static/");
}

TEST_F(static_files, matching_if_none_match_answers_304_without_body) {
  App app;
  mount(app);
  Running run(app);
  const std::string etag = run.get("/hello.txt").header("etag");
  auto r = run.get("/hello.txt", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(static_files, if_modified_since_not_older_than_the_file_answers_304) {
  App app;
  mount(app);
  Running run(app);
  const std::string modified = run.get("/hello.txt").header("last-modified");
  EXPECT_EQ(run.get("/hello.txt", "If-Modified-Since: " + modified + "\r\n").status, 304);
}

TEST_F(static_files, single_range_answers_206_with_the_slice) {
  App app;
  mount(app);
  Running run(app);
  auto r = run.get("/hello.txt", "Range: bytes=0-4\r\n");
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "hello");
  EXPECT_EQ(r.header("content-range"), "bytes 0-4/11");
}

TEST_F(static_files, unsatisfiable_range_answers_416) {
  App app;
  mount(app);
  Running run(app);
  auto r = run.get("/hello.txt", "Range: bytes=50-60\r\n");
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(r.header("content-range"), "bytes */11");
}

TEST_F(static_files, max_age_and_immutable_set_cache_control) {
  App app;
  StaticOptions options;
  options.max_age = std::chrono::hours(1);
  options.immutable = true;
  mount(app, options);
  Running run(app);
  EXPECT_EQ(run.get("/hello.txt").header("cache-control"), "public, max-age=3600, immutable");
}

TEST_F(static_files, missing_file_falls_through_to_the_next_handler) {
  App app;
  mount(app);
  Running run(app);
  auto r = run.get("/nope.txt");
  EXPECT_EQ(r.status, 299);
  EXPECT_EQ(r.body, "next");
}

TEST_F(static_files, missing_file_without_fallthrough_answers_404) {
  App app;
  mount(app, strict());
  Running run(app);
  EXPECT_EQ(run.get("/nope.txt").status, 404);
}

TEST_F(static_files, dotfiles_are_ignored_by_default) {
  App app;
  mount(app, strict());
  Running run(app);
  EXPECT_EQ(run.get("/.secret").status, 404);
}

TEST_F(static_files, dotfiles_deny_answers_403_and_allow_serves_them) {
  App deny_app;
  StaticOptions deny = strict();
  deny.dotfiles = http::Dotfiles::deny;
  mount(deny_app, deny);
  Running deny_run(deny_app);
  EXPECT_EQ(deny_run.get("/.secret").status, 403);

  App allow_app;
  StaticOptions allow;
  allow.dotfiles = http::Dotfiles::allow;
  mount(allow_app, allow);
  Running allow_run(allow_app);
  EXPECT_EQ(allow_run.get("/.secret").body, "dot");
}

TEST_F(static_files, dot_dot_segments_are_forbidden) {
  App app;
  mount(app, strict());
  Running run(app);
  auto r = raw(run, "GET /sub/../../outside.txt HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body.find("TOP SECRET"), std::string::npos);
}

TEST_F(static_files, percent_encoded_dot_dot_is_forbidden) {
  App app;
  mount(app, strict());
  Running run(app);
  auto r = run.get("/%2e%2e/outside.txt");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body.find("TOP SECRET"), std::string::npos);
}

TEST_F(static_files, encoded_slashes_around_dot_dot_are_forbidden) {
  App app;
  mount(app, strict());
  Running run(app);
  EXPECT_EQ(run.get("/sub%2f..%2f..%2foutside.txt").status, 403);
}

TEST_F(static_files, encoded_backslashes_are_forbidden) {
  App app;
  mount(app, strict());
  Running run(app);
  EXPECT_EQ(run.get("/..%5coutside.txt").status, 403);
}

TEST_F(static_files, encoded_nul_is_a_bad_request) {
  App app;
  mount(app, strict());
  Running run(app);
  EXPECT_EQ(run.get("/hello.txt%00.html").status, 400);
}

TEST_F(static_files, malformed_percent_escape_is_a_bad_request) {
  App app;
  mount(app, strict());
  Running run(app);
  EXPECT_EQ(run.get("/%zz").status, 400);
}

TEST_F(static_files, absolute_looking_path_stays_under_the_root) {
  App app;
  mount(app, strict());
  Running run(app);
  const std::string outside = (base_ / "outside.txt").string();
  auto r = run.get("/" + outside);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("TOP SECRET"), std::string::npos);
}

TEST_F(static_files, forbidden_path_falls_through_by_default) {
  App app;
  mount(app);
  Running run(app);
  EXPECT_EQ(run.get("/%2e%2e/outside.txt").body, "next");
}

TEST_F(static_files, other_methods_pass_through) {
  App app;
  mount(app);
  Running run(app);
  auto r = raw(run, "POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(r.body, "next");
}

TEST_F(static_files, other_methods_without_fallthrough_answer_405_with_allow) {
  App app;
  mount(app, strict());
  Running run(app);
  auto r = raw(run, "DELETE /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, HEAD");
}

TEST_F(static_files, head_gets_the_headers_without_the_body) {
  App app;
  mount(app);
  Running run(app);
  auto client = run.client();
  auto r = client.request("HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"), "11");
  EXPECT_TRUE(r->body.empty());
}

TEST_F(static_files, extensions_are_tried_when_the_file_is_missing) {
  App app;
  StaticOptions options;
  options.extensions = {"html"};
  mount(app, options);
  Running run(app);
  EXPECT_EQ(run.get("/page").body, "<p>page</p>");
}

}  // namespace
}  // namespace corio
