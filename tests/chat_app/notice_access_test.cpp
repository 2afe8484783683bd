#include "notice_access.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

constexpr std::string_view token = "s3cret-token";

NoticeHeaders from_curl(std::string_view authorization) {
  return {.host = "chat.example:3000", .authorization = authorization};
}

TEST(notice_access, allows_the_operator_token_without_browser_headers) {
  EXPECT_EQ(notice_access(from_curl("Bearer s3cret-token"), token), NoticeAccess::allowed);
  EXPECT_EQ(notice_access(from_curl("bearer   s3cret-token "), token), NoticeAccess::allowed);
}

TEST(notice_access, allows_a_same_origin_browser_request) {
  NoticeHeaders headers = from_curl("Bearer s3cret-token");
  headers.origin = "http://CHAT.example:3000";
  headers.sec_fetch_site = "same-origin";
  EXPECT_EQ(notice_access(headers, token), NoticeAccess::allowed);
}

TEST(notice_access, asks_for_credentials_when_there_is_no_bearer_token) {
  EXPECT_EQ(notice_access(from_curl(""), token), NoticeAccess::no_credentials);
  EXPECT_EQ(notice_access(from_curl("Bearer"), token), NoticeAccess::no_credentials);
  EXPECT_EQ(notice_access(from_curl("Bearer   "), token), NoticeAccess::no_credentials);
  EXPECT_EQ(notice_access(from_curl("Basic czNjcmV0LXRva2Vu"), token),
            NoticeAccess::no_credentials);
}

TEST(notice_access, refuses_a_wrong_token) {
  EXPECT_EQ(notice_access(from_curl("Bearer s3cret-tokem"), token), NoticeAccess::wrong_token);
  EXPECT_EQ(notice_access(from_curl("Bearer s3cret"), token), NoticeAccess::wrong_token);
  EXPECT_EQ(notice_access(from_curl("Bearer s3cret-token-and-more"), token),
            NoticeAccess::wrong_token);
}

TEST(notice_access, refuses_another_origin_even_with_the_right_token) {
  NoticeHeaders headers = from_curl("Bearer s3cret-token");
  for (std::string_view origin : {"https://evil.example", "http://chat.example:3001", "null",
                                  "http://chat.example:3000/path", "chat.example:3000"}) {
    headers.origin = origin;
    EXPECT_EQ(notice_access(headers, token), NoticeAccess::cross_site) << origin;
  }
}

TEST(notice_access, refuses_what_sec_fetch_site_calls_another_site) {
  NoticeHeaders headers = from_curl("Bearer s3cret-token");
  headers.sec_fetch_site = "cross-site";
  EXPECT_EQ(notice_access(headers, token), NoticeAccess::cross_site);
  headers.sec_fetch_site = "same-site";
  EXPECT_EQ(notice_access(headers, token), NoticeAccess::cross_site);
}

TEST(same_secret, is_true_only_for_the_same_bytes) {
  EXPECT_TRUE(same_secret("abc", "abc"));
  EXPECT_FALSE(same_secret("abd", "abc"));
  EXPECT_FALSE(same_secret("", "abc"));
  EXPECT_FALSE(same_secret("abcabc", "abc"));
  EXPECT_FALSE(same_secret("a", "aaa"));
  EXPECT_TRUE(same_secret("", ""));
}

}  // namespace
}  // namespace chat
