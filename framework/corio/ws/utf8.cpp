#include <array>
#include <corio/ws/utf8.hpp>
#include <cstring>

namespace corio::ws {
namespace {

// Byte classes of RFC 3629's well-formed sequences (Unicode Table 3-7).
enum Class : std::uint8_t {
  ascii,     // 00..7F
  cont_lo,   // 80..8F
  cont_mid,  // 90..9F
  cont_hi,   // A0..BF
  invalid,   // C0, C1, F5..FF
  lead2,     // C2..DF
  lead_e0,   // E0       (second byte A0..BF: no overlongs)
  lead3,     // E1..EC, EE..EF
  lead_ed,   // ED       (second byte 80..9F: no surrogates)
  lead_f0,   // F0       (second byte 90..BF: no overlongs)
  lead4,     // F1..F3
  lead_f4,   // F4       (second byte 80..8F: nothing above U+10FFFF)
};

// States: how many continuation bytes are still due, and the allowed range of the next one.
enum State : std::uint8_t {
  accept,   // between sequences
  need1,    // one continuation byte (80..BF)
  need2,    // two (first 80..BF)
  need3,    // three (first 80..BF)
  e0_next,  // after E0: A0..BF then one more
  ed_next,  // after ED: 80..9F then one more
  f0_next,  // after F0: 90..BF then two more
  f4_next,  // after F4: 80..8F then two more
  reject,
};
constexpr unsigned state_count = 9;

constexpr Class classify(unsigned b) {
  if (b < 0x80) return ascii;
  if (b < 0x90) return cont_lo;
  if (b < 0xA0) return cont_mid;
  if (b < 0xC0) return cont_hi;
  if (b < 0xC2) return invalid;
  if (b < 0xE0) return lead2;
  if (b == 0xE0) return lead_e0;
  if (b == 0xED) return lead_ed;
  if (b < 0xF0) return lead3;
  if (b == 0xF0) return lead_f0;
  if (b < 0xF4) return lead4;
  if (b == 0xF4) return lead_f4;
  return invalid;
}

constexpr State after_lead(Class c) {
  switch (c) {
    case ascii:
      return accept;
    case lead2:
      return need1;
    case lead_e0:
      return e0_next;
    case lead3:
      return need2;
    case lead_ed:
      return ed_next;
    case lead_f0:
      return f0_next;
    case lead4:
      return need3;
    case lead_f4:
      return f4_next;
    default:
      return reject;
  }
}

constexpr bool is_cont(Class c) { return c == cont_lo || c == cont_mid || c == cont_hi; }

constexpr State step(State s, Class c) {
  switch (s) {
    case accept:
      return after_lead(c);
    case need1:
      return is_cont(c) ? accept : reject;
    case need2:
      return is_cont(c) ? need1 : reject;
    case need3:
      return is_cont(c) ? need2 : reject;
    case e0_next:
      return c == cont_hi ? need1 : reject;
    case ed_next:
      return (c == cont_lo || c == cont_mid) ? need1 : reject;
    case f0_next:
      return (c == cont_mid || c == cont_hi) ? need2 : reject;
    case f4_next:
      return c == cont_lo ? need2 : reject;
    default:
      return reject;
  }
}

// transitions[state * 256 + byte] -> next state: one lookup per byte.
constexpr auto transitions = [] {
  std::array<std::uint8_t, state_count * 256> t{};
  for (unsigned s = 0; s < state_count; ++s) {
    for (unsigned b = 0; b < 256; ++b) t[s * 256 + b] = step(static_cast<State>(s), classify(b));
  }
  return t;
}();

constexpr std::uint64_t high_bits = 0x8080808080808080ULL;

bool is_ascii16(const unsigned char* p) noexcept {
  std::uint64_t a, b;
  std::memcpy(&a, p, 8);
  std::memcpy(&b, p + 8, 8);
  return ((a | b) & high_bits) == 0;
}

bool is_cont_byte(unsigned b) noexcept { return (b & 0xC0) == 0x80; }

// The length of the well-formed sequence starting at p (4 bytes readable), or 0 when it is not
// one; the second byte's range excludes overlongs, surrogates and code points over U+10FFFF.
int whole_sequence(const unsigned char* p) noexcept {
  unsigned c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return is_cont_byte(p[1]) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return (p[1] >= lo && p[1] <= hi && is_cont_byte(p[2])) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return (p[1] >= lo && p[1] <= hi && is_cont_byte(p[2]) && is_cont_byte(p[3])) ? 4 : 0;
  }
  return 0;
}

}  // namespace

bool Utf8Validator::feed(std::string_view bytes) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  unsigned s = state_;
  while (p < end && s != reject) {
    // Between sequences: skip 16 ASCII bytes at once, or one whole well-formed sequence; the
    // DFA (one dependent load per byte) handles the rest: sequence ends and errors.
    if (s == accept && end - p >= 4) {
      if (end - p >= 16 && is_ascii16(p)) {
        p += 16;
        continue;
      }
      if (int n = whole_sequence(p)) {
        p += n;
        continue;
      }
    }
    s = transitions[s * 256 + *p++];
  }
  state_ = static_cast<std::uint8_t>(s);
  return s != reject;
}

bool Utf8Validator::failed() const noexcept { return state_ == reject; }

bool is_valid_utf8(std::string_view bytes) noexcept {
  Utf8Validator v;
  return v.feed(bytes) && v.complete();
}

}  // namespace corio::ws
