#include "support/redis_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace corio::test {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

std::uint16_t free_tcp_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  if (port == 0) throw std::runtime_error("RedisServer: no free TCP port");
  return port;
}

}  // namespace

RedisServer::RedisServer(RedisServerOptions options) : options_(std::move(options)) {
  char tmpl[] = "/tmp/corio-redis-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("RedisServer: mkdtemp failed");
  dir_ = tmpl;
  unix_path_ = dir_ + "/redis.sock";
  if (options_.start) start();
}

RedisServer::~RedisServer() {
  if (pid_ > 0) stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string RedisServer::tcp_url() const {
  if (port_ == 0) throw std::logic_error("RedisServer: started without tcp");
  return "redis://127.0.0.1:" + std::to_string(port_);
}

void RedisServer::start() {
  if (pid_ > 0) return;
  // A port picked free may be taken before redis binds it: pick another (first start only).
  const bool pick_port = options_.tcp && port_ == 0;
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (pick_port) port_ = free_tcp_port();
    if (spawn_and_wait()) return;
    if (!pick_port || log_tail().find("in use") == std::string::npos) break;
  }
  throw std::runtime_error("RedisServer: redis-server did not become ready:\n" + log_tail());
}

bool RedisServer::spawn_and_wait() {
  std::vector<std::string> args = {"redis-server", "--port", std::to_string(port_),
                                   "--unixsocket", unix_path_, "--unixsocketperm", "700",
                                   "--save", "", "--appendonly", "no", "--dir", dir_,
                                   "--daemonize", "no"};
  if (port_ != 0) args.insert(args.end(), {"--bind", "127.0.0.1"});
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log_path = dir_ + "/redis.log";
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("RedisServer: fork failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test process
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execvp("redis-server", argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  paused_ = false;
  const auto deadline = clock::now() + options_.ready_timeout;
  while (clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    if (answers_ping()) return true;
    std::this_thread::sleep_for(10ms);
  }
  kill();
  return false;
}

bool RedisServer::answers_ping() const {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, unix_path_.c_str(), sizeof addr.sun_path - 1);
  timeval timeout{0, 500 * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  bool ok = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, "PING\r\n", 6, MSG_NOSIGNAL) == 6) {
    char reply[16] = {};
    const ssize_t n = ::recv(fd, reply, sizeof reply - 1, 0);
    // +PONG, or -NOAUTH with --requirepass: either way the server is serving.
    ok = n >= 5 && (std::string_view(reply, 5) == "+PONG" || std::string_view(reply, 5) == "-NOAU");
  }
  ::close(fd);
  return ok;
}

void RedisServer::reap() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  paused_ = false;
}

void RedisServer::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  reap();
}

void RedisServer::stop() {
  if (pid_ <= 0) return;
  if (paused_) resume();
  ::kill(pid_, SIGTERM);
  const auto deadline = clock::now() + 5s;
  int status = 0;
  while (clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(5ms);
  }
  kill();
}

void RedisServer::pause() {
  if (pid_ <= 0 || paused_) return;
  ::kill(pid_, SIGSTOP);
  paused_ = true;
}

void RedisServer::resume() {
  if (pid_ <= 0 || !paused_) return;
  ::kill(pid_, SIGCONT);
  paused_ = false;
}

void RedisServer::restart() {
  stop();
  start();
}

std::string RedisServer::log_tail() const {
  std::ifstream in(dir_ + "/redis.log");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string all = ss.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

}  // namespace corio::test
