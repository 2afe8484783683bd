#pragma once
/// @file Request: the incoming request as handlers see it (Express's `req`).

#include <corio/core/json.hpp>
#include <corio/core/task.hpp>
#include <corio/http/parser.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corio::http {

class Exchange;
struct Hijacked;

/// An HTTP request. Valid for the duration of its handler chain; views it returns point into
/// the connection's buffer and must not be kept after the response is sent.
class Request {
 public:
  /// Route parameters in pattern order.
  using Params = std::vector<std::pair<std::string, std::string>>;

  /// The method as sent ("GET").
  std::string_view method() const noexcept { return head_->method; }
  /// The URL relative to the router's mount point, with query (Express `req.url`).
  const std::string& url() const noexcept { return url_; }
  /// The URL as received (Express `req.originalUrl`).
  std::string_view original_url() const noexcept { return head_->target; }
  /// The mount path of the router handling the request (Express `req.baseUrl`).
  const std::string& base_url() const noexcept { return base_url_; }
  /// The path part of url(), not decoded (Express `req.path`).
  std::string_view path() const noexcept;
  /// The raw query string after '?', empty when none.
  std::string_view query_string() const noexcept;
  /// Query parameters (Node querystring semantics: repeated keys become arrays).
  const json& query() const;
  /// A route parameter by name; empty when absent.
  std::string_view param(std::string_view name) const noexcept;
  /// All route parameters.
  const Params& params() const noexcept { return params_; }
  /// A header by case-insensitive name (`referer` and `referrer` are aliases); empty if absent.
  std::string_view get(std::string_view name) const noexcept;
  /// All headers as received.
  const std::vector<Header>& headers() const noexcept { return head_->headers; }
  /// Cookies sent with the request (parsed on first use).
  const std::map<std::string, std::string, std::less<>>& cookies() const;

  /// HTTP minor version (0 or 1).
  int version_minor() const noexcept { return head_->version_minor; }
  /// "https" or "http".
  std::string_view protocol() const noexcept { return secure() ? "https" : "http"; }
  /// True over TLS.
  bool secure() const noexcept;
  /// The peer's IP address as text.
  std::string ip() const;
  /// The peer's port.
  std::uint16_t port() const noexcept;
  /// Host header without the port.
  std::string_view hostname() const noexcept;
  /// True for `X-Requested-With: XMLHttpRequest`.
  bool xhr() const noexcept;
  /// True when the body's Content-Type matches `type` ("json", "text/*", "+json"...).
  bool is(std::string_view type) const;
  /// The best of `offered` types for the Accept header; empty when none is acceptable.
  std::string accepts(std::initializer_list<std::string_view> offered) const;
  /// True when the request has a body (Content-Length > 0 or chunked).
  bool has_body() const noexcept { return head_->framing != BodyFraming::none && !(head_->framing == BodyFraming::content_length && head_->content_length == 0); }

  /// Reads the raw body (once; later calls return the same bytes). Throws HttpError 413 when
  /// it exceeds `limit`, 400 when the connection fails mid-body.
  Task<std::string_view> read_body(std::size_t limit);
  /// The raw body bytes once read (empty before).
  const std::string& raw_body() const noexcept { return raw_body_; }
  /// True once the body was read.
  bool body_read() const noexcept { return body_read_; }

  /// The parsed body, set by body-parser middleware (json(), urlencoded(), text()); null until.
  json body;
  /// Free-form per-request data for middleware to share (like Express's `req.user`).
  json data;

  /// Takes over the connection for a protocol upgrade (see Exchange::hijack).
  Hijacked hijack();
  /// The underlying exchange (framework use).
  Exchange& exchange() noexcept { return *exchange_; }

  /// Framework use: binds the request to a parsed head and its connection.
  void reset(const RequestHead* head, Exchange* exchange);
  /// Framework use: the router sets these while dispatching.
  void set_url(std::string url) { url_ = std::move(url); }
  void set_base_url(std::string base) { base_url_ = std::move(base); }
  Params& mutable_params() noexcept { return params_; }
  /// The parsed head.
  const RequestHead& head() const noexcept { return *head_; }
  /// Framework use: methods of routes that matched the path (for the OPTIONS answer).
  std::vector<std::string>& allowed_methods() noexcept { return allowed_methods_; }

 private:
  const RequestHead* head_ = nullptr;
  Exchange* exchange_ = nullptr;
  std::string url_;
  std::string base_url_;
  Params params_;
  mutable std::optional<json> query_;
  mutable std::optional<std::map<std::string, std::string, std::less<>>> cookies_;
  std::string raw_body_;
  std::vector<std::string> allowed_methods_;
  bool body_read_ = false;
};

}  // namespace corio::http
