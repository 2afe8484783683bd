#pragma once
// A blocking test client over a real TCP socket on 127.0.0.1: sends raw bytes and reads
// HTTP responses. Every read has a timeout, so a test can never hang.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace corio::test {

/// One parsed HTTP response.
struct RawResponse {
  int status = 0;
  std::string reason;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  /// First value of a header (lower-case name), empty if absent.
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  /// True when the header is present.
  bool has(const std::string& name) const { return headers.count(name) > 0; }
};

/// A TCP connection to 127.0.0.1:port.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  /// Sends all bytes (false if the peer closed).
  bool send(std::string_view bytes);
  /// Reads one response (nullopt on timeout/close before a full response). `head_request`
  /// means no body follows the head.
  std::optional<RawResponse> read_response(bool head_request = false);
  /// Reads until the peer closes (or timeout); returns everything received after what
  /// read_response() already consumed.
  std::string read_until_close();
  /// True when the peer has closed (reads EOF within the timeout).
  bool closed_by_peer();
  /// Sends a request and reads its response.
  std::optional<RawResponse> request(std::string_view raw, bool head_request = false) {
    if (!send(raw)) return std::nullopt;
    return read_response(head_request);
  }

 private:
  bool fill();  // reads more into buffer_; false on EOF/timeout/error
  int fd_ = -1;
  std::string buffer_;
};

/// A GET request for `path` with Host and the extra header lines given (each ending in \r\n).
std::string get_request(std::string_view path, std::string_view extra_headers = {});

}  // namespace corio::test
