#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <corio/ws/handshake.hpp>
#include <stdexcept>

namespace corio::ws {
namespace {

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls f(item) for each trimmed, non-empty item of a comma-separated list; stops on true.
template <typename F>
bool any_item(std::string_view list, F f) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = trim(list.substr(0, comma));
    if (!item.empty() && f(item)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

bool is_base64_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// 16 bytes in base64: 22 alphabet characters then "==" (as `ws` checks).
bool is_valid_key(std::string_view key) noexcept {
  return key.size() == 24 && key.substr(22) == "==" &&
         std::all_of(key.begin(), key.begin() + 22, is_base64_char);
}

}  // namespace

std::string accept_key(std::string_view sec_websocket_key) {
  std::string input;
  input.reserve(sec_websocket_key.size() + handshake_guid.size());
  input.append(sec_websocket_key).append(handshake_guid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  unsigned int digest_size = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &digest_size, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 failed");
  }
  // base64 of 20 bytes: 28 characters plus EVP_EncodeBlock's terminating NUL.
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  int n = EVP_EncodeBlock(encoded, digest, static_cast<int>(digest_size));
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
}

bool header_has_token(std::string_view value, std::string_view token) noexcept {
  return any_item(value, [&](std::string_view item) { return iequals(item, token); });
}

HandshakeError check_upgrade(const UpgradeRequest& r) noexcept {
  if (r.method != "GET") return HandshakeError::method_not_get;
  if (r.version_major < 1 || (r.version_major == 1 && r.version_minor < 1)) {
    return HandshakeError::http_version;
  }
  if (!header_has_token(r.upgrade, "websocket")) return HandshakeError::missing_upgrade;
  if (!header_has_token(r.connection, "upgrade")) return HandshakeError::missing_connection;
  if (trim(r.version) != "13") return HandshakeError::unsupported_version;
  if (!is_valid_key(trim(r.key))) return HandshakeError::bad_key;
  return HandshakeError::none;
}

int handshake_status(HandshakeError error) noexcept {
  switch (error) {
    case HandshakeError::none:
      return 101;
    case HandshakeError::method_not_get:
      return 405;
    case HandshakeError::unsupported_version:
      return 426;
    default:
      return 400;
  }
}

std::string_view handshake_reason(HandshakeError error) noexcept {
  switch (error) {
    case HandshakeError::none:
      return "";
    case HandshakeError::method_not_get:
      return "websocket upgrade requires GET";
    case HandshakeError::http_version:
      return "websocket upgrade requires HTTP/1.1";
    case HandshakeError::missing_upgrade:
      return "missing Upgrade: websocket";
    case HandshakeError::missing_connection:
      return "missing Connection: upgrade";
    case HandshakeError::bad_key:
      return "missing or invalid Sec-WebSocket-Key";
    case HandshakeError::unsupported_version:
      return "unsupported Sec-WebSocket-Version";
  }
  return "";
}

std::string build_refusal(HandshakeError error) {
  int status = handshake_status(error);
  std::string_view text = status == 405   ? "Method Not Allowed"
                          : status == 426 ? "Upgrade Required"
                                          : "Bad Request";
  std::string_view body = handshake_reason(error);
  std::string r = "HTTP/1.1 " + std::to_string(status) + " ";
  r.append(text).append("\r\nConnection: close\r\nContent-Type: text/plain\r\n");
  if (status == 426) r += "Sec-WebSocket-Version: 13\r\n";
  if (status == 405) r += "Allow: GET\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  r.append(body);
  return r;
}

std::optional<std::string_view> select_subprotocol(std::string_view offered,
                                                   std::span<const std::string> supported) {
  std::optional<std::string_view> chosen;
  any_item(offered, [&](std::string_view item) {
    auto it = std::find(supported.begin(), supported.end(), item);
    if (it != supported.end()) chosen = *it;
    return chosen.has_value();
  });
  return chosen;
}

std::string build_accept_response(std::string_view key, std::string_view protocol,
                                  std::string_view extensions, std::string_view extra_headers) {
  std::string r;
  r.reserve(160 + protocol.size() + extensions.size() + extra_headers.size());
  r += "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
  r += "Sec-WebSocket-Accept: ";
  r += accept_key(trim(key));
  r += "\r\n";
  if (!protocol.empty()) r.append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n");
  if (!extensions.empty()) {
    r.append("Sec-WebSocket-Extensions: ").append(extensions).append("\r\n");
  }
  r.append(extra_headers).append("\r\n");
  return r;
}

}  // namespace corio::ws
