#pragma once
// A blocking test WebSocket client over a real TCP socket on 127.0.0.1: handshake, masked
// frames out, frames in. Every read has a timeout, so a test can never hang.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace corio::test {

/// The HTTP answer to the opening handshake.
struct HandshakeReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  /// A header's value (lower-case name), empty when absent.
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

/// One frame as received.
struct WsFrame {
  std::uint8_t opcode = 0;
  bool fin = true;
  bool rsv1 = false;
  std::string payload;
  /// The close code of a close frame (1005 when none).
  std::uint16_t close_code() const;
  /// The close reason of a close frame.
  std::string close_reason() const { return payload.size() > 2 ? payload.substr(2) : ""; }
};

/// The key the tests send, and the accept value the server must answer with.
inline constexpr std::string_view test_key = "dGhlIHNhbXBsZSBub25jZQ==";
inline constexpr std::string_view test_accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

/// A websocket client connection to 127.0.0.1:port.
class WsClient {
 public:
  explicit WsClient(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(5),
                    int receive_buffer = 0);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  /// Sends the upgrade request for `path` (`headers` replace the standard ws ones when
  /// `replace_headers`, else are added) and reads the reply head.
  std::optional<HandshakeReply> handshake(std::string_view path = "/",
                                          std::string_view headers = {},
                                          bool replace_headers = false);
  /// Sends one frame (masked unless told otherwise; `rsv` goes in bits 4..6 of byte 0).
  bool send_frame(std::uint8_t opcode, std::string_view payload, bool fin = true, bool mask = true,
                  std::uint8_t rsv = 0);
  /// Sends raw bytes.
  bool send_raw(std::string_view bytes);
  /// Reads one frame (nullopt on timeout or close).
  std::optional<WsFrame> read_frame();
  /// Reads frames until a data frame or close (answers nothing itself).
  std::optional<WsFrame> read_data_or_close();
  /// True when the peer closed the TCP connection (EOF or reset) within the timeout.
  bool closed_by_peer();
  /// Closes the socket now.
  void disconnect();

 private:
  bool fill();
  int fd_ = -1;
  std::string buffer_;
};

/// Encodes a masked client frame.
std::string client_frame(std::uint8_t opcode, std::string_view payload, bool fin = true,
                         bool mask = true, std::uint8_t rsv = 0);

/// Opens and upgrades a connection on `path` using no heap; returns the socket (-1 on failure).
int connect_upgraded(std::uint16_t port, std::string_view path);
/// Closes a socket from connect_upgraded().
void close_fd(int fd);

}  // namespace corio::test
