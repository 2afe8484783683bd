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

TEST(view_output, a_reused_string_keeps_only_the_new_text_through_growth) {
  // The room past the text is not zero-filled: what the string held before must not show.
  std::string text(1000, 'z');
  Output out(text, 2);
  std::string expected;
  for (int i = 0; i < 300; ++i) {
    out.append("ab");
    out.push_back('c');
    expected += "abc";
  }
  out.finish();
  EXPECT_EQ(text, expected);
}

TEST(view_output, over_holds_once_the_text_passes_the_limit_before_and_after_growth) {
  std::string text;
  Output out(text, 4);
  out.set_limit(10);
  out.append("0123456789");  // grows past the first room
  EXPECT_FALSE(out.over());
  out.push_back('x');
  EXPECT_TRUE(out.over());

  std::string big;
  Output wide(big, 100);
  wide.set_limit(3);
  wide.append("abc");
  EXPECT_FALSE(wide.over());
  wide.append("d");
  EXPECT_TRUE(wide.over());

  std::string unlimited;
  Output none(unlimited, 1);
  for (int i = 0; i < 100; ++i) none.append("0123456789");
  EXPECT_FALSE(none.over());
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

TEST(view_output, escaping_matches_a_byte_by_byte_reference_for_random_text) {
  // Lengths up to past several 16-byte windows, specials from none to dense, anywhere.
  auto reference = [](std::string_view in) {
    std::string out;
    for (const char c : in) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&#34;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
      }
    }
    return out;
  };
  std::uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  constexpr std::string_view alphabet = "&<>\"'ab c\xc3\xa9z";
  for (int round = 0; round < 20000; ++round) {
    const std::size_t n = next() % 100;
    const unsigned density = next() % 5;  // 0: no specials
    std::string in(n, 'x');
    for (char& c : in) c = density != 0 && next() % (density * 3) == 0 ? alphabet[next() % 5] : alphabet[5 + next() % 7];
    std::string text;
    Output out(text);
    out.append("p");
    append_escaped(out, in);
    out.finish();
    ASSERT_EQ(text, "p" + reference(in)) << in;
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
