// Hostile HTTP/1.1 input over real sockets: one row a raw request, the status it must get,
// whether the connection must close, and (when it stays) that the next request on it is
// answered as itself, never parsed out of body bytes. After every row a fresh connection
// must still be served.
#include <gtest/gtest.h>

#include <corio/app/app.hpp>
#include <corio/http/serve_static.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/test_app.hpp"

namespace corio {
namespace {

namespace fs = std::filesystem;
using test::Running;

/// One hostile request and what must come of it.
struct Row {
  const char* name;
  std::string request;
  int status;             ///< the first response's status (never a 100 sent too late)
  bool closed;            ///< the server must close after it
  int pipelined = 0;      ///< status of a second, pipelined response when non-zero
  std::string body = {};  ///< the first response's body when non-empty
};

const std::string host = "Host: x\r\n";

std::string post(std::string_view path, std::string_view headers, std::string_view body = {}) {
  return "POST " + std::string(path) + " HTTP/1.1\r\n" + host + std::string(headers) + "\r\n" +
         std::string(body);
}

std::vector<Row> rows() {
  const std::string te = "Transfer-Encoding: chunked\r\n";
  const std::string expect = "Expect: 100-continue\r\n";
  return {
      {"plain get", test::get_request("/hello"), 200, false, 0, "hello"},
      {"absolute form", "GET http://a.example:81/hello HTTP/1.1\r\nHost: b\r\n\r\n", 200, false},
      {"absolute form: the authority is the host",
       "GET http://a.example/host?x=1 HTTP/1.1\r\nHost: b\r\n\r\n", 200, false, 0, "a.example"},
      {"absolute form: other scheme", "GET ftp://a/hello HTTP/1.1\r\n" + host + "\r\n", 400, true},
      {"chunked with parameters", post("/echo", "Transfer-Encoding: chunked;q=1\r\n"), 400, true},
      {"invalid host", "GET /hello HTTP/1.1\r\nHost: a b\r\n\r\n", 400, true},
      {"missing host", "GET /hello HTTP/1.1\r\n\r\n", 400, true},
      {"duplicate host", "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, true},
      {"expect: 404, body never sent", post("/missing", "Content-Length: 5\r\n" + expect), 404,
       true},
      {"expect: no body parser, body sent along",
       post("/nobody", "Content-Length: 5\r\n" + expect, "hello"), 200, false},
      {"expect: pipelined after a 404",
       post("/missing", "Content-Length: 5\r\n" + expect, "hello") + test::get_request("/hello"),
       404, false, 200},
      {"expect: content-length over the limit", post("/echo", "Content-Length: 5000\r\n" + expect),
       413, true},
      {"malformed chunked, no body parser", post("/nobody", te, "zz\r\n"), 400, true},
      {"chunked body skipped, then the next request",
       post("/nobody", te, "5\r\nhello\r\n0\r\n\r\n") + test::get_request("/hello"), 200, false,
       200},
      {"CL + TE", post("/echo", "Content-Length: 4\r\n" + te, "0\r\n\r\n"), 400, true},
      {"TE: chunked, identity", post("/echo", "Transfer-Encoding: chunked, identity\r\n"), 400,
       true},
      {"TE: identity", post("/echo", "Transfer-Encoding: identity\r\n"), 400, true},
      {"duplicate CL, different values",
       post("/echo", "Content-Length: 1\r\nContent-Length: 2\r\n", "ab"), 400, true},
      {"CL with a sign", post("/echo", "Content-Length: +2\r\n", "ab"), 400, true},
      {"CL with a space inside", post("/echo", "Content-Length: 1 2\r\n", "ab"), 400, true},
      {"obs-fold", "GET /hello HTTP/1.1\r\n" + host + "X-A: a\r\n b\r\n\r\n", 400, true},
      {"bare LF", "GET /hello HTTP/1.1\n" + host + "\r\n", 400, true},
      {"header without colon", "GET /hello HTTP/1.1\r\n" + host + "X-A a\r\n\r\n", 400, true},
      {"space before colon", "GET /hello HTTP/1.1\r\n" + host + "X-A : a\r\n\r\n", 400, true},
      {"invalid chunk size", post("/echo", te, "zz\r\n"), 400, true},
      {"chunk size overflow", post("/echo", te, "10000000000000000\r\n"), 413, true},
      {"chunk extension junk", post("/echo", te, "5;\x01\r\nhello\r\n0\r\n\r\n"), 400, true},
      {"oversize headers",
       "GET /hello HTTP/1.1\r\n" + host + "X-Big: " + std::string(20000, 'a') + "\r\n\r\n", 431,
       true},
      {"request line too long", "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n" + host + "\r\n",
       414, true},
      {"unknown method", "FOO /hello HTTP/1.1\r\n" + host + "\r\n", 404, false},
      {"HTTP/1.0 with TE",
       "POST /echo HTTP/1.0\r\n" + te + "\r\n5\r\nhello\r\n0\r\n\r\n", 200, true, 0, "hello"},
      {"traversal", test::get_request("/static/../outside.txt"), 404, false},
      {"traversal, encoded", test::get_request("/static/%2e%2e/outside.txt"), 404, false},
      {"traversal, encoded slash", test::get_request("/static/..%2foutside.txt"), 404, false},
  };
}

class hostile_wire : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "corio-hostile-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    base_ = pattern;
    fs::create_directories(base_ / "root");
    std::ofstream(base_ / "outside.txt") << "TOP SECRET";
    std::ofstream(base_ / "root" / "a.txt") << "a";
  }
  void TearDown() override { fs::remove_all(base_); }

  void add_routes(App& app) const {
    app.get("/hello", [](Request&, Response& res) { res.send("hello"); });
    app.get("/host", [](Request& req, Response& res) { res.send(req.hostname()); });
    app.post("/nobody", [](Request&, Response& res) { res.send("ok"); });
    app.post("/echo", [](Request& req, Response& res) -> Task<> {
      std::string_view body = co_await req.read_body(1024);
      res.send(body);
    });
    app.use("/static", http::serve_static((base_ / "root").string()));
  }

  fs::path base_;
};

void check_row(const Running& run, const Row& row) {
  SCOPED_TRACE(row.name);
  auto c = run.client();
  ASSERT_TRUE(c.send(row.request));
  auto first = c.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, row.status);
  if (!row.body.empty()) {
    EXPECT_EQ(first->body, row.body);
  }
  EXPECT_EQ(first->body.find("TOP SECRET"), std::string::npos);
  if (row.pipelined != 0) {
    auto second = c.read_response();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->status, row.pipelined);
  }
  if (row.closed) {
    EXPECT_TRUE(c.closed_by_peer());
  } else {
    auto next = c.request(test::get_request("/hello"));
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
    EXPECT_EQ(next->body, "hello");
  }
  EXPECT_EQ(run.get("/hello").body, "hello");  // and the server still answers
}

TEST_F(hostile_wire, every_row_gets_its_status_and_connection_fate) {
  App app;
  add_routes(app);
  Running run(app);
  for (const Row& row : rows()) check_row(run, row);
}

}  // namespace
}  // namespace corio
