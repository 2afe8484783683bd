#include <gtest/gtest.h>
#include <pthread.h>

#include <cmath>
#include <corio/core/msgpack.hpp>
#include <limits>
#include <string>

#include "core/msgpack_test_util.hpp"

using corio::json;
using namespace corio::msgpack;
using corio::test::from_hex;
using corio::test::hex;

namespace {

// Hex of a fixstr, for spelling the golden messages.
std::string s(std::string_view text) {
  return hex(std::string(1, static_cast<char>(0xa0 | text.size())) + std::string(text));
}

json decoded(std::string_view hex_bytes) {
  json v;
  const std::error_code ec = decode(from_hex(hex_bytes), v);
  EXPECT_FALSE(ec) << hex_bytes << ": " << ec.message();
  return v;
}

std::error_code decode_error(std::string_view bytes, const DecodeLimits& limits = {}) {
  json v;
  return decode(bytes, v, limits);
}

json opts(json rooms, json except, json flags) {
  json o = json::object();
  o["rooms"] = std::move(rooms);
  o["except"] = std::move(except);
  o["flags"] = std::move(flags);
  return o;
}

json packet(json data) {
  json p = json::object();
  p["type"] = 2;
  p["data"] = std::move(data);
  p["nsp"] = "/";
  return p;
}

}  // namespace

TEST(msgpack, encodes_a_room_broadcast_as_notepack_does) {
  const json message = json::array({"ABCDEF", packet(json::array({"hello", "world"})),
                                    opts(json::array({"room1"}), json::array(), json::object())});
  EXPECT_EQ(hex(encode(message)), "93" + s("ABCDEF") + "83" + s("type") + "02" + s("data") + "92" +
                                      s("hello") + s("world") + s("nsp") + s("/") + "83" +
                                      s("rooms") + "91" + s("room1") + s("except") + "90" +
                                      s("flags") + "80");
}

TEST(msgpack, encodes_a_binary_volatile_broadcast_with_except_as_notepack_does) {
  const json message =
      json::array({"ABCDEF", packet(json::array({"bin", json::binary({0xde, 0xad})})),
                   opts(json::array(), json::array({"sidX"}), json{{"volatile", true}})});
  EXPECT_EQ(hex(encode(message)),
            "93a6414243444546"
            "83a474797065"
            "02a46461746192a362696ec402dead"
            "a36e7370a12f"
            "83a5726f6f6d7390a6657863657074"
            "91a473696458a5666c61677381a8766f6c6174696c65c3");
}

TEST(msgpack, encodes_the_observed_io_emit_arguments_as_notepack_does) {
  json a = json::object();
  a["a"] = 1;
  a["u"] = json(json::value_t::discarded);  // stands for undefined: dropped, as notepack does
  const json data =
      json::array({"hello", "world", 1, 1.5, -3, true, nullptr, a, json::binary({1, 2, 3})});
  const json message =
      json::array({"ABCDEF", packet(data), opts(json::array(), json::array(), json::object())});
  EXPECT_EQ(hex(encode(message)),
            "93" + s("ABCDEF") + "83" + s("type") + "02" + s("data") + "99" + s("hello") +
                s("world") + "01cb3ff8000000000000fdc3c081a16101c403010203" + s("nsp") + s("/") +
                "83" + s("rooms") + "90" + s("except") + "90" + s("flags") + "80");
}

TEST(msgpack, encodes_the_observed_broadcast_request_and_ack_reply) {
  json request = json::object();
  request["uid"] = "RMUpBJ";
  request["requestId"] = "xqH25J";
  request["type"] = 7;
  request["packet"] = packet(json::array({"withack", 7}));
  request["opts"] = opts(json::array(), json::array(), json{{"timeout", 1000}});
  EXPECT_EQ(hex(encode(request)), "85" + s("uid") + s("RMUpBJ") + s("requestId") + s("xqH25J") +
                                      s("type") + "07" + s("packet") + "83" + s("type") + "02" +
                                      s("data") + "92" + s("withack") + "07" + s("nsp") + s("/") +
                                      s("opts") + "83" + s("rooms") + "90" + s("except") + "90" +
                                      s("flags") + "81" + s("timeout") + "cd03e8");
  const json reply = {{"type", 9}, {"requestId", "xqH25J"}, {"packet", "cB-reply:7"}};
  EXPECT_EQ(hex(encode(reply)),
            "83" + s("type") + "09" + s("requestId") + s("xqH25J") + s("packet") + s("cB-reply:7"));
}

