// Differential tests against the real notepack.io 3.0.1 (tests/core/notepack_fixtures.js): the
// same values must encode to the same bytes, and notepack's bytes must decode to what a JS peer
// sees. Values travel as "views" (JSON with markers for binaries, NaN/±Infinity/-0 and Dates).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <corio/core/msgpack.hpp>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/msgpack_test_util.hpp"
#include "support/node_script.hpp"

using corio::json;
using corio::test::from_hex;
using corio::test::hex;
namespace msgpack = corio::msgpack;

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);) parts.push_back(part);
  return parts;
}

bool is_safe_integer(const json& v) {
  constexpr std::uint64_t kMax = std::uint64_t{1} << 53;
  return v.is_number_unsigned() ? v.get<std::uint64_t>() <= kMax
                                : v.get<std::int64_t>() >= -static_cast<std::int64_t>(kMax);
}

/// Appends a member like `it`'s to `out` (keys are unique: no ordered_json lookup, which is
/// linear per key).
json& add(json& out, json::const_iterator it) {
  if (out.is_array()) return out.emplace_back();
  auto& members = *out.get_ptr<json::object_t*>();
  return members.emplace_back(it.key(), json()).second;
}

/// The json a view stands for; false when it holds a Date (no json encodes as a timestamp).
bool from_view(const json& view, json& out) {
  if (view.is_object() && view.size() == 1 && view.contains("$bin")) {
    const std::string b = from_hex(view["$bin"].get<std::string>());
    out = json::binary(std::vector<std::uint8_t>(b.begin(), b.end()));
  } else if (view.is_object() && view.size() == 1 && view.contains("$num")) {
    out = std::stod(view["$num"].get<std::string>());  // "NaN", "Infinity", "-0"
  } else if (view.is_object() && view.size() == 1 && view.contains("$date")) {
    return false;
  } else if (view.is_structured()) {
    out = view.is_array() ? json::array() : json::object();
    for (auto it = view.begin(); it != view.end(); ++it) {
      if (!from_view(it.value(), add(out, it))) return false;
    }
  } else if (view.is_number_integer() && !is_safe_integer(view)) {
    out = view.get<double>();  // JS printed a double: "9223372036854776000" is 2^63
  } else {
    out = view;
  }
  return true;
}

json to_view(const json& v) {
  if (v.is_binary())
    return {{"$bin",
             hex({reinterpret_cast<const char*>(v.get_binary().data()), v.get_binary().size()})}};
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isnan(d)) return {{"$num", "NaN"}};
    if (std::isinf(d)) return {{"$num", d < 0 ? "-Infinity" : "Infinity"}};
    if (d == 0 && std::signbit(d)) return {{"$num", "-0"}};
  }
  if (v.is_number_integer() && !is_safe_integer(v)) return v.get<double>();
  if (!v.is_structured()) return v;
  json out = v.is_array() ? json::array() : json::object();
  for (auto it = v.begin(); it != v.end(); ++it) add(out, it) = to_view(it.value());
  return out;
}

/// Runs notepack_fixtures.js `mode` over `lines` (hex, one per line); its output lines.
std::vector<std::string> run_fixtures(const std::string& mode,
                                      const std::vector<std::string>& lines) {
  char path[] = "/tmp/corio_msgpack_XXXXXX";
  const int fd = ::mkstemp(path);
  EXPECT_GE(fd, 0);
  ::close(fd);
  {
    std::ofstream file(path);
    for (const std::string& line : lines) file << line << '\n';
  }
  const corio::test::NodeRun run =
      corio::test::run_node_script("core/notepack_fixtures.js", {mode, path});
  std::remove(path);
  EXPECT_EQ(run.exit_code, 0) << run.output.substr(0, 2000);
  return split(run.output, '\n');
}

const std::vector<std::string>& table() {
  static const std::vector<std::string> lines =
      split(corio::test::run_node_script("core/notepack_fixtures.js", {"table"}).output, '\n');
  return lines;
}

/// The table's map_65536: {k0: 0, ..., k65535: 65535}.
json big_object() {
  json o = json::object();
  auto& members = *o.get_ptr<json::object_t*>();
  for (int i = 0; i < 65536; ++i) members.emplace_back("k" + std::to_string(i), i);
  return o;
}

#define REQUIRE_NODE() \
  if (!corio::test::have_node()) GTEST_SKIP() << "node is not installed"

}  // namespace

