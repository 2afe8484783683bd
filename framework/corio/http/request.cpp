#include <corio/http/request.hpp>

#include <corio/core/error.hpp>
#include <corio/http/cookie.hpp>
#include <corio/http/detail/ascii.hpp>
#include <corio/http/exchange.hpp>
#include <corio/http/http_error.hpp>
#include <corio/http/media_type.hpp>
#include <corio/http/url.hpp>

namespace corio::http {

void Request::reset(const RequestHead* head, Exchange* exchange) {
  head_ = head;
  exchange_ = exchange;
  url_.assign(head->target);
  // "http://host?q" arrives as "?q": its path is "/".
  if (!url_.empty() && url_.front() == '?') url_.insert(0, 1, '/');
  base_url_.clear();
  params_.clear();
  query_.reset();
  cookies_.reset();
  raw_body_.clear();
  body_read_ = false;
  allowed_methods_.clear();
  body = nullptr;
  data = nullptr;
}

std::string_view Request::path() const noexcept {
  std::string_view url = url_;
  return url.substr(0, url.find('?'));
}

std::string_view Request::query_string() const noexcept {
  std::string_view url = url_;
  auto q = url.find('?');
  return q == std::string_view::npos ? std::string_view() : url.substr(q + 1);
}

const json& Request::query() const {
  if (!query_) query_ = parse_query(query_string());
  return *query_;
}

std::string_view Request::param(std::string_view name) const noexcept {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  return {};
}

std::string_view Request::get(std::string_view name) const noexcept {
  if (detail::iequals(name, "referrer") || detail::iequals(name, "referer")) {
    auto v = head_->get("referer");
    return v.empty() ? head_->get("referrer") : v;
  }
  // RFC 9112 §3.2.2: the authority of an absolute-form target replaces the Host header.
  if (!head_->authority.empty() && detail::iequals(name, "host")) return head_->authority;
  return head_->get(name);
}

const std::map<std::string, std::string, std::less<>>& Request::cookies() const {
  if (!cookies_) {
    cookies_.emplace();
    for (const auto& header : head_->headers) {
      if (!detail::iequals(header.name, "cookie")) continue;
      for (auto& [k, v] : parse_cookies(header.value)) cookies_->try_emplace(k, v);
    }
  }
  return *cookies_;
}

bool Request::secure() const noexcept { return exchange_ && exchange_->secure(); }

std::string Request::ip() const {
  if (!exchange_) return {};
  auto address = exchange_->remote_endpoint().address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return "::ffff:" + asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

std::uint16_t Request::port() const noexcept {
  return exchange_ ? exchange_->remote_endpoint().port() : 0;
}

std::string_view Request::hostname() const noexcept {
  std::string_view host = get("host");
  if (!host.empty() && host.front() == '[') {  // IPv6 literal
    auto end = host.find(']');
    return end == std::string_view::npos ? host : host.substr(0, end + 1);
  }
  return host.substr(0, host.find(':'));
}

bool Request::xhr() const noexcept {
  return detail::iequals(head_->get("x-requested-with"), "xmlhttprequest");
}

bool Request::is(std::string_view type) const {
  if (!has_body()) return false;
  return !type_is(head_->get("content-type"), {type}).empty();
}

std::string Request::accepts(std::initializer_list<std::string_view> offered) const {
  return std::string(http::accepts(head_->get("accept"), offered));
}

Task<std::string_view> Request::read_body(std::size_t limit) {
  if (!body_read_) {
    std::error_code ec = co_await exchange_->read_body(raw_body_, limit);
    if (ec == errc::limit_exceeded) throw HttpError(413, "request entity too large");
    if (ec) throw HttpError(400, "request aborted");
    body_read_ = true;
  }
  co_return raw_body_;
}

Hijacked Request::hijack() { return exchange_->hijack(); }

}  // namespace corio::http
