// The msgpack decoder: every form notepack.io 2.x/3.x sends, turned into the json a JS peer
// would see after JSON.stringify (see msgpack.hpp). Lengths are checked against the bytes left
// before anything is allocated, and nesting is bounded by DecodeLimits::max_depth.
#include <array>
#include <bit>
#include <cmath>
#include <corio/core/detail/msgpack_js.hpp>
#include <corio/core/msgpack.hpp>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace corio::msgpack {
namespace {

constexpr msgpack_errc kOk{};
constexpr double kTwo32 = 4294967296.0;
constexpr double kMaxTimeMs = 8.64e15;       // ECMAScript's TimeClip bound
constexpr std::size_t kIndexedMapSize = 16;  // bigger maps find duplicate keys by hashing

enum class Kind : std::uint8_t { bin, ext, f32, f64, uint, sint, fixext, str, array, map };

struct Form {
  Kind kind;
  std::uint8_t width;  // bytes of the length/value field (fixext: of the data)
};

// The type bytes 0xc4..0xdf.
constexpr std::array<Form, 28> kForms = {{
    {Kind::bin, 1},     {Kind::bin, 2},    {Kind::bin, 4},    {Kind::ext, 1},    {Kind::ext, 2},
    {Kind::ext, 4},     {Kind::f32, 4},    {Kind::f64, 8},    {Kind::uint, 1},   {Kind::uint, 2},
    {Kind::uint, 4},    {Kind::uint, 8},   {Kind::sint, 1},   {Kind::sint, 2},   {Kind::sint, 4},
    {Kind::sint, 8},    {Kind::fixext, 1}, {Kind::fixext, 2}, {Kind::fixext, 4}, {Kind::fixext, 8},
    {Kind::fixext, 16}, {Kind::str, 1},    {Kind::str, 2},    {Kind::str, 4},    {Kind::array, 2},
    {Kind::array, 4},   {Kind::map, 2},    {Kind::map, 4},
}};

std::uint64_t be(const unsigned char* p, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) v = v << 8 | p[i];
  return v;
}

/// `new Date(ms)` as JSON sees it: the toISOString() text, or null for an invalid date.
void set_date(double ms, json& out) {
  if (!(std::fabs(ms) <= kMaxTimeMs)) return void(out = nullptr);  // NaN too
  out = json::string_t();
  detail::append_iso_date(std::trunc(ms), *out.get_ptr<json::string_t*>());
}

/// Appends `String(v)` as a JS object key; `joined` = v is an element of Array#join.
void append_js_key(const json& v, bool joined, std::string& out) {
  switch (v.type()) {
    case json::value_t::string:
      return void(out += *v.get_ptr<const json::string_t*>());
    case json::value_t::number_unsigned:
    case json::value_t::number_integer:
    case json::value_t::number_float:
      return detail::append_js_number(v.get<double>(), out);
    case json::value_t::boolean:
      return void(out += v.get<bool>() ? "true" : "false");
    case json::value_t::null:
      return void(out += joined ? "" : "null");
    case json::value_t::discarded:
      return void(out += joined ? "" : "undefined");
    case json::value_t::object:
      return void(out += "[object Object]");
    case json::value_t::binary: {  // Buffer#toString()
      const json::binary_t& b = *v.get_ptr<const json::binary_t*>();
      return detail::append_utf8_replacing({reinterpret_cast<const char*>(b.data()), b.size()},
                                           out);
    }
    case json::value_t::array:
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i != 0) out += ',';
        append_js_key(v[i], true, out);
      }
      return;
  }
}

/// Drops the members whose value stands for `undefined` (notepack-2 `d4 00 00`).
void drop_undefined(json::object_t& obj) {
  json::object_t kept;
  for (auto& member : obj) {
    if (!member.second.is_discarded()) kept.emplace_back(member.first, std::move(member.second));
  }
  obj = std::move(kept);
}

// Out of line, so that their temporaries stay out of the frames of the recursion.
[[gnu::noinline]] json::array_t& make_array(json& out, std::size_t reserve) {
  out = json::array();
  auto& arr = *out.get_ptr<json::array_t*>();
  arr.reserve(reserve);
  return arr;
}

[[gnu::noinline]] json& append(json::array_t& arr) { return arr.emplace_back(); }

[[gnu::noinline]] void set_null(json& v) { v = nullptr; }

[[gnu::noinline]] json::object_t& make_object(json& out, std::size_t reserve) {
  out = json::object();
  auto& obj = *out.get_ptr<json::object_t*>();
  obj.reserve(reserve);
  return obj;
}

using KeyIndex = std::unordered_map<std::string, std::size_t>;  // key -> place, in big maps

