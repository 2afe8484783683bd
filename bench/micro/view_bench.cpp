// Renders the chat page of bench/view/templates (header include, 100 messages, escaping, an if);
// bench/view/ejs_bench.js renders the same page with Node's ejs for the ratio.
#include <corio/view/engine.hpp>

#include <benchmark/benchmark.h>

namespace {

corio::json chat_locals() {
  corio::json messages = corio::json::array();
  for (int i = 0; i < 100; ++i) {
    messages.push_back({{"user", "user" + std::to_string(i % 7)},
                        {"text", "message #" + std::to_string(i) + " <b>with</b> \"markup\" & stuff"}});
  }
  return {{"title", "corio <chat>"}, {"online", 42}, {"me", "user3"}, {"messages", messages}};
}

void render_chat_page(benchmark::State& state) {
  corio::view::Engine engine({.views = {CORIO_BENCH_VIEWS}});
  corio::json locals = chat_locals();
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string html = engine.render_file("chat", locals);
    bytes += html.size();
    benchmark::DoNotOptimize(html);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(render_chat_page);

void compile_and_render_string(benchmark::State& state) {
  corio::view::Engine engine;
  corio::json locals = {{"xs", {1, 2, 3}}, {"t", "<x>"}};
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        engine.render_string("<% xs.forEach(x => { %><%= t %><%= x %><% }) %>", locals));
  }
}
BENCHMARK(compile_and_render_string);

}  // namespace
