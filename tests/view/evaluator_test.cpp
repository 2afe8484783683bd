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

TEST(view_evaluator, conditional_output_of_literals_escapes_like_any_string) {
  const json locals = {{"me", "b"}, {"ms", {{{"u", "a"}}, {{"u", "b"}}}}};
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.u === me ? '<mine>' : \"it's\" %>|<% } %>", locals),
            "it&#39;s|&lt;mine&gt;|");
  EXPECT_EQ(render("<% for (const m of ms) { %><%- m.u !== me ? '<a>' : '' %>|<% } %>", locals),
            "<a>||");
  // A branch that is not a literal prints its value as before.
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.u === me ? m.u + '&' : 1 %>|<% } %>", locals),
            "1|b&amp;|");
}

TEST(view_evaluator, comparing_a_member_with_a_string_literal_matches_only_equal_strings) {
  const json locals = {{"ms", {{{"t", "room"}}, {{"t", "roo"}}, {{"t", 1}}, {{"t", nullptr}}, json::object()}}};
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.t === 'room' ? 'y' : 'n' %><% } %>", locals),
            "ynnnn");
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.t !== 'room' ? 'y' : 'n' %><% } %>", locals),
            "nyyyy");
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.t === '1' %>,<% } %>", locals),
            "false,false,false,false,false,");
}

TEST(view_evaluator, a_loop_body_that_declares_in_the_loop_scope_gets_a_fresh_item_each_step) {
  EXPECT_EQ(render("<% for (const x of [1, 2, 3]) if (x > 1) var y = x; else { let z = x } %><%= y %>"),
            "3");
  EXPECT_EQ(render("<% const fs = []; for (const x of [1, 2]) { fs.push(() => x) } %><%= fs[0]() %><%= fs[1]() %>"),
            "12");
}

TEST(view_evaluator, comparing_a_member_with_an_unknown_name_is_not_defined) {
  try {
    render("<%= o.k === nope ? 'y' : 'n' %>", {{"o", {{"k", 1}}}});
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "nope is not defined");
  }
  EXPECT_EQ(render("<%= o.k === undefined ? 'y' : 'n' %><%= o.z === undefined ? 'y' : 'n' %>",
                   {{"o", {{"k", 1}}}}),
            "ny");
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

TEST(view_evaluator, one_member_read_sees_objects_of_different_shapes) {
  json xs = json::array();
  xs.push_back({{"a", 1}, {"b", 2}});
  xs.push_back({{"b", 3}});
  xs.push_back({{"c", 4}});
  xs.push_back({{"b", 5}, {"a", 6}});
  EXPECT_EQ(render("<% for (const o of xs) { %><%= o.b %>,<% } %>", {{"xs", xs}}), "2,3,,5,");
}

TEST(view_evaluator, one_member_read_sees_template_objects_of_different_shapes) {
  EXPECT_EQ(render("<% for (const o of [{a: 1, b: 2}, {b: 3}, {}]) { %><%= o.b %>,<% } %>"),
            "2,3,,");
}

TEST(view_evaluator, a_later_let_in_an_inner_block_shadows_only_there) {
  EXPECT_EQ(render("<% let x = 1; { let x = 2 %><%= x %><% } %><%= x %>"), "21");
}

TEST(view_evaluator, a_name_declared_in_a_loop_body_shadows_a_local_each_iteration) {
  EXPECT_EQ(render("<% for (const i of [1, 2]) { let a = i * 10 %><%= a %>,<% } %><%= a %>",
                   {{"a", 5}}),
            "10,20,5");
}

TEST(view_evaluator, closures_capture_each_loop_variable) {
  EXPECT_EQ(render("<% const fs = []; for (const i of [1, 2, 3]) { fs.push(() => i) } %>"
                   "<%= fs.map(f => f()).join() %>"),
            "1,2,3");
}

