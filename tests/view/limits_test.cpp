#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <corio/view/engine.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace corio::view {
namespace {

std::string repeat(std::string_view s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out.append(s);
  return out;
}

/// A template with `setup` on line 1 and `<%= expression %>` on line 2.
std::string on_line_two(std::string_view setup, const std::string& expression) {
  return std::string(setup) + "\n<%= " + expression + " %>";
}

// One shape of chain, n links long; each renders `value` (after the line break) when short.
struct Chain {
  const char* setup;
  std::string (*make)(int n);
  const char* value;
};

const Chain kAddition{"", [](int n) { return "1" + repeat("+1", n); }, "191"};
const Chain kConditional{"", [](int n) { return repeat("0?0:", n) + "7"; }, "7"};
const Chain kThenBranch{"", [](int n) { return repeat("1?", n) + "7" + repeat(":0", n); }, "7"};
const Chain kAssignment{"<% let a %>", [](int n) { return repeat("a=", n) + "7"; }, "7"};
const Chain kMember{"<% const a = {}; a.b = a %>",
                    [](int n) { return "a" + repeat(".b", n) + " === a"; }, "true"};
const Chain kCall{"<% const f = () => f %>", [](int n) { return "f" + repeat("()", n) + " === f"; },
                  "true"};
const Chain kIndex{"", [](int n) { return "'x'" + repeat("[0]", n); }, "x"};
const Chain kNot{"", [](int n) { return repeat("!", n) + "0"; }, "false"};
const Chain kArrow{"", [](int n) { return "typeof (" + repeat("x=>", n) + "7)"; }, "function"};

const Chain* const kChains[] = {&kAddition, &kConditional, &kThenBranch, &kAssignment, &kMember,
                                &kCall,     &kIndex,       &kNot,        &kArrow};

std::string render(const std::string& tpl) {
  static const Engine engine;
  return engine.render_string(tpl, json::object());
}

/// Expects `tpl` rejected at compile time as nesting too deeply, at 1-based line:column.
void expect_too_deep(const std::string& tpl, int line, int column) {
  try {
    render(tpl);
    ADD_FAILURE() << "rendered";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "Template nests too deeply");
    EXPECT_EQ(e.line(), line);
    EXPECT_EQ(e.column(), column);
  }
}

TEST(view_limits, rejects_a_chain_of_50000_additions) {
  expect_too_deep(on_line_two(kAddition.setup, kAddition.make(50000)), 2, 397);
}

TEST(view_limits, rejects_a_chain_of_50000_conditionals) {
  expect_too_deep(on_line_two(kConditional.setup, kConditional.make(50000)), 2, 791);
}

TEST(view_limits, rejects_50000_conditionals_nested_in_their_then_branches) {
  expect_too_deep(on_line_two(kThenBranch.setup, kThenBranch.make(50000)), 2, 399);
}

TEST(view_limits, rejects_a_chain_of_50000_assignments) {
  expect_too_deep(on_line_two(kAssignment.setup, kAssignment.make(50000)), 2, 399);
}

TEST(view_limits, rejects_a_chain_of_50000_member_reads) {
  expect_too_deep(on_line_two(kMember.setup, kMember.make(50000)), 2, 400);
}

TEST(view_limits, rejects_a_chain_of_50000_calls) {
  expect_too_deep(on_line_two(kCall.setup, kCall.make(50000)), 2, 400);
}

TEST(view_limits, rejects_a_chain_of_50000_indexes) {
  expect_too_deep(on_line_two(kIndex.setup, kIndex.make(50000)), 2, 591);
}

TEST(view_limits, rejects_50000_negations) {
  expect_too_deep(on_line_two(kNot.setup, kNot.make(50000)), 2, 203);
}

TEST(view_limits, rejects_50000_nested_arrow_functions) {
  expect_too_deep(on_line_two(kArrow.setup, kArrow.make(50000)), 2, 601);
}

TEST(view_limits, renders_each_chain_just_under_the_limit) {
  for (const Chain* c : kChains) {
    EXPECT_EQ(render(on_line_two(c->setup, c->make(190))), std::string("\n") + c->value)
        << c->make(3);
  }
}

