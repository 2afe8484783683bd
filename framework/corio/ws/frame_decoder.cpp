#include <array>
#include <corio/ws/deflate.hpp>
#include <corio/ws/frame_decoder.hpp>

namespace corio::ws {

struct FrameDecoder::Header {
  bool fin = false;
  bool rsv1 = false;
  bool rsv23 = false;
  bool masked = false;
  unsigned opcode = 0;
  std::uint64_t length = 0;
  std::array<unsigned char, 4> mask{};
  std::size_t size = 0;  // header bytes
};

namespace {

constexpr CloseCode no_error{};

enum class Parse { ok, incomplete, bad_length };

// Reads a frame header (RFC 6455 §5.2). Non-minimal length encodings are accepted, as by
// browsers and `ws`; a 64-bit length with its most significant bit set is not.
template <typename H>
Parse parse_header(const unsigned char* p, std::size_t n, H& h) {
  if (n < 2) return Parse::incomplete;
  h.fin = (p[0] & 0x80) != 0;
  h.rsv1 = (p[0] & 0x40) != 0;
  h.rsv23 = (p[0] & 0x30) != 0;
  h.opcode = p[0] & 0x0F;
  h.masked = (p[1] & 0x80) != 0;
  unsigned len7 = p[1] & 0x7F;
  std::size_t ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
  h.size = 2 + ext + (h.masked ? 4 : 0);
  if (n < h.size) return Parse::incomplete;
  h.length = len7;
  if (ext != 0) {
    h.length = 0;
    for (std::size_t i = 0; i < ext; ++i) h.length = (h.length << 8) | p[2 + i];
    if (ext == 8 && (p[2] & 0x80) != 0) return Parse::bad_length;
  }
  if (h.masked) {
    for (std::size_t i = 0; i < 4; ++i) h.mask[i] = p[2 + ext + i];
  }
  return Parse::ok;
}

bool is_known_opcode(unsigned op) { return op <= 0x2 || (op >= 0x8 && op <= 0xA); }

}  // namespace

DecodeResult FrameDecoder::decode(char* data, std::size_t size, FrameHandler& handler) {
  DecodeResult r;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  while (!closed_) {
    Header h;
    Parse step = parse_header(bytes + r.consumed, size - r.consumed, h);
    if (step == Parse::incomplete) break;
    r.error = step == Parse::bad_length ? CloseCode::protocol_error : check_header(h);
    if (r.error != no_error) break;
    std::uint64_t total = h.size + h.length;
    if (size - r.consumed < total) {
      r.frame_size = total;
      break;
    }
    char* payload = data + r.consumed + h.size;
    apply_mask(payload, static_cast<std::size_t>(h.length), h.mask);
    r.error = handle_frame(h, payload, handler);
    if (r.error != no_error) break;
    r.consumed += static_cast<std::size_t>(total);
  }
  if (r.error != no_error) {
    closed_ = true;
    release_message();
  }
  return r;
}

CloseCode FrameDecoder::check_header(const Header& h) const noexcept {
  if (h.rsv23 || !is_known_opcode(h.opcode) || !h.masked) return CloseCode::protocol_error;
  auto op = static_cast<Opcode>(h.opcode);
  if (is_control(op)) {
    return (!h.fin || h.rsv1 || h.length > 125) ? CloseCode::protocol_error : no_error;
  }
  bool continuation = op == Opcode::continuation;
  if (continuation != in_message_) return CloseCode::protocol_error;
  // RSV1 marks a compressed message, on its first frame only (RFC 7692 §6.1).
  if (h.rsv1 && (options_.inflater == nullptr || continuation)) return CloseCode::protocol_error;
  std::uint64_t so_far = continuation && !message_compressed_ ? message_.size() : 0;
  if (h.length > options_.max_message_size - so_far) return CloseCode::message_too_big;
  return no_error;
}

CloseCode FrameDecoder::handle_frame(const Header& h, char* payload, FrameHandler& handler) {
  std::string_view view(payload, static_cast<std::size_t>(h.length));
  if (is_control(static_cast<Opcode>(h.opcode))) return handle_control(h, view, handler);
  return handle_data(h, view, handler);
}

CloseCode FrameDecoder::handle_control(const Header& h, std::string_view payload,
                                       FrameHandler& handler) {
  switch (static_cast<Opcode>(h.opcode)) {
    case Opcode::ping:
      handler.on_ping(payload);
      return no_error;
    case Opcode::pong:
      handler.on_pong(payload);
      return no_error;
    default:
      break;
  }
  std::uint16_t code = static_cast<std::uint16_t>(CloseCode::no_status);
  std::string_view reason;
  if (!payload.empty()) {
    if (payload.size() == 1) return CloseCode::protocol_error;
    code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                      static_cast<unsigned char>(payload[1]));
    if (!is_valid_close_code(code)) return CloseCode::protocol_error;
    reason = payload.substr(2);
    if (!is_valid_utf8(reason)) return CloseCode::invalid_payload;
  }
  closed_ = true;
  release_message();
  handler.on_close(code, reason);
  return no_error;
}

CloseCode FrameDecoder::handle_data(const Header& h, std::string_view payload,
                                    FrameHandler& handler) {
  auto op = static_cast<Opcode>(h.opcode);
  if (op != Opcode::continuation) {
    if (h.fin && !h.rsv1) {
      // The common case: a whole uncompressed message, delivered in place.
      if (op == Opcode::text && !is_valid_utf8(payload)) return CloseCode::invalid_payload;
      handler.on_message(op, payload, false);
      return no_error;
    }
    in_message_ = true;
    message_opcode_ = op;
    message_compressed_ = h.rsv1;
    utf8_.reset();
  }
  if (CloseCode e = append_fragment(payload, h.fin); e != no_error) return e;
  if (!h.fin) return no_error;
  if (message_opcode_ == Opcode::text && !utf8_.complete()) return CloseCode::invalid_payload;
  handler.on_message(message_opcode_, message_, message_compressed_);
  release_message();
  return no_error;
}

CloseCode FrameDecoder::append_fragment(std::string_view payload, bool fin) {
  std::size_t old = message_.size();
  if (message_compressed_) {
    switch (options_.inflater->inflate(payload, fin, message_, options_.max_message_size)) {
      case InflateStatus::ok:
        break;
      case InflateStatus::too_big:
        return CloseCode::message_too_big;
      case InflateStatus::corrupt:
        return CloseCode::invalid_payload;
    }
  } else {
    message_.append(payload);
  }
  if (message_opcode_ == Opcode::text && !utf8_.feed(std::string_view(message_).substr(old))) {
    return CloseCode::invalid_payload;
  }
  return no_error;
}

void FrameDecoder::release_message() noexcept {
  std::string().swap(message_);
  in_message_ = false;
  message_compressed_ = false;
}

}  // namespace corio::ws