TEST(view_evaluator, a_free_name_is_not_defined_after_a_typeof_read_of_it) {
  try {
    render("<%= typeof u %>|<%= u %>");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "u is not defined");
  }
}

TEST(view_evaluator, numbers_and_booleans_print_escaped_as_their_text) {
  EXPECT_EQ(render("<%= n %>|<%= -0.5 %>|<%= 1e21 %>|<%= t %>", {{"n", 42}, {"t", true}}),
            "42|-0.5|1e+21|true");
}

TEST(view_evaluator, a_member_read_follows_a_variable_assigned_a_new_object) {
  EXPECT_EQ(render("<% let o = {a: 1} %><%= o.a %><% o = {a: 2} %><%= o.a %>"), "12");
}

TEST(view_evaluator, an_index_expression_may_reassign_its_base) {
  EXPECT_EQ(render("<% let o = {a: 1}; const k = () => { o = {a: 2}; return 'a' } %>"
                   "<%= o[k()] %><%= o.a %>"),
            "12");
}

json compare_locals() {
  return {{"m", {{"s", "a"}, {"n", 1}, {"o", json::object()}, {"z", nullptr}}},
          {"a", {{"n", 1}}},
          {"b", {{"n", 2}}}};
}

TEST(view_evaluator, strict_comparison_of_a_json_member_follows_javascript) {
  EXPECT_EQ(render("<%= m.s === 'a' %><%= m.s !== 'a' %><%= m.n === 1 %><%= m.n === '1' %>"
                   "<%= m.x === undefined %><%= m.x === null %><%= m.z === null %>"
                   "<%= m.o === m.o %><%= m.s === m.s %>",
                   compare_locals()),
            "truefalsetruefalsetruefalsetruetruetrue");
}

TEST(view_evaluator, strict_comparison_reads_the_member_before_the_right_side_runs) {
  EXPECT_EQ(render("<% let o = a; const f = () => { o = b; return 2 } %><%= o.n === f() %>"
                   "<%= o.n === 2 %>",
                   compare_locals()),
            "falsetrue");
}

TEST(view_evaluator, conditions_on_names_negations_and_member_comparisons_follow_truthiness) {
  EXPECT_EQ(render("<% if (!m.z) { %>a<% } %><%= m.s ? 1 : 2 %><% const e = '' %><%= e ? 1 : 2 %>"
                   "<% if (m.s !== 'a') { %>b<% } else { %>c<% } %><%= !!m.n %>"
                   "<% let i = 0; while (i !== 2) { i++ } %><%= i %>",
                   compare_locals()),
            "a12ctrue2");
}

TEST(view_evaluator, json_numbers_print_as_javascript_holds_them) {
  // Checked against npm ejs: integers beyond 2^53 print their nearest double.
  const json o = {{"a", -42}, {"b", 9007199254740993}, {"c", 18446744073709551615u},
                  {"d", nullptr}, {"e", true}, {"f", -9007199254740992}, {"g", 0}};
  EXPECT_EQ(render("<%= o.a %>|<%= o.b %>|<%= o.c %>|<%= o.d %>|<%= o.e %>|<%= o.f %>|<%= o.g %>",
                   {{"o", o}}),
            "-42|9007199254740992|18446744073709552000||true|-9007199254740992|0");
}

TEST(view_evaluator, a_local_first_read_through_a_member_is_the_same_value_later) {
  EXPECT_EQ(render("<% const own = m.s === 'a' %><%= own %><%= m.s %><%= locals.m.s %><%= m.n %>",
                   {{"m", {{"s", "a"}, {"n", 1.5}}}}),
            "trueaa1.5");
}

TEST(view_evaluator, a_loop_over_a_json_array_skips_at_continue_and_stops_at_break) {
  EXPECT_EQ(render("<% for (const x of xs) { if (x === 2) continue; if (x === 4) break; %><%= x %>"
                   "<% } %>",
                   {{"xs", {1, 2, 3, 4, 5}}}),
            "13");
}

