#pragma once
/// @file Who may post a system notice (POST /notice): an operator holding the configured token,
/// from a request no other site's page made the browser send.

#include <string_view>

namespace chat {

/// The request headers the decision reads (empty when absent).
struct NoticeHeaders {
  std::string_view host{};            ///< Host
  std::string_view origin{};          ///< Origin
  std::string_view sec_fetch_site{};  ///< Sec-Fetch-Site
  std::string_view authorization{};   ///< Authorization
};

/// The verdict on a POST /notice, in the order it is checked.
enum class NoticeAccess {
  allowed,         ///< same origin (or no browser involved) and the right token
  cross_site,      ///< Origin is not this host, or Sec-Fetch-Site says another site sent it: 403
  no_credentials,  ///< no `Authorization: Bearer <token>`: 401
  wrong_token,     ///< a bearer token other than the operator's: 403
};

/// Decides a POST /notice; `token` is the operator's (not empty).
/// @code
/// if (notice_access({.host = req.get("host"), ...}, config.notice_token) != NoticeAccess::allowed)
/// @endcode
NoticeAccess notice_access(const NoticeHeaders& headers, std::string_view token);

/// True when `given` equals `secret`, in a time that depends on the length of `secret` only.
bool same_secret(std::string_view given, std::string_view secret);

}  // namespace chat