TEST(msgpack_notepack, encodes_every_table_value_as_notepack_does) {
  REQUIRE_NODE();
  ASSERT_GT(table().size(), 80u);
  for (const std::string& line : table()) {
    const std::vector<std::string> f = split(line, '\t');
    ASSERT_EQ(f.size(), 4u) << line.substr(0, 300);
    json value;
    if (f[0] == "map_65536") {
      value = big_object();
    } else if (!from_view(json::parse(f[2]), value)) {
      continue;  // a Date
    }
    EXPECT_EQ(hex(msgpack::encode(value)), f[1]) << f[0];
  }
}

TEST(msgpack_notepack, decodes_every_table_encoding_as_notepack_sees_it) {
  REQUIRE_NODE();
  for (const std::string& line : table()) {
    const std::vector<std::string> f = split(line, '\t');
    ASSERT_EQ(f.size(), 4u);
    json value;
    ASSERT_FALSE(msgpack::decode(from_hex(f[1]), value)) << f[0];
    if (f[0] == "map_65536") {
      EXPECT_EQ(value, big_object());
      continue;
    }
    EXPECT_EQ(to_view(value), json::parse(f[3])) << f[0];
  }
}

namespace {

// notepack-2 forms, extensions, every int/float/str/bin/array/map form, non-string keys and
// invalid UTF-8: what a JS peer sees of each.
std::vector<std::string> hand_made() {
  std::vector<std::string> cases = {
      "d40000",
      "d40007",
      "82a161d40000a16201",
      "92d4000001",
      "83a161d40000a16201a161d40000",
      "82a16101a161d40000",
      "d6ff6553f100",
      "d6ffffffffff",
      "d7ff1d5353006553f100",
      "d7fffffffffc00000000",
      "c70cff3b8b87c0ffffffffffffffff",
      "c70cff000f4240ffffffffffffffff",
      "c70cff000000007fffffffffffffff",
      "d7000000000000000000",
      "d700ffffffffffffffff",
      "d7000020000000000000",
      "d7000000018bcfe56800",
      "d40501",
      "d5050102",
      "d60a01020304",
      "d70b0102030405060708",
      "d80c000102030405060708090a0b0c0d0e0f",
      "c70307aabbcc",
      "c8000207aabb",
      "c90000000207aabb",
      "c80002ffaabb",
      "c90000000100ff",
      "c70300010203",
      "c70000",
      "d4ff01",
      "d5ff0102",
      "d8ff000102030405060708090a0b0c0d0e0f",
      "d6fe01020304",
      "ca3fc00000",
      "ca3dcccccd",
      "ca7fc00000",
      "ca80000000",
      "caff800000",
      "cb8000000000000000",
      "cf0000000000000001",
      "d3ffffffffffffffff",
      "cd0001",
      "d000",
      "d1ff80",
      "d2ffffff80",
      "ce00000001",
      "cc05",
      "d900",
      "da0000",
      "db00000000",
      "d903616263",
      "c50000",
      "c600000003010203",
      "dc0000",
      "dd00000001c0",
      "de0000",
      "df00000001a16101",
      "8101a161",
      "81cb3ff8000000000000a161",
      "81c001",
      "81c301",
      "81c201",
      "81920102c0",
      "818001",
      "81c402686901",
      "81cb44b52d02c7e14af601",
      "81cb3e7ad7f29abcaf4801",
      "81cb405edd2f1a9fbe7701",
      "81cb800000000000000001",
      "81cb7ff800000000000001",
      "81cbfff000000000000001",
      "81cfffffffffffffffff01",
      "81d4000001",
      "8192c0d4000001",
      "81d4050101",
      "81ff01",
      "81cb444b1ae4d6e2ef5001",
      "81cb4415af1d78b58c4001",
      "81cb3eb0c6f7a0b5ed8d01",
      "81cb01b01297d23ab68301",
      "81ca3dcccccd01",
      "8193010203c3",
      "820161a131a162",
      "81d6ff6553f100c0" /* a Date key: see below */,
      "a2c328",
      "a3eda080",
      "a4f09f9841",
      "a1ff",
      "a2e080",
      "a3f49080",
      "a2c0af",
      "a3e0a080",
      "a3efbfbf",
      "a4f48fbfbf",
      "a5e29c93e29c",
      "81a2c32801",
      "d925e29c93ff41e29c93e29c93e29c93e29c93e29c93e29c93e29c93e29c93e29c93e29c93e29c"};
  std::string big_map = "de0014";  // 20 pairs, keys k0..k9 twice: the hashed duplicate path
  for (int i = 0; i < 20; ++i) big_map += "a26b3" + std::to_string(i % 10) + hex(std::string(1, i));
  cases.push_back(big_map);
  return cases;
}

}  // namespace

