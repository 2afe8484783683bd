#include <gtest/gtest.h>
#include <malloc.h>

#include <corio/ws/websocket.hpp>
#include <cstdio>
#include <mutex>
#include <vector>

#include "ws_net/ws_server.hpp"

namespace corio::test {
namespace {

TEST(ws_backpressure, closes_a_client_that_never_reads_while_another_keeps_receiving) {
  App app;
  std::vector<ws::WebSocket> sockets;  // touched on the app's single shard only
  app.ws(
      "/feed",
      [&sockets](ws::WebSocket socket) -> Task<> {
        sockets.push_back(socket);
        socket.on_message([&sockets](ws::Message&&) {
          const std::string chunk(64 * 1024, 'x');
          for (int i = 0; i < 4; ++i) {
            for (auto& s : sockets) s.send_binary(chunk);
          }
        });
        co_return;
      },
      ws::WebSocketOptions{.max_send_queue_bytes = 1 << 20,
                           .close_timeout = std::chrono::milliseconds(200)});
  Running running(app);
  WsClient stuck(running.port(), std::chrono::seconds(5), 4096);
  ASSERT_TRUE(stuck.handshake("/feed"));
  auto reader = open_client(running.port(), "/feed");
  ASSERT_TRUE(reader);
  // 40 rounds of 256 KiB: far over the stuck client's queue limit and socket buffers.
  std::size_t got = 0;
  for (int round = 0; round < 40; ++round) {
    reader->send_frame(0x1, "more");
    for (int i = 0; i < 4; ++i) {
      auto frame = reader->read_frame();
      ASSERT_TRUE(frame) << "after " << got;
      ASSERT_EQ(frame->payload.size(), 64u * 1024);
      ++got;
    }
  }
  EXPECT_EQ(got, 160u);
  EXPECT_TRUE(stuck.closed_by_peer());
}

TEST(ws_broadcast, sends_one_shared_frame_to_100_connections) {
  App app;
  std::vector<ws::WebSocket> sockets;  // touched on the app's single shard only
  std::atomic<int> opened{0};
  std::atomic<long> use_count{0};
  app.ws("/all", [&](ws::WebSocket socket) -> Task<> {
    sockets.push_back(socket);
    socket.on_message([&](ws::Message&& m) {
      SharedBuffer frame(ws::encode_frame(ws::Opcode::text, m.data));
      for (auto& s : sockets) s.send_frame(frame);
      use_count = frame.use_count();  // writers run later: every queue still holds it
    });
    ++opened;
    co_return;
  });
  Running running(app);
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 100; ++i) {
    clients.push_back(open_client(running.port(), "/all"));
    ASSERT_TRUE(clients.back());
  }
  while (opened < 100) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  clients[0]->send_frame(0x1, "to everyone");
  for (auto& client : clients) {
    auto frame = client->read_frame();
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->payload, "to everyone");
  }
  EXPECT_EQ(use_count.load(), 101);
}

TEST(ws_interop, npm_ws_client_echoes_200_messages_and_closes) {
  App app;
  add_echo_routes(app);
  Running running(app);
  const std::string command =
      "cd tests/node && timeout 20 node ws_interop_client.js ws://127.0.0.1:" +
      std::to_string(running.port()) + "/echo 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char chunk[256];
  while (std::fgets(chunk, sizeof chunk, pipe)) output += chunk;
  const int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(output, "OK\n");
}

std::size_t heap_in_use() { return mallinfo2().uordblks; }

// Heap growth per idle connection of `path`, opening `count` of them with plain sockets (no
// client-side heap). The server runs in this process, so the figure is the server's.
double idle_cost(std::uint16_t port, std::string_view path, std::atomic<int>& opened, int count) {
  std::vector<int> fds;
  fds.reserve(static_cast<std::size_t>(count));
  opened = 0;
  const std::size_t before = heap_in_use();
  for (int i = 0; i < count; ++i) fds.push_back(connect_upgraded(port, path));
  for (int i = 0; i < 1000 && opened < count; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::size_t after = heap_in_use();
  for (int fd : fds) close_fd(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  return (static_cast<double>(after) - static_cast<double>(before)) / count;
}

TEST(ws_memory, an_idle_websocket_stays_within_its_heap_budget) {
  App app;
  std::atomic<int> opened{0};
  app.ws("/callback", [&opened](ws::WebSocket socket) -> Task<> {
    socket.on_message([socket](ws::Message&& m) mutable { socket.send_text(m.data); });
    ++opened;
    co_return;
  });
  app.ws("/receive", [&opened](ws::WebSocket socket) -> Task<> {
    ++opened;
    co_await echo_handler(socket);
  });
  Running running(app);
  idle_cost(running.port(), "/callback", opened, 50);  // warm up allocator caches
  const double callback = idle_cost(running.port(), "/callback", opened, 2000);
  const double receive = idle_cost(running.port(), "/receive", opened, 2000);
  std::printf("idle websocket heap cost: %.0f B (on_message style), %.0f B (receive() loop)\n",
              callback, receive);
  // Budgets (DESIGN.md: about 1-2 KiB), with malloc's per-chunk overhead counted.
  EXPECT_LT(callback, 2560);
  EXPECT_LT(receive, 4096);
}

}  // namespace
}  // namespace corio::test
