#pragma once
/// @file Incremental HTTP/1.1 request parser (RFC 9112), pure: no I/O, no Asio.
///
/// Contract: parse_request_head() is called with all bytes received so far for the current
/// request (the connection keeps them in one contiguous buffer) and either asks for more,
/// fails with the HTTP status to answer (then the connection closes), or fills a RequestHead
/// whose string_views point into those bytes. The caller keeps the bytes alive and unchanged
/// until it is done with the head. ChunkedDecoder then decodes a chunked body incrementally.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corio::http {

/// Limits of the parser, with Node's defaults.
struct ParserLimits {
  std::size_t max_header_bytes = 16 * 1024;  ///< request line + headers; over it → 431
  std::size_t max_headers = 100;             ///< header count; over it → 431
  std::size_t max_request_line = 8 * 1024;   ///< request line alone; over it → 414
};

/// One header field as received (name case preserved; value without surrounding OWS).
struct Header {
  std::string_view name;
  std::string_view value;
};

/// How the request body is framed.
enum class BodyFraming { none, content_length, chunked };

/// The parsed request line and headers, with the facts the connection needs.
struct RequestHead {
  std::string_view method;      ///< e.g. "GET" (token, case-sensitive as sent)
  std::string_view target;      ///< origin-form target, e.g. "/a/b?x=1" (absolute-form: its path)
  std::string_view authority;   ///< "host:port" of an absolute-form target, else empty
  int version_minor = 1;        ///< 0 for HTTP/1.0, 1 for HTTP/1.1
  std::vector<Header> headers;  ///< in order received; clear() keeps capacity between requests
  BodyFraming framing = BodyFraming::none;
  std::uint64_t content_length = 0;  ///< valid when framing == content_length
  bool keep_alive = true;            ///< from version and the Connection header
  bool expect_continue = false;      ///< "Expect: 100-continue"
  bool upgrade = false;              ///< "Connection: upgrade" with an Upgrade header

  /// First value of a header, case-insensitive name; empty view when absent.
  std::string_view get(std::string_view name) const noexcept;
  /// Resets for the next request, keeping the vector's capacity.
  void clear() noexcept;
};

/// Outcome of one parse step.
struct ParseResult {
  enum class Status { incomplete, complete, error };
  Status status = Status::incomplete;
  std::size_t consumed = 0;  ///< bytes of the head (complete) or of input used (chunked)
  int http_status = 0;       ///< on error: 400, 413, 414, 431, 501 (transfer-coding), 505
  std::string_view reason;   ///< on error: short static text, e.g. "invalid header name"
};

/// Parses the request line and headers from `data` (which starts at the request's first byte;
/// leading empty lines, as RFC 9112 allows, are skipped and counted in `consumed`).
/// Strict: rejects control characters, obs-fold, whitespace before ':', bad tokens, bare LF
/// lines, Content-Length with Transfer-Encoding, differing or malformed Content-Length,
/// a Transfer-Encoding other than a final "chunked" without parameters, a missing, repeated or
/// malformed Host on HTTP/1.1. An absolute-form target is split into authority and path.
ParseResult parse_request_head(std::string_view data, RequestHead& out,
                               const ParserLimits& limits = {});

/// Limits of ChunkedDecoder.
struct ChunkedLimits {
  std::size_t max_extension_bytes = 4 * 1024;  ///< chunk extensions of one chunk line; over → 400
  std::size_t max_trailer_bytes = 16 * 1024;   ///< all trailer lines; over → 431
};

/// Incremental decoder of a chunked body (sizes, extensions, CRLFs, trailers).
/// Chunk sizes have at most 16 hex digits; extensions are skipped, trailers discarded.
class ChunkedDecoder {
 public:
  /// A decoder with the default limits.
  ChunkedDecoder() = default;
  /// A decoder with the given limits.
  explicit ChunkedDecoder(const ChunkedLimits& limits) : limits_(limits) {}

  /// Decodes from `data`, appending body bytes to `body`. `consumed` says how much of `data`
  /// was used; the caller drops it and calls again with more bytes. Errors: 400 on bad syntax,
  /// 413 when the decoded body would exceed `max_body`.
  ParseResult feed(std::string_view data, std::string& body, std::size_t max_body);
  /// True once the last chunk and the trailers have been read.
  bool done() const noexcept { return state_ == State::done; }
  /// Ready for a new body.
  void reset() noexcept { *this = ChunkedDecoder(limits_); }

 private:
  enum class State { size, size_ext, size_lf, data, data_cr, data_lf, trailer, trailer_lf, done };
  ParseResult step(std::string_view data, std::size_t& i, std::string& body, std::size_t max_body);
  ParseResult on_size_char(char c, std::size_t body_size, std::size_t max_body);

  ChunkedLimits limits_;
  State state_ = State::size;
  std::size_t ext_bytes_ = 0;
  std::uint64_t remaining_ = 0;
  std::size_t size_digits_ = 0;
  std::size_t trailer_bytes_ = 0;
  bool trailer_line_empty_ = true;
};

}  // namespace corio::http