TEST(view_evaluator, break_ends_every_kind_of_loop_wherever_the_tag_ends) {
  // Checked against npm ejs.
  EXPECT_EQ(render("<% for (let i = 1; i < 6; i++) { if (i === 4) break; %><%= i %><% } %>|"
                   "<% for (const x of xs) { %><%= x %><% if (x === 3) break; } %>|"
                   "<% let j = 0; while (true) { j++; if (j > 2) break } %><%= j %>",
                   {{"xs", {1, 2, 3, 4, 5}}}),
            "123|123|3");
}


// Output shapes printed without a Value (see detail::OutputShape): each must print what the
// general path prints, and fall back to it where the shape's value is not a JSON object.
TEST(view_evaluator, a_member_output_of_a_json_object_prints_like_any_value) {
  const json locals = {{"m", {{"s", "<a&b>"}, {"i", 12}, {"d", -2.5}, {"t", true}, {"z", nullptr},
                              {"o", {{"a", 1}}}, {"l", {1, 2}}, {"big", 9007199254740993ULL}}}};
  EXPECT_EQ(render("<%= m.s %>|<%- m.s %>|<%= m.i %>|<%= m.d %>|<%= m.t %>|<%= m.z %>|<%= m.o %>|"
                   "<%= m.l %>|<%= m.missing %>|<%= m.big %>", locals),
            "&lt;a&amp;b&gt;|<a&b>|12|-2.5|true||[object Object]|1,2||9007199254740992");
}

TEST(view_evaluator, a_member_output_of_other_values_takes_the_general_path) {
  EXPECT_EQ(render("<% const o = {k: '<k>'}; const s = 'abc' %><%= o.k %>|<%= s.length %>|<%= o.no %>"),
            "&lt;k&gt;|3|");
  EXPECT_EQ(render("<%= a.length %>|<%= n.x %>", {{"a", {1, 2, 3}}, {"n", 5}}), "3|");
  try {
    render("<%= u.k %>", {{"u", nullptr}});
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "Cannot read properties of null (reading 'k')");
  }
  try {
    render("<%= nope.k %>");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "nope is not defined");
  }
}

TEST(view_evaluator, a_member_output_reads_the_innermost_binding_of_its_name) {
  const json locals = {{"m", {{"u", "local"}}}, {"ms", {{{"u", "a"}}, {{"u", "b"}}}}};
  // A block's own `m` shadows the loop's; the loop's shadows the local; after the loop the local.
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.u %><% { const m = {u: 'in'} %><%= m.u %><% } %>"
                   "<%= m.u %>,<% } %><%= m.u %>", locals),
            "aina,binb,local");
  // A name declared later in the scope (no TDZ here): read as the general path reads it.
  EXPECT_EQ(render("<% { %><%= m.u %><% let m = {u: 'late'} %><%= m.u %><% } %>", locals),
            render("<% { %><%= m.u + '' %><% let m = {u: 'late'} %><%= m.u + '' %><% } %>", locals));
}

TEST(view_evaluator, closures_capture_each_item_of_a_loop_over_a_json_array) {
  const json locals = {{"ms", {{{"u", "a"}}, {{"u", "b"}}, {{"u", "c"}}}}};
  EXPECT_EQ(render("<% const fs = []; for (const m of ms) { fs.push(() => m.u) %><%= m.u %><% } %>"
                   "<%= fs.map(f => f()).join('') %>", locals),
            "abcabc");
  // Every other step keeps its scope: the steps between reuse theirs.
  EXPECT_EQ(render("<% const fs = []; let i = 0; for (const m of ms) { if (i++ % 2 == 0) fs.push(() => m.u) %>"
                   "<%= m.u %><% } %><%= fs.map(f => f()).join('') %>", locals),
            "abcac");
  // A `let` item may be reassigned in the body; the next step sets it again.
  EXPECT_EQ(render("<% for (let m of ms) { m = {u: m.u + '!'} %><%= m.u %><% } %>", locals), "a!b!c!");
  // A body that is one statement, declaring in the loop's scope.
  EXPECT_EQ(render("<% for (const x of xs) if (x > 1) var y = x; else { let z = x } %><%= y %>",
                   {{"xs", {1, 2, 3}}}),
            "3");
}

