#pragma once
/// @file Weak ETags (as Express and serve-static make them) and the `fresh` check for 304s.

#include <cstdint>
#include <string>
#include <string_view>

namespace corio::http {

/// Weak ETag of a response body: W/"<length hex>-<64-bit FNV-1a hex>".
std::string etag_of(std::string_view body);

/// Weak ETag of a file from its size and modification time in ms (serve-static's stat tag):
/// W/"<size hex>-<mtime ms hex>".
std::string etag_of_file(std::uint64_t size, std::uint64_t mtime_ms);

/// Conditional request headers that `fresh` reads (empty views when absent).
struct FreshRequest {
  std::string_view if_none_match{};
  std::string_view if_modified_since{};
  std::string_view cache_control{};
};

/// Validators of the response being sent (empty views when absent).
struct FreshResponse {
  std::string_view etag{};
  std::string_view last_modified{};
};

/// True when the client's cached copy is fresh, so 304 may be answered (npm `fresh` rules:
/// "no-cache" forces false; If-None-Match "*" or a list entry equal to the ETag with weak
/// comparison; If-Modified-Since not older than Last-Modified).
bool fresh(const FreshRequest& req, const FreshResponse& res) noexcept;

}  // namespace corio::http
