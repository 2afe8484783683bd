#include <algorithm>
#include <corio/http/detail/ascii.hpp>
#include <corio/http/detail/authority.hpp>
#include <corio/http/parser.hpp>
#include <cstring>

namespace corio::http {
namespace {

using detail::iequals;
using Status = ParseResult::Status;

ParseResult fail(int status, std::string_view reason) { return {Status::error, 0, status, reason}; }

/// Bytes allowed in a header value: VCHAR, obs-text, SP, HTAB.
bool is_field_value_char(char c) noexcept {
  auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

/// Bytes allowed in a request-target: visible ASCII and obs-text, no whitespace or controls.
bool is_target_char(char c) noexcept {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f;
}

/// True when `data` holds an LF not preceded by CR (a bare LF line ending).
bool has_bare_lf(std::string_view data) noexcept {
  const char* p = data.data();
  const char* end = p + data.size();
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))))) {
    if (p == data.data() || p[-1] != '\r') return true;
    ++p;
  }
  return false;
}

/// Checks an unfinished head against the limits so a client cannot grow it without bound.
ParseResult check_incomplete(std::string_view data, std::size_t start, const ParserLimits& lim) {
  if (has_bare_lf(data)) return fail(400, "bare LF line ending");
  std::string_view rest = data.substr(start);
  std::size_t line_end = rest.find("\r\n");
  std::size_t line_len = line_end == std::string_view::npos ? rest.size() : line_end;
  if (line_len > lim.max_request_line) return fail(414, "request line too long");
  if (data.size() > lim.max_header_bytes) return fail(431, "request header fields too large");
  return {};
}

bool parse_version(std::string_view v, RequestHead& out, ParseResult& err) {
  if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || v[6] != '.' || v[5] < '0' || v[5] > '9' ||
      v[7] < '0' || v[7] > '9') {
    err = fail(400, "invalid HTTP version");
    return false;
  }
  if (v[5] != '1') {
    err = fail(505, "HTTP version not supported");
    return false;
  }
  out.version_minor = v[7] == '0' ? 0 : 1;
  return true;
}

/// Splits an absolute-form target ("http://host:port/path?q", RFC 9112 §3.2.2) into its
/// authority and the origin-form rest; other targets are left as they are.
bool split_absolute_form(RequestHead& out, ParseResult& err) {
  std::string_view target = out.target;
  const std::size_t scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos) return true;
  const std::string_view scheme = target.substr(0, scheme_end);
  if (!iequals(scheme, "http") && !iequals(scheme, "https")) {
    err = fail(400, "unsupported scheme in request target");
    return false;
  }
  const std::string_view rest = target.substr(scheme_end + 3);
  const std::size_t path = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, path);
  if (authority.empty() || !detail::is_valid_host(authority)) {  // also refuses userinfo ('@')
    err = fail(400, "invalid authority in request target");
    return false;
  }
  out.authority = authority;
  out.target = path == std::string_view::npos ? std::string_view("/") : rest.substr(path);
  return true;
}

/// Parses "method SP request-target SP HTTP-version".
bool parse_request_line(std::string_view line, RequestHead& out, ParseResult& err) {
  std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || !detail::is_token(line.substr(0, sp1))) {
    err = fail(400, "invalid method");
    return false;
  }
  out.method = line.substr(0, sp1);
  std::size_t t = sp1 + 1;
  std::size_t sp2 = t;
  while (sp2 < line.size() && is_target_char(line[sp2])) ++sp2;
  if (sp2 == t || sp2 >= line.size() || line[sp2] != ' ') {
    err = fail(400, "invalid request target");
    return false;
  }
  out.target = line.substr(t, sp2 - t);
  if (out.target.front() != '/' && !split_absolute_form(out, err)) return false;
  return parse_version(line.substr(sp2 + 1), out, err);
}

/// Facts gathered from the headers that decide framing and connection handling.
struct HeadFacts {
  bool has_content_length = false;
  std::uint64_t content_length = 0;
  bool has_transfer_encoding = false;
  bool chunked_last = false;
  bool chunked_not_last = false;
  bool chunked_params = false;
  bool other_coding = false;
  int host_count = 0;
  bool conn_close = false;
  bool conn_keep_alive = false;
  bool conn_upgrade = false;
  bool has_upgrade = false;
  bool expect_continue = false;
};

