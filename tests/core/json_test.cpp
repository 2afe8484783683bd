// json_nests_deeper and the depth bound: values at the bound fit a small stack.
#include <corio/core/json.hpp>

#include <gtest/gtest.h>
#include <pthread.h>

#include <functional>
#include <string>

namespace corio {
namespace {

std::string nested(std::size_t depth, std::string_view open = "[", std::string_view close = "]") {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i) s += open;
  s += "1";
  for (std::size_t i = 0; i < depth; ++i) s += close;
  return s;
}

/// Runs `fn` on a thread whose whole stack is `stack_bytes`; a stack overflow crashes the test.
void on_small_stack(std::size_t stack_bytes, std::function<void()> fn) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, stack_bytes), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, &fn), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

TEST(json_depth, counts_arrays_and_objects_alike) {
  EXPECT_FALSE(json_nests_deeper(nested(3), 3));
  EXPECT_TRUE(json_nests_deeper(nested(4), 3));
  EXPECT_TRUE(json_nests_deeper(R"({"a":{"b":[{"c":1}]}})", 3));
  EXPECT_FALSE(json_nests_deeper(R"({"a":{"b":[{"c":1}]}})", 4));
}

TEST(json_depth, siblings_do_not_add_up) {
  EXPECT_FALSE(json_nests_deeper("[[1],[2],[3],{\"a\":4}]", 2));
  EXPECT_TRUE(json_nests_deeper("[[1],[2],[3],{\"a\":[4]}]", 2));
}

TEST(json_depth, brackets_inside_strings_do_not_count) {
  EXPECT_FALSE(json_nests_deeper(R"(["[[[[", "{{{{", "\"[[[["])", 1));
}

TEST(json_depth, the_default_bound_matches_the_socketio_decoder) {
  EXPECT_EQ(kJsonMaxDepth, 128u);
  EXPECT_FALSE(json_nests_deeper(nested(kJsonMaxDepth), kJsonMaxDepth));
  EXPECT_TRUE(json_nests_deeper(nested(50'000), kJsonMaxDepth));
}

#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kSmallStack = 1024 * 1024;  // ASan's frames: `ulimit -s 1024`
#else
constexpr std::size_t kSmallStack = 256 * 1024;
#endif

TEST(json_depth, a_value_at_the_bound_is_parsed_copied_printed_and_freed_on_a_small_stack) {
  const std::string arrays = nested(kJsonMaxDepth);
  const std::string objects = nested(kJsonMaxDepth, R"({"k":)", "}");
  bool done = false;
  on_small_stack(kSmallStack, [&] {
    for (const std::string* text : {&arrays, &objects}) {
      json value = json::parse(*text);
      json copy = value;  // copy and compare recurse per level
      if (copy != value || copy.dump() != *text) return;
    }
    done = true;
  });
  EXPECT_TRUE(done);
}

}  // namespace
}  // namespace corio
