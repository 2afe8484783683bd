#include <gtest/gtest.h>

#include <corio/http/mime.hpp>

namespace corio::http {
namespace {

TEST(mime, looks_up_extensions_paths_and_case) {
  EXPECT_EQ(mime_lookup("json"), "application/json");
  EXPECT_EQ(mime_lookup(".css"), "text/css");
  EXPECT_EQ(mime_lookup("static/app.min.JS"), "text/javascript");
  EXPECT_EQ(mime_lookup("font.woff2"), "font/woff2");
  EXPECT_EQ(mime_lookup("logo.svg"), "image/svg+xml");
}

TEST(mime, unknown_or_extensionless_is_empty) {
  EXPECT_EQ(mime_lookup("file.unknownext"), "");
  EXPECT_EQ(mime_lookup("dir.d/README"), "");
  EXPECT_EQ(mime_lookup(""), "");
}

TEST(mime, content_type_for_adds_charset_to_text_types) {
  EXPECT_EQ(content_type_for("html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("json"), "application/json; charset=utf-8");
  EXPECT_EQ(content_type_for("png"), "image/png");
}

TEST(mime, content_type_for_uses_a_value_with_slash_as_is) {
  EXPECT_EQ(content_type_for("text/plain"), "text/plain");
  EXPECT_EQ(content_type_for("application/x-custom"), "application/x-custom");
}

TEST(mime, content_type_for_unknown_is_octet_stream) {
  EXPECT_EQ(content_type_for("nope"), "application/octet-stream");
}

}  // namespace
}  // namespace corio::http
