// Renders the chat page of bench/view/templates (header include, 100 messages, escaping, an if)
// and the chat app's real page (templates/chat.ejs: an include per message); bench/view/ejs_bench.js
// renders both pages with Node's ejs for the ratio.
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

/// Renders template "chat" of `views` with `locals` in a loop, counting renders and bytes.
void render_loop(benchmark::State& state, const char* views, const corio::json& locals) {
  corio::view::Engine engine({.views = {views}});
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string html = engine.render_file("chat", locals);
    bytes += html.size();
    benchmark::DoNotOptimize(html);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void render_chat_page(benchmark::State& state) { render_loop(state, CORIO_BENCH_VIEWS, chat_locals()); }
BENCHMARK(render_chat_page);

/// The locals apps/chat/pages.cpp builds for `GET /` (base_locals + home_view), 100 messages.
corio::json app_chat_locals() {
  corio::json history = corio::json::array();
  const std::int64_t t0 = 1'700'000'000'000;
  for (int i = 0; i < 100; ++i) {
    corio::json m = corio::json::object();
    m["id"] = "m" + std::to_string(i);
    m["sender"] = "user" + std::to_string(i % 7);
    m["recipient"] = nullptr;
    m["command"] = "";
    m["type"] = "room";
    m["data"] = "message #" + std::to_string(i) + " <b>with</b> \"markup\" & stuff";
    m["time"] = t0 + i * 1000;
    history.push_back(std::move(m));
  }
  corio::json locals = corio::json::object();
  locals["title"] = "corio chat \u00b7 #lobby";
  locals["nickname"] = "bench";
  locals["rooms"] = {{{"name", "lobby"}, {"users", {"bench", "alice"}}},
                     {{"name", "random"}, {"users", corio::json::array()}}};
  locals["current_room"] = "lobby";
  locals["users"] = {"bench", "alice"};
  locals["history"] = std::move(history);
  locals["config"] = {{"history_size", 100}, {"max_message_length", 500}};
  locals["error"] = "";
  return locals;
}

void render_app_chat_page(benchmark::State& state) {
  render_loop(state, CORIO_APP_VIEWS, app_chat_locals());
}
BENCHMARK(render_app_chat_page);

void compile_and_render_string(benchmark::State& state) {
  corio::view::Engine engine;
  corio::json locals = {{"xs", {1, 2, 3}}, {"t", "<x>"}};
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        engine.render_string("<% xs.forEach(x => { %><%= t %><%= x %><% }) %>", locals));
  }
}
BENCHMARK(compile_and_render_string);



/// What a render costs besides its template: the header partial alone (a few lines, one
/// escaped local), rendered by name like a page.
void render_fixed_cost(benchmark::State& state) {
  corio::view::Engine engine({.views = {CORIO_BENCH_VIEWS}});
  const corio::json locals = {{"title", "corio <chat>"}, {"online", 42}};
  for (auto _ : state) {
    std::string html = engine.render_file("partials/header", locals);
    benchmark::DoNotOptimize(html);
  }
}
BENCHMARK(render_fixed_cost);
}  // namespace