/// Parses a Content-Length value ("5" or the list form "5, 5"); false when malformed/differing.
bool parse_content_length(std::string_view value, HeadFacts& f) {
  bool ok = !detail::trim_ows(value).empty();
  detail::for_each_list_item(value, [&](std::string_view item) {
    std::uint64_t n = 0;
    for (char c : item) {
      if (c < '0' || c > '9' || n > (UINT64_MAX - 9) / 10) {
        ok = false;
        return;
      }
      n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (f.has_content_length && n != f.content_length) ok = false;
    f.has_content_length = true;
    f.content_length = n;
  });
  return ok && f.has_content_length;
}

void note_transfer_encoding(std::string_view value, HeadFacts& f) {
  f.has_transfer_encoding = true;
  detail::for_each_list_item(value, [&](std::string_view item) {
    const std::size_t semicolon = item.find(';');
    std::string_view name = detail::trim_ows(item.substr(0, semicolon));
    if (f.chunked_last) f.chunked_not_last = true;  // something follows "chunked"
    f.chunked_last = iequals(name, "chunked");
    // RFC 9112 §7.1: chunked has no parameters.
    if (f.chunked_last && semicolon != std::string_view::npos) f.chunked_params = true;
    if (!f.chunked_last) f.other_coding = true;
  });
}

void note_connection(std::string_view value, HeadFacts& f) {
  detail::for_each_list_item(value, [&](std::string_view item) {
    if (iequals(item, "close")) f.conn_close = true;
    if (iequals(item, "keep-alive")) f.conn_keep_alive = true;
    if (iequals(item, "upgrade")) f.conn_upgrade = true;
  });
}

/// Records what one header means for the request; false (with `err`) when it is invalid.
bool note_header(const Header& h, HeadFacts& f, ParseResult& err) {
  switch (detail::to_lower(h.name[0])) {
    case 'c':
      if (iequals(h.name, "content-length") && !parse_content_length(h.value, f)) {
        err = fail(400, "invalid content-length");
        return false;
      }
      if (iequals(h.name, "connection")) note_connection(h.value, f);
      break;
    case 't':
      if (iequals(h.name, "transfer-encoding")) note_transfer_encoding(h.value, f);
      break;
    case 'h':
      if (iequals(h.name, "host")) {
        ++f.host_count;
        if (!detail::is_valid_host(h.value)) {
          err = fail(400, "invalid host header");
          return false;
        }
      }
      break;
    case 'u':
      if (iequals(h.name, "upgrade")) f.has_upgrade = true;
      break;
    case 'e':
      if (iequals(h.name, "expect") && iequals(h.value, "100-continue")) f.expect_continue = true;
      break;
    default:
      break;
  }
  return true;
}

/// Parses "name: value" (no whitespace before the colon, no obs-fold, no control bytes).
bool parse_header_line(std::string_view line, Header& h, ParseResult& err) {
  if (detail::is_ows(line.front())) {
    err = fail(400, "obsolete line folding");
    return false;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || !detail::is_token(line.substr(0, colon))) {
    err = fail(400, "invalid header name");
    return false;
  }
  h.name = line.substr(0, colon);
  h.value = detail::trim_ows(line.substr(colon + 1));
  for (char c : h.value) {
    if (!is_field_value_char(c)) {
      err = fail(400, "invalid header value");
      return false;
    }
  }
  return true;
}

/// Decides framing and connection flags once every header has been seen.
ParseResult finish(const HeadFacts& f, RequestHead& out) {
  if (f.has_transfer_encoding && f.has_content_length)
    return fail(400, "content-length with transfer-encoding");
  if (f.host_count > 1) return fail(400, "multiple host headers");
  if (f.host_count == 0 && out.version_minor == 1) return fail(400, "missing host header");
  if (f.has_transfer_encoding) {
    if (!f.chunked_last || f.chunked_not_last) return fail(400, "chunked must be the final coding");
    if (f.chunked_params) return fail(400, "parameters on chunked");
    if (f.other_coding) return fail(501, "unsupported transfer-coding");
    out.framing = BodyFraming::chunked;
  } else if (f.has_content_length) {
    out.framing = BodyFraming::content_length;
    out.content_length = f.content_length;
  }
  out.keep_alive = out.version_minor == 1 ? !f.conn_close : (f.conn_keep_alive && !f.conn_close);
  // RFC 9112 §6.1: a 1.0 request with Transfer-Encoding has faulty framing: close after it.
  if (f.has_transfer_encoding && out.version_minor == 0) out.keep_alive = false;
  out.expect_continue = f.expect_continue;
  out.upgrade = f.conn_upgrade && f.has_upgrade;
  return {};
}

/// Parses the header lines of `block` (each ending with CRLF, final empty line excluded).
ParseResult parse_headers(std::string_view block, RequestHead& out, const ParserLimits& lim) {
  HeadFacts facts;
  while (!block.empty()) {
    std::size_t eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block.remove_prefix(eol + 2);
    if (out.headers.size() >= lim.max_headers) return fail(431, "too many header fields");
    Header h;
    ParseResult err;
    if (!parse_header_line(line, h, err) || !note_header(h, facts, err)) return err;
    out.headers.push_back(h);
  }
  return finish(facts, out);
}

}  // namespace

