// corio websocket echo server for bench/ws/echo_bench.sh: `ws_echo_server <port>`.
#include <corio/app/app.hpp>
#include <cstdlib>

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 9001;
  corio::App app;
  app.ws("/", [](corio::ws::WebSocket socket) -> corio::Task<> {
    // Callback style: no coroutine resumption per message.
    socket.on_message([socket](corio::ws::Message&& m) mutable {
      if (m.is_text())
        socket.send_text(m.data);
      else
        socket.send_binary(m.data);
    });
    co_return;
  });
  app.listen(static_cast<std::uint16_t>(port), "127.0.0.1");
}
