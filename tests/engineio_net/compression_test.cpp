// Accept-Encoding negotiation of polling responses (as `accepts(req).encodings(["gzip",
// "deflate"])`).
#include <gtest/gtest.h>

#include <corio/engineio/detail/compression.hpp>

namespace corio::engineio::detail {
namespace {

TEST(engineio_compression, no_header_means_no_compression) { EXPECT_EQ(choose_encoding(""), ""); }

TEST(engineio_compression, prefers_gzip_when_both_are_equal_and_gzip_comes_first) {
  EXPECT_EQ(choose_encoding("gzip, deflate, br"), "gzip");
}

TEST(engineio_compression, header_order_breaks_ties) {
  EXPECT_EQ(choose_encoding("deflate, gzip"), "deflate");
}

TEST(engineio_compression, higher_quality_wins) {
  EXPECT_EQ(choose_encoding("gzip;q=0.5, deflate"), "deflate");
}

TEST(engineio_compression, zero_quality_refuses) {
  EXPECT_EQ(choose_encoding("gzip;q=0"), "");
  EXPECT_EQ(choose_encoding("*;q=0, deflate;q=0"), "");
}

TEST(engineio_compression, wildcard_accepts_gzip) { EXPECT_EQ(choose_encoding("*"), "gzip"); }

TEST(engineio_compression, identity_only_means_no_compression) {
  EXPECT_EQ(choose_encoding("identity"), "");
}

TEST(engineio_compression, deflate_output_is_zlib_format) {
  const std::string out = compress(std::string(2000, 'a'), "deflate", 6);
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(out[0]), 0x78);  // zlib header, as Node's createDeflate
}

TEST(engineio_compression, gzip_output_has_gzip_magic) {
  const std::string out = compress(std::string(2000, 'a'), "gzip", 6);
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(out[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(out[1]), 0x8b);
}

}  // namespace
}  // namespace corio::engineio::detail
