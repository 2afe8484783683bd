// A corio Socket.IO server on the Redis adapter, driven by the cluster interop test
// (cluster.test.js) with the same line protocol as node_peer.js:
//   env REDIS_PATH (unix socket), NAME; prints "PORT=<n>" when listening on 127.0.0.1;
//   reads one JSON command a line on stdin, prints "RESULT <json>" for each; exits when stdin ends.
#include <corio/corio.hpp>
#include <corio/socketio/redis_adapter.hpp>


#include <cstdlib>
#include <iostream>
#include <mutex>

using namespace corio;
using namespace std::chrono_literals;
using socketio::BroadcastOperator;

namespace {

std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : fallback;
}

const std::string server_name = env("NAME", "corio");
json received = json::array();  // server-side events heard (touched on shard 0 only)
std::mutex out_mutex;

void print(const std::string& line) {
  std::lock_guard lock(out_mutex);
  std::cout << line << std::endl;
}

/// Arguments: {"$buffer":[...]} stands for binary (a Date is Node-only: it arrives as text).
json decode_args(const json& args) {
  json out = json::array();
  for (const auto& a : args) {
    if (a.is_object() && a.contains("$buffer")) {
      out.push_back(json::binary(a["$buffer"].get<std::vector<std::uint8_t>>()));
    } else {
      out.push_back(a);
    }
  }
  return out;
}

BroadcastOperator selection(socketio::Server& io, const json& cmd) {
  BroadcastOperator op = io.of(cmd.value("nsp", "/")).sockets();
  for (const auto& r : cmd.value("rooms", json::array())) op = op.to(r.get<std::string>());
  for (const auto& r : cmd.value("except", json::array())) op = op.except(r.get<std::string>());
  if (cmd.value("local", false)) op = op.local();
  if (cmd.value("volatile", false)) op = op.volatile_();
  return op;
}

json socket_summary(const socketio::RemoteSocket& s) {
  json keys = json::array();
  for (const auto& [key, value] : s.handshake().items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return {{"id", s.id()}, {"rooms", s.rooms()}, {"data", s.data()}, {"handshake", keys}};
}

Task<json> run_async(socketio::Server& io, const json& cmd) {
  const std::string op = cmd["op"];
  const std::string nsp = cmd.value("nsp", "/");
  try {
    if (op == "ack_emit") {
      const auto timeout = std::chrono::milliseconds(cmd["timeout"].get<int>());
      std::vector<json> replies = co_await selection(io, cmd).timeout(timeout).emit_with_ack_args(
          cmd["event"], decode_args(cmd.value("args", json::array())));
      co_return json{{"err", nullptr}, {"responses", replies}};
    }
    if (op == "sse_ack") {
      std::vector<json> replies = co_await io.of(nsp).sockets().server_side_emit_with_ack_args(
          cmd["event"], decode_args(cmd.value("args", json::array())));
      co_return json{{"err", nullptr}, {"responses", replies}};
    }
    if (op == "fetch") {
      std::vector<socketio::RemoteSocket> found = co_await selection(io, cmd).fetch_sockets();
      json sockets = json::array();
      for (const auto& s : found) sockets.push_back(socket_summary(s));
      co_return json{{"err", nullptr}, {"sockets", sockets}};
    }
    if (op == "all_rooms") {
      std::set<socketio::Room> rooms = co_await io.of(nsp).all_rooms();
      co_return json{{"err", nullptr}, {"rooms", rooms}};
    }
    if (op == "count") {
      std::size_t count = co_await io.of(nsp).adapter().server_count();
      co_return json{{"count", count}};
    }
    if (op == "remote") {
      std::vector<socketio::RemoteSocket> found = co_await io.of(nsp).fetch_sockets();
      for (auto& s : found) {
        if (s.id() != cmd.value("sid", "")) continue;
        const std::string action = cmd["action"];
        if (action == "emit") s.emit_args(cmd["event"].get<std::string>(), decode_args(cmd.value("args", json::array())));
        if (action == "join") s.join(cmd["room"].get<std::string>());
        if (action == "leave") s.leave(cmd["room"].get<std::string>());
        if (action == "disconnect") s.disconnect(cmd.value("close", false));
        co_return json::object();
      }
      co_return json{{"err", "no such socket"}};
    }
  } catch (const std::exception& e) {
    co_return json{{"err", e.what()}, {"responses", json::array()}};
  }
  co_return json{{"err", "unknown op " + op}};
}

/// Commands that need no waiting; nullopt for the others.
std::optional<json> run_now(socketio::Server& io, const json& cmd) {
  const std::string op = cmd["op"];
  const std::string nsp = cmd.value("nsp", "/");
  if (op == "emit") selection(io, cmd).emit_args(cmd["event"].get<std::string>(), decode_args(cmd.value("args", json::array())));
  else if (op == "sse") io.of(nsp).sockets().server_side_emit_args(cmd["event"].get<std::string>(), decode_args(cmd.value("args", json::array())));
  else if (op == "join") selection(io, cmd).sockets_join(cmd["join"].get<std::vector<std::string>>());
  else if (op == "leave") selection(io, cmd).sockets_leave(cmd["leave"].get<std::vector<std::string>>());
  else if (op == "disconnect") selection(io, cmd).disconnect_sockets(cmd.value("close", false));
  else if (op == "received") return json{{"received", received}};
  else return std::nullopt;
  return json::object();
}

Task<> run(socketio::Server& io, json cmd) {
  std::optional<json> now = run_now(io, cmd);
  json result;
  if (now) {
    result = std::move(*now);
  } else {
    result = co_await run_async(io, cmd);  // (g++ 12: no co_await in a ternary)
  }
  result["id"] = cmd["id"];
  print("RESULT " + result.dump());
}

void setup(socketio::Server& io) {
  for (const char* name : {"/", "/chat"}) {
    socketio::Namespace& nsp = io.of(name);
    nsp.on_connection([](socketio::SocketRef socket) {
      const json& query = socket.handshake().query;
      if (query.contains("rooms")) {
        std::string rooms = query["rooms"];
        for (std::size_t start = 0; start <= rooms.size();) {
          const std::size_t comma = std::min(rooms.find(',', start), rooms.size());
          socket.join(rooms.substr(start, comma - start));
          start = comma + 1;
        }
      }
      socket.data() = {{"server", server_name}, {"user", query.value("user", json())}};
    });
    nsp.on_server_side_emit("hello", [](socketio::EventArgs args, socketio::ServerAck ack) {
      received.push_back(args.values);
      ack(server_name);
    });
    // A second handler answers too: the requester must still get one answer per server.
    nsp.on_server_side_emit("hello", [](socketio::EventArgs, socketio::ServerAck ack) { ack("again"); });
  }
}

}  // namespace

int main() {
  App app;
  app.set_io_options({.adapter = socketio::redis_adapter(
                          {.url = "unix://" + env("REDIS_PATH", "/tmp/redis.sock"),
                           .requests_timeout = 1000ms})});
  socketio::Server& io = app.io();
  setup(io);
  net::ListenOptions listen;
  listen.host = "127.0.0.1";
  print("PORT=" + std::to_string(app.start(listen)));
  std::string line;
  while (std::getline(std::cin, line)) {
    json cmd = json::parse(line, nullptr, false);
    if (cmd.is_discarded()) continue;
    spawn(io.executor(), run(io, std::move(cmd)), "cluster peer command");  // posted to shard 0
  }
  app.stop();
  return 0;
}
