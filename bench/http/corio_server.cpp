// bench/http/corio_server.cpp: the corio side of the HTTP benchmark (bench/http/run.sh).
// The same four endpoints as express_server.js, one shard (like Node's one event loop):
//   GET /hello      text/plain "Hello, World!"
//   GET /json       {"message":"Hello, World!"}
//   GET /users/:id  {"id":"<id>"}
//   GET /page       the chat page of bench/view/templates (header include, 100 messages,
//                   escaping, an if), rendered per request by res.render from the cached
//                   compiled template (App::set_views, as Express's view engine + view cache)
// Usage: bench_http_server [PORT]  (else $PORT, else 3000); listens on 127.0.0.1 only.
#include <corio/corio.hpp>

#include <cstdlib>
#include <string>

using namespace corio;

namespace {

/// The page's data, built once as express_server.js does.
json chat_locals() {
  json messages = json::array();
  for (int i = 0; i < 100; ++i) {
    messages.push_back({{"user", "user" + std::to_string(i % 7)},
                        {"text", "message #" + std::to_string(i) + " <b>with</b> \"markup\" & stuff"}});
  }
  return {{"title", "corio <chat>"}, {"online", 42}, {"me", "user3"}, {"messages", messages}};
}

std::uint16_t port_from(int argc, char** argv) {
  const char* text = argc > 1 ? argv[1] : std::getenv("PORT");
  const int port = text ? std::atoi(text) : 3000;
  return static_cast<std::uint16_t>(port > 0 && port < 65536 ? port : 3000);
}

}  // namespace

int main(int argc, char** argv) {
  const json page_locals = chat_locals();

  App app;
  app.set_views(CORIO_BENCH_VIEWS);
  app.get("/hello", [](Request&, Response& res) { res.type("text").send("Hello, World!"); });
  app.get("/json", [](Request&, Response& res) { res.json({{"message", "Hello, World!"}}); });
  app.get("/users/:id", [](Request& req, Response& res) { res.json({{"id", req.param("id")}}); });
  app.get("/page", [&page_locals](Request&, Response& res) -> Task<> {
    co_await res.render("chat", page_locals);
  });

  net::ListenOptions listen;
  listen.host = "127.0.0.1";
  listen.port = port_from(argc, argv);
  app.listen(std::move(listen));
}
