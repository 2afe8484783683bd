#include <array>
#include <bit>
#include <cmath>
#include <corio/core/detail/msgpack_js.hpp>
#include <corio/core/msgpack.hpp>
#include <cstdint>
#include <stdexcept>

namespace corio::msgpack {
namespace {

class MsgpackCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "corio.msgpack"; }
  std::string message(int ev) const override {
    static constexpr std::array<const char*, 5> kMessages = {
        "msgpack value cut short", "bytes after the msgpack value", "msgpack nested too deep",
        "reserved msgpack type byte", "malformed msgpack timestamp"};
    if (ev < 1 || ev > static_cast<int>(kMessages.size())) return "unknown msgpack error";
    return kMessages[static_cast<std::size_t>(ev - 1)];
  }
};

// ---- encoding -------------------------------------------------------------------------------

constexpr double kTwo64 = 18446744073709551616.0;
constexpr double kTwo63 = 9223372036854775808.0;

/// Appends `tag` then the low `width` bytes of `v`, big-endian.
void put(std::string& out, unsigned char tag, std::uint64_t v, int width) {
  char buf[9];
  buf[0] = static_cast<char>(tag);
  for (int i = width; i > 0; --i, v >>= 8) buf[i] = static_cast<char>(v & 0xff);
  out.append(buf, static_cast<std::size_t>(width) + 1);
}

/// A length in the 8-, 16- or 32-bit form of `tag8` (tag8 + 1 is 16-bit, tag8 + 2 32-bit).
void put_length(std::string& out, unsigned char tag8, std::size_t n) {
  if (n < 0x100) return put(out, tag8, n, 1);
  if (n < 0x10000) return put(out, tag8 + 1, n, 2);
  if (n <= 0xffffffff) return put(out, tag8 + 2, n, 4);
  throw std::length_error("msgpack: value too large");
}

/// A count with a fix form below `fix_limit` (`fix_tag | n`), else the 16- or 32-bit form.
void put_count(std::string& out, unsigned char fix_tag, std::size_t fix_limit, unsigned char tag16,
               std::size_t n) {
  if (n < fix_limit) return out.push_back(static_cast<char>(fix_tag | n));
  if (n < 0x10000) return put(out, tag16, n, 2);
  if (n <= 0xffffffff) return put(out, tag16 + 1, n, 4);
  throw std::length_error("msgpack: value too large");
}

void put_string(std::string& out, std::string_view s) {
  if (s.size() < 0x20) {
    out.push_back(static_cast<char>(0xa0 | s.size()));
  } else {
    put_length(out, 0xd9, s.size());
  }
  out.append(s);
}

// notepack never uses the signed forms for n >= 0, nor the unsigned ones for n < 0.
void put_unsigned(std::string& out, std::uint64_t n) {
  if (n < 0x80) return out.push_back(static_cast<char>(n));
  if (n < 0x100) return put(out, 0xcc, n, 1);
  if (n < 0x10000) return put(out, 0xcd, n, 2);
  if (n < 0x100000000) return put(out, 0xce, n, 4);
  put(out, 0xcf, n, 8);
}

void put_negative(std::string& out, std::int64_t n) {
  const auto bits = static_cast<std::uint64_t>(n);
  if (n >= -0x20) return out.push_back(static_cast<char>(bits));
  if (n >= -0x80) return put(out, 0xd0, bits, 1);
  if (n >= -0x8000) return put(out, 0xd1, bits, 2);
  if (n >= -0x80000000LL) return put(out, 0xd2, bits, 4);
  put(out, 0xd3, bits, 8);
}

// An integral double as notepack writes it: beyond 64 bits it keeps the value modulo 2^64
// (its `>> 0` / `>>> 0` arithmetic), still tagged cf / d3.
void put_integral_double(std::string& out, double d) {
  if (d >= 0) {
    if (d < kTwo64) return put_unsigned(out, static_cast<std::uint64_t>(d));
    return put(out, 0xcf, static_cast<std::uint64_t>(std::fmod(d, kTwo64)), 8);
  }
  if (d >= -kTwo63) return put_negative(out, static_cast<std::int64_t>(d));
  const double r = std::fmod(d, kTwo64);  // in (-2^64, 0], exact
  put(out, 0xd3, std::uint64_t{0} - static_cast<std::uint64_t>(-r), 8);
}

void put_double(std::string& out, double d) {
  if (std::isfinite(d) && std::floor(d) == d) return put_integral_double(out, d);
  // V8 writes the one NaN it has, 7ff8000000000000.
  put(out, 0xcb, std::isnan(d) ? 0x7ff8000000000000 : std::bit_cast<std::uint64_t>(d), 8);
}

void put_value(std::string& out, const json& v);

void put_array(std::string& out, const json::array_t& a) {
  put_count(out, 0x90, 0x10, 0xdc, a.size());
  for (const json& e : a) put_value(out, e);
}

void put_object(std::string& out, const json::object_t& o) {
  std::size_t n = 0;  // discarded members stand for `undefined`, which notepack skips
  for (const auto& member : o) n += member.second.is_discarded() ? 0 : 1;
  put_count(out, 0x80, 0x10, 0xde, n);
  for (const auto& [key, value] : o) {
    if (value.is_discarded()) continue;
    put_string(out, key);
    put_value(out, value);
  }
}

void put_value(std::string& out, const json& v) {
  switch (v.type()) {
    case json::value_t::string:
      return put_string(out, *v.get_ptr<const json::string_t*>());
    case json::value_t::number_unsigned:
      return put_unsigned(out, *v.get_ptr<const json::number_unsigned_t*>());
    case json::value_t::number_integer: {
      const std::int64_t n = *v.get_ptr<const json::number_integer_t*>();
      return n >= 0 ? put_unsigned(out, static_cast<std::uint64_t>(n)) : put_negative(out, n);
    }
    case json::value_t::number_float:
      return put_double(out, *v.get_ptr<const json::number_float_t*>());
    case json::value_t::object:
      return put_object(out, *v.get_ptr<const json::object_t*>());
    case json::value_t::array:
      return put_array(out, *v.get_ptr<const json::array_t*>());
    case json::value_t::boolean:
      return out.push_back(*v.get_ptr<const json::boolean_t*>() ? '\xc3' : '\xc2');
    case json::value_t::binary: {
      const json::binary_t& b = *v.get_ptr<const json::binary_t*>();
      put_length(out, 0xc4, b.size());
      return void(out.append(reinterpret_cast<const char*>(b.data()), b.size()));
    }
    case json::value_t::null:
    case json::value_t::discarded:
      return out.push_back('\xc0');
  }
}

}  // namespace

const std::error_category& msgpack_category() noexcept {
  static const MsgpackCategory category;
  return category;
}

void encode(const json& value, std::string& out) { put_value(out, value); }

std::string encode(const json& value) {
  std::string out;
  put_value(out, value);
  return out;
}

}  // namespace corio::msgpack
