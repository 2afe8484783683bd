#include <corio/socketio/detail/classic_redis_adapter.hpp>

#include <corio/core/debug.hpp>
#include <corio/core/msgpack.hpp>
#include <corio/core/spawn.hpp>

#include <asio/this_coro.hpp>

#include <stdexcept>

namespace corio::socketio::detail {
namespace {

const DebugLog log("corio:redis");
namespace wire = redis_wire;
using wire::RequestType;

json socket_json(const SocketDetails& s) {
  json rooms = json::array();
  for (const auto& room : s.rooms) rooms.push_back(room);
  return json{{"id", s.id}, {"handshake", s.handshake}, {"rooms", std::move(rooms)}, {"data", s.data}};
}

std::optional<SocketDetails> socket_from(json& s) {
  if (!s.is_object() || !s.contains("id") || !s["id"].is_string()) return std::nullopt;
  SocketDetails out{.id = s["id"].get<std::string>()};
  if (s.contains("handshake")) out.handshake = std::move(s["handshake"]);
  out.rooms = wire::rooms_from(s.value("rooms", json()));
  if (s.contains("data")) out.data = std::move(s["data"]);
  return out;
}

std::string text_of(const json& request, const char* key) {
  const json& v = request.contains(key) ? request[key] : json();
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace

ClassicRedisAdapter::ClassicRedisAdapter(AdapterHost& host, std::string nsp,
                                         std::shared_ptr<RedisBus> bus,
                                         const RedisAdapterOptions& options)
    : InMemoryAdapter(host),
      nsp_(std::move(nsp)),
      bus_(std::move(bus)),
      options_(options),
      uid_(wire::make_uid()),
      channel_(options.key + "#" + nsp_ + "#"),
      request_channel_(options.key + "-request#" + nsp_ + "#"),
      response_channel_(options.key + "-response#" + nsp_ + "#"),
      specific_channel_(response_channel_ + uid_ + "#") {
  bus_->psubscribe(channel_ + "*", [this](const std::string& channel, const std::string& payload) {
    on_broadcast(channel, payload);
  });
  auto on_message = [this](const std::string& channel, const std::string& payload) {
    if (channel == request_channel_) {
      on_request(payload);
    } else {
      on_response(payload);
    }
  };
  bus_->subscribe(request_channel_, on_message);
  bus_->subscribe(response_channel_, on_message);
  bus_->subscribe(specific_channel_, on_message);
  log("{}: node {} on {}", nsp_, uid_, options_.url);
}

ClassicRedisAdapter::~ClassicRedisAdapter() { close(); }

void ClassicRedisAdapter::close() {
  if (!bus_) return;
  for (const auto& name : {channel_ + "*", request_channel_, response_channel_, specific_channel_}) {
    bus_->unsubscribe(name);
  }
  bus_.reset();
  for (auto& [id, pending] : requests_) pending->timer.cancel();  // they end as timeouts
  ack_requests_.clear();
}

// ---- sending ----

void ClassicRedisAdapter::broadcast(const Packet& packet, const BroadcastOptions& options) {
  if (bus_ && !options.flags.local) {
    bus_->publish(wire::broadcast_channel(channel_, options),
                  wire::encode_broadcast(uid_, packet, options));
  }
  InMemoryAdapter::broadcast(packet, options);
}

void ClassicRedisAdapter::broadcast_with_ack(const Packet& packet, const BroadcastOptions& options,
                                             std::chrono::milliseconds timeout,
                                             AckHandlers handlers) {
  if (bus_ && !options.flags.local) {
    const std::string id = wire::make_uid();
    // Never a room channel: every server must answer with its client count.
    bus_->publish(request_channel_, wire::encode_broadcast_request(uid_, id, packet, options, timeout));
    ack_requests_[id] = handlers;
    spawn(bus_->executor(), forget_ack_request(id, timeout), "redis adapter ack request");
  }
  InMemoryAdapter::broadcast_with_ack(packet, options, timeout, std::move(handlers));
}

Task<> ClassicRedisAdapter::forget_ack_request(std::string id, std::chrono::milliseconds after) {
  std::weak_ptr<int> alive = alive_;
  asio::steady_timer timer(co_await asio::this_coro::executor, after);
  co_await timer.async_wait(use_nothrow);
  if (alive.lock()) ack_requests_.erase(id);  // late replies are ignored from now on
}

Task<std::size_t> ClassicRedisAdapter::server_count() {
  if (!bus_) co_return 1;
  std::shared_ptr<RedisBus> bus = bus_;
  co_return co_await bus->numsub(request_channel_);
}

void ClassicRedisAdapter::publish_request(const json& request) {
  if (bus_) bus_->publish(request_channel_, wire::stringify(request));
}

void ClassicRedisAdapter::add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  // Applied here at once; the echo of this node's own request is skipped by uid.
  if (!options.flags.local) {
    publish_request({{"uid", uid_}, {"type", static_cast<int>(RequestType::remote_join)},
                     {"opts", wire::selection_json(options)}, {"rooms", rooms}});
  }
  InMemoryAdapter::add_sockets(options, rooms);
}

void ClassicRedisAdapter::del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  if (!options.flags.local) {
    publish_request({{"uid", uid_}, {"type", static_cast<int>(RequestType::remote_leave)},
                     {"opts", wire::selection_json(options)}, {"rooms", rooms}});
  }
  InMemoryAdapter::del_sockets(options, rooms);
}

void ClassicRedisAdapter::disconnect_sockets(const BroadcastOptions& options, bool close) {
  if (!options.flags.local) {
    publish_request({{"uid", uid_}, {"type", static_cast<int>(RequestType::remote_disconnect)},
                     {"opts", wire::selection_json(options)}, {"close", close}});
  }
  InMemoryAdapter::disconnect_sockets(options, close);
}

void ClassicRedisAdapter::server_side_emit(const json& data) {
  publish_request({{"uid", uid_}, {"type", static_cast<int>(RequestType::server_side_emit)},
                   {"data", data}});
}

Task<std::shared_ptr<ClassicRedisAdapter::Pending>> ClassicRedisAdapter::ask(
    json request, std::shared_ptr<Pending> pending, std::chrono::milliseconds timeout) {
  std::weak_ptr<int> alive = alive_;
  const std::string id = wire::make_uid();
  request["requestId"] = id;
  requests_[id] = pending;
  publish_request(request);
  pending->timer.expires_after(timeout);
  if (!pending->done) co_await pending->timer.async_wait(use_nothrow);
  if (alive.lock()) requests_.erase(id);
  co_return pending;
}

std::shared_ptr<ClassicRedisAdapter::Pending> ClassicRedisAdapter::make_pending(
    RequestType type, std::size_t expected, std::size_t received) const {
  auto pending = std::make_shared<Pending>(bus_->executor());
  pending->type = type;
  pending->expected = expected;
  pending->received = received;
  return pending;
}

Task<std::vector<SocketDetails>> ClassicRedisAdapter::fetch_sockets(BroadcastOptions options) {
  std::vector<SocketDetails> local = local_details(options);
  if (options.flags.local) co_return local;
  const std::size_t servers = co_await server_count();
  if (servers <= 1 || !bus_) co_return local;
  auto pending = make_pending(RequestType::remote_fetch, servers, 1);
  pending->sockets = std::move(local);
  json request = {{"uid", uid_}, {"type", static_cast<int>(RequestType::remote_fetch)},
                  {"opts", wire::selection_json(options)}};
  auto done = co_await ask(std::move(request), pending, options_.requests_timeout);
  if (!done->done) throw std::runtime_error("timeout reached while waiting for fetchSockets response");
  co_return std::move(done->sockets);
}

Task<std::set<Room>> ClassicRedisAdapter::all_rooms() {
  std::set<Room> local;
  for (auto& room : rooms()) local.insert(std::move(room));
  const std::size_t servers = co_await server_count();
  if (servers <= 1 || !bus_) co_return local;
  auto pending = make_pending(RequestType::all_rooms, servers, 1);
  pending->rooms = std::move(local);
  json request = {{"uid", uid_}, {"type", static_cast<int>(RequestType::all_rooms)}};
  auto done = co_await ask(std::move(request), pending, options_.requests_timeout);
  if (!done->done) throw std::runtime_error("timeout reached while waiting for allRooms response");
  co_return std::move(done->rooms);
}

Task<ServerReplies> ClassicRedisAdapter::server_side_emit_with_ack(json data,
                                                                   std::chrono::milliseconds timeout) {
  const std::size_t servers = co_await server_count();
  if (servers <= 1 || !bus_) co_return ServerReplies{};
  auto pending = make_pending(RequestType::server_side_emit, servers - 1, 0);  // the others
  json request = {{"uid", uid_}, {"type", static_cast<int>(RequestType::server_side_emit)},
                  {"data", data}};
  const auto wait = timeout.count() > 0 ? timeout : options_.requests_timeout;
  auto done = co_await ask(std::move(request), pending, wait);
  co_return ServerReplies{.replies = std::move(done->replies), .expected = done->expected,
                          .timed_out = !done->done};
}

// ---- receiving ----

void ClassicRedisAdapter::on_broadcast(const std::string& channel, const std::string& payload) {
  if (channel.size() < channel_.size() || channel.compare(0, channel_.size(), channel_) != 0) return;
  // `<channel_><room>#`, or the main channel itself (the reference's slice(prefix, -1)).
  const std::string room = channel.size() > channel_.size()
                               ? channel.substr(channel_.size(), channel.size() - channel_.size() - 1)
                               : std::string();
  if (!room.empty() && !has_room(room)) return;  // before decoding, as the reference does
  std::string why;
  std::optional<wire::Broadcast> message = wire::decode_broadcast(payload, &why);
  if (!message) {
    log("{}: malformed broadcast on {} dropped: {}", nsp_, channel, why);
    return;
  }
  if (message->uid == uid_ || message->nsp != nsp_) return;
  message->options.flags.local = true;
  InMemoryAdapter::broadcast(Packet{PacketType::event, nsp_, std::nullopt, std::move(message->data)},
                             message->options);
}

void ClassicRedisAdapter::on_request(const std::string& payload) {
  json request;
  if (auto ec = wire::parse_message(payload, request)) {
    log("{}: malformed request dropped: {}", nsp_, ec.message());
    return;
  }
  try {
    handle_request(request);
  } catch (const std::exception& e) {  // a field of the wrong type in a foreign message
    log("{}: request dropped: {}", nsp_, e.what());
  }
}

void ClassicRedisAdapter::handle_request(const json& request) {
  const json& type_field = request.contains("type") ? request["type"] : json();
  if (!type_field.is_number_integer()) return;
  const auto type = static_cast<RequestType>(type_field.get<int>());
  const std::string id = text_of(request, "requestId");
  switch (type) {
    case RequestType::sockets:
    case RequestType::all_rooms:
    case RequestType::remote_fetch:
      if (requests_.contains(id)) return;  // this node's own request
      if (type == RequestType::remote_fetch) {
        answer_fetch(request);
      } else if (type == RequestType::all_rooms) {
        json rooms_list = rooms();
        publish_response(request, wire::stringify({{"requestId", id}, {"rooms", rooms_list}}));
      } else {
        BroadcastOptions selection;
        for (auto& room : wire::rooms_from(request.value("rooms", json()))) selection.rooms.insert(room);
        json ids = sockets(selection);
        publish_response(request, wire::stringify({{"requestId", id}, {"sockets", ids}}));
      }
      return;
    case RequestType::remote_join:
    case RequestType::remote_leave:
    case RequestType::remote_disconnect:
      handle_selection_request(request, type);
      return;
    case RequestType::server_side_emit:
      answer_server_side_emit(request);
      return;
    case RequestType::broadcast:
      if (!ack_requests_.contains(id)) answer_broadcast(request);
      return;
    default:
      log("{}: request of unknown type {} ignored", nsp_, type_field.dump());
  }
}

void ClassicRedisAdapter::handle_selection_request(const json& request, RequestType type) {
  if (text_of(request, "uid") == uid_) return;  // applied when it was asked here
  if (!request.contains("opts")) {
    // The pre-8 form, one socket by sid: answered so that such a requester resolves.
    const std::string sid = text_of(request, "sid");
    if (!socket_rooms(sid).empty()) {
      if (type == RequestType::remote_join) add_all(sid, {text_of(request, "room")});
      if (type == RequestType::remote_leave) del(sid, text_of(request, "room"));
      if (type == RequestType::remote_disconnect) host_.disconnect(sid, request.value("close", false));
      publish_response(request, wire::stringify({{"requestId", text_of(request, "requestId")}}));
    }
    return;
  }
  const BroadcastOptions selection = wire::selection_from(request["opts"]);
  if (type == RequestType::remote_disconnect) {
    const json& close = request.contains("close") ? request["close"] : json();
    InMemoryAdapter::disconnect_sockets(selection, close == true);
    return;
  }
  const std::vector<Room> rooms = wire::rooms_from(request.value("rooms", json()));
  if (type == RequestType::remote_join) {
    InMemoryAdapter::add_sockets(selection, rooms);
  } else {
    InMemoryAdapter::del_sockets(selection, rooms);
  }
}

void ClassicRedisAdapter::answer_fetch(const json& request) {
  const BroadcastOptions selection = wire::selection_from(request.value("opts", json()));
  json found = json::array();
  for (const auto& s : local_details(selection)) found.push_back(socket_json(s));
  publish_response(request, wire::stringify({{"requestId", text_of(request, "requestId")},
                                             {"sockets", std::move(found)}}));
}

void ClassicRedisAdapter::answer_server_side_emit(json request) {
  if (text_of(request, "uid") == uid_ || !request.contains("data")) return;
  json data = std::move(request["data"]);
  if (!request.contains("requestId")) {
    host_.server_side_event(std::move(data), nullptr);
    return;
  }
  std::weak_ptr<int> alive = alive_;
  const std::string id = text_of(request, "requestId");
  host_.server_side_event(std::move(data), [this, alive, id](json answer) {
    if (!alive.lock() || !bus_) return;
    // Always on the shared response channel, as the reference answers serverSideEmit.
    bus_->publish(response_channel_,
                  wire::stringify({{"type", static_cast<int>(RequestType::server_side_emit)},
                                   {"requestId", id}, {"data", std::move(answer)}}));
  });
}

void ClassicRedisAdapter::answer_broadcast(const json& request) {
  const json& packet = request.contains("packet") ? request["packet"] : json();
  if (!packet.is_object() || !packet.contains("data") || !packet["data"].is_array()) return;
  const BroadcastOptions selection = wire::selection_from(request.value("opts", json()));
  std::weak_ptr<int> alive = alive_;
  const std::string id = text_of(request, "requestId");
  const json shell = {{"uid", text_of(request, "uid")}};  // where responses go
  AckHandlers handlers{
      .client_count = nullptr,
      .ack = [this, alive, id, shell](json reply) {
        if (!alive.lock()) return;
        publish_response(shell, msgpack::encode(json{{"type", static_cast<int>(RequestType::broadcast_ack)},
                                                     {"requestId", id}, {"packet", std::move(reply)}}));
      }};
  const std::size_t clients = local_broadcast_with_ack(
      Packet{PacketType::event, nsp_, std::nullopt, packet["data"]}, selection, handlers);
  publish_response(request, wire::stringify({{"type", static_cast<int>(RequestType::broadcast_client_count)},
                                             {"requestId", id}, {"clientCount", clients}}));
}

void ClassicRedisAdapter::publish_response(const json& request, std::string payload) {
  if (!bus_) return;
  const std::string channel = options_.publish_on_specific_response_channel
                                  ? response_channel_ + text_of(request, "uid") + "#"
                                  : response_channel_;
  bus_->publish(channel, std::move(payload));
}

void ClassicRedisAdapter::on_response(const std::string& payload) {
  json response;
  if (auto ec = wire::parse_message(payload, response)) {
    log("{}: malformed response dropped: {}", nsp_, ec.message());
    return;
  }
  const std::string id = text_of(response, "requestId");
  try {
    if (auto ack = ack_requests_.find(id); ack != ack_requests_.end()) {
      const json& type = response.contains("type") ? response["type"] : json();
      if (type == static_cast<int>(RequestType::broadcast_client_count) && ack->second.client_count) {
        ack->second.client_count(response.value("clientCount", std::size_t{0}));
      } else if (type == static_cast<int>(RequestType::broadcast_ack) && ack->second.ack) {
        ack->second.ack(response.contains("packet") ? response["packet"] : json());
      }
      return;
    }
    auto it = requests_.find(id);
    if (it == requests_.end()) return;  // not ours, or too late
    std::shared_ptr<Pending> pending = it->second;
    take_response(*pending, response);
  } catch (const std::exception& e) {
    log("{}: response dropped: {}", nsp_, e.what());
  }
}

void ClassicRedisAdapter::take_response(Pending& pending, json& response) {
  if (pending.done) return;
  if (pending.type == RequestType::server_side_emit) {
    pending.replies.push_back(response.contains("data") ? std::move(response["data"]) : json());
    if (pending.replies.size() >= pending.expected) pending.finish();
    return;
  }
  ++pending.received;
  const char* key = pending.type == RequestType::all_rooms ? "rooms" : "sockets";
  if (!response.contains(key) || !response[key].is_array()) return;
  if (pending.type == RequestType::all_rooms) {
    for (auto& room : wire::rooms_from(response[key])) pending.rooms.insert(std::move(room));
  } else {
    for (auto& s : response[key]) {
      if (auto details = socket_from(s)) pending.sockets.push_back(std::move(*details));
    }
  }
  if (pending.received >= pending.expected) pending.finish();
}

}  // namespace corio::socketio::detail