TEST(msgpack_notepack, decodes_hand_made_forms_as_notepack_does) {
  REQUIRE_NODE();
  const std::vector<std::string> cases = hand_made();
  const std::vector<std::string> views = run_fixtures("decode", cases);
  ASSERT_EQ(views.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    json value;
    ASSERT_FALSE(msgpack::decode(from_hex(cases[i]), value)) << cases[i];
    // Date#toString() depends on the time zone; corio uses the ISO text for a Date key.
    if (cases[i].starts_with("81d6ff")) {
      EXPECT_EQ(value, json({{"2023-11-14T22:13:20.000Z", nullptr}}));
      continue;
    }
    EXPECT_EQ(to_view(json::array({value})), json::parse(views[i])) << cases[i];
  }
}

namespace {

/// Random json values that JS holds exactly: integers within ±2^53, doubles that are not
/// integral beyond 2^63, valid UTF-8, keys that are not array indices.
class RandomJson {
 public:
  explicit RandomJson(unsigned seed) : rng_(seed) {}

  json value(int depth) {
    switch (pick(depth < 4 ? 9 : 7)) {
      case 0:
        return nullptr;
      case 1:
        return pick(2) == 1;
      case 2:
        return integer();
      case 3:
        return real();
      case 4:
        return text(length());
      case 5:
        return binary();
      case 6:
        return text(pick(3));
      case 7:
        return array(depth);
      default:
        return object(depth);
    }
  }

 private:
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  json integer() {
    const auto magnitude = static_cast<std::int64_t>(rng_() >> (11 + pick(53)));
    return pick(2) == 0 ? json(magnitude) : json(-magnitude);
  }

  json real() {
    if (pick(4) == 0) return static_cast<double>(rng_() % 2000) / 8 - 125;
    double d = std::bit_cast<double>(static_cast<std::uint64_t>(rng_()));
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) > 9.2e18) d = 0.5;  // notepack wraps
    return d;
  }

  std::size_t length() {
    static constexpr std::size_t kEdges[] = {0, 31, 32, 255, 256, 65535, 65536};
    if (pick(40) == 0) return kEdges[pick(7)] + pick(3);
    return pick(40);
  }

  std::string text(std::size_t bytes) {
    static constexpr const char* kPieces[] = {
        "a", "Z", "~", "\x7f", "\xc3\xa9", "\xe2\x9c\x93", "\xf0\x9f\x98\x80", "\xef\xbf\xbd", " "};
    std::string s;
    while (s.size() < bytes) {
      const std::string piece = kPieces[pick(9)];
      s += s.size() + piece.size() <= bytes ? piece : "x";
    }
    return s;
  }

  json binary() {
    std::vector<std::uint8_t> b(length());
    for (auto& byte : b) byte = static_cast<std::uint8_t>(rng_());
    return json::binary(std::move(b));
  }

  json array(int depth) {
    json a = json::array();
    const std::size_t n = pick(8) == 0 ? 14 + pick(4) : pick(5);
    for (std::size_t i = 0; i < n; ++i) a.push_back(value(depth + 1));
    return a;
  }

  json object(int depth) {
    json o = json::object();
    const std::size_t n = pick(8) == 0 ? 14 + pick(4) : pick(5);
    for (std::size_t i = 0; i < n; ++i)
      o["k" + text(pick(4)) + std::to_string(i)] = value(depth + 1);
    return o;
  }

  std::mt19937_64 rng_;
};

}  // namespace

TEST(msgpack_notepack, random_values_survive_notepack_round_trips_byte_for_byte) {
  REQUIRE_NODE();
  RandomJson random(20261202);
  std::vector<std::string> encoded;
  for (int i = 0; i < 3000; ++i) {
    const std::string bytes = msgpack::encode(random.value(0));
    json back;
    ASSERT_FALSE(msgpack::decode(bytes, back));
    ASSERT_EQ(hex(msgpack::encode(back)), hex(bytes));
    encoded.push_back(hex(bytes));
  }
  const std::vector<std::string> recoded = run_fixtures("recode", encoded);
  ASSERT_EQ(recoded.size(), encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) EXPECT_EQ(recoded[i], encoded[i]) << i;
}
