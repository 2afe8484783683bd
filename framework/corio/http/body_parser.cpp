// Body parsers: each decides from the Content-Type whether it acts, checks charset and encoding
// before reading (415), reads at most `limit` bytes (413), then decodes into req.body.
#include <algorithm>
#include <corio/http/body_parser.hpp>
#include <corio/http/detail/ascii.hpp>
#include <corio/http/url.hpp>
#include <cstdint>

namespace corio::http::body_parser {
namespace {

using Predicate = std::function<bool(const Request&)>;

/// True when the parser should act on this request.
bool matches(const Request& req, const std::vector<std::string>& types,
             std::string_view default_type, const Predicate& predicate) {
  if (predicate) return predicate(req);
  if (types.empty()) return req.is(default_type);
  for (const auto& t : types) {
    if (req.is(t)) return true;
  }
  return false;
}

/// The lower-case charset parameter of a Content-Type, empty when absent.
std::string charset_of(std::string_view content_type) {
  std::string_view rest = content_type;
  while (true) {
    const auto semi = rest.find(';');
    if (semi == std::string_view::npos) return {};
    rest.remove_prefix(semi + 1);
    std::string_view param = detail::trim_ows(rest.substr(0, rest.find(';')));
    const auto eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (!detail::iequals(detail::trim_ows(param.substr(0, eq)), "charset")) continue;
    std::string_view value = detail::trim_ows(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    std::string lower;
    for (char c : value) lower += detail::to_lower(c);
    return lower;
  }
}

/// Refuses compressed bodies (415), as body-parser does with `inflate` off.
void check_encoding(const Request& req) {
  const std::string_view encoding = req.get("content-encoding");
  if (!encoding.empty() && !detail::iequals(encoding, "identity")) {
    throw HttpError(415, "unsupported content encoding \"" + std::string(encoding) + "\"");
  }
}

/// 415 unless the charset is absent, utf-8 or us-ascii.
void require_utf8(const Request& req) {
  const std::string charset = charset_of(req.get("content-type"));
  if (!charset.empty() && charset != "utf-8" && charset != "us-ascii") {
    throw HttpError(415, "unsupported charset \"" + charset + "\"");
  }
}

/// True when a parser should read this request's body: it has one, no earlier parser
/// consumed it, and its type matches.
bool wants(const Request& req, const std::vector<std::string>& types, std::string_view default_type,
           const Predicate& predicate) {
  return req.body.is_null() && req.has_body() && matches(req, types, default_type, predicate);
}

std::string_view strip_bom(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  return s;
}

corio::json parse_json(std::string_view bytes, const JsonOptions& options) {
  const std::string text = sanitize_utf8(strip_bom(bytes));  // invalid bytes → U+FFFD, like Node
  if (text.empty()) return corio::json::object();
  if (options.strict) {
    const auto first = text.find_first_not_of(" \t\n\r");
    if (first == std::string::npos || (text[first] != '{' && text[first] != '[')) {
      throw HttpError(400, "JSON in strict mode must be an object or an array");
    }
  }
  if (corio::json_nests_deeper(text, options.depth)) {
    throw HttpError(400, "JSON nests deeper than " + std::to_string(options.depth) + " levels");
  }
  try {
    return corio::json::parse(text);
  } catch (const corio::json::parse_error& e) {
    throw HttpError(400, std::string("invalid JSON: ") + e.what());
  }
}

bool is_utf8(const std::string& charset) {
  return charset == "utf-8" || charset == "utf8" || charset == "us-ascii";
}

bool is_latin1(const std::string& charset) {
  return charset == "iso-8859-1" || charset == "latin1" || charset == "l1";
}

/// Decodes text in a supported charset (is_utf8 or is_latin1) to UTF-8.
std::string decode_text(std::string_view bytes, const std::string& charset) {
  if (is_utf8(charset)) return sanitize_utf8(strip_bom(bytes));
  std::string out;  // latin1: each byte is the code point
  out.reserve(bytes.size());
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace

Middleware json(JsonOptions options) {
  return [options = std::move(options)](Request& req, Response&, Next next) -> Task<> {
    if (wants(req, options.type, "application/json", options.should_parse)) {
      require_utf8(req);
      check_encoding(req);
      req.body = parse_json(co_await req.read_body(options.limit), options);
    }
    co_await next();
  };
}

Middleware urlencoded(UrlencodedOptions options) {
  return [options = std::move(options)](Request& req, Response&, Next next) -> Task<> {
    if (wants(req, options.type, "application/x-www-form-urlencoded", options.should_parse)) {
      require_utf8(req);
      check_encoding(req);
      const std::string_view body = co_await req.read_body(options.limit);
      const std::size_t pairs =
          body.empty() ? 0
                       : static_cast<std::size_t>(std::count(body.begin(), body.end(), '&')) + 1;
      if (pairs > options.parameter_limit) throw HttpError(413, "too many parameters");
      corio::json parsed = parse_urlencoded(body, {.max_keys = options.parameter_limit});
      req.body = parsed.is_object() ? std::move(parsed) : corio::json::object();
    }
    co_await next();
  };
}

Middleware text(TextOptions options) {
  return [options = std::move(options)](Request& req, Response&, Next next) -> Task<> {
    if (wants(req, options.type, "text/plain", options.should_parse)) {
      std::string charset = charset_of(req.get("content-type"));
      if (charset.empty()) charset = options.default_charset;
      check_encoding(req);
      if (!is_utf8(charset) && !is_latin1(charset)) {
        throw HttpError(415, "unsupported charset \"" + charset + "\"");
      }
      req.body = decode_text(co_await req.read_body(options.limit), charset);
    }
    co_await next();
  };
}

Middleware raw(RawOptions options) {
  return [options = std::move(options)](Request& req, Response&, Next next) -> Task<> {
    if (wants(req, options.type, "application/octet-stream", options.should_parse)) {
      check_encoding(req);
      const std::string_view bytes = co_await req.read_body(options.limit);
      req.body = corio::json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    }
    co_await next();
  };
}

}  // namespace corio::http::body_parser
