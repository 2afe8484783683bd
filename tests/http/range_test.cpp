#include <gtest/gtest.h>

#include <corio/http/range.hpp>

namespace corio::http {
namespace {

using S = RangeRequest::Status;

TEST(range, parses_a_single_range) {
  RangeRequest r = parse_range("bytes=0-4", 10);
  ASSERT_EQ(r.status, S::ok);
  EXPECT_EQ(r.ranges, (std::vector<ByteRange>{{0, 4}}));
}

TEST(range, open_ended_and_suffix_ranges) {
  EXPECT_EQ(parse_range("bytes=5-", 10).ranges, (std::vector<ByteRange>{{5, 9}}));
  EXPECT_EQ(parse_range("bytes=-3", 10).ranges, (std::vector<ByteRange>{{7, 9}}));
}

TEST(range, clamps_the_end_to_the_size) {
  EXPECT_EQ(parse_range("bytes=0-100", 10).ranges, (std::vector<ByteRange>{{0, 9}}));
}

TEST(range, combines_overlapping_ranges) {
  EXPECT_EQ(parse_range("bytes=0-1,1-3,7-8", 10).ranges, (std::vector<ByteRange>{{0, 3}, {7, 8}}));
}

TEST(range, unsatisfiable_ranges) {
  EXPECT_EQ(parse_range("bytes=10-20", 10).status, S::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 10).status, S::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=1-0", 10).status, S::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-5", 3).status, S::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-1", 0).status, S::unsatisfiable);
}

TEST(range, drops_unsatisfiable_members_of_a_list) {
  EXPECT_EQ(parse_range("bytes=0-1,10-20", 10).ranges, (std::vector<ByteRange>{{0, 1}}));
}

TEST(range, malformed_headers_are_ignored) {
  EXPECT_EQ(parse_range("bytes=-", 10).status, S::malformed);
  EXPECT_EQ(parse_range("bytes=a-b", 10).status, S::malformed);
  EXPECT_EQ(parse_range("0-1", 10).status, S::malformed);
  EXPECT_EQ(parse_range("items=0-1", 10).status, S::malformed);
  EXPECT_EQ(parse_range("bytes=0-1,2-3,4-5", 10, 2).status, S::malformed);
}

TEST(range, tolerates_whitespace_like_range_parser) {
  EXPECT_EQ(parse_range("bytes= 1 - 2", 10).ranges, (std::vector<ByteRange>{{1, 2}}));
}

}  // namespace
}  // namespace corio::http
