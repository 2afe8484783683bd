#include <corio/view/detail/evaluator.hpp>

#include <corio/view/engine.hpp>

#include <gtest/gtest.h>

namespace corio::view {
namespace {

std::string render(std::string_view tpl, const json& locals = json::object(), EngineOptions o = {}) {
  return Engine(std::move(o)).render_string(tpl, locals);
}

TEST(view_evaluator, locals_are_in_scope_by_name) { EXPECT_EQ(render("<%= a %>", {{"a", 5}}), "5"); }

TEST(view_evaluator, missing_member_of_locals_is_undefined) {
  EXPECT_EQ(render("<%= typeof locals.x %>"), "undefined");
}

TEST(view_evaluator, undeclared_name_is_not_defined) {
  try {
    render("<%= nope %>");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "nope is not defined");
  }
}

TEST(view_evaluator, declared_variables_shadow_locals) {
  EXPECT_EQ(render("<% let a = 2 %><%= a %>", {{"a", 1}}), "2");
}

TEST(view_evaluator, closures_capture_their_scope) {
  EXPECT_EQ(render("<% const add = n => x => x + n; const inc = add(1) %><%= inc(41) %>"), "42");
}

TEST(view_evaluator, string_plus_number_concatenates) { EXPECT_EQ(render("<%= '1' + 2 %>"), "12"); }

TEST(view_evaluator, const_reassignment_fails) {
  EXPECT_THROW(render("<% const a = 1; a = 2 %>"), TemplateError);
}

TEST(view_evaluator, reading_member_of_undefined_fails_like_javascript) {
  try {
    render("<%= u.x %>", {{"u", nullptr}});
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "Cannot read properties of null (reading 'x')");
  }
}

TEST(view_evaluator, loop_limit_stops_an_infinite_loop) {
  EngineOptions o;
  o.max_loop_iterations = 1000;
  EXPECT_THROW(render("<% while (true) {} %>", json::object(), o), TemplateError);
}

TEST(view_evaluator, output_limit_stops_runaway_output) {
  EngineOptions o;
  o.max_output_bytes = 1000;
  EXPECT_THROW(render("<% for (let i = 0; i < 1e6; i++) { %>xxxxxxxx<% } %>", json::object(), o),
               TemplateError);
}

TEST(view_evaluator, doubling_a_string_hits_the_size_limit) {
  EngineOptions o;
  o.max_output_bytes = 1 << 16;
  EXPECT_THROW(render("<% let s = 'x'; for (let i = 0; i < 40; i++) s += s %>", json::object(), o),
               TemplateError);
}

TEST(view_evaluator, unbounded_recursion_is_an_error) {
  EXPECT_THROW(render("<% function f(n) { return f(n + 1) } f(0) %>"), TemplateError);
}

TEST(view_evaluator, template_locals_are_read_only) {
  EXPECT_THROW(render("<% list.push(1) %>", {{"list", json::array()}}), TemplateError);
}

TEST(view_evaluator, pad_with_a_fill_of_stray_continuation_bytes_pads_nothing) {
  EXPECT_EQ(render("<%- 'x'.padStart(3, '\x80') %>|<%- 'x'.padEnd(3, 'ab') %>"), "x|xab");
}

TEST(view_evaluator, huge_string_index_is_undefined) {
  EXPECT_EQ(render("<%= 'abc'[1e30] %>|<%= 'abc'[2] %>"), "|c");
}

TEST(view_evaluator, map_and_join_build_markup) {
  EXPECT_EQ(render("<%- xs.map(x => `<i>${x}</i>`).join('') %>", {{"xs", {1, 2}}}), "<i>1</i><i>2</i>");
}

}  // namespace
}  // namespace corio::view
