#pragma once
/// @file Response: what handlers answer with (Express's `res`).

#include <corio/core/json.hpp>
#include <corio/core/task.hpp>
#include <corio/http/cookie.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corio::http {

class Exchange;
class Request;

/// Options of send_file (and serve_static).
struct SendFileOptions {
  std::string root{};                        ///< when set, the path is relative to it and confined
  std::chrono::seconds max_age{0};           ///< Cache-Control max-age
  bool immutable = false;                    ///< adds `immutable` to Cache-Control
  bool etag = true;                          ///< weak ETag from size and mtime
  bool last_modified = true;                 ///< Last-Modified header
  bool accept_ranges = true;                 ///< honour a single Range
  bool dotfiles_allow = false;               ///< serve names starting with '.'
  std::optional<std::string> content_type{};  ///< overrides the type from the extension
};

/// Renders a view for res.render (set by the app layer, which owns the template engine).
/// The locals come in layers, later ones shadowing earlier ones, read during the call only.
/// Synchronous: compiled templates are cached, so a render is CPU work (a first render reads
/// its files once), and a page costs no coroutine frames beyond res.render's own.
using RenderHook =
    std::function<std::string(std::string_view name, std::span<const json* const> layers)>;

/// An HTTP response under construction. Setters return *this so calls chain like Express.
/// @code
/// res.status(201).set("X-Id", id).json({{"ok", true}});
/// @endcode
class Response {
 public:
  /// Sets the status code (100..999; throws std::invalid_argument otherwise).
  Response& status(int code);
  /// The status code (200 unless set).
  int status_code() const noexcept { return status_; }
  /// Sets a header, replacing any previous value (names are case-insensitive).
  Response& set(std::string_view name, std::string_view value);
  /// Adds a header line, keeping previous ones (Set-Cookie, Link...).
  Response& append(std::string_view name, std::string_view value);
  /// A header's value; empty when unset.
  std::string_view get(std::string_view name) const noexcept;
  /// Removes a header.
  Response& remove(std::string_view name);
  /// Sets Content-Type from an extension or type ("json", "html", "text/plain").
  Response& type(std::string_view type);
  /// Adds a field to Vary (no duplicates).
  Response& vary(std::string_view field);

  /// Sends a body (Content-Type text/html unless set) and finishes the response.
  Response& send(std::string_view body);
  /// Sends a body, taking ownership.
  Response& send(std::string&& body);
  /// Sends a string literal.
  Response& send(const char* body) { return send(std::string_view(body)); }
  /// Sends a copy of `body`.
  Response& send(const std::string& body) { return send(std::string_view(body)); }
  /// Sends JSON (Content-Type application/json; charset=utf-8).
  Response& json(const corio::json& value);
  /// Sets the status and sends its reason phrase as the body.
  Response& send_status(int code);
  /// Redirects (302 unless given), with a short body like Express.
  Response& redirect(std::string_view url, int code = 302);
  /// Sets a cookie.
  Response& cookie(std::string_view name, std::string_view value, const CookieOptions& options = {});
  /// Clears a cookie (same path/domain as it was set with).
  Response& clear_cookie(std::string_view name, const CookieOptions& options = {});
  /// Sends a file: type from the extension, ETag/Last-Modified and 304, single Range (206/416),
  /// streamed in chunks. Throws HttpError(404) when missing, 403 outside `root` or for dotfiles.
  Task<> send_file(std::string_view path, const SendFileOptions& options = {});
  /// Renders a view with res.locals and `locals` and sends it as text/html.
  Task<> render(std::string_view name, const corio::json& locals = corio::json::object());
  /// Renders a view with res.locals and then `layers` (each shadowing the ones before it; none
  /// is copied, so large shared data such as a room's history can be passed as it is).
  Task<> render(std::string_view name, std::span<const corio::json* const> layers);
  /// Streams a chunk (the first call sends the head with chunked encoding, or the declared
  /// Content-Length). Throws std::system_error if the client is gone.
  Task<> write(std::string_view chunk);
  /// Finishes a streamed response (or sends an empty body).
  Task<> end();

  /// Data for templates rendered during this request (Express `res.locals`).
  corio::json locals = corio::json::object();

  /// True once the head was written (streaming) — headers can no longer change.
  bool headers_sent() const noexcept { return headers_sent_; }
  /// True once the response is complete (send, json, end...).
  bool finished() const noexcept { return finished_; }

  /// Framework use: binds the response to its request and connection for one exchange.
  void reset(Request* request, Exchange* exchange, const RenderHook* renderer, bool head_only);
  /// Framework use: the body to write after the handler (when not streamed).
  const std::string& body() const noexcept { return body_; }
  /// Framework use: writes the status line and headers (adds Date and framing) into `out`.
  void serialize_head(std::string& out, bool keep_alive);
  /// Framework use: marks the connection to close after this response.
  void close_after() noexcept { close_after_ = true; }
  /// True when the connection should close after this response.
  bool closing() const noexcept { return close_after_; }
  /// True when the response was streamed (head already written).
  bool streamed() const noexcept { return streamed_; }
  /// True when a handler hijacked the connection.
  bool hijacked() const noexcept { return hijacked_; }
  /// Framework use: records a hijack.
  void mark_hijacked() noexcept { hijacked_ = finished_ = true; }
  /// True for a HEAD request (bodies are not written).
  bool head_only() const noexcept { return head_only_; }

 private:
  struct Field {
    std::string name;
    std::string value;
  };
  Field* find(std::string_view name) noexcept;
  const Field* find(std::string_view name) const noexcept;
  Field& add_field();
  void finish_with_body();
  void render_now(std::string_view name, std::span<const corio::json* const> call_layers);
  Task<> flush_head(std::optional<std::uint64_t> content_length);

  Request* request_ = nullptr;
  Exchange* exchange_ = nullptr;
  const RenderHook* renderer_ = nullptr;
  int status_ = 200;
  std::vector<Field> fields_;  // the first field_count_ are live; the rest keep capacity
  std::size_t field_count_ = 0;
  std::string body_;
  std::string head_buffer_;
  bool headers_sent_ = false;
  bool finished_ = false;
  bool streamed_ = false;
  bool chunked_ = false;
  bool hijacked_ = false;
  bool head_only_ = false;
  bool close_after_ = false;
};

}  // namespace corio::http
