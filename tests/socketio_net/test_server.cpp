// A Socket.IO test server for the Node interop suite (client.test.js): one event per feature.
// Prints "PORT=<n>" once listening on 127.0.0.1; exits on SIGTERM/SIGINT or when stdin closes.
#include <corio/corio.hpp>

#include <asio/steady_timer.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

using namespace corio;
using namespace std::chrono_literals;
using socketio::Ack;
using socketio::EventArgs;
using socketio::SocketRef;

namespace {

std::vector<std::string> disconnect_reasons;  // touched on the single shard only

void add_room_events(socketio::Server& io, SocketRef socket) {
  socket.on("join", [socket](json room, Ack ack) mutable {
    socket.join(room.get<std::string>());
    ack(true);
  });
  socket.on("leave", [socket](json room, Ack ack) mutable {
    socket.leave(room.get<std::string>());
    ack(true);
  });
  socket.on("to room", [&io](json m) { io.to(m["room"].get<std::string>()).emit(m["event"].get<std::string>(), m["data"]); });
  socket.on("to rooms except", [&io](json m) {
    auto op = io.sockets();
    for (const auto& room : m["rooms"]) op = op.to(room.get<std::string>());
    for (const auto& room : m["except"]) op = op.except(room.get<std::string>());
    op.emit("multi", m["data"]);
  });
  socket.on("socket to room", [socket](json m) { socket.to(m["room"].get<std::string>()).emit("room msg", m["data"]); });
  socket.on("broadcast", [socket](json data) { socket.broadcast().emit("broadcast", data); });
  socket.on("public", [&io](json data) { io.emit("public", data); });
  socket.on("private", [&io](json m) { io.to(m["to"].get<std::string>()).emit("private", m["data"]); });
  socket.on("fetch", [&io](json room, Ack ack) -> Task<> {
    auto sockets = co_await io.in(room.get<std::string>()).fetch_sockets();
    ack(sockets.size());
  });
  socket.on("rooms", [socket](Ack ack) mutable {
    json rooms = json::array();
    for (const auto& room : socket.rooms()) rooms.push_back(room);
    ack(rooms);
  });
}

void add_ack_events(socketio::Server& io, SocketRef socket) {
  socket.on("echo", [](EventArgs args, Ack ack) { ack(args.values); });
  socket.on("server ack", [socket](json data) mutable -> Task<> {
    try {
      json reply = co_await socket.timeout(1000ms).emit_with_ack("question", data);
      socket.emit("answer", reply);
    } catch (const TimeoutError&) {
      socket.emit("answer timeout");
    }
  });
  socket.on("broadcast ack", [&io, socket](json) mutable -> Task<> {
    try {
      std::vector<json> replies = co_await io.timeout(1000ms).emit_with_ack("poll");
      socket.emit("poll results", replies);
    } catch (const TimeoutError&) {
      socket.emit("poll timeout");
    }
  });
  socket.on("reserved", [socket](Ack ack) mutable {
    try {
      socket.emit("disconnect");
      ack("no error");
    } catch (const std::invalid_argument& e) {
      ack(e.what());
    }
  });
  socket.on("many", [socket](json count) mutable {
    for (int i = 0; i < count.get<int>(); ++i) socket.emit("seq", i);
  });
  socket.on("disconnect me", [socket](json close) mutable { socket.disconnect(close.get<bool>()); });
  // Volatile: right after another emit the transport is busy and the packet is dropped; on an
  // idle connection it is sent.
  socket.on("volatile pair", [socket]() mutable {
    socket.emit("kept", 1);
    socket.volatile_().emit("dropped", 2);
  });
  socket.on("volatile idle", [socket]() { socket.volatile_().compress(false).emit("late", 3); });
  socket.on("reasons", [](Ack ack) { ack(disconnect_reasons); });
}

}  // namespace

int main() {
  AppOptions options;
  options.shutdown_grace = 1000ms;
  App app(options);
  socketio::ServerOptions io_options;
  if (const char* ping = std::getenv("PING_INTERVAL")) io_options.engine.ping_interval = std::chrono::milliseconds(std::atoi(ping));
  if (const char* timeout = std::getenv("PING_TIMEOUT")) io_options.engine.ping_timeout = std::chrono::milliseconds(std::atoi(timeout));
  if (const char* connect = std::getenv("CONNECT_TIMEOUT")) io_options.connect_timeout = std::chrono::milliseconds(std::atoi(connect));
  app.set_io_options(io_options);
  socketio::Server& io = app.io();

  io.use([](SocketRef socket) -> Task<> {
    if (socket.handshake().auth.value("token", "") == "bad") {
      throw socketio::ConnectError("not authorized", {{"code", 42}});
    }
    co_return;
  });
  io.on_connection([&io](SocketRef socket) {
    socket.emit("welcome", json{{"id", socket.id()}, {"auth", socket.handshake().auth}});
    socket.on_disconnect([id = socket.id()](std::string_view reason) { disconnect_reasons.emplace_back(reason); });
    add_room_events(io, socket);
    add_ack_events(io, socket);
  });
  io.of("/admin").use([](SocketRef socket) {
    if (socket.handshake().auth.value("token", "") != "admin") throw socketio::ConnectError("admins only");
  });
  io.of("/admin").on_connection([](SocketRef socket) { socket.emit("admin hello", socket.nsp().name()); });
  io.of(std::regex("^/dyn-\\d+$")).on_connection([](SocketRef socket) {
    socket.emit("dyn", socket.nsp().name());
    socket.on("echo", [](EventArgs args, Ack ack) { ack(args.values); });
  });

  net::ListenOptions listen;
  listen.host = "127.0.0.1";
  if (const char* fixed = std::getenv("PORT")) listen.port = static_cast<std::uint16_t>(std::atoi(fixed));
  const std::uint16_t port = app.start(listen);
  std::cout << "PORT=" << port << std::endl;
  // The test runner closes stdin to stop us (and kills us if that fails).
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  app.stop();
  return 0;
}
