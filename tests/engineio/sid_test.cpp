#include <corio/engineio/sid.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace corio::engineio;

TEST(sid, has_twenty_url_safe_characters) {
  for (int i = 0; i < 200; ++i) {
    const std::string id = generate_sid();
    ASSERT_EQ(id.size(), sid_length);
    for (char c : id) {
      const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
      ASSERT_TRUE(ok) << id;
    }
  }
}

TEST(sid, does_not_repeat_across_batches) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(generate_sid());
  EXPECT_EQ(ids.size(), 1000u);
}
