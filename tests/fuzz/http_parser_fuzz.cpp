// Fuzzes parse_request_head and ChunkedDecoder. The first byte picks the split step: every
// prefix of the input must agree with the whole (restartable parsing), and a chunked body fed
// in pieces must decode exactly as when fed at once.
#include <corio/http/parser.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using corio::http::ChunkedDecoder;
using corio::http::ParseResult;
using corio::http::ParserLimits;
using corio::http::RequestHead;
using Status = ParseResult::Status;

void check(bool ok) {
  if (!ok) std::abort();
}

void fuzz_head(std::string_view in, std::size_t step) {
  ParserLimits limits{.max_header_bytes = 4096, .max_headers = 32, .max_request_line = 1024};
  RequestHead whole;
  ParseResult rw = corio::http::parse_request_head(in, whole, limits);
  if (rw.status == Status::complete) {
    check(rw.consumed <= in.size());
    for (const auto& h : whole.headers) {
      check(h.name.data() >= in.data() && h.name.data() + h.name.size() <= in.data() + in.size());
    }
  }
  for (std::size_t n = 0; n < in.size(); n += step) {
    RequestHead part;
    ParseResult rp = corio::http::parse_request_head(in.substr(0, n), part, limits);
    if (rp.status == Status::error) check(rw.status == Status::error);
    if (rp.status == Status::complete)
      check(rw.status == Status::complete && rp.consumed == rw.consumed);
  }
}

void fuzz_chunked(std::string_view in, std::size_t step) {
  constexpr std::size_t max_body = 1 << 16;
  ChunkedDecoder whole_dec;
  std::string whole_body;
  ParseResult rw = whole_dec.feed(in, whole_body, max_body);
  check(rw.status == Status::error || rw.consumed <= in.size());
  check(whole_body.size() <= max_body);

  ChunkedDecoder dec;
  std::string body;
  ParseResult r;
  std::size_t used = 0;
  for (std::size_t pos = 0; pos < in.size(); pos += step) {
    r = dec.feed(in.substr(pos, step), body, max_body);
    if (r.status != Status::incomplete) {
      used = pos + r.consumed;
      break;
    }
    check(r.consumed == in.substr(pos, step).size());
    used = pos + r.consumed;
  }
  check(r.status == rw.status && r.http_status == rw.http_status);
  if (rw.status != Status::error) {
    check(body == whole_body);
    check(used == rw.consumed);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::size_t step = data[0] % 13 + 1;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  fuzz_head(in, step);
  fuzz_chunked(in, step);
  // A head followed by a chunked body, as a connection sees it.
  RequestHead head;
  ParseResult r = corio::http::parse_request_head(in, head);
  if (r.status == Status::complete && head.framing == corio::http::BodyFraming::chunked)
    fuzz_chunked(in.substr(r.consumed), step);
  return 0;
}
