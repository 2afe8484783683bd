#include <gtest/gtest.h>

#include <corio/ws/deflate.hpp>
#include <corio/ws/frame_decoder.hpp>
#include <random>

#include "ws/ws_test_util.hpp"

namespace corio::ws {
namespace {

using test::client_frame;
using test::Event;
using test::feed_all;
using test::Recorder;

const DeflateOptions on{.enabled = true};

std::string negotiated(std::string_view header, DeflateOptions options = on) {
  auto a = negotiate_deflate(header, options);
  return a ? a->response() : "<declined>";
}

TEST(ws_deflate_negotiation, accepts_a_plain_offer) {
  EXPECT_EQ(negotiated("permessage-deflate"), "permessage-deflate");
}

TEST(ws_deflate_negotiation, declines_when_disabled_or_not_offered) {
  EXPECT_EQ(negotiated("permessage-deflate", {}), "<declined>");
  EXPECT_EQ(negotiated("x-webkit-deflate-frame"), "<declined>");
  EXPECT_EQ(negotiated(""), "<declined>");
}

TEST(ws_deflate_negotiation, answers_a_browser_offer) {
  EXPECT_EQ(negotiated("permessage-deflate; client_max_window_bits"), "permessage-deflate");
}

TEST(ws_deflate_negotiation, echoes_requested_server_parameters) {
  EXPECT_EQ(negotiated("permessage-deflate; server_no_context_takeover; server_max_window_bits=10"),
            "permessage-deflate; server_no_context_takeover; server_max_window_bits=10");
}

TEST(ws_deflate_negotiation, applies_server_preferences) {
  DeflateOptions o{.enabled = true,
                   .client_no_context_takeover = true,
                   .server_max_window_bits = 12,
                   .client_max_window_bits = 11};
  EXPECT_EQ(negotiated("permessage-deflate; client_max_window_bits=\"13\"", o),
            "permessage-deflate; client_no_context_takeover; server_max_window_bits=12; "
            "client_max_window_bits=11");
}

TEST(ws_deflate_negotiation, never_names_client_window_bits_unless_offered) {
  DeflateOptions o{.enabled = true, .client_max_window_bits = 10};
  EXPECT_EQ(negotiated("permessage-deflate", o), "permessage-deflate");
}

TEST(ws_deflate_negotiation, skips_invalid_offers_for_the_next_one) {
  EXPECT_EQ(negotiated("permessage-deflate; server_max_window_bits=16, "
                       "permessage-deflate; server_max_window_bits=9"),
            "permessage-deflate; server_max_window_bits=9");
}

TEST(ws_deflate_negotiation, declines_invalid_parameters) {
  for (std::string_view h :
       {"permessage-deflate; server_max_window_bits", "permessage-deflate; foo",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=010",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_max_window_bits; client_max_window_bits=9",
        "permessage-deflate; server_max_window_bits=\"9"}) {
    EXPECT_EQ(negotiated(h), "<declined>") << h;
  }
}

TEST(ws_deflate_negotiation, declines_an_8_bit_server_window_zlib_cannot_honour) {
  EXPECT_EQ(negotiated("permessage-deflate; server_max_window_bits=8"), "<declined>");
}

std::string inflate_all(Inflater& inf, std::string_view compressed, std::size_t max = 1 << 20) {
  std::string out;
  EXPECT_EQ(inf.inflate(compressed, true, out, max), InflateStatus::ok);
  return out;
}

TEST(ws_deflate, inflates_rfc_7692_examples) {
  Inflater inf;
  EXPECT_EQ(inflate_all(inf, std::string("\xf2\x48\xcd\xc9\xc9\x07\x00", 7)), "Hello");
  // With context takeover, the second "Hello" refers back to the first.
  EXPECT_EQ(inflate_all(inf, std::string("\xf2\x00\x11\x00\x00", 5)), "Hello");
  Inflater stored;
  EXPECT_EQ(inflate_all(stored, std::string("\x00\x05\x00\xfa\xff"
                                            "Hello\x00",
                                            11)),
            "Hello");
  Inflater final_block;
  EXPECT_EQ(inflate_all(final_block, std::string("\xf3\x48\xcd\xc9\xc9\x07\x00\x00", 8)), "Hello");
}

TEST(ws_deflate, decodes_rfc_7692_compressed_frames) {
  Inflater inf;
  FrameDecoder d({.inflater = &inf});
  Recorder rec;
  std::string wire =
      client_frame(Opcode::text, std::string("\xf2\x48\xcd\xc9\xc9\x07\x00", 7), true, true) +
      client_frame(Opcode::text, "\xf2\x48", false, true) +
      client_frame(Opcode::continuation, std::string("\xcd\xc9\xc9\x07\x00", 5));
  EXPECT_TRUE(feed_all(d, wire, rec).ok());
  ASSERT_EQ(rec.events.size(), 2u);
  EXPECT_EQ(rec.events[0], (Event{"text", "Hello", true}));
  EXPECT_EQ(rec.events[1], (Event{"text", "Hello", true}));
}

TEST(ws_deflate, compresses_hello_like_rfc_7692) {
  Deflater def;
  EXPECT_EQ(def.compress("Hello"), std::string("\xf2\x48\xcd\xc9\xc9\x07\x00", 7));
}

std::string sample_text(std::size_t n) {
  std::mt19937 rng(42);
  std::string s;
  const char* words[] = {"socket ", "message ", "corio ", "frame ", "deflate ", "room "};
  while (s.size() < n) s += words[rng() % 6];
  return s.substr(0, n);
}

TEST(ws_deflate, round_trips_with_context_takeover) {
  Deflater def;
  Inflater inf;
  for (int i = 0; i < 5; ++i) {
    std::string msg = sample_text(1000 + 997 * static_cast<std::size_t>(i));
    EXPECT_EQ(inflate_all(inf, def.compress(msg)), msg);
  }
  EXPECT_TRUE(def.has_stream());
  EXPECT_TRUE(inf.has_stream());
}

TEST(ws_deflate, round_trips_without_context_takeover_and_frees_streams) {
  Deflater def(10, true);
  Inflater inf(true);
  std::string msg = sample_text(5000);
  std::string first = def.compress(msg);
  EXPECT_FALSE(def.has_stream());
  EXPECT_EQ(def.compress(msg), first);  // no history: identical output
  EXPECT_EQ(inflate_all(inf, first), msg);
  EXPECT_FALSE(inf.has_stream());
}

TEST(ws_deflate, can_reset_instead_of_freeing_without_context_takeover) {
  Deflater def(15, true);
  def.keep_stream(true);
  std::string msg = sample_text(3000);
  std::string first = def.compress(msg);
  EXPECT_TRUE(def.has_stream());
  EXPECT_EQ(def.compress(msg), first);
  Inflater inf(true);
  EXPECT_EQ(inflate_all(inf, first), msg);
}

TEST(ws_deflate, round_trips_empty_and_binary_messages) {
  Deflater def;
  Inflater inf;
  EXPECT_EQ(def.compress(""), std::string(1, '\0'));
  EXPECT_EQ(inflate_all(inf, def.compress("")), "");
  std::string bin;
  std::mt19937 rng(7);
  for (int i = 0; i < 70000; ++i) bin.push_back(static_cast<char>(rng()));
  EXPECT_EQ(inflate_all(inf, def.compress(bin)), bin);
}

TEST(ws_deflate, allocates_streams_lazily) {
  Deflater def;
  Inflater inf;
  EXPECT_FALSE(def.has_stream());
  EXPECT_FALSE(inf.has_stream());
}

TEST(ws_deflate, stops_a_decompression_bomb_at_the_limit) {
  Deflater def;
  std::string bomb = def.compress(std::string(10 << 20, 'a'));  // 10 MiB → ~10 KiB
  Inflater inf;
  std::string out;
  EXPECT_EQ(inf.inflate(bomb, true, out, 1 << 20), InflateStatus::too_big);
  EXPECT_LE(out.size(), (1u << 20) + 1);
  EXPECT_FALSE(inf.has_stream());
}

TEST(ws_deflate, decoder_closes_with_1009_on_inflated_size) {
  Deflater def;
  Inflater inf;
  FrameDecoder d({.max_message_size = 1000, .inflater = &inf});
  Recorder rec;
  std::string wire = client_frame(Opcode::binary, def.compress(std::string(1001, 'a')), true, true);
  EXPECT_EQ(feed_all(d, wire, rec).error, CloseCode::message_too_big);
}

TEST(ws_deflate, accepts_an_inflated_message_of_exactly_the_limit) {
  Deflater def;
  Inflater inf;
  std::string out;
  EXPECT_EQ(inf.inflate(def.compress(std::string(1000, 'a')), true, out, 1000), InflateStatus::ok);
  EXPECT_EQ(out.size(), 1000u);
}

TEST(ws_deflate, reports_corrupt_data_and_the_decoder_closes_with_1007) {
  Inflater inf;
  FrameDecoder d({.inflater = &inf});
  Recorder rec;
  std::string wire = client_frame(Opcode::binary, "\xff\xff\xff\xff", true, true);
  EXPECT_EQ(feed_all(d, wire, rec).error, CloseCode::invalid_payload);
}

TEST(ws_deflate, decoder_validates_utf8_after_inflation) {
  Deflater def;
  Inflater inf;
  FrameDecoder d({.inflater = &inf});
  Recorder rec;
  std::string wire = client_frame(Opcode::text, def.compress("bad \xc0\xaf"), true, true);
  EXPECT_EQ(feed_all(d, wire, rec).error, CloseCode::invalid_payload);
}

}  // namespace
}  // namespace corio::ws
