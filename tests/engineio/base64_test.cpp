#include <corio/engineio/base64.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace corio::engineio;

namespace {

std::string decode(std::string_view text) {
  std::string out;
  if (!base64_decode_append(out, text)) return "<invalid>";
  return out;
}

}  // namespace

TEST(base64, encodes_rfc4648_test_vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(base64, encodes_high_bytes_like_node_buffer) {
  // Buffer.from([0xff, 0xfe]).toString("base64") === "//4="
  EXPECT_EQ(base64_encode("\xff\xfe"), "//4=");
}

TEST(base64, decodes_padded_and_unpadded_input) {
  EXPECT_EQ(decode("Zm9vYg=="), "foob");
  EXPECT_EQ(decode("Zm9vYg"), "foob");
  EXPECT_EQ(decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(decode("Zm9vYmE"), "fooba");
  EXPECT_EQ(decode(""), "");
}

TEST(base64, round_trips_every_byte_value) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t n = 0; n <= bytes.size(); n += 37) {
    const std::string part = bytes.substr(0, n);
    EXPECT_EQ(decode(base64_encode(part)), part);
  }
}

TEST(base64, rejects_characters_outside_the_alphabet) {
  EXPECT_EQ(decode("Zm9v YmFy"), "<invalid>");
  EXPECT_EQ(decode("Zm9v-mFy"), "<invalid>");
  EXPECT_EQ(decode("Zm9v\nYmFy"), "<invalid>");
}

TEST(base64, rejects_misplaced_or_excess_padding) {
  EXPECT_EQ(decode("Zg="), "<invalid>");
  EXPECT_EQ(decode("Z==="), "<invalid>");
  EXPECT_EQ(decode("Zm=v"), "<invalid>");
  EXPECT_EQ(decode("===="), "<invalid>");
  EXPECT_EQ(decode("Z"), "<invalid>");
}

TEST(base64, rejects_non_canonical_trailing_bits) {
  EXPECT_EQ(decode("Zh=="), "<invalid>");
  EXPECT_EQ(decode("Zm9="), "<invalid>");
}

TEST(base64, appends_after_existing_content) {
  std::string out = "x";
  ASSERT_TRUE(base64_decode_append(out, "Zm8="));
  EXPECT_EQ(out, "xfo");
  EXPECT_FALSE(base64_decode_append(out, "!"));
  EXPECT_EQ(out, "xfo");
}
