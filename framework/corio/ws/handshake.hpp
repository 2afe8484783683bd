#pragma once
/// @file The opening handshake, server side (RFC 6455 §4.2): checking an upgrade request,
/// choosing a subprotocol and building the 101 response. Pure: header values in, bytes out.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace corio::ws {

/// The GUID appended to Sec-WebSocket-Key before hashing (RFC 6455 §1.3).
inline constexpr std::string_view handshake_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + GUID)).
/// @code
/// accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
/// @endcode
std::string accept_key(std::string_view sec_websocket_key);

/// The parts of an HTTP request that the handshake looks at (empty view = header absent).
struct UpgradeRequest {
  std::string_view method{};      ///< request method, must be "GET"
  int version_major = 1;          ///< HTTP major version
  int version_minor = 1;          ///< HTTP minor version (1.1 or later required)
  std::string_view upgrade{};     ///< Upgrade header
  std::string_view connection{};  ///< Connection header
  std::string_view key{};         ///< Sec-WebSocket-Key
  std::string_view version{};     ///< Sec-WebSocket-Version
  std::string_view protocols{};   ///< Sec-WebSocket-Protocol (comma-separated offers)
  std::string_view extensions{};  ///< Sec-WebSocket-Extensions
};

/// Why an upgrade request was refused.
enum class HandshakeError : std::uint8_t {
  none,                 ///< acceptable
  method_not_get,       ///< 405
  http_version,         ///< older than HTTP/1.1: 400
  missing_upgrade,      ///< no "websocket" in Upgrade: 400
  missing_connection,   ///< no "upgrade" token in Connection: 400
  bad_key,              ///< Sec-WebSocket-Key not base64 of 16 bytes: 400
  unsupported_version,  ///< Sec-WebSocket-Version not 13: 426 with Sec-WebSocket-Version: 13
};

/// Checks an upgrade request (RFC 6455 §4.2.1); HandshakeError::none when it can be accepted.
HandshakeError check_upgrade(const UpgradeRequest& request) noexcept;

/// The HTTP status for a refusal (405, 400 or 426).
int handshake_status(HandshakeError error) noexcept;

/// A short reason text for a refusal, e.g. "missing or invalid Sec-WebSocket-Key".
std::string_view handshake_reason(HandshakeError error) noexcept;

/// A complete HTTP response refusing the upgrade (with `Sec-WebSocket-Version: 13` for 426,
/// `Allow: GET` for 405), closing the connection.
std::string build_refusal(HandshakeError error);

/// True when a comma-separated header value contains `token` (ASCII case-insensitive).
bool header_has_token(std::string_view value, std::string_view token) noexcept;

/// The first protocol offered in `offered` (Sec-WebSocket-Protocol, in the client's order)
/// that the server supports; nullopt when none. The view points into `supported`.
std::optional<std::string_view> select_subprotocol(std::string_view offered,
                                                   std::span<const std::string> supported);

/// The 101 response head, ending with the empty line. `protocol` and `extensions` add their
/// headers when not empty; `extra_headers` (each line ending in CRLF) are copied verbatim.
/// @code
/// std::string head = build_accept_response(req.key, "chat", agreed->response());
/// @endcode
std::string build_accept_response(std::string_view key, std::string_view protocol = {},
                                  std::string_view extensions = {},
                                  std::string_view extra_headers = {});

}  // namespace corio::ws