// `1+(1+(…)+1+…+1)+1+…+1`: each level's chain is short enough for the parser's count, but
// pushes the level inside it as deep again: 20 levels of 60 links nest 1,200 deep.
std::string pushed_down(int levels, int links) {
  if (levels == 0) return "1";
  return "1+(" + pushed_down(levels - 1, links) + ")" + repeat("+1", links);
}

TEST(view_limits, rejects_an_operand_the_links_after_it_push_past_the_limit) {
  try {
    render(on_line_two("", pushed_down(20, 60)));
    FAIL() << "rendered";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message(), "Template nests too deeply");
    EXPECT_EQ(e.line(), 2);
  }
}

// Templates at the limit of every shape: the deepest recursion a render may need.
std::vector<std::string> templates_at_the_limit() {
  std::vector<std::string> out;
  for (const Chain* c : kChains) out.push_back(on_line_two(c->setup, c->make(190)));
  out.push_back("<%= " + repeat("(", 65) + "1" + repeat(")", 65) + " %>");
  out.push_back(repeat("<% if (1) { %>", 95) + "<%= 1+1 %>" + repeat("<% } %>", 95));
  out.push_back(on_line_two("", pushed_down(20, 60)));
  return out;
}

/// Runs `body` on a thread whose stack is `bytes` large.
void run_with_stack(std::size_t bytes, const std::function<void()>& body) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, bytes), 0);
  auto start = [](void* f) -> void* {
    (*static_cast<const std::function<void()>*>(f))();
    return nullptr;
  };
  pthread_t thread;
  const int created =
      pthread_create(&thread, &attr, start, const_cast<std::function<void()>*>(&body));
  pthread_attr_destroy(&attr);
  ASSERT_EQ(created, 0);
  pthread_join(thread, nullptr);
}

#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kSmallStack = 1024 * 1024;  // ASan frames: 190 calls of f()() overflow 384 KiB
#else
constexpr std::size_t kSmallStack = 256 * 1024;
#endif

TEST(view_limits, templates_at_the_limit_render_on_a_small_stack) {
  const std::vector<std::string> templates = templates_at_the_limit();
  std::vector<std::string> results;
  run_with_stack(kSmallStack, [&] {
    for (const std::string& tpl : templates) {
      try {
        results.push_back(render(tpl));
      } catch (const TemplateError& e) {
        results.push_back(e.message());
      }
    }
  });
  ASSERT_EQ(results.size(), templates.size());
  for (std::size_t i = 0; i < std::size(kChains); ++i) {
    EXPECT_EQ(results[i], std::string("\n") + kChains[i]->value);
  }
  EXPECT_EQ(results[std::size(kChains)], "1");
  EXPECT_EQ(results[std::size(kChains) + 1], "2");
  EXPECT_EQ(results[std::size(kChains) + 2], "Template nests too deeply");
}

/// The message of the TemplateError rendering `tpl` throws on a small stack, or "rendered: …".
std::string error_on_small_stack(const std::string& tpl) {
  std::string result;
  run_with_stack(kSmallStack, [&] {
    try {
      result = "rendered: " + render(tpl);
    } catch (const TemplateError& e) {
      result = e.message();
    }
  });
  return result;
}

// Each call nests 185 levels deep in its own body: calls × nesting, not either alone.
const std::string kDeepRecursion =
    "<% function f(n) { return n ? f(n-1)" + repeat("+1", 185) + " : 0 } %><%= f(195) %>";

TEST(view_limits, recursion_through_deep_expressions_stops_on_a_small_stack) {
  EXPECT_EQ(error_on_small_stack(kDeepRecursion), "Maximum call stack size exceeded");
}

TEST(view_limits, recursion_through_deep_expressions_stops_where_the_call_is) {
  std::string where;
  run_with_stack(kSmallStack, [&] {
    try {
      render(kDeepRecursion);
    } catch (const TemplateError& e) {
      where = std::to_string(e.line());
    }
  });
  EXPECT_EQ(where, "1");
}