TEST(view_evaluator, a_member_comparison_in_a_choice_or_an_if_follows_strict_equality) {
  const json locals = {{"me", "b"},
                       {"one", 1},
                       {"ms", {{{"u", "a"}, {"n", 1}}, {{"u", "b"}, {"n", "1"}}, {{"n", nullptr}}}}};
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.u === me ? 'y' : 'n' %><%= m.u !== me ? 'y' : 'n' %>"
                   "<%= m.n === one ? 'y' : 'n' %><%= m.u === 'a' ? '<a>' : \"'\" %>"
                   "<% if (m.u === me) { %>!<% } else if (m.n !== one) { %>?<% } %>,<% } %>", locals),
            "nyy&lt;a&gt;,ynn&#39;!,nyn&#39;?,");
  // A name compared that a block shadows.
  EXPECT_EQ(render("<% for (const m of ms) { const me = 'a' %><%= m.u === me ? 'y' : 'n' %><% } %>", locals),
            "ynn");
}

TEST(view_evaluator, output_past_the_limit_fails_at_the_statement_that_passes_it) {
  EngineOptions o;
  o.max_output_bytes = 10;
  const json locals = {{"m", {{"s", "12345"}}}};
  for (const auto& [tpl, line] : {std::pair<std::string, int>{"12345\n<%= m.s %>\n<%= m.s %>", 2},
                                  {"1234567\n<%= m.s === 'x' ? 'abc' : 'abcdef' %>", 2},
                                  {"123456789\nabc", 1}}) {
    try {
      render(tpl, locals, o);
      FAIL() << tpl;
    } catch (const TemplateError& e) {
      EXPECT_EQ(e.line(), line) << tpl;
      EXPECT_EQ(e.message(), "Output limit of 10 bytes exceeded") << tpl;
    }
  }
}


TEST(view_evaluator, text_and_literal_choices_of_every_short_length_print_whole) {
  // Text is copied in fixed 32-byte steps from its padded capacity: lengths around that size.
  std::string tpl, expected;
  for (std::size_t n = 1; n <= 40; ++n) {
    const std::string text(n, static_cast<char>('a' + n % 26));
    tpl += text + "<%= c ? '" + text + "' : '' %><%- c ? '' : 'x' %>";
    expected += text + text;
  }
  EXPECT_EQ(render(tpl, {{"c", true}}), expected);
}


TEST(view_evaluator, a_loop_over_a_json_array_of_mixed_items_sees_each_as_it_is) {
  // The item slot is overwritten in place: after an owned string, a number, an object...
  const json locals = {{"xs", {{{"a", 1}}, "s", 2, {1, 2}, nullptr, {{"a", 2}}}}};
  EXPECT_EQ(render("<% for (let x of xs) { %><%= x %>|<% x = x + '!' %><%= x %>,<% } %>", locals),
            "[object Object]|[object Object]!,s|s!,2|2!,1,2|1,2!,|null!,[object Object]|[object Object]!,");
  EXPECT_EQ(render("<% for (const x of xs) { %><%= typeof x %><%= x?.a %>,<% } %>", locals),
            "object1,string,number,object,object,object2,");
}

}  // namespace
}  // namespace corio::view

