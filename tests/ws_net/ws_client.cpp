#include "ws_net/ws_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace corio::test {

std::uint16_t WsFrame::close_code() const {
  if (payload.size() < 2) return 1005;
  return static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                    static_cast<unsigned char>(payload[1]));
}

std::string client_frame(std::uint8_t opcode, std::string_view payload, bool fin, bool mask,
                         std::uint8_t rsv) {
  std::string out;
  out.push_back(static_cast<char>((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0F)));
  const unsigned char mask_bit = mask ? 0x80 : 0;
  const std::uint64_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(mask_bit | n));
  } else if (n < 65536) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
  }
  const unsigned char key[4] = {0x12, 0x34, 0x56, 0x78};
  if (mask) out.append(reinterpret_cast<const char*>(key), 4);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    out.push_back(mask ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i]);
  }
  return out;
}

WsClient::WsClient(std::uint16_t port, std::chrono::milliseconds timeout, int receive_buffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket");
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (receive_buffer > 0) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port));
  }
}

WsClient::~WsClient() { disconnect(); }

void WsClient::disconnect() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool WsClient::send_raw(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool WsClient::send_frame(std::uint8_t opcode, std::string_view payload, bool fin, bool mask,
                          std::uint8_t rsv) {
  return send_raw(client_frame(opcode, payload, fin, mask, rsv));
}

bool WsClient::fill() {
  char chunk[16384];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<HandshakeReply> WsClient::handshake(std::string_view path, std::string_view headers,
                                                  bool replace_headers) {
  std::string request = "GET " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!replace_headers) {
    request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ";
    request += test_key;
    request += "\r\nSec-WebSocket-Version: 13\r\n";
  }
  request += headers;
  request += "\r\n";
  if (!send_raw(request)) return std::nullopt;
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  std::string head = buffer_.substr(0, end + 2);
  buffer_.erase(0, end + 4);
  HandshakeReply reply;
  reply.status = std::stoi(head.substr(9, 3));
  std::size_t pos = head.find("\r\n") + 2;
  while (pos < head.size()) {
    const std::size_t next = head.find("\r\n", pos);
    std::string line = head.substr(pos, next - pos);
    const std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    reply.headers[name] = value;
    pos = next + 2;
  }
  if (reply.status != 101) {
    const std::size_t length = std::stoul("0" + reply.header("content-length"));
    while (buffer_.size() < length && fill()) {
    }
    buffer_.erase(0, std::min(length, buffer_.size()));
  }
  return reply;
}

std::optional<WsFrame> WsClient::read_frame() {
  while (true) {
    if (buffer_.size() >= 2) {
      const auto b0 = static_cast<unsigned char>(buffer_[0]);
      const auto b1 = static_cast<unsigned char>(buffer_[1]);
      std::size_t header = 2;
      std::uint64_t n = b1 & 0x7F;
      if (n == 126 && buffer_.size() >= 4) {
        n = (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
        header = 4;
      } else if (n == 127 && buffer_.size() >= 10) {
        n = 0;
        for (int i = 2; i < 10; ++i) n = (n << 8) | static_cast<unsigned char>(buffer_[i]);
        header = 10;
      }
      const bool length_known = (b1 & 0x7F) < 126 || header > 2;
      if (length_known && buffer_.size() >= header + n) {
        WsFrame frame{static_cast<std::uint8_t>(b0 & 0x0F), (b0 & 0x80) != 0, (b0 & 0x40) != 0,
                      buffer_.substr(header, n)};
        buffer_.erase(0, header + n);
        return frame;
      }
    }
    if (!fill()) return std::nullopt;
  }
}

std::optional<WsFrame> WsClient::read_data_or_close() {
  while (true) {
    auto frame = read_frame();
    if (!frame || frame->opcode != 0xA) return frame;
  }
}

bool WsClient::closed_by_peer() {
  char c;
  while (true) {
    ssize_t n = ::recv(fd_, &c, 1, 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
  }
}

int connect_upgraded(std::uint16_t port, std::string_view path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  char request[512];
  const int n = std::snprintf(request, sizeof request,
                              "GET %.*s HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Key: %.*s\r\n"
                              "Sec-WebSocket-Version: 13\r\n\r\n",
                              static_cast<int>(path.size()), path.data(),
                              static_cast<int>(test_key.size()), test_key.data());
  ::send(fd, request, static_cast<std::size_t>(n), MSG_NOSIGNAL);
  char reply[1024];
  std::size_t got = 0;
  while (got < sizeof reply) {
    const ssize_t m = ::recv(fd, reply + got, sizeof reply - got, 0);
    if (m <= 0) break;
    got += static_cast<std::size_t>(m);
    if (std::string_view(reply, got).find("\r\n\r\n") != std::string_view::npos) break;
  }
  return fd;
}

void close_fd(int fd) {
  if (fd >= 0) ::close(fd);
}

}  // namespace corio::test
