// detail::Client: one Engine.IO connection, its decoder, and its sockets (one per namespace).
#include <corio/core/debug.hpp>
#include <corio/core/spawn.hpp>
#include <corio/engineio/sid.hpp>
#include <corio/http/http_date.hpp>
#include <corio/socketio/detail/state.hpp>
#include <corio/socketio/namespace.hpp>
#include <corio/socketio/server.hpp>

#include <chrono>

namespace corio::socketio::detail {
namespace {
const DebugLog log("corio:socket.io:client");
}

Client::Client(Server& server, engineio::Socket connection)
    : server_(server),
      conn_(std::move(connection)),
      decoder_(server.options().decoder),
      connect_timer_(conn_.executor()) {}

void Client::start() {
  auto self = shared_from_this();
  // The engine drops these callbacks after its close event, which frees the client.
  conn_.on_message([self](const engineio::Message& m) { self->on_message(m); });
  conn_.on_close([self](std::string_view reason, std::string_view) { self->on_engine_close(reason); });
  connect_timer_.expires_after(server_.options().connect_timeout);
  connect_timer_.async_wait([weak = std::weak_ptr<Client>(self)](std::error_code ec) {
    auto client = weak.lock();
    if (ec || !client || !client->sockets_.empty() || client->closed_) return;
    log("{}: no namespace joined within connect_timeout; closing", client->conn_.id());
    client->conn_.close();
  });
}

void Client::on_message(const engineio::Message& message) {
  Packet packet;
  FeedResult r = message.binary ? decoder_.feed_binary(message.data, packet)
                                : decoder_.feed_text(message.data, packet);
  if (r.error) {
    log("{}: bad packet ({}); closing", conn_.id(), r.error.message());
    close("parse error");
    return;
  }
  if (r.complete) on_packet(std::move(packet));
}

void Client::on_packet(Packet&& packet) {
  auto it = sockets_.find(packet.nsp);
  if (packet.type == PacketType::connect) {
    if (it != sockets_.end()) return;  // already connected to it: ignore, as the reference does
    json auth = packet.data.is_object() ? std::move(packet.data) : json::object();
    asio::co_spawn(conn_.executor(), connect(std::move(packet.nsp), std::move(auth)),
                   log_failure("socket.io connect"));
    return;
  }
  if (it == sockets_.end()) {
    // A packet for a namespace this client has not joined: the reference closes the client.
    log("{}: packet for unjoined namespace {}; closing", conn_.id(), packet.nsp);
    close("parse error");
    return;
  }
  std::shared_ptr<SocketState> socket = it->second;
  switch (packet.type) {
    case PacketType::event:
    case PacketType::binary_event: {
      json& array = packet.data;
      std::string event = array[0].is_string() ? array[0].get<std::string>() : array[0].dump();
      EventArgs args;
      args.values = json::array();
      for (std::size_t i = 1; i < array.size(); ++i) args.values.push_back(std::move(array[i]));
      socket->dispatch(std::move(event), std::move(args), packet.id);
      break;
    }
    case PacketType::ack:
    case PacketType::binary_ack:
      socket->on_ack(*packet.id, std::move(packet.data));
      break;
    case PacketType::disconnect:
      socket->close("client namespace disconnect");
      break;
    default:
      close("parse error");
  }
}

const Handshake& SocketState::get_handshake() const {
  if (handshake) return *handshake;
  const engineio::RequestInfo& request = conn.request();
  auto h = std::make_unique<Handshake>();
  for (const auto& [name, value] : request.headers) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!h->headers.contains(lower)) h->headers[lower] = value;
  }
  h->issued = issued;
  h->time = http::format_http_date(static_cast<std::time_t>(issued / 1000));
  h->address = request.address;
  h->xdomain = !request.header("origin").empty();
  h->secure = request.secure;
  h->url = request.url;
  h->query = request.query;
  h->auth = auth.is_null() ? json::object() : auth;
  handshake = std::move(h);
  return *handshake;
}

void Client::send_connect_error(const std::string& nsp, json data) {
  Packet packet{PacketType::connect_error, nsp, std::nullopt, std::move(data)};
  EncodedPacket encoded = encode(packet);
  conn_.send_text(encoded.text);
}

Task<> Client::connect(std::string nsp_name, json auth) {
  auto self = shared_from_this();
  Namespace* nsp = co_await server_.find_namespace(nsp_name, auth);
  if (closed_) co_return;
  if (!nsp) {
    json error = {{"message", "Invalid namespace"}};
    send_connect_error(nsp_name, std::move(error));
    co_return;
  }
  auto state = std::make_shared<SocketState>();
  state->id = engineio::generate_sid();
  state->nsp = nsp;
  state->client = this;
  state->executor = conn_.executor();
  state->conn = conn_;
  if (!auth.empty()) state->auth = std::move(auth);  // an empty object is stored as null
  state->issued = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  for (const Middleware& middleware : nsp->middlewares()) {
    std::optional<json> refusal;
    try {
      SocketRef ref(state);  // (g++ 12: no class temporaries inside co_await)
      co_await middleware(ref);
    } catch (const ConnectError& e) {
      refusal = json{{"message", e.what()}};
      if (!e.data().is_null()) (*refusal)["data"] = e.data();
    } catch (const std::exception& e) {
      refusal = json{{"message", e.what()}};
    }
    if (closed_) co_return;
    if (refusal) {
      log("{}: refused by middleware of {}: {}", conn_.id(), nsp_name, (*refusal)["message"].dump());
      send_connect_error(nsp_name, std::move(*refusal));
      co_return;
    }
  }
  state->connected = true;
  sockets_[nsp_name] = state;
  connect_timer_.cancel();
  nsp->add_socket(state);
  nsp->adapter().add_all(state->id, {state->id});
  json connected = {{"sid", state->id}};
  state->send(Packet{PacketType::connect, nsp_name, std::nullopt, std::move(connected)});
  log("{}: socket {} connected to {}", conn_.id(), state->id, nsp_name);
  // Copied: a handler may add handlers to the namespace.
  const std::vector<ConnectionHandler> handlers = nsp->connection_handlers();
  for (const ConnectionHandler& handler : handlers) {
    if (!state->connected) break;
    try {
      handler(SocketRef(state));
    } catch (...) {
      report_failure("socket.io connection handler", std::current_exception());
    }
  }
  // Most sockets keep the handlers their connection handler registered for their whole life:
  // trim the vector's growth slack (a third of it on average) once.
  state->handlers.shrink_to_fit();
}

void Client::send(const EnginePackets& packets, bool is_volatile) {
  if (is_volatile && !conn_.writable()) {
    log("{}: volatile packet dropped (transport not writable)", conn_.id());
    return;
  }
  conn_.send(packets.text);
  for (const auto& attachment : packets.attachments) conn_.send(attachment);
}

void Client::close(std::string_view reason) {
  if (closed_) return;
  on_engine_close(reason);
  conn_.close();
}

void Client::on_engine_close(std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  connect_timer_.cancel();
  decoder_.reset();
  auto sockets = std::move(sockets_);
  sockets_.clear();
  for (auto& [name, socket] : sockets) socket->close(reason);
}

}  // namespace corio::socketio::detail
