#include <corio/http/response.hpp>

#include <corio/http/cookie.hpp>
#include <corio/http/detail/layer_list.hpp>
#include <corio/http/detail/ascii.hpp>
#include <corio/http/exchange.hpp>
#include <corio/http/http_date.hpp>
#include <corio/http/http_error.hpp>
#include <corio/http/mime.hpp>
#include <corio/http/request.hpp>
#include <corio/http/status.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace corio::http {

void Response::reset(Request* request, Exchange* exchange, const RenderHook* renderer,
                     bool head_only) {
  request_ = request;
  exchange_ = exchange;
  renderer_ = renderer;
  status_ = 200;
  field_count_ = 0;
  body_.clear();
  headers_sent_ = finished_ = streamed_ = chunked_ = hijacked_ = close_after_ = false;
  head_only_ = head_only;
  if (locals.is_object()) {
    locals.get_ref<corio::json::object_t&>().clear();  // keeps its storage for the next request
  } else {
    locals = corio::json::object();
  }
}

Response::Field* Response::find(std::string_view name) noexcept {
  for (std::size_t i = 0; i < field_count_; ++i) {
    if (detail::iequals(fields_[i].name, name)) return &fields_[i];
  }
  return nullptr;
}

const Response::Field* Response::find(std::string_view name) const noexcept {
  return const_cast<Response*>(this)->find(name);
}

Response::Field& Response::add_field() {
  if (field_count_ == fields_.size()) fields_.emplace_back();
  return fields_[field_count_++];
}

Response& Response::status(int code) {
  if (code < 100 || code > 999) throw std::invalid_argument(fmt::format("invalid status code {}", code));
  status_ = code;
  return *this;
}

Response& Response::set(std::string_view name, std::string_view value) {
  if (Field* f = find(name)) {
    f->value.assign(value);
    return *this;
  }
  return append(name, value);
}

Response& Response::append(std::string_view name, std::string_view value) {
  // Header injection guard: CR/LF/NUL never reach the wire.
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') throw std::invalid_argument("invalid header value");
  }
  if (!detail::is_token(name)) throw std::invalid_argument("invalid header name");
  Field& f = add_field();
  f.name.assign(name);
  f.value.assign(value);
  return *this;
}

std::string_view Response::get(std::string_view name) const noexcept {
  const Field* f = find(name);
  return f ? std::string_view(f->value) : std::string_view();
}

Response& Response::remove(std::string_view name) {
  for (std::size_t i = 0; i < field_count_;) {
    if (detail::iequals(fields_[i].name, name)) {
      std::swap(fields_[i], fields_[field_count_ - 1]);
      --field_count_;
    } else {
      ++i;
    }
  }
  return *this;
}

Response& Response::type(std::string_view t) {
  // The usual shorthands without a lookup or a temporary string.
  if (t == "html") return set("Content-Type", "text/html; charset=utf-8");
  if (t == "text" || t == "txt") return set("Content-Type", "text/plain; charset=utf-8");
  if (t == "json") return set("Content-Type", "application/json; charset=utf-8");
  return set("Content-Type", content_type_for(t));
}

Response& Response::vary(std::string_view field) {
  Field* f = find("Vary");
  if (!f) return set("Vary", field);
  if (f->value == "*") return *this;
  std::string_view rest = f->value;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    if (detail::iequals(detail::trim_ows(rest.substr(0, comma)), field)) return *this;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  f->value.append(", ").append(field);
  return *this;
}

void Response::finish_with_body() {
  if (finished_) throw std::logic_error("response already sent");
  finished_ = true;
}

Response& Response::send(std::string_view body) {
  finish_with_body();
  body_.assign(body);
  if (!find("Content-Type")) set("Content-Type", "text/html; charset=utf-8");
  return *this;
}

Response& Response::send(std::string&& body) {
  finish_with_body();
  body_ = std::move(body);
  if (!find("Content-Type")) set("Content-Type", "text/html; charset=utf-8");
  return *this;
}

Response& Response::json(const corio::json& value) {
  if (!find("Content-Type")) set("Content-Type", "application/json; charset=utf-8");
  finish_with_body();
  // Serialized straight into the body, whose storage the last response left (dump() would
  // build a new string every time).
  body_.clear();
  nlohmann::detail::serializer<corio::json> out(nlohmann::detail::output_adapter<char>(body_), ' ',
                                                corio::json::error_handler_t::replace);
  out.dump(value, false, false, 0);
  return *this;
}

Response& Response::send_status(int code) {
  status(code);
  set("Content-Type", "text/plain; charset=utf-8");
  return send(status_text(code));
}

Response& Response::redirect(std::string_view url, int code) {
  status(code);
  set("Location", url);
  set("Content-Type", "text/plain; charset=utf-8");
  return send(fmt::format("{}. Redirecting to {}", status_text(code), url));
}

Response& Response::cookie(std::string_view name, std::string_view value,
                           const CookieOptions& options) {
  CookieOptions with_path = options;
  if (with_path.path.empty()) with_path.path = "/";  // Express's default
  return append("Set-Cookie", serialize_cookie(name, value, with_path));
}

Response& Response::clear_cookie(std::string_view name, const CookieOptions& options) {
  CookieOptions cleared = options;
  cleared.max_age.reset();
  cleared.expires = std::chrono::system_clock::time_point{};  // Thu, 01 Jan 1970
  if (cleared.path.empty()) cleared.path = "/";
  return cookie(name, "", cleared);
}

