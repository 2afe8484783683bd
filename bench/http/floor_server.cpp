// bench/http/floor_server.cpp: the floor of the HTTP benchmark, not a framework.
//
// The least work a server can do for GET /hello and GET /json over keep-alive TCP on this
// machine: one epoll loop, one recv and one send per batch of requests, no parsing beyond
// finding "\r\n\r\n" and the first letters of the path, fixed responses with the same headers
// corio sends. bench/http/run.sh (SERVERS="corio node floor") measures it like the others, so
// the kernel's share of a request is visible: no server on this machine can cost less per
// request than this one, which bounds the ratio any server can reach against Express here.
//
// GET /page answers the bytes of PAGE_FILE when given (run.sh saves corio's rendered /page
// there): serving the page without rendering it, the floor of the rendered-page benchmark.
//
// Usage: bench_http_floor [PORT [PAGE_FILE]]  (else 3000); listens on 127.0.0.1 only.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace {

struct Connection {
  std::string in;   // bytes received, not yet answered
  std::string out;  // bytes not yet sent
};

/// The Date header value for `now` (RFC 9110 IMF-fixdate).
std::string http_date(std::time_t now) {
  char text[64];
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

class Responses {
 public:
  /// Serves `page` (may be empty: no /page) besides /hello and /json.
  explicit Responses(std::string page) : page_body_(std::move(page)) {}

  /// Appends the response to the request whose head is `head` to `out`.
  void append(std::string_view head, std::string& out) {
    refresh();
    const std::string_view path = head.substr(4, 5);
    if (path == "/json") {
      out += json_;
    } else if (path == "/page" && !page_body_.empty()) {
      out += page_;
    } else {
      out += hello_;
    }
  }

 private:
  void refresh() {
    const std::time_t now = std::time(nullptr);
    if (now == second_) return;
    second_ = now;
    const std::string date = http_date(now);
    hello_ = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: " + date +
             "\r\nContent-Length: 13\r\n\r\nHello, World!";
    json_ = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: " + date +
            "\r\nContent-Length: 27\r\n\r\n{\"message\":\"Hello, World!\"}";
    page_ = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nDate: " + date +
            "\r\nContent-Length: " + std::to_string(page_body_.size()) + "\r\n\r\n" + page_body_;
  }

  std::string page_body_;
  std::time_t second_ = 0;
  std::string hello_, json_, page_;
};

[[noreturn]] void fail(const char* what) {
  std::perror(what);
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 3000;
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (listener < 0) fail("socket");
  const int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("bind");
  if (::listen(listener, 1024) != 0) fail("listen");
  const int epoll = ::epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listener;
  ::epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &ev);
  std::printf("floor: listening on http://127.0.0.1:%d\n", port);
  std::fflush(stdout);

  std::string page;
  if (argc > 2) {
    std::ifstream file(argv[2], std::ios::binary);
    if (!file) fail("page file");
    page.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  std::unordered_map<int, std::unique_ptr<Connection>> connections;
  Responses responses(std::move(page));
  char buffer[64 * 1024];
  epoll_event events[256];
  auto close_connection = [&](int fd) {
    ::close(fd);
    connections.erase(fd);
  };
  while (true) {
    const int n = ::epoll_wait(epoll, events, 256, -1);
    if (n < 0 && errno != EINTR) fail("epoll_wait");
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == listener) {
        while (true) {
          const int client = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
          if (client < 0) break;
          ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event cev{};
          cev.events = EPOLLIN;
          cev.data.fd = client;
          ::epoll_ctl(epoll, EPOLL_CTL_ADD, client, &cev);
          connections[client] = std::make_unique<Connection>();
        }
        continue;
      }
      Connection& c = *connections[fd];
      if (events[i].events & EPOLLIN) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got == 0 || (got < 0 && errno != EAGAIN)) {
          close_connection(fd);
          continue;
        }
        if (got > 0) c.in.append(buffer, static_cast<std::size_t>(got));
        std::size_t start = 0;
        for (std::size_t end; (end = c.in.find("\r\n\r\n", start)) != std::string::npos; start = end + 4) {
          responses.append(std::string_view(c.in).substr(start, end - start), c.out);
        }
        c.in.erase(0, start);
      }
      if (!c.out.empty()) {
        const ssize_t sent = ::send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno != EAGAIN) {
          close_connection(fd);
          continue;
        }
        if (sent > 0) c.out.erase(0, static_cast<std::size_t>(sent));
        epoll_event cev{};
        cev.events = EPOLLIN | (c.out.empty() ? 0u : static_cast<unsigned>(EPOLLOUT));
        cev.data.fd = fd;
        if (!c.out.empty() || (events[i].events & EPOLLOUT)) ::epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &cev);
      }
    }
  }
}
