#include <corio/core/debug.hpp>

#include <gtest/gtest.h>

namespace corio {
namespace {

TEST(debug_selection, matches_wildcard_namespace) {
  EXPECT_TRUE(debug_selection_matches("corio:*", "corio:http"));
  EXPECT_FALSE(debug_selection_matches("corio:*", "other:http"));
}

TEST(debug_selection, accepts_comma_and_space_separated_lists) {
  EXPECT_TRUE(debug_selection_matches("corio:http,corio:router", "corio:router"));
  EXPECT_TRUE(debug_selection_matches("corio:http corio:router", "corio:http"));
  EXPECT_FALSE(debug_selection_matches("corio:http,corio:router", "corio:ws"));
}

TEST(debug_selection, exclusion_wins_over_inclusion) {
  EXPECT_FALSE(debug_selection_matches("corio:*,-corio:ws", "corio:ws"));
  EXPECT_TRUE(debug_selection_matches("corio:*,-corio:ws", "corio:http"));
}

TEST(debug_selection, empty_selection_enables_nothing) {
  EXPECT_FALSE(debug_selection_matches("", "corio:http"));
}

TEST(debug_log, enable_debug_switches_existing_loggers) {
  DebugLog log("corio:test");
  enable_debug("corio:test");
  EXPECT_TRUE(log.enabled());
  testing::internal::CaptureStderr();
  log("hello {}", 42);
  std::string out = testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find("corio:test hello 42 +"), std::string::npos) << out;
  enable_debug("");
  EXPECT_FALSE(log.enabled());
  testing::internal::CaptureStderr();
  log("silent");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace corio