TEST(msgpack, encodes_integral_doubles_as_integers_and_others_as_float64) {
  EXPECT_EQ(hex(encode(json(-0.0))), "00");
  EXPECT_EQ(hex(encode(json(2.0))), "02");
  EXPECT_EQ(hex(encode(json(-33.0))), "d0df");
  EXPECT_EQ(hex(encode(json(0.1))), "cb3fb999999999999a");
  EXPECT_EQ(hex(encode(json(std::nan("")))), "cb7ff8000000000000");
  EXPECT_EQ(hex(encode(json(-std::numeric_limits<double>::infinity()))), "cbfff0000000000000");
  EXPECT_EQ(hex(encode(json(std::ldexp(1.0, 64)))), "cf0000000000000000");  // notepack wraps
  EXPECT_EQ(hex(encode(json(-std::ldexp(1.0, 40)))), "d3ffffff0000000000");
}

TEST(msgpack, encodes_64_bit_integers_exactly) {
  EXPECT_EQ(hex(encode(json(std::numeric_limits<std::uint64_t>::max()))), "cfffffffffffffffff");
  EXPECT_EQ(hex(encode(json(std::numeric_limits<std::int64_t>::min()))), "d38000000000000000");
  EXPECT_EQ(hex(encode(json(std::int64_t{5}))), "05");
}

TEST(msgpack, appends_to_what_the_string_holds) {
  std::string out = "x";
  encode(json(true), out);
  EXPECT_EQ(out, "x\xc3");
}

