#include <corio/view/engine.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace corio::view {
namespace {
namespace fs = std::filesystem;

/// A temporary views folder.
class engine : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("corio_view_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "partials");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  EngineOptions opts() {
    EngineOptions o;
    o.views = {dir_.string()};
    return o;
  }
  fs::path dir_;
};

TEST_F(engine, renders_a_view_by_name_appending_ejs) {
  write("page.ejs", "<h1><%= title %></h1>");
  EXPECT_EQ(Engine(opts()).render_file("page", {{"title", "T"}}), "<h1>T</h1>");
}

TEST_F(engine, layers_are_looked_up_from_the_last_to_the_first) {
  write("page.ejs", "<%= a %><%= b %><%= c %>|<%= Object.keys(locals).join() %>");
  const json base = {{"a", 1}, {"b", 1}, {"c", 1}};
  const json middle = {{"b", 2}};
  const json top = {{"c", 3}};
  const json* layers[] = {&base, nullptr, &middle, &top};
  EXPECT_EQ(Engine(opts()).render_file("page", std::span<const json* const>(layers)), "123|a,b,c");
}

TEST_F(engine, a_template_assigning_a_layer_name_leaves_the_layer_unchanged) {
  write("page.ejs", "<% a = 5; locals.b = 6 %><%= a %><%= locals.b %>");
  const json base = {{"a", 1}, {"b", 2}};
  const json top = {{"c", 3}};
  const json* layers[] = {&base, &top};
  EXPECT_EQ(Engine(opts()).render_file("page", std::span<const json* const>(layers)), "56");
  EXPECT_EQ(base, (json{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(top, (json{{"c", 3}}));
}

TEST_F(engine, objects_and_arrays_a_template_links_into_cycles_are_freed_after_the_render) {
  // LeakSanitizer (the sanitizer build of the test suite) reports them if they are not.
  write("page.ejs",
        "<% const o = {n: 1}; o.self = o; const a = [o]; a.push(a); o.list = a; %>"
        "<%= o.self.self.n %><%= a[1][1].length %>");
  const Engine views(opts());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(views.render_file("page", json::object()), "12");
}

TEST_F(engine, include_passes_caller_locals_and_its_own) {
  write("page.ejs", "<%- include('partials/head', {b: 2}) %>");
  write("partials/head.ejs", "<%= a %><%= b %>");
  EXPECT_EQ(Engine(opts()).render_file("page", {{"a", 1}, {"b", 0}}), "12");
}

TEST_F(engine, include_assigning_a_passed_local_does_not_leak_into_the_caller) {
  write("page.ejs", "<%- include('partials/set', {a: 2}) %>|<%= a %>");
  write("partials/set.ejs", "<% a = 3 %><%= a %><%= locals.a %>");
  EXPECT_EQ(Engine(opts()).render_file("page", {{"a", 1}}), "33|1");
}

TEST_F(engine, nested_include_sees_every_layer_of_locals_in_order) {
  write("page.ejs", "<%- include('partials/p1', {b: 2}) %>");
  write("partials/p1.ejs", "<%- include('p2', {c: 3}) %>");
  write("partials/p2.ejs", "<%= a %><%= b %><%= c %>|<%= Object.keys(locals).join() %>");
  EXPECT_EQ(Engine(opts()).render_file("page", {{"a", 1}, {"b", 1}}), "123|a,b,c");
}

TEST_F(engine, variables_named_by_another_template_are_found_by_their_text) {
  // Scope variables carry their program's name pointer: a closure of the includer assigning an
  // undeclared name while the include runs puts it in the include's top scope (a known oddity),
  // where the include's own identifier of that name must still find it.
  write("page.ejs",
        "<% const m = {u: 'a'}; const set = () => { zz = m.u + '!' } %><%- include('partials/p', {set: set}) %>");
  write("partials/p.ejs", "<% set() %><%= zz %><% if (false) zz = 0 %>|<% const m = {u: 'b'} %><%= m.u %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "a!|b");
  // A closure of the includer reads its own scope's `m`, not the include's.
  write("page.ejs", "<% const m = {u: 'a'}; const get = () => m.u %><%- include('partials/q', {get: get}) %>");
  write("partials/q.ejs", "<% const m = {u: 'b'} %><%= get() %><%= m.u %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "ab");
}

TEST_F(engine, include_with_a_literal_passes_up_to_eight_values_and_stops_at_a_failing_one) {
  write("page.ejs",
        "<%- include('partials/p', {a: 'x' + 1, b: [2], c: {d: 3}, e: 4, f: 5, g: 6, h: 7, i: 8}) %>");
  write("partials/p.ejs", "<%= a %><%= b[0] %><%= c.d %><%= e %><%= f %><%= g %><%= h %><%= i %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "x12345678");
  // The values made before the failing one are released (checked under the sanitizers).
  write("page.ejs", "<%- include('partials/p', {a: 'x' + 1, b: [2], c: nope}) %>");
  try {
    Engine(opts()).render_file("page", json::object());
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "nope is not defined");
  }
}

TEST_F(engine, include_sees_a_snapshot_of_a_passed_object_variable) {
  write("page.ejs",
        "<% const o = {a: 1}; o.set = () => { o.a = 2 } %><%- include('partials/p', o) %>|<%= o.a %>");
  write("partials/p.ejs", "<% set() %><%= a %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "1|2");
}

TEST_F(engine, include_result_can_be_used_as_a_value) {
  write("page.ejs", "<% const s = include('partials/p', {b: '<'}) %>[<%= s %>]");
  write("partials/p.ejs", "<%= b %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "[&amp;lt;]");
}

TEST_F(engine, a_template_function_named_include_shadows_the_builtin) {
  write("page.ejs", "<% const include = () => 'mine' %><%- include('partials/p') %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "mine");
}

TEST_F(engine, development_mode_recompiles_a_changed_include) {
  write("page.ejs", "<%- include('partials/p') %>");
  write("partials/p.ejs", "one");
  EngineOptions o = opts();
  o.development = true;
  Engine e(o);
  EXPECT_EQ(e.render_file("page", json::object()), "one");
  write("partials/p.ejs", "two");
  fs::last_write_time(dir_ / "partials/p.ejs",
                      fs::file_time_type::clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(e.render_file("page", json::object()), "two");
}

TEST_F(engine, include_in_a_loop_renders_each_item_with_its_locals) {
  write("page.ejs", "<% for (const x of xs) { %><%- include('partials/p', {x}) %><% } %>");
  write("partials/p.ejs", "<%= x %>;");
  EXPECT_EQ(Engine(opts()).render_file("page", {{"xs", {1, "b", 3}}}), "1;b;3;");
}

TEST_F(engine, include_falls_back_to_the_views_folder) {
  write("partials/a.ejs", "<%- include('partials/b') %>");
  write("partials/b.ejs", "B");
  EXPECT_EQ(Engine(opts()).render_file("partials/a", json::object()), "B");
}

TEST_F(engine, missing_include_names_the_file) {
  write("page.ejs", "x\n<%- include('nope') %>");
  try {
    Engine(opts()).render_file("page", json::object());
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "Could not find the include file \"nope\"");
    EXPECT_EQ(e.line(), 2);
  }
}

TEST_F(engine, recursive_include_stops_at_the_depth_limit) {
  write("loop.ejs", "<%- include('loop') %>");
  try {
    Engine(opts()).render_file("loop", json::object());
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_NE(e.message().find("Maximum include depth"), std::string::npos);
  }
}

TEST_F(engine, syntax_error_reports_line_and_column_at_compile_time) {
  write("bad.ejs", "line1\nline2 <% if (x { %>\n");
  try {
    Engine(opts()).render_file("bad", json::object());
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.column(), 16);
    EXPECT_NE(std::string(e.what()).find(" >> 2| line2"), std::string::npos);
  }
}

TEST_F(engine, runtime_error_points_at_the_failing_expression) {
  write("err.ejs", "a\nb\n  <%= user.name %>\n");
  try {
    Engine(opts()).render_file("err", json::object());
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 7);
    EXPECT_EQ(std::string(e.what()).rfind((dir_ / "err.ejs").string() + ":3:7\n", 0), 0u);
  }
}

TEST_F(engine, cache_keeps_the_first_compiled_version) {
  write("v.ejs", "one");
  Engine e(opts());
  EXPECT_EQ(e.render_file("v", json::object()), "one");
  write("v.ejs", "two");
  EXPECT_EQ(e.render_file("v", json::object()), "one");
}

TEST_F(engine, templates_remembered_by_name_follow_clear_cache_views_and_development_mode) {
  write("v.ejs", "one<%- include('p') %>");
  write("p.ejs", "1");
  Engine e(opts());
  EXPECT_EQ(e.render_file("v", json::object()), "one1");
  write("v.ejs", "two<%- include('p') %>");
  write("p.ejs", "2");
  EXPECT_EQ(e.render_file("v", json::object()), "one1");
  e.clear_cache();
  EXPECT_EQ(e.render_file("v", json::object()), "two2");
  // Development mode reloads what changed; once it is off again, the reloaded versions stay.
  e.set_development(true);
  write("v.ejs", "three<%- include('p') %>");
  write("p.ejs", "3");
  for (const char* f : {"v.ejs", "p.ejs"}) {
    fs::last_write_time(dir_ / f, fs::file_time_type::clock::now() + std::chrono::seconds(5));
  }
  EXPECT_EQ(e.render_file("v", json::object()), "three3");
  e.set_development(false);
  EXPECT_EQ(e.render_file("v", json::object()), "three3");
  // Other views folders: the name resolves again.
  fs::create_directories(dir_ / "other");
  write("other/v.ejs", "other");
  e.set_views({(dir_ / "other").string()});
  EXPECT_EQ(e.render_file("v", json::object()), "other");
}

TEST_F(engine, development_mode_recompiles_a_changed_file) {
  write("v.ejs", "one");
  EngineOptions o = opts();
  o.development = true;
  Engine e(o);
  EXPECT_EQ(e.render_file("v", json::object()), "one");
  write("v.ejs", "two");
  fs::last_write_time(dir_ / "v.ejs", fs::file_time_type::clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(e.render_file("v", json::object()), "two");
}

TEST_F(engine, leading_bom_is_stripped) {
  write("bom.ejs", "\xEF\xBB\xBFhi");
  EXPECT_EQ(Engine(opts()).render_file("bom", json::object()), "hi");
}

TEST_F(engine, custom_delimiters_are_honoured) {
  EngineOptions o;
  o.delimiter = "?";
  o.open_delimiter = "[";
  o.close_delimiter = "]";
  EXPECT_EQ(Engine(o).render_string("[?= 1 + 1 ?] <%= x %>", json::object()), "2 <%= x %>");
}

TEST_F(engine, rm_whitespace_trims_every_line) {
  EngineOptions o;
  o.rm_whitespace = true;
  EXPECT_EQ(Engine(o).render_string("  a\n\n  <%= 1 %>  \n", json::object()), "a\n1");
}

TEST_F(engine, renders_concurrently_from_several_threads) {
  write("t.ejs", "<% for (const x of xs) { %><%= x %><% } %>");
  Engine e(opts());
  json locals = {{"xs", {1, 2, 3}}};
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 200; ++k) ok += e.render_file("t", locals) == "123";
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 800);
}

TEST_F(engine, include_passed_object_shadows_a_caller_local_on_every_read) {
  write("page.ejs", "<%- include('partials/p', {a: 2}) %>|<%= a %><%= a %>");
  write("partials/p.ejs", "<%= a %><%= a %>");
  EXPECT_EQ(Engine(opts()).render_file("page", {{"a", 1}}), "22|11");
}

TEST_F(engine, include_reads_a_local_again_after_changing_it_through_locals) {
  write("page.ejs", "<%- include('partials/p', {a: 1}) %>");
  write("partials/p.ejs", "<%= a %><% locals.a = 2 %><%= a %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "12");
}

TEST_F(engine, includes_of_one_partial_each_see_their_own_locals) {
  write("page.ejs", "<% for (const m of ms) { %><%- include('partials/m', {m, n: m.x}) %><% } %>");
  write("partials/m.ejs", "<%= m.x %><%= n %><%= typeof y %>,");
  EXPECT_EQ(Engine(opts()).render_file("page", {{"ms", {{{"x", 1}}, {{"y", 0}, {"x", 2}}}}}),
            "11undefined,22undefined,");
}

TEST_F(engine, each_include_starts_with_no_variables_of_the_previous_one) {
  write("page.ejs", "<%- include('partials/p') %>,<%- include('partials/p') %>");
  write("partials/p.ejs", "<%= typeof x %><% var x = 1; const f = () => x %><%= f() %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "undefined1,undefined1");
}

TEST_F(engine, include_sees_a_copy_of_locals_its_includer_changes_later) {
  write("page.ejs", "<%- include('partials/p1', {x: 1}) %>");
  write("partials/p1.ejs",
        "<% const l = locals; const bump = () => { l.x = 2 } %><%- include('p2', {bump}) %><%= x %>");
  write("partials/p2.ejs", "<%= x %><% bump() %><%= x %>|");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "11|2");
}

TEST_F(engine, include_literal_with_a_repeated_name_passes_the_last_value) {
  write("page.ejs", "<%- include('partials/p', {a: 1, a: 2}) %>");
  write("partials/p.ejs", "<%= a %><%= typeof b %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "2undefined");
}

TEST_F(engine, include_literal_with_many_names_passes_them_all) {
  write("page.ejs",
        "<%- include('partials/n', {k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9}) %>");
  write("partials/n.ejs", "<%= k1 %><%= k9 %>|<%= Object.keys(locals).length %>");
  EXPECT_EQ(Engine(opts()).render_file("page", {{"z", 0}}), "19|10");
}

TEST_F(engine, include_literal_values_are_evaluated_once_in_order) {
  write("page.ejs", "<% let i = 0 %><%- include('partials/o', {a: ++i, b: ++i}) %><%= i %>");
  write("partials/o.ejs", "<%= a %><%= b %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "122");
}

TEST_F(engine, include_literal_with_a_spread_passes_the_spread_names) {
  write("page.ejs", "<%- include('partials/o', {b: 2, ...{a: 1}}) %>");
  write("partials/o.ejs", "<%= a %><%= b %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "12");
}

TEST_F(engine, include_literal_with_quoted_names_passes_them) {
  write("page.ejs", "<%- include('partials/o', {'a': 'q', \"b\": '<'}) %>");
  write("partials/o.ejs", "<%= a %><%= b %>");
  EXPECT_EQ(Engine(opts()).render_file("page", json::object()), "q&lt;");
}

}  // namespace
}  // namespace corio::view
