// HTML escaping exactly like EJS's escapeXML: & < > " ' become entities, every other byte stays.
#include <corio/view/detail/output.hpp>
#include <corio/view/detail/value.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace corio::view::detail {
namespace {

/// 0: a byte that stays; otherwise the index of its entity in kEntities.
constexpr auto kClass = [] {
  std::array<std::uint8_t, 256> t{};
  t['&'] = 1; t['<'] = 2; t['>'] = 3; t['"'] = 4; t['\''] = 5;
  return t;
}();

/// An entity padded to 8 bytes, so that one fixed-size copy writes it.
struct Entity {
  char text[8];
  std::size_t size;
};
constexpr Entity kEntities[] = {
    {"", 0}, {"&amp;", 5}, {"&lt;", 4}, {"&gt;", 4}, {"&#34;", 5}, {"&#39;", 5}};
/// The longest entity: the most one input byte can grow.
constexpr std::size_t kMaxEntity = 5;

std::uint8_t class_of(char c) { return kClass[static_cast<unsigned char>(c)]; }

#if defined(__SSE2__)
/// Bit i set when byte i of `x` needs escaping.
unsigned special_mask(__m128i x) {
  const __m128i hit = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('&')), _mm_cmpeq_epi8(x, _mm_set1_epi8('<'))),
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('>')),
                                _mm_cmpeq_epi8(x, _mm_set1_epi8('"'))),
                   _mm_cmpeq_epi8(x, _mm_set1_epi8('\''))));
  return static_cast<unsigned>(_mm_movemask_epi8(hit));
}
#endif

/// The offset of the first byte of `s` at or after `i` that needs escaping, or s.size().
std::size_t find_special(std::string_view s, std::size_t i) {
#if defined(__SSE2__)
  const char* p = s.data();
  const std::size_t n = s.size();
  for (; i + 16 <= n; i += 16) {
    const unsigned mask = special_mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  if (i < n && n >= 16) {  // the tail: the last 16 bytes, the ones before i already clean
    const unsigned mask = special_mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16))) >>
                          (16 - (n - i));
    return mask != 0 ? i + static_cast<std::size_t>(__builtin_ctz(mask)) : n;
  }
#endif
  for (; i < s.size(); ++i) {
    if (class_of(s[i]) != 0) return i;
  }
  return s.size();
}

/// What each byte becomes: itself, or its entity (8 bytes written, `size` kept).
constexpr auto kOutput = [] {
  std::array<Entity, 256> t{};
  for (std::size_t c = 0; c < t.size(); ++c) {
    t[c] = kClass[c] != 0 ? kEntities[kClass[c]] : Entity{{static_cast<char>(c)}, 1};
  }
  return t;
}();

/// Each byte's output in one word: the text (itself or its entity) in the low five bytes, its
/// length in the top byte; stored little-endian, the text comes first. One load, one 8-byte
/// store and one shift per byte (big-endian machines use kOutput).
constexpr auto kPacked = [] {
  std::array<std::uint64_t, 256> t{};
  for (std::size_t c = 0; c < t.size(); ++c) {
    const Entity& e = kOutput[c];
    std::uint64_t word = static_cast<std::uint64_t>(e.size) << 56;
    for (std::size_t i = 0; i < e.size; ++i) {
      const auto byte = static_cast<std::uint64_t>(static_cast<unsigned char>(e.text[i]));
      word |= byte << (8 * i);  // little-endian: the low byte is stored first
    }
    t[c] = word;
  }
  return t;
}();

/// Writes byte `c` escaped at `w` (8 bytes written: the caller has room), returns the new end.
[[gnu::always_inline]] inline char* put_escaped(char* w, char c) {
  const std::uint64_t word = kPacked[static_cast<unsigned char>(c)];
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(w, &word, sizeof word);
    return w + (word >> 56);
  } else {
    const Entity& e = kOutput[static_cast<unsigned char>(c)];
    std::memcpy(w, e.text, sizeof(Entity::text));
    return w + e.size;
  }
}

/// Escapes the bytes [p, end) to `w` (room for the worst case plus 8 bytes), returns the new end.
/// Four bytes a step: the loop's own compare and branch would otherwise cost a third of each.
char* escape_bytes(char* w, const char* p, const char* const end) {
  for (; end - p >= 4; p += 4) {
    w = put_escaped(w, p[0]);
    w = put_escaped(w, p[1]);
    w = put_escaped(w, p[2]);
    w = put_escaped(w, p[3]);
  }
  for (; p != end; ++p) w = put_escaped(w, *p);
  return w;
}

/// Escapes `s` into `out`, which has room for the worst case past its end; branch-free per byte.
void escape_in_place(std::string& out, std::string_view s) {
  const std::size_t old = out.size();
  out.resize(old + kMaxEntity * s.size() + (sizeof(Entity::text) - kMaxEntity));
  char* w = escape_bytes(out.data() + old, s.data(), s.data() + s.size());
  out.resize(static_cast<std::size_t>(w - out.data()));
}