/// The member `key` of `obj`, added (null) unless there: a duplicate key keeps its first place
/// and takes the last value, as in a JS object. `key` may be moved from.
[[gnu::noinline]] json& member(json::object_t& obj, KeyIndex* index, std::string& key) {
  if (index == nullptr) return obj.emplace(std::move(key), json()).first->second;
  const auto [it, added] = index->try_emplace(key, obj.size());
  if (added) return obj.emplace_back(std::move(key), json()).second;
  return (obj.begin() + static_cast<std::ptrdiff_t>(it->second))->second;
}

class Reader {
 public:
  Reader(std::string_view bytes, std::size_t max_depth)
      : p_(reinterpret_cast<const unsigned char*>(bytes.data())),
        end_(p_ + bytes.size()),
        max_depth_(max_depth),
        reserve_budget_(bytes.size()) {}

  bool done() const { return p_ == end_; }

  /// Reads one value into `out` (discarded for `undefined`); `depth` containers enclose it.
  msgpack_errc value(json& out, std::size_t depth) {
    if (p_ == end_) return msgpack_errc::truncated;
    const unsigned char b = *p_;
    std::uint64_t n = b & 0x0f;
    if (b >= 0x80 && b < 0xa0) return ++p_, b < 0x90 ? map(n, out, depth) : array(n, out, depth);
    if (b < 0xdc || b > 0xdf) return leaf(out);
    ++p_;
    if (!read(b & 1 ? 4 : 2, n)) return msgpack_errc::truncated;
    return b < 0xde ? array(n, out, depth) : map(n, out, depth);
  }

 private:
  std::size_t left() const { return static_cast<std::size_t>(end_ - p_); }

  bool read(int width, std::uint64_t& v) {
    if (left() < static_cast<std::size_t>(width)) return false;
    v = be(p_, width);
    p_ += width;
    return true;
  }

  // Everything but arrays and maps, kept out of line: the temporaries of these assignments
  // would otherwise grow every frame of the value/array/map recursion (by kilobytes under ASan).
  [[gnu::noinline]] msgpack_errc leaf(json& out) {
    const unsigned char b = *p_++;
    if (b < 0x80) return out = std::uint64_t{b}, kOk;
    if (b < 0xc0) return string(b & 0x1f, out);
    if (b >= 0xe0) return out = std::int64_t{static_cast<std::int8_t>(b)}, kOk;
    if (b == 0xc0) return out = nullptr, kOk;
    if (b == 0xc1) return msgpack_errc::bad_type;
    if (b == 0xc2 || b == 0xc3) return out = (b == 0xc3), kOk;
    return sized(kForms[b - 0xc4], out);
  }

  msgpack_errc sized(Form f, json& out) {
    std::uint64_t n = 0;
    if (!read(f.kind == Kind::fixext ? 1 : f.width, n)) return msgpack_errc::truncated;
    const int shift = 64 - 8 * f.width;
    switch (f.kind) {
      case Kind::uint:
        return out = n, kOk;
      case Kind::sint:
        return out = static_cast<std::int64_t>(n << shift) >> shift, kOk;
      case Kind::f32:
        return out = double{std::bit_cast<float>(static_cast<std::uint32_t>(n))}, kOk;
      case Kind::f64:
        return out = std::bit_cast<double>(n), kOk;
      case Kind::str:
        return string(n, out);
      case Kind::bin:
        return binary(n, out);
      case Kind::array:
      case Kind::map:
        break;  // read by value()
      case Kind::fixext:
        return ext(static_cast<std::int8_t>(n), f.width, 0, out);
      case Kind::ext: {
        std::uint64_t type = 0;
        if (!read(1, type)) return msgpack_errc::truncated;
        return ext(static_cast<std::int8_t>(type), n, f.width, out);
      }
    }
    return msgpack_errc::bad_type;
  }

  bool text(std::uint64_t n, std::string& s) {
    if (n > left()) return false;
    detail::append_utf8_replacing({reinterpret_cast<const char*>(p_), n}, s);
    p_ += n;
    return true;
  }

  msgpack_errc string(std::uint64_t n, json& out) {
    out = json::string_t();
    return text(n, *out.get_ptr<json::string_t*>()) ? kOk : msgpack_errc::truncated;
  }

  msgpack_errc binary(std::uint64_t n, json& out) {
    if (n > left()) return msgpack_errc::truncated;
    out = json::binary_t(json::binary_t::container_type(p_, p_ + n));
    p_ += n;
    return kOk;
  }

