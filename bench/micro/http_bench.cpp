// Micro-benchmarks of the pure HTTP core: parsing a browser GET and matching among 100 routes.
#include <benchmark/benchmark.h>

#include <corio/http/parser.hpp>
#include <corio/http/path_pattern.hpp>
#include <string>
#include <vector>

namespace {

constexpr std::string_view kChromeGet =
    "GET /api/v1/users/42/posts?page=2&sort=desc HTTP/1.1\r\n"
    "Host: www.example.com\r\n"
    "Connection: keep-alive\r\n"
    "sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"\r\n"
    "sec-ch-ua-mobile: ?0\r\n"
    "sec-ch-ua-platform: \"Linux\"\r\n"
    "Upgrade-Insecure-Requests: 1\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "*/*;q=0.8\r\n"
    "Sec-Fetch-Site: none\r\n"
    "Sec-Fetch-Mode: navigate\r\n"
    "Accept-Encoding: gzip, deflate, br, zstd\r\n"
    "Accept-Language: en-US,en;q=0.9\r\n"
    "\r\n";

void parse_chrome_get(benchmark::State& state) {
  corio::http::RequestHead head;
  for (auto _ : state) {
    auto r = corio::http::parse_request_head(kChromeGet, head);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kChromeGet.size()));
}
BENCHMARK(parse_chrome_get);

std::vector<corio::http::PathPattern> make_routes() {
  const char* resources[] = {"users", "posts",    "comments", "orders",   "products",
                             "carts", "invoices", "teams",    "projects", "files"};
  std::vector<corio::http::PathPattern> routes;
  for (const char* r : resources) {
    std::string base = std::string("/api/v1/") + r;
    for (const std::string& p :
         {base, base + "/:id", base + "/:id/edit", base + "/:id/history", base + "/search",
          base + "/:id/items/:item", base + "/export{.:format}", base + "/:id/avatar.:ext",
          base + "/bulk/*ids", base + "/:id/related/:kind"}) {
      routes.push_back(corio::http::PathPattern::compile(p));
    }
  }
  return routes;
}

void match_among_100_routes(benchmark::State& state) {
  auto routes = make_routes();
  // Hits route index 89, "/api/v1/projects/:id/related/:kind": the 90th pattern.
  std::string path = "/api/v1/projects/1234/related/owners";
  corio::http::PathMatch m;
  for (auto _ : state) {
    std::size_t hit = 0;
    for (std::size_t i = 0; i < routes.size(); ++i) {
      if (routes[i].match(path, m)) {
        hit = i;
        break;
      }
    }
    benchmark::DoNotOptimize(hit);
  }
}
BENCHMARK(match_among_100_routes);

void match_static_route(benchmark::State& state) {
  auto route = corio::http::PathPattern::compile("/api/v1/health");
  corio::http::PathMatch m;
  for (auto _ : state) benchmark::DoNotOptimize(route.match("/api/v1/health", m));
}
BENCHMARK(match_static_route);

}  // namespace
