#pragma once
// Helpers for ws tests: client (masked) frames and a handler that records events.

#include <array>
#include <corio/ws/frame.hpp>
#include <corio/ws/frame_decoder.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace corio::ws::test {

/// A client frame: masked with `key`, minimal length form unless `length_bytes` forces 2 or 8.
inline std::string client_frame(Opcode op, std::string_view payload, bool fin = true,
                                bool rsv1 = false,
                                std::array<unsigned char, 4> key = {0x37, 0xfa, 0x21, 0x3d},
                                int length_bytes = 0) {
  std::string out;
  out.push_back(static_cast<char>((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | static_cast<int>(op)));
  std::size_t n = payload.size();
  int ext = length_bytes != 0 ? length_bytes : n < 126 ? 0 : n <= 0xFFFF ? 2 : 8;
  out.push_back(static_cast<char>(0x80 | (ext == 0 ? n : ext == 2 ? 126 : 127)));
  for (int i = ext - 1; i >= 0; --i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
  for (unsigned char k : key) out.push_back(static_cast<char>(k));
  std::string body(payload);
  apply_mask(body.data(), body.size(), key);
  return out + body;
}

/// One recorded event.
struct Event {
  std::string kind;  // "text", "binary", "ping", "pong", "close"
  std::string payload;
  bool compressed = false;
  std::uint16_t code = 0;
  bool operator==(const Event&) const = default;
};

/// Records every event.
struct Recorder : FrameHandler {
  std::vector<Event> events;
  void on_message(Opcode op, std::string_view p, bool compressed) override {
    events.push_back({op == Opcode::text ? "text" : "binary", std::string(p), compressed, 0});
  }
  void on_ping(std::string_view p) override { events.push_back({"ping", std::string(p)}); }
  void on_pong(std::string_view p) override { events.push_back({"pong", std::string(p)}); }
  void on_close(std::uint16_t code, std::string_view reason) override {
    events.push_back({"close", std::string(reason), false, code});
  }
};

/// Feeds `wire` to `decoder` all at once; returns the result.
inline DecodeResult feed_all(FrameDecoder& decoder, std::string wire, Recorder& rec) {
  return decoder.decode(wire.data(), wire.size(), rec);
}

/// Feeds `wire` `step` bytes at a time, keeping unconsumed bytes as a connection would; returns
/// the first error (or ok) and the bytes left over.
inline DecodeResult feed_in_steps(FrameDecoder& decoder, std::string_view wire, std::size_t step,
                                  Recorder& rec, std::string* left = nullptr) {
  std::string pending;
  DecodeResult last;
  for (std::size_t i = 0; i < wire.size(); i += step) {
    pending.append(wire.substr(i, step));
    last = decoder.decode(pending.data(), pending.size(), rec);
    if (!last.ok()) break;
    pending.erase(0, last.consumed);
  }
  if (left != nullptr) *left = pending;
  return last;
}

}  // namespace corio::ws::test