  // notepack's ext rules; `length_width` is 0 for fixext, else 1/2/4 for ext 8/16/32.
  msgpack_errc ext(std::int8_t type, std::uint64_t n, int length_width, json& out) {
    if (n > left()) return msgpack_errc::truncated;
    const unsigned char* d = p_;
    if (length_width == 0 && type == 0 && n == 1) {  // notepack 2's `undefined`
      p_ += n;
      return out = json(json::value_t::discarded), kOk;
    }
    if (length_width != 0 && type == 0) return binary(n, out);  // notepack 2's ArrayBuffer
    const bool timestamp = type == -1 && (length_width == 0 ? n == 4 || n == 8 : length_width == 1);
    const bool old_date = length_width == 0 && type == 0 && n == 8;  // notepack 2's Date
    if (!timestamp && !old_date) {
      out = json::array({json(std::int64_t{type}), json()});
      return binary(n, out[1]);
    }
    if (length_width == 1 && n != 12) return msgpack_errc::bad_timestamp;  // notepack reads 12
    p_ += n;
    // w0 is: ms high word (old Date), seconds (ts32), ns << 2 | seconds' top 2 bits (ts64), ns
    // (ts96). The same double arithmetic as notepack's decoder, so rounding agrees.
    const auto w0 = static_cast<std::uint32_t>(be(d, 4));
    if (old_date) return set_date(static_cast<std::int32_t>(w0) * kTwo32 + be(d + 4, 4), out), kOk;
    if (n == 4) return set_date(w0 * 1e3, out), kOk;
    if (n == 8) {
      const double s = (w0 & 0x3) * kTwo32 + static_cast<double>(be(d + 4, 4));
      return set_date(s * 1e3 + (w0 >> 2) / 1e6, out), kOk;
    }
    const double s = static_cast<std::int32_t>(be(d + 4, 4)) * kTwo32 + be(d + 8, 4);
    return set_date(s * 1e3 + w0 / 1e6, out), kOk;
  }

  /// How many elements to reserve for a container of `n`: all reservations together stay
  /// within the input size.
  std::size_t reserving(std::uint64_t n) {
    if (n > reserve_budget_) return 0;
    reserve_budget_ -= n;
    return n;
  }

  msgpack_errc array(std::uint64_t n, json& out, std::size_t depth) {
    if (depth >= max_depth_) return msgpack_errc::too_deep;
    if (n > left()) return msgpack_errc::truncated;  // each element takes a byte at least
    json::array_t& arr = make_array(out, reserving(n));
    for (std::uint64_t i = 0; i < n; ++i) {
      json& element = append(arr);
      if (auto e = value(element, depth + 1); e != kOk) return e;
      if (element.is_discarded()) set_null(element);
    }
    return kOk;
  }

  msgpack_errc key(std::string& key, std::size_t depth) {
    if (p_ == end_) return msgpack_errc::truncated;
    const unsigned char b = *p_;
    if (b >= 0xa0 && b < 0xc0) return ++p_, text(b & 0x1f, key) ? kOk : msgpack_errc::truncated;
    std::uint64_t n = 0;
    if (b >= 0xd9 && b <= 0xdb) {
      ++p_;
      const bool ok = read(1 << (b - 0xd9), n) && text(n, key);
      return ok ? kOk : msgpack_errc::truncated;
    }
    json k;  // any other value: the property key JS makes of it
    if (auto e = value(k, depth); e != kOk) return e;
    append_js_key(k, false, key);
    return kOk;
  }

  msgpack_errc map(std::uint64_t n, json& out, std::size_t depth) {
    if (depth >= max_depth_) return msgpack_errc::too_deep;
    if (n > left() / 2) return msgpack_errc::truncated;  // a pair takes two bytes at least
    json::object_t& obj = make_object(out, reserving(n));
    std::unique_ptr<KeyIndex> index;
    if (n > kIndexedMapSize) index = std::make_unique<KeyIndex>();
    bool undefined_seen = false;
    std::string k;
    for (std::uint64_t i = 0; i < n; ++i) {
      k.clear();
      if (auto e = key(k, depth + 1); e != kOk) return e;
      json& slot = member(obj, index.get(), k);
      if (auto e = value(slot, depth + 1); e != kOk) return e;
      undefined_seen = undefined_seen || slot.is_discarded();
    }
    if (undefined_seen) drop_undefined(obj);
    return kOk;
  }

  const unsigned char* p_;
  const unsigned char* end_;
  std::size_t max_depth_;
  std::uint64_t reserve_budget_;
};

}  // namespace

std::error_code decode(std::string_view bytes, json& out, const DecodeLimits& limits) {
  Reader reader(bytes, limits.max_depth);
  if (auto e = reader.value(out, 0); e != kOk) return e;
  if (out.is_discarded()) out = nullptr;  // a lone `undefined`
  if (!reader.done()) return msgpack_errc::trailing_bytes;
  return {};
}

}  // namespace corio::msgpack
