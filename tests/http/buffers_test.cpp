// The connection's receive buffer and the render's locals layers (http/detail).
#include <corio/http/detail/input_buffer.hpp>
#include <corio/http/detail/layer_list.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace corio::http::detail {
namespace {

TEST(input_buffer, keeps_bytes_in_order_across_growth_consumption_and_release) {
  InputBuffer in;
  EXPECT_EQ(in.capacity(), 0u);  // a fresh buffer holds no storage
  std::string expected;
  for (int i = 0; i < 50; ++i) {  // grows several times past its first 64 bytes
    const std::string piece = std::to_string(i) + std::string(static_cast<std::size_t>(i), 'x');
    std::span<char> room = in.room(piece.size(), 64);
    ASSERT_GE(room.size(), piece.size());
    std::memcpy(room.data(), piece.data(), piece.size());
    in.commit(piece.size());
    expected += piece;
  }
  EXPECT_EQ(in.view(), expected);
  in.consume(10);
  in.append("tail");
  EXPECT_EQ(in.view(), expected.substr(10) + "tail");
  in.consume(in.size() + 5);  // more than there is: all of it
  EXPECT_TRUE(in.empty());
  in.release();
  EXPECT_EQ(in.capacity(), 0u);
}

TEST(layer_list, puts_the_first_layer_before_the_rest_inline_or_not) {
  std::vector<json> values;
  for (int i = 0; i < 12; ++i) values.push_back(json{{"i", i}});
  for (std::size_t rest = 0; rest <= 11; ++rest) {  // 8 fit inline, past that on the heap
    std::vector<const json*> tail;
    for (std::size_t i = 1; i <= rest; ++i) tail.push_back(&values[i]);
    const LayerList layers(&values[0], tail);
    ASSERT_EQ(layers.span().size(), rest + 1) << rest;
    for (std::size_t i = 0; i <= rest; ++i) EXPECT_EQ(layers.span()[i], &values[i]) << rest << " " << i;
  }
}

}  // namespace
}  // namespace corio::http::detail
