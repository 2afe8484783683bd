#pragma once
// The classic Redis adapter's messages (@socket.io/redis-adapter 8.x `createAdapter`): what
// goes on its channels, byte for byte as the reference writes it. Pure: no Asio, no Redis.

#include <corio/core/json.hpp>
#include <corio/socketio/adapter.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace corio::socketio::detail::redis_wire {

/// Request types of the classic adapter (the reference's RequestType).
enum class RequestType : int {
  sockets = 0,
  all_rooms = 1,
  remote_join = 2,
  remote_leave = 3,
  remote_disconnect = 4,
  remote_fetch = 5,
  server_side_emit = 6,
  broadcast = 7,
  broadcast_client_count = 8,
  broadcast_ack = 9,
};

/// A uid as the reference's uid2(n) makes them (`A-Za-z0-9-_`).
std::string make_uid(std::size_t length = 6);

/// The packet object the reference carries: {type: 2, data, nsp} (type stays 2 with binary).
json packet_json(const Packet& packet);
/// {rooms: [...], except: [...]} of a selection.
json selection_json(const BroadcastOptions& options);
/// The flags object: volatile / compress only when set, timeout when given.
json flags_json(const BroadcastFlags& flags, std::optional<std::chrono::milliseconds> timeout);

/// msgpack of [uid, packet, {rooms, except, flags}], the message of a broadcast.
std::string encode_broadcast(std::string_view uid, const Packet& packet,
                             const BroadcastOptions& options);
/// The channel of a broadcast: `<base>` or, for exactly one room, `<base><room>#`.
std::string broadcast_channel(std::string_view base, const BroadcastOptions& options);
/// msgpack of the BROADCAST request (with ack): {uid, requestId, type: 7, packet, opts}.
std::string encode_broadcast_request(std::string_view uid, std::string_view request_id,
                                     const Packet& packet, const BroadcastOptions& options,
                                     std::chrono::milliseconds timeout);

/// A broadcast as another server published it.
struct Broadcast {
  std::string uid;
  json data;                  ///< the packet's data: [event, args...]
  std::string nsp;            ///< the packet's namespace ("/" when absent)
  BroadcastOptions options;   ///< rooms, except, volatile/compress
};
/// Decodes a broadcast message; nullopt (with `why`) when it is not one.
std::optional<Broadcast> decode_broadcast(std::string_view payload, std::string* why);

/// Rooms/except of a request's opts: strings kept, numbers as JavaScript writes them; absent
/// lists select everyone. Throws std::invalid_argument when they are there but not arrays.
BroadcastOptions selection_from(const json& opts);
/// A list of rooms from JSON (strings, numbers as JavaScript writes them).
std::vector<Room> rooms_from(const json& rooms);

/// A request or response: JSON text when it starts with `{`, msgpack otherwise (as the
/// reference sniffs). Depth bounded by kJsonMaxDepth; errors for anything else.
std::error_code parse_message(std::string_view payload, json& out);
/// JSON text as JSON.stringify writes it (binary as a Node Buffer's JSON).
std::string stringify(const json& value);

}  // namespace corio::socketio::detail::redis_wire
