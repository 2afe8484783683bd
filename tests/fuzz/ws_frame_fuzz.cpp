// Fuzzes FrameDecoder as a connection drives it: the same bytes fed whole and in small reads
// must give the same events and the same verdict; every delivered message respects the limits.
// Byte 0 chooses options (deflate, context takeover, read size), byte 1 the message limit.
#include <corio/ws/deflate.hpp>
#include <corio/ws/frame_decoder.hpp>
#include <corio/ws/utf8.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace corio::ws;

struct Checker : FrameHandler {
  std::size_t max_size = 0;
  bool closed = false;
  std::vector<std::string> events;

  void check(bool ok) {
    if (!ok) std::abort();
  }
  void on_message(Opcode op, std::string_view p, bool compressed) override {
    check(!closed && p.size() <= max_size);
    check(op == Opcode::binary || (op == Opcode::text && is_valid_utf8(p)));
    events.push_back(std::string(1, static_cast<char>(op)) + (compressed ? "z" : "-") +
                     std::string(p));
  }
  void on_ping(std::string_view p) override {
    check(!closed && p.size() <= 125);
    events.push_back("i" + std::string(p));
  }
  void on_pong(std::string_view p) override {
    check(!closed && p.size() <= 125);
    events.push_back("o" + std::string(p));
  }
  void on_close(std::uint16_t code, std::string_view reason) override {
    check(!closed && (code == 1005 || is_valid_close_code(code)) && is_valid_utf8(reason));
    closed = true;
    events.push_back("c" + std::to_string(code) + std::string(reason));
  }
};

struct Run {
  Checker checker;
  CloseCode error{};
};

Run decode(std::string_view wire, std::size_t step, std::size_t max_size, bool deflate,
           bool no_takeover) {
  Inflater inflater(no_takeover);
  FrameDecoder decoder({.max_message_size = max_size, .inflater = deflate ? &inflater : nullptr});
  Run run;
  run.checker.max_size = max_size;
  std::string pending;
  for (std::size_t i = 0; i < wire.size() && !decoder.closed(); i += step) {
    pending.append(wire.substr(i, step));
    DecodeResult r = decoder.decode(pending.data(), pending.size(), run.checker);
    run.error = r.error;
    if (!r.ok()) break;
    if (r.consumed > pending.size()) std::abort();
    pending.erase(0, r.consumed);
  }
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const unsigned flags = data[0];
  const std::size_t max_size = 1 + static_cast<std::size_t>(data[1]) * 257;
  std::string_view wire(reinterpret_cast<const char*>(data + 2), size - 2);
  const bool deflate = (flags & 1) != 0;
  const bool no_takeover = (flags & 2) != 0;
  const std::size_t step = 1 + ((flags >> 2) & 15) * 3;

  Run whole = decode(wire, wire.size() + 1, max_size, deflate, no_takeover);
  Run steps = decode(wire, step, max_size, deflate, no_takeover);
  if (whole.error != steps.error || whole.checker.events != steps.checker.events) std::abort();

  // The validator gives the same verdict however the bytes are split.
  Utf8Validator v;
  std::size_t cut = wire.size() / 2;
  bool split_ok = v.feed(wire.substr(0, cut)) && v.feed(wire.substr(cut)) && v.complete();
  if (split_ok != is_valid_utf8(wire)) std::abort();

  if ((flags & 0x40) != 0) {
    auto agreed = negotiate_deflate(wire, {.enabled = true});
    if (agreed && agreed->response().rfind("permessage-deflate", 0) != 0) std::abort();
  }
  return 0;
}