TEST(view_limits, shallow_recursion_still_renders) {
  EXPECT_EQ(error_on_small_stack("<% function f(n) { return n ? f(n-1)+1 : 0 } %><%= f(50) %>"),
            "rendered: 50");
}

TEST(view_limits, recursive_includes_through_deep_expressions_stop_on_a_small_stack) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("corio_limits_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "deep.ejs") << "<%= n ? " << repeat("1+", 150)
                                  << "include('deep', {n: n - 1}) : 0 %>";
  const Engine engine({.views = {dir.string()}, .max_include_depth = 1000});
  std::string message;
  run_with_stack(kSmallStack, [&] {
    try {
      message = "rendered: " + engine.render_file("deep", {{"n", 300}});
    } catch (const TemplateError& e) {
      message = e.message();
    }
  });
  fs::remove_all(dir);
  EXPECT_EQ(message, "Maximum call stack size exceeded");
}

// A million arrays (or objects), each holding the last.
const std::string kDeepArray = "<% let a = []; for (let i = 0; i < 1000000; i++) a = [a] %>";
const std::string kDeepObject = "<% let a = {}; for (let i = 0; i < 1000000; i++) a = {a} %>";

TEST(view_limits, a_million_nested_arrays_are_freed_on_a_small_stack) {
  EXPECT_EQ(error_on_small_stack(kDeepArray + "done"), "rendered: done");
}

TEST(view_limits, a_million_nested_objects_are_freed_on_a_small_stack) {
  EXPECT_EQ(error_on_small_stack(kDeepObject + "done"), "rendered: done");
}

TEST(view_limits, a_million_nested_closures_are_freed_on_a_small_stack) {
  EXPECT_EQ(error_on_small_stack("<% let f = () => 0; for (let i = 0; i < 1000000; i++) { const "
                                 "g = f; f = () => g() } %>done"),
            "rendered: done");
}

TEST(view_limits, printing_a_million_nested_arrays_is_an_error) {
  EXPECT_EQ(error_on_small_stack(kDeepArray + "<%= a %>"), "value nests too deeply");
  EXPECT_EQ(error_on_small_stack(kDeepArray + "<%= String(a) + a.join('-') %>"),
            "value nests too deeply");
}

TEST(view_limits, printing_arrays_nested_200_deep_renders) {
  EXPECT_EQ(
      error_on_small_stack("<% let a = [7]; for (let i = 1; i < 200; i++) a = [a] %><%= a %>"),
      "rendered: 7");
}

TEST(view_limits, an_array_holding_itself_prints_it_as_empty_like_javascript) {
  EXPECT_EQ(error_on_small_stack("<% const a = [1]; a.push(a, 2) %><%= a %>"), "rendered: 1,,2");
}

TEST(view_limits, json_stringify_of_a_million_nested_values_stays_bounded) {
  const std::string result = error_on_small_stack(kDeepArray + "<%= JSON.stringify(a).length %>");
  EXPECT_EQ(result.rfind("rendered: ", 0), 0u) << result;
  const std::string objects = error_on_small_stack(kDeepObject + "<%= JSON.stringify(a).length %>");
  EXPECT_EQ(objects.rfind("rendered: ", 0), 0u) << objects;
}

TEST(view_limits, a_million_nested_values_copy_into_locals_and_compare) {
  EXPECT_EQ(error_on_small_stack(kDeepArray + "<% const b = a; let c = [...a] %><%= b === a %>" +
                                 "<%= c[0] === a[0] %><%= typeof a %>"),
            "rendered: truetrueobject");
}

TEST(view_limits, a_million_nested_values_pass_to_an_include) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("corio_nested_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "show.ejs") << "<%= Array.isArray(v) %><%= v %>";
  const Engine engine({.views = {dir.string()}});
  std::string message;
  run_with_stack(kSmallStack, [&] {
    try {
      engine.render_string(kDeepArray + "<%- include('show', {v: a}) %>", json::object());
    } catch (const TemplateError& e) {
      message = e.message();
    }
  });
  fs::remove_all(dir);
  EXPECT_EQ(message, "value nests too deeply");
}

}  // namespace
}  // namespace corio::view
