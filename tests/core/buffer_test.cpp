#include <corio/core/buffer.hpp>

#include <gtest/gtest.h>

namespace corio {
namespace {

TEST(shared_buffer, copies_share_the_same_bytes) {
  SharedBuffer a(std::string("frame"));
  SharedBuffer b = a;
  EXPECT_EQ(a.view().data(), b.view().data());
  EXPECT_EQ(a.use_count(), 2);
  EXPECT_EQ(b.view(), "frame");
}

TEST(shared_buffer, default_is_empty) {
  SharedBuffer empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.view(), "");
}

}  // namespace
}  // namespace corio