namespace corio::view {
namespace {

// A for-of body of text, `<%= m.key %>` and `<%= m.key === x ? 'a' : 'b' %>` runs each item
// without binding it (Node::item_body): every case below must print what the general path does.
TEST(view_evaluator, an_item_body_prints_members_of_every_type_like_the_general_path) {
  const json locals = {{"ms", {{{"s", "<b>&'\""}, {"n", 42}, {"f", 1.5}, {"z", nullptr}, {"b", true},
                                {"o", {{"k", 1}}}, {"a", {1, "x", nullptr}}}}}};
  EXPECT_EQ(render("<% for (const m of ms) { %>[<%= m.s %>|<%- m.s %>|<%= m.n %>|<%= m.f %>|<%= m.z %>|"
                   "<%= m.b %>|<%= m.o %>|<%= m.a %>|<%= m.missing %>]<% } %>",
                   locals),
            "[&lt;b&gt;&amp;&#39;&#34;|<b>&'\"|42|1.5||true|[object Object]|1,x,|]");
}

TEST(view_evaluator, an_item_body_compares_with_literals_and_names_bound_or_free) {
  const json locals = {{"me", "b"}, {"n", 2}, {"ms", {{{"u", "a"}}, {{"u", "b"}}, {{"u", 2}}, {{"v", 1}}}}};
  // A free name, a literal, a name declared before the loop, a number, a missing member.
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.u === me ? 'y' : 'n' %><% } %>", locals), "nynn");
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.u !== 'a' ? 'y' : 'n' %><% } %>", locals), "nyyy");
  EXPECT_EQ(render("<% const who = 'a'; for (const m of ms) { %><%= m.u === who ? 'y' : 'n' %><% } %>",
                   locals),
            "ynnn");
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.u === n ? 'y' : 'n' %><% } %>", locals), "nnyn");
  // A member of another name in the body reads that name.
  EXPECT_EQ(render("<% const o = {k: '<k>'}; for (const m of ms) { %><%= o.k %><%= o.k === me ? 1 : 0 %>"
                   "<% } %>",
                   locals),
            "&lt;k&gt;0&lt;k&gt;0&lt;k&gt;0&lt;k&gt;0");
}

TEST(view_evaluator, an_item_body_over_items_that_are_not_objects_reads_them_as_javascript_does) {
  const json locals = {{"ms", {"str", 5, {{"u", "obj"}}, true}}};
  EXPECT_EQ(render("<% for (const m of ms) { %>(<%= m.length %><%= m.u %>)<% } %>", locals),
            "(3)()(obj)()");
  try {
    render("<% for (const m of ms) { %>\n<%= m.u %><% } %>", {{"ms", {{{"u", "a"}}, nullptr}}});
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.message(), "Cannot read properties of null (reading 'u')");
  }
}

TEST(view_evaluator, an_item_body_reports_an_undefined_name_and_the_output_limit_where_they_happen) {
  const json locals = {{"ms", {{{"u", "a"}}}}};
  try {
    render("<% for (const m of ms) { %>x\n<%= m.u === nobody ? 'y' : 'n' %><% } %>", locals);
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.message(), "nobody is not defined");
  }
  EngineOptions o;
  o.max_output_bytes = 10;
  try {
    render("<% for (const m of ms) { %>1234567\n<%= m.u %>\n<%= m.u %><% } %>", locals, o);
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.line(), 3);  // 8 + 1 + 1 bytes, then the second m.u passes 10
    EXPECT_EQ(e.message(), "Output limit of 10 bytes exceeded");
  }
}

TEST(view_evaluator, a_body_that_binds_or_calls_runs_the_general_way) {
  // Not item bodies (a declaration, a statement, a name compared with the item): same output.
  const json locals = {{"ms", {{{"u", "a"}}, {{"u", "b"}}}}};
  EXPECT_EQ(render("<% for (const m of ms) { const x = m.u %><%= x %><% } %>", locals), "ab");
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.u.toUpperCase() %><% } %>", locals), "AB");
  EXPECT_EQ(render("<% for (const m of ms) { %><%= m.u === m ? 1 : 0 %><% } %>", locals), "00");
}

}  // namespace
}  // namespace corio::view
