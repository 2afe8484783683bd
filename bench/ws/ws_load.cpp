// Closed-loop websocket echo load generator: N connections, each sends a masked message and
// waits for its echo, for a fixed duration; prints msgs/s and its own CPU time.
// Usage: ws_load <port> [connections=50] [seconds=5] [payload_bytes=32]
#include <fmt/format.h>
#include <sys/resource.h>

#include <asio/co_spawn.hpp>
#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/read_until.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>
#include <algorithm>
#include <chrono>
#include <corio/core/spawn.hpp>
#include <corio/core/task.hpp>
#include <cstdlib>
#include <string>

namespace {

using asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

struct Run {
  std::uint64_t messages = 0;
  std::uint64_t failures = 0;
  clock_type::time_point end;
};

std::string masked_frame(std::size_t size) {
  std::string frame{static_cast<char>(0x81)};
  if (size < 126) {
    frame.push_back(static_cast<char>(0x80 | size));
  } else {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>(size >> 8));
    frame.push_back(static_cast<char>(size & 0xFF));
  }
  frame.append("\x01\x02\x03\x04", 4);
  for (std::size_t i = 0; i < size; ++i)
    frame.push_back(static_cast<char>('a' ^ "\x01\x02\x03\x04"[i % 4]));
  return frame;
}

corio::Task<bool> handshake(tcp::socket& socket, std::string& buffer) {
  const std::string request =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  auto [ec, n] = co_await asio::async_write(socket, asio::buffer(request), corio::use_nothrow);
  if (ec) co_return false;
  auto [ec2, m] = co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), "\r\n\r\n",
                                                  corio::use_nothrow);
  if (ec2 || buffer.compare(0, 12, "HTTP/1.1 101") != 0) co_return false;
  buffer.erase(0, m);
  co_return true;
}

// Reads one unmasked server frame (header + payload) of `expected` payload bytes.
corio::Task<bool> read_echo(tcp::socket& socket, std::string& buffer, std::size_t expected) {
  const std::size_t header = expected < 126 ? 2 : 4;
  const std::size_t need = header + expected;
  if (buffer.size() < need) {
    auto [ec, n] = co_await asio::async_read(socket, asio::dynamic_buffer(buffer),
                                             asio::transfer_at_least(need - buffer.size()),
                                             corio::use_nothrow);
    if (ec) co_return false;
  }
  buffer.erase(0, need);
  co_return true;
}

// One connection: writes `window` frames in one write, reads their `window` echoes, repeats
// until the run ends (window 1 = closed loop, one message in flight).
corio::Task<> client(tcp::endpoint server, Run& run, std::size_t payload, std::size_t window) {
  auto executor = co_await asio::this_coro::executor;
  tcp::socket socket(executor);
  auto [ec] = co_await socket.async_connect(server, corio::use_nothrow);
  std::string buffer;
  bool ok = !ec;
  if (ok) ok = co_await handshake(socket, buffer);
  if (!ok) {
    ++run.failures;
    co_return;
  }
  socket.set_option(tcp::no_delay(true));
  const std::string frame = masked_frame(payload);
  std::string batch;
  for (std::size_t i = 0; i < window; ++i) batch += frame;
  while (clock_type::now() < run.end) {
    auto [werr, n] = co_await asio::async_write(socket, asio::buffer(batch), corio::use_nothrow);
    if (werr) break;
    for (std::size_t i = 0; i < window; ++i) {
      const bool echoed = co_await read_echo(socket, buffer, payload);
      if (!echoed) {
        ++run.failures;
        co_return;
      }
      ++run.messages;
    }
  }
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr,
               "usage: ws_load <port> [connections=50] [seconds=5] [payload_bytes=32] [window=1]\n");
    return 2;
  }
  const auto port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  const int connections = argc > 2 ? std::atoi(argv[2]) : 50;
  const double seconds = argc > 3 ? std::atof(argv[3]) : 5.0;
  const std::size_t payload = argc > 4 ? static_cast<std::size_t>(std::atoi(argv[4])) : 32;
  const std::size_t window = argc > 5 ? static_cast<std::size_t>(std::max(1, std::atoi(argv[5]))) : 1;
  asio::io_context ctx(1);
  Run run;
  const auto start = clock_type::now();
  run.end = start + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  const tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
  for (int i = 0; i < connections; ++i) {
    asio::co_spawn(ctx, client(server, run, payload, window), corio::log_failure("ws_load client"));
  }
  const double cpu_before = cpu_seconds();
  ctx.run();
  const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
  fmt::print("msgs/s {:.0f} messages {} failures {} elapsed {:.2f} load_cpu_s {:.2f}\n",
             static_cast<double>(run.messages) / elapsed, run.messages, run.failures, elapsed,
             cpu_seconds() - cpu_before);
  return run.failures > 0 && run.messages == 0 ? 1 : 0;
}
