#include <corio/socketio/detail/redis_wire.hpp>

#include <corio/core/msgpack.hpp>
#include <corio/socketio/detail/json_writer.hpp>

#include <random>
#include <stdexcept>

namespace corio::socketio::detail::redis_wire {
namespace {

json room_list(const std::set<Room>& rooms) {
  json out = json::array();
  for (const auto& room : rooms) out.push_back(room);
  return out;
}

/// A room name as JavaScript's String(value) gives it (numeric rooms from Node).
std::optional<Room> room_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_number()) return std::nullopt;
  std::string out;
  append_js_number(out, value.get<double>());
  return out;
}

}  // namespace

std::string make_uid(std::size_t length) {
  static constexpr std::string_view chars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::string out(length, 'A');
  for (char& c : out) c = chars[random() % chars.size()];
  return out;
}

json packet_json(const Packet& packet) {
  return json{{"type", 2}, {"data", packet.data}, {"nsp", packet.nsp}};
}

json selection_json(const BroadcastOptions& options) {
  return json{{"rooms", room_list(options.rooms)}, {"except", room_list(options.except)}};
}

json flags_json(const BroadcastFlags& flags, std::optional<std::chrono::milliseconds> timeout) {
  json out = json::object();
  if (flags.is_volatile) out["volatile"] = true;
  if (!flags.compress) out["compress"] = false;
  if (timeout) out["timeout"] = timeout->count();
  return out;
}

std::string encode_broadcast(std::string_view uid, const Packet& packet,
                             const BroadcastOptions& options) {
  json opts = selection_json(options);
  opts["flags"] = flags_json(options.flags, std::nullopt);
  return msgpack::encode(json::array({std::string(uid), packet_json(packet), std::move(opts)}));
}

std::string broadcast_channel(std::string_view base, const BroadcastOptions& options) {
  std::string channel(base);
  if (options.rooms.size() == 1) channel += *options.rooms.begin() + "#";
  return channel;
}

std::string encode_broadcast_request(std::string_view uid, std::string_view request_id,
                                     const Packet& packet, const BroadcastOptions& options,
                                     std::chrono::milliseconds timeout) {
  json opts = selection_json(options);
  opts["flags"] = flags_json(options.flags, timeout);
  return msgpack::encode(json{{"uid", uid},
                              {"requestId", request_id},
                              {"type", static_cast<int>(RequestType::broadcast)},
                              {"packet", packet_json(packet)},
                              {"opts", std::move(opts)}});
}

std::vector<Room> rooms_from(const json& rooms) {
  std::vector<Room> out;
  if (!rooms.is_array()) return out;
  for (const auto& value : rooms) {
    if (auto room = room_of(value)) out.push_back(std::move(*room));
  }
  return out;
}

BroadcastOptions selection_from(const json& opts) {
  BroadcastOptions out;
  if (opts.is_null()) return out;
  // Absent lists select everyone, as the reference's `new Set(undefined)`; a list that is not
  // a list is a malformed message, never "everyone".
  const auto is_list = [&](const char* key) { return !opts.contains(key) || opts[key].is_array(); };
  if (!opts.is_object() || !is_list("rooms") || !is_list("except")) {
    throw std::invalid_argument("opts.rooms / opts.except are not arrays");
  }
  for (auto& room : rooms_from(opts.value("rooms", json()))) out.rooms.insert(std::move(room));
  for (auto& room : rooms_from(opts.value("except", json()))) out.except.insert(std::move(room));
  return out;
}

std::optional<Broadcast> decode_broadcast(std::string_view payload, std::string* why) {
  json message;
  if (auto ec = msgpack::decode(payload, message)) {
    *why = "not msgpack: " + ec.message();
    return std::nullopt;
  }
  if (!message.is_array() || message.size() < 3 || !message[0].is_string() ||
      !message[1].is_object()) {
    *why = "not [uid, packet, opts]";
    return std::nullopt;
  }
  json& packet = message[1];
  const json* data = packet.contains("data") ? &packet["data"] : nullptr;
  const bool event = packet.contains("type") && packet["type"].is_number_integer() &&
                     packet["type"].get<std::int64_t>() == 2;
  if (!event || data == nullptr || !data->is_array() || data->empty()) {
    *why = "not an event packet";
    return std::nullopt;
  }
  Broadcast out;
  out.uid = message[0].get<std::string>();
  const json& nsp = packet.contains("nsp") ? packet["nsp"] : json();
  out.nsp = nsp.is_string() ? nsp.get<std::string>() : "/";
  out.data = std::move(packet["data"]);
  try {
    out.options = selection_from(message[2]);
  } catch (const std::invalid_argument& e) {
    *why = e.what();
    return std::nullopt;
  }
  if (message[2].is_object() && message[2].contains("flags") && message[2]["flags"].is_object()) {
    const json& flags = message[2]["flags"];
    out.options.flags.is_volatile = flags.contains("volatile") && flags["volatile"] == true;
    out.options.flags.compress = !(flags.contains("compress") && flags["compress"] == false);
  }
  return out;
}

std::error_code parse_message(std::string_view payload, json& out) {
  if (!payload.empty() && payload.front() == '{') {
    if (json_nests_deeper(payload, kJsonMaxDepth)) return msgpack::msgpack_errc::too_deep;
    out = json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (out.is_discarded()) return std::make_error_code(std::errc::bad_message);
  } else if (auto ec = msgpack::decode(payload, out, {.max_depth = kJsonMaxDepth})) {
    return ec;
  }
  if (!out.is_object()) return std::make_error_code(std::errc::bad_message);
  return {};
}

std::string stringify(const json& value) {
  std::string out;
  append_json(out, value, nullptr);
  return out;
}

}  // namespace corio::socketio::detail::redis_wire
