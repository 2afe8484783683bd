// apps/hello: the smallest corio app — routes, middleware, JSON, params and static files.
// Run: build/bin/hello  (PORT=3000 by default), then open http://localhost:3000
#include <corio/corio.hpp>

#include <chrono>
#include <cstdlib>
#include <string>

using namespace corio;

int main() {
  App app;

  // Logs every request with its duration, like `morgan('dev')`.
  app.use([](Request&, Response& res, Next next) -> Task<> {
    const auto start = std::chrono::steady_clock::now();
    co_await next();
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - start).count();
    res.set("X-Response-Time", std::to_string(us) + "us");
  });

  app.get("/", [](Request&, Response& res) {
    res.send("<!doctype html><title>corio</title><link rel=stylesheet href=/style.css>"
             "<h1>Hello from corio</h1><p>Try <a href=/json>/json</a> or "
             "<a href=/users/42>/users/42</a>.</p>");
  });
  app.get("/hello", [](Request&, Response& res) { res.type("text").send("Hello, World!"); });
  app.get("/json", [](Request&, Response& res) { res.json({{"message", "Hello, World!"}}); });
  app.get("/users/:id", [](Request& req, Response& res) {
    res.json({{"id", req.param("id")}, {"query", req.query()}});
  });
  app.use(serve_static("static"));

  const char* port = std::getenv("PORT");
  app.listen(static_cast<std::uint16_t>(port ? std::atoi(port) : 3000));
}
