#pragma once
// RedisServer: a real redis-server child process for tests, in a fresh temporary directory,
// listening on a unix socket (and optionally on a TCP port of 127.0.0.1). No persistence.
// Every wait is bounded in time; the destructor stops the server and removes the directory.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace corio::test {

/// Options for RedisServer.
struct RedisServerOptions {
  bool tcp = false;                      ///< also listen on a free TCP port of 127.0.0.1
  bool start = true;                     ///< start in the constructor (else call start())
  std::vector<std::string> extra_args{}; ///< more redis-server arguments, e.g. {"--requirepass", "x"}
  std::chrono::milliseconds ready_timeout{10000};  ///< bound on waiting for PING to answer
};

/// A redis-server child. Not copyable; one per test (or per suite).
/// @code
/// corio::test::RedisServer redis;              // started, answers PING
/// auto client = redis::Client::create(ex, {.url = redis.url()});
/// redis.kill();  redis.restart();              // same socket path and port
/// @endcode
class RedisServer {
 public:
  explicit RedisServer(RedisServerOptions options = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  /// Starts redis-server and waits until PING answers (throws std::runtime_error with the
  /// server's log when it does not). The socket path and TCP port stay the same across starts.
  void start();
  /// SIGKILL, and waits for the process to end.
  void kill();
  /// SIGTERM (SIGCONT first when paused), waits up to 5 s, then SIGKILL.
  void stop();
  /// SIGSTOP: the process keeps its sockets but answers nothing.
  void pause();
  /// SIGCONT.
  void resume();
  /// stop() if running, then start() on the same socket path and port.
  void restart();

  /// True while the child runs (paused included).
  bool running() const noexcept { return pid_ > 0; }
  pid_t pid() const noexcept { return pid_; }
  /// The unix socket path.
  const std::string& unix_path() const noexcept { return unix_path_; }
  /// "unix://<path>".
  std::string url() const { return "unix://" + unix_path_; }
  /// "redis://127.0.0.1:<port>" (throws when started without tcp).
  std::string tcp_url() const;
  /// The TCP port (0 without tcp).
  std::uint16_t port() const noexcept { return port_; }
  /// The temporary directory (log in redis.log).
  const std::string& dir() const noexcept { return dir_; }
  /// The end of redis.log, for failure messages.
  std::string log_tail() const;

 private:
  bool spawn_and_wait();
  bool answers_ping() const;
  void reap();

  RedisServerOptions options_;
  std::string dir_;
  std::string unix_path_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  bool paused_ = false;
};

}  // namespace corio::test
