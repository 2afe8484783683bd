#include <corio/view/detail/output.hpp>

#include <corio/view/detail/value.hpp>

#include <gtest/gtest.h>

#include <string>

namespace corio::view::detail {
namespace {

TEST(view_output, appends_of_every_short_length_keep_their_bytes_in_order) {
  std::string all;
  for (std::size_t n = 0; n <= 70; ++n) all += std::string(n, static_cast<char>('a' + n % 26));
  std::string text;
  Output out(text, 3);
  for (std::size_t n = 0; n <= 70; ++n) out.append(std::string(n, static_cast<char>('a' + n % 26)));
  out.push_back('!');
  out.finish();
  EXPECT_EQ(text, all + "!");
}

TEST(view_output, escaping_short_text_escapes_a_special_byte_at_every_offset) {
  // Lengths on both sides of the 4-, 8- and 16-byte loads, the special in the head, the
  // overlap and the tail of them; then a second special after it.
  const std::pair<char, std::string_view> specials[] = {
      {'<', "&lt;"}, {'>', "&gt;"}, {'&', "&amp;"}, {'"', "&#34;"}, {'\'', "&#39;"}};
  for (std::size_t n = 1; n <= 40; ++n) {
    for (std::size_t at = 0; at < n; ++at) {
      const auto& [c, entity] = specials[(n + at) % 5];
      std::string in(n, 'x');
      in[at] = c;
      std::string expected = in.substr(0, at) + std::string(entity) + in.substr(at + 1);
      std::string text;
      Output out(text);
      out.append("p");
      append_escaped(out, in);
      out.finish();
      EXPECT_EQ(text, "p" + expected) << n << " " << at;
      if (at + 1 < n) {
        in[n - 1] = '&';
        expected = in.substr(0, at) + std::string(entity) + in.substr(at + 1, n - at - 2) + "&amp;";
        std::string twice;
        Output out2(twice);
        append_escaped(out2, in);
        out2.finish();
        EXPECT_EQ(twice, expected) << n << " " << at;
      }
    }
  }
}

TEST(view_output, escaping_text_longer_than_the_in_place_limit_matches_the_string_version) {
  std::string in;
  for (int i = 0; i < 3000; ++i) in += "a&'\"<>";
  std::string expected;
  append_escaped(expected, in);
  std::string text;
  Output out(text);
  append_escaped(out, in);
  out.finish();
  EXPECT_EQ(text, expected);
}

}  // namespace
}  // namespace corio::view::detail