TEST(msgpack, decodes_timestamps_to_iso_strings) {
  EXPECT_EQ(decoded("d6ff6553f100"), "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(decoded("d7ff1d5353006553f100"), "2023-11-14T22:13:20.123Z");  // 123 ms in ns
  EXPECT_EQ(decoded("c70cff00000000ffffffffffffffff"), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(decoded("d7000000000000000000"), "1970-01-01T00:00:00.000Z");  // notepack 2 Date
  EXPECT_EQ(decoded("d700ffffffffffffffff"), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(decoded("d7000020000000000000"), nullptr);  // beyond 8.64e15 ms: Invalid Date
}

TEST(msgpack, drops_notepack2_undefined_from_maps_and_nulls_it_elsewhere) {
  EXPECT_EQ(decoded("82a161d40000a16201"), json({{"b", 1}}));
  EXPECT_EQ(decoded("92d4000001"), json::array({nullptr, 1}));
  EXPECT_EQ(decoded("d40000"), nullptr);
}

TEST(msgpack, decodes_other_extensions_as_type_and_binary) {
  EXPECT_EQ(decoded("d40501"), json::array({5, json::binary({1})}));
  EXPECT_EQ(decoded("c80002ffaabb"), json::array({-1, json::binary({0xaa, 0xbb})}));
  EXPECT_EQ(decoded("c70300010203"), json::binary({1, 2, 3}));  // notepack 2 ArrayBuffer
}

TEST(msgpack, keeps_uint64_above_2_to_the_63_exact) {
  const json v = decoded("cfffffffffffffffff");
  ASSERT_TRUE(v.is_number_unsigned());
  EXPECT_EQ(v.get<std::uint64_t>(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(decoded("d38000000000000000").get<std::int64_t>(),
            std::numeric_limits<std::int64_t>::min());
}

TEST(msgpack, turns_non_string_keys_into_the_strings_js_uses) {
  EXPECT_EQ(decoded("8101a161"), json({{"1", "a"}}));
  EXPECT_EQ(decoded("81cb3ff8000000000000a161"), json({{"1.5", "a"}}));
  EXPECT_EQ(decoded("81cfffffffffffffffff01"), json({{"18446744073709552000", 1}}));
  EXPECT_EQ(decoded("81920102c0"), json({{"1,2", nullptr}}));
  EXPECT_EQ(decoded("818001"), json({{"[object Object]", 1}}));
  EXPECT_EQ(decoded("81d4000001"), json({{"undefined", 1}}));
}

TEST(msgpack, keeps_the_first_place_and_last_value_of_a_duplicate_key) {
  EXPECT_EQ(decoded("83a16101a16202a16103").dump(), R"({"a":3,"b":2})");
}

TEST(msgpack, replaces_invalid_utf8_as_node_does) {
  EXPECT_EQ(decoded("a3eda080"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(decoded("a4f09f9841"),
            "\xEF\xBF\xBD"
            "A");
}

TEST(msgpack, rejects_every_truncation_of_a_message) {
  const json data = json::array({"chat", 1.5, -70000, json::binary({1, 2}), json{{"k", "v"}}});
  const std::string message = encode(json::array({"x", packet(data)}));
  const std::string extensions =
      from_hex("93d7ff1d5353006553f100d40501c70cff00000000ffffffffffffffff");
  for (const std::string& whole : {message, extensions}) {
    for (std::size_t n = 0; n < whole.size(); ++n) {
      EXPECT_EQ(decode_error(whole.substr(0, n)), msgpack_errc::truncated) << n;
    }
    EXPECT_FALSE(decode_error(whole));
    EXPECT_EQ(decode_error(whole + '\xc0'), msgpack_errc::trailing_bytes);
  }
}

TEST(msgpack, rejects_declared_lengths_beyond_the_input_before_allocating) {
  EXPECT_EQ(decode_error(from_hex("dbffffffff41")), msgpack_errc::truncated);
  EXPECT_EQ(decode_error(from_hex("c6ffffffff41")), msgpack_errc::truncated);
  EXPECT_EQ(decode_error(from_hex("ddffffffff01")), msgpack_errc::truncated);
  EXPECT_EQ(decode_error(from_hex("dfffffffff0101")), msgpack_errc::truncated);
  EXPECT_EQ(decode_error(from_hex("c9ffffffff0541")), msgpack_errc::truncated);
}

TEST(msgpack, rejects_trailing_bytes_reserved_types_and_bad_timestamps) {
  EXPECT_EQ(decode_error(from_hex("c0c0")), msgpack_errc::trailing_bytes);
  EXPECT_EQ(decode_error(from_hex("c1")), msgpack_errc::bad_type);
  EXPECT_EQ(decode_error(from_hex("c704ff00000000")), msgpack_errc::bad_timestamp);
  EXPECT_EQ(std::error_code(msgpack_errc::too_deep).message(), "msgpack nested too deep");
}

TEST(msgpack, accepts_nesting_up_to_the_limit) {
  const auto arrays = [](std::size_t n) { return std::string(n, '\x91').append("\x01"); };
  EXPECT_FALSE(decode_error(arrays(128)));
  EXPECT_EQ(decode_error(arrays(129)), msgpack_errc::too_deep);
  EXPECT_EQ(decode_error(std::string(3, '\x81') + "\xa1k", {.max_depth = 2}),
            msgpack_errc::too_deep);
}

namespace {

void* decode_deep_nesting(void* result) {
  // Arrays and maps (and maps as keys) 100k deep.
  for (const char* unit : {"\x91", "\x81\xa1k", "\x81"}) {
    std::string bytes;
    for (int i = 0; i < 100'000; ++i) bytes += unit;
    *static_cast<bool*>(result) &= decode_error(bytes) == msgpack_errc::too_deep;
  }
  return nullptr;
}

}  // namespace

TEST(msgpack, rejects_nesting_100k_deep_within_a_256k_stack) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  bool ok = true;
  pthread_t thread;
  ASSERT_EQ(pthread_create(&thread, &attr, decode_deep_nesting, &ok), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  EXPECT_TRUE(ok);
}
