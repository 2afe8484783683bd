// res.render through App::set_views: EJS templates, locals merging, errors by environment.
#include <corio/app/app.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/test_app.hpp"

namespace corio {
namespace {

namespace fs = std::filesystem;
using test::Running;

class AppRender : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("corio_render_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "partials");
    write("partials/header.ejs", "<title><%= title %></title>\n");
    write("page.ejs", "<%- include('partials/header') %><p><%= who %> from <%= site %></p>");
    write("broken.ejs", "line one\n<% if (x { %>\n");
    write("throws.ejs", "a\nb <%= missing.deep %>\n");
  }
  void TearDown() override {
    fs::remove_all(dir_);
    ::unsetenv("CORIO_ENV");
  }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  fs::path dir_;
};

TEST_F(AppRender, renders_with_app_res_and_call_locals_merged) {
  App app;
  app.set_views(dir_.string());
  app.locals["site"] = "corio";
  app.locals["title"] = "app title";
  app.get("/", [](Request&, Response& res) -> Task<> {
    res.locals["title"] = "res title";
    json locals = {{"who", "<alice>"}};  // (g++ 12: no braced lists inside co_await)
    co_await res.render("page", locals);
  });
  Running run(app);
  auto r = run.get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.body, "<title>res title</title>\n<p>&lt;alice&gt; from corio</p>");
}

TEST_F(AppRender, renders_with_locals_in_layers_without_merging_them) {
  App app;
  app.set_views(dir_.string());
  app.locals["site"] = "corio";
  const json shared = {{"who", "shared"}, {"title", "shared title"}};
  app.get("/", [&shared](Request& req, Response& res) -> Task<> {
    res.locals["title"] = "res title";
    const json mine = {{"who", req.query().value("who", "me")}};
    const json* layers[] = {&shared, &mine};
    const std::span<const json* const> all(layers);  // (g++ 12: no temporaries in co_await)
    co_await res.render("page", all);
  });
  Running run(app);
  // A call layer shadows res.locals, which shadows app.locals.
  EXPECT_EQ(run.get("/?who=bob").body, "<title>shared title</title>\n<p>bob from corio</p>");
  EXPECT_EQ(shared, (json{{"who", "shared"}, {"title", "shared title"}}));
}

TEST_F(AppRender, template_error_names_file_and_line_in_development) {
  ::setenv("CORIO_ENV", "development", 1);
  App app;
  app.set_views(dir_.string());
  app.get("/", [](Request&, Response& res) -> Task<> { co_await res.render("throws"); });
  Running run(app);
  auto r = run.get("/");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("throws.ejs:2"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("missing is not defined"), std::string::npos) << r.body;
}

TEST_F(AppRender, template_error_is_a_bare_500_in_production) {
  ::setenv("CORIO_ENV", "production", 1);
  App app;
  app.set_views(dir_.string());
  app.get("/", [](Request&, Response& res) -> Task<> { co_await res.render("broken"); });
  Running run(app);
  auto r = run.get("/");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("broken.ejs"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Internal Server Error"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace corio