void Response::serialize_head(std::string& out, bool keep_alive) {
  using namespace std::string_view_literals;
  const int status = status_;  // 100..999 (status() checks)
  const std::string_view reason = status_text(status);
  const std::string_view date = http_date_now();
  const bool no_body = status_ == 204 || status_ == 304 || status_ < 200;
  char length[24];
  std::size_t length_size = 0;
  if (!chunked_ && !no_body && !find("Content-Length")) {
    length_size = static_cast<std::size_t>(std::to_chars(length, length + sizeof length, body_.size()).ptr - length);
  }
  // Sized first, then filled: one allocation at most and no per-piece capacity checks.
  std::size_t size = "HTTP/1.1 200 "sv.size() + reason.size() + 2 + "Date: "sv.size() + date.size() + 2 + 2;
  for (std::size_t i = 0; i < field_count_; ++i) size += fields_[i].name.size() + fields_[i].value.size() + 4;
  if (!keep_alive) size += "Connection: close\r\n"sv.size();
  if (chunked_) size += "Transfer-Encoding: chunked\r\n"sv.size();
  if (length_size != 0) size += "Content-Length: "sv.size() + length_size + 2;
  out.resize(size);
  char* w = out.data();
  auto put = [&w](std::string_view piece) {
    if (piece.empty()) return;  // (an empty view may hold a null pointer: no memcpy with it)
    std::memcpy(w, piece.data(), piece.size());
    w += piece.size();
  };
  put("HTTP/1.1 "sv);
  *w++ = static_cast<char>('0' + status / 100);
  *w++ = static_cast<char>('0' + status / 10 % 10);
  *w++ = static_cast<char>('0' + status % 10);
  *w++ = ' ';
  put(reason);
  put("\r\n"sv);
  for (std::size_t i = 0; i < field_count_; ++i) {
    put(fields_[i].name);
    put(": "sv);
    put(fields_[i].value);
    put("\r\n"sv);
  }
  put("Date: "sv);
  put(date);
  put("\r\n"sv);
  if (!keep_alive) put("Connection: close\r\n"sv);
  if (chunked_) put("Transfer-Encoding: chunked\r\n"sv);
  if (length_size != 0) {
    put("Content-Length: "sv);
    put(std::string_view(length, length_size));
    put("\r\n"sv);
  }
  put("\r\n"sv);
}

Task<> Response::flush_head(std::optional<std::uint64_t> content_length) {
  if (content_length) {
    set("Content-Length", std::to_string(*content_length));
  } else {
    chunked_ = !head_only_;
  }
  headers_sent_ = streamed_ = true;
  serialize_head(head_buffer_, !close_after_ && request_->head().keep_alive);
  asio::const_buffer buffer(head_buffer_.data(), head_buffer_.size());
  const std::error_code ec = co_await exchange_->write({&buffer, 1});
    if (ec) throw std::system_error(ec);
}

Task<> Response::write(std::string_view chunk) {
  if (finished_) throw std::logic_error("write after end");
  if (!headers_sent_) {
    if (!find("Content-Type")) set("Content-Type", "text/html; charset=utf-8");
    std::optional<std::uint64_t> declared;
    if (const Field* length = find("Content-Length")) declared = std::stoull(length->value);
    co_await flush_head(declared);
  }
  if (chunk.empty() || head_only_) co_return;
  if (!chunked_) {
    asio::const_buffer buffer(chunk.data(), chunk.size());
    const std::error_code ec = co_await exchange_->write({&buffer, 1});
    if (ec) throw std::system_error(ec);
    co_return;
  }
  char size_line[24];
  auto n = fmt::format_to_n(size_line, sizeof size_line, "{:x}\r\n", chunk.size()).size;
  std::array<asio::const_buffer, 3> buffers{asio::const_buffer(size_line, n),
                                            asio::const_buffer(chunk.data(), chunk.size()),
                                            asio::const_buffer("\r\n", 2)};
  const std::error_code ec = co_await exchange_->write(buffers);
    if (ec) throw std::system_error(ec);
}

Task<> Response::end() {
  if (finished_) co_return;
  if (!headers_sent_) {
    finished_ = true;  // an empty body, written by the connection
    co_return;
  }
  finished_ = true;
  if (chunked_) {
    asio::const_buffer last("0\r\n\r\n", 5);
    const std::error_code ec = co_await exchange_->write({&last, 1});
    if (ec) throw std::system_error(ec);
  }
}

Task<> Response::render(std::string_view name, const corio::json& call_locals) {
  const corio::json* layers[] = {&call_locals};
  render_now(name, layers);
  co_return;
}

Task<> Response::render(std::string_view name, std::span<const corio::json* const> call_layers) {
  render_now(name, call_layers);
  co_return;
}

void Response::render_now(std::string_view name, std::span<const corio::json* const> call_layers) {
  if (!renderer_ || !*renderer_) throw std::logic_error("res.render: no view engine (use App::set_views)");
  // res.locals < the call's layers, passed down as layers: nothing is merged or copied.
  const detail::LayerList layers(&locals, call_layers);
  std::string html = (*renderer_)(name, layers.span());
  if (!find("Content-Type")) set("Content-Type", "text/html; charset=utf-8");
  send(std::move(html));
}

}  // namespace corio::http