std::string_view RequestHead::get(std::string_view name) const noexcept {
  for (const Header& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return {};
}

void RequestHead::clear() noexcept {
  std::vector<Header> keep = std::move(headers);
  keep.clear();
  *this = RequestHead();
  headers = std::move(keep);
}

ParseResult parse_request_head(std::string_view data, RequestHead& out,
                               const ParserLimits& limits) {
  std::size_t start = 0;
  while (data.size() - start >= 2 && data[start] == '\r' && data[start + 1] == '\n') start += 2;
  std::size_t end = data.find("\r\n\r\n", start);
  if (end == std::string_view::npos) return check_incomplete(data, start, limits);
  std::size_t head_len = end + 4;
  if (has_bare_lf(data.substr(0, head_len))) return fail(400, "bare LF line ending");
  std::string_view head = data.substr(start, end + 2 - start);  // lines, each with its CRLF
  std::size_t line_end = head.find("\r\n");
  if (line_end > limits.max_request_line) return fail(414, "request line too long");
  if (head_len > limits.max_header_bytes) return fail(431, "request header fields too large");
  out.clear();
  ParseResult err;
  if (!parse_request_line(head.substr(0, line_end), out, err)) return err;
  ParseResult r = parse_headers(head.substr(line_end + 2), out, limits);
  if (r.status == Status::error) return r;
  return {Status::complete, head_len, 0, {}};
}

ParseResult ChunkedDecoder::on_size_char(char c, std::size_t body_size, std::size_t max_body) {
  int digit = detail::hex_value(c);
  if (digit >= 0) {
    if (++size_digits_ > 16) return fail(400, "chunk size too long");
    remaining_ = (remaining_ << 4) | static_cast<std::uint64_t>(digit);
    if (remaining_ > max_body || body_size > max_body - remaining_)
      return fail(413, "payload too large");
    return {};
  }
  if (size_digits_ == 0) return fail(400, "invalid chunk size");
  if (c == ';') {
    state_ = State::size_ext;
  } else if (c == '\r') {
    state_ = State::size_lf;
  } else {
    return fail(400, "invalid chunk size");
  }
  return {};
}

ParseResult ChunkedDecoder::step(std::string_view data, std::size_t& i, std::string& body,
                                 std::size_t max_body) {
  char c = data[i++];
  switch (state_) {
    case State::size:
      return on_size_char(c, body.size(), max_body);
    case State::size_ext:
      if (c == '\r') {
        state_ = State::size_lf;
      } else if (!is_field_value_char(c)) {
        return fail(400, "invalid chunk extension");
      } else if (++ext_bytes_ > limits_.max_extension_bytes) {
        return fail(400, "chunk extension too long");
      }
      return {};
    case State::size_lf:
      if (c != '\n') return fail(400, "expected LF after chunk size");
      state_ = remaining_ == 0 ? State::trailer : State::data;
      trailer_line_empty_ = true;
      return {};
    case State::data: {
      --i;
      std::size_t n = static_cast<std::size_t>(
          std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(data.size() - i)));
      body.append(data.substr(i, n));
      i += n;
      remaining_ -= n;
      if (remaining_ == 0) state_ = State::data_cr;
      return {};
    }
    case State::data_cr:
      if (c != '\r') return fail(400, "expected CRLF after chunk data");
      state_ = State::data_lf;
      return {};
    case State::data_lf:
      if (c != '\n') return fail(400, "expected CRLF after chunk data");
      state_ = State::size;
      size_digits_ = 0;
      ext_bytes_ = 0;
      return {};
    case State::trailer:
      if (c == '\r') {
        state_ = State::trailer_lf;
      } else if (!is_field_value_char(c) || (trailer_line_empty_ && detail::is_ows(c))) {
        return fail(400, "invalid trailer field");
      } else {
        trailer_line_empty_ = false;
      }
      if (++trailer_bytes_ > limits_.max_trailer_bytes) return fail(431, "trailers too large");
      return {};
    case State::trailer_lf:
      if (c != '\n') return fail(400, "expected LF in trailers");
      state_ = trailer_line_empty_ ? State::done : State::trailer;
      trailer_line_empty_ = true;
      return {};
    case State::done:
      break;
  }
  return {};
}

ParseResult ChunkedDecoder::feed(std::string_view data, std::string& body, std::size_t max_body) {
  std::size_t i = 0;
  while (i < data.size() && state_ != State::done) {
    ParseResult r = step(data, i, body, max_body);
    if (r.status == Status::error) return r;
  }
  return {state_ == State::done ? Status::complete : Status::incomplete, i, 0, {}};
}

}  // namespace corio::http