/// Escapes `s` into `out` (a std::string or an Output) one plain run and one entity at a time.
template <class Sink>
void escape_by_runs(Sink& out, std::string_view s) {
  std::size_t start = 0;
  for (std::size_t i = find_special(s, 0); i < s.size(); i = find_special(s, start)) {
    out.append(s.substr(start, i - start));
    const Entity& e = kEntities[class_of(s[i])];
    out.append(std::string_view(e.text, e.size));
    start = i + 1;
  }
  out.append(s.substr(start));
}

/// Longest text escaped in place into an Output (which reserves the worst case for it).
constexpr std::size_t kInPlaceLimit = 4096;

/// The offset of the first byte to escape among the `n` (at most 16) bytes at `p`, or n.
/// Reads only those bytes: two overlapping loads cover them (never a wide load of bytes just
/// stored, which the CPU cannot forward and would stall on).
std::size_t find_special_short(const char* p, std::size_t n) {
#if defined(__SSE2__)
  if (n >= 8) {
    std::uint64_t lo, hi;
    std::memcpy(&lo, p, 8);
    std::memcpy(&hi, p + n - 8, 8);
    const unsigned mask = special_mask(_mm_set_epi64x(static_cast<long long>(hi),
                                                      static_cast<long long>(lo)));
    if (mask == 0) return n;
    const unsigned first = static_cast<unsigned>(__builtin_ctz(mask));
    return first < 8 ? first : n - 16 + first;  // bit 8 + k is byte n - 8 + k
  }
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    const unsigned mask = special_mask(_mm_set_epi32(0, 0, static_cast<int>(hi), static_cast<int>(lo)));
    if (mask == 0) return n;
    const unsigned first = static_cast<unsigned>(__builtin_ctz(mask));
    return first < 4 ? first : n - 8 + first;  // bit 4 + k is byte n - 4 + k
  }
#endif
  return find_special(std::string_view(p, n), 0);
}

/// Escapes `s` at the end of `out`, in place when short enough.
void escape_into(Output& out, std::string_view s) {
  if (s.size() > kInPlaceLimit) {
    escape_by_runs(out, s);
    return;
  }
  out.reserve(kMaxEntity * s.size());  // an entity's 8-byte write ends within the slack
  out.set_end(escape_bytes(out.end(), s.data(), s.data() + s.size()));
}

}  // namespace

void append_escaped(Output& out, std::string_view s) {
  if (s.size() <= 16) {
    // Short text (most values): checked, then copied whole up to its first special byte.
    out.reserve(s.size());
    char* w = out.end();
    const std::size_t first = find_special_short(s.data(), s.size());
    Output::copy(w, s.data(), s.size());
    out.set_end(w + first);
    if (first != s.size()) escape_into(out, s.substr(first));
    return;
  }
#if defined(__SSE2__)
  if (s.size() <= kInPlaceLimit) {
    // One pass: plain 16-byte windows are copied as they are scanned; from the first special
    // byte on, the rest is escaped byte by byte in place (room for the worst case reserved).
    out.reserve(kMaxEntity * s.size());
    char* w = out.end();
    const char* p = s.data();
    const char* const end = p + s.size();
    bool special = false;
    for (; end - p >= 16; p += 16, w += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), x);
      if (const unsigned mask = special_mask(x); mask != 0) {
        const auto at = static_cast<std::size_t>(__builtin_ctz(mask));
        p += at;
        w += at;
        special = true;
        break;
      }
    }
    if (!special && p != end) {  // a tail with no window of its own: its bits from the last 16
      const auto left = static_cast<unsigned>(end - p);
      const unsigned mask =
          special_mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16))) >> (16 - left);
      const unsigned plain = mask == 0 ? left : static_cast<unsigned>(__builtin_ctz(mask));
      Output::copy(w, p, plain);
      p += plain;
      w += plain;
    }
    out.set_end(escape_bytes(w, p, end));
    return;
  }
#endif
  const std::size_t first = find_special(s, 0);
  out.append(s.substr(0, first));
  if (first != s.size()) escape_into(out, s.substr(first));
}

void append_escaped(std::string& out, std::string_view s) {
  const std::size_t first = find_special(s, 0);
  if (first == s.size()) {  // the common case: nothing to escape
    out.append(s);
    return;
  }
  out.append(s.data(), first);
  s.remove_prefix(first);
  // Writing in place needs room for the worst case; never grow the output for it.
  const std::size_t worst = kMaxEntity * s.size() + sizeof(Entity::text);
  if (out.capacity() - out.size() >= worst) {
    escape_in_place(out, s);
  } else {
    escape_by_runs(out, s);
  }
}

}  // namespace corio::view::detail
