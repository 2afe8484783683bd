// Response::send_file: files with MIME type, validators (ETag/Last-Modified, 304), a single
// Range (206/416) and chunked reads so large files never sit in memory whole.
#include <corio/http/detail/ascii.hpp>
#include <corio/http/etag.hpp>
#include <corio/http/exchange.hpp>
#include <corio/http/http_date.hpp>
#include <corio/http/http_error.hpp>
#include <corio/http/mime.hpp>
#include <corio/http/range.hpp>
#include <corio/http/request.hpp>
#include <corio/http/response.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace corio::http {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t read_chunk = 64 * 1024;

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

/// Resolves `path` under `root`, refusing traversal, NUL and dotfiles (403/404 like `send`).
fs::path resolve(std::string_view path, const SendFileOptions& options) {
  if (path.find('\0') != std::string_view::npos) throw HttpError(400, "Bad Request");
  fs::path full;
  if (!options.root.empty()) {
    fs::path relative(path);
    for (const auto& part : relative) {
      if (part == "..") throw HttpError(403, "Forbidden");
    }
    full = fs::path(options.root) / relative.relative_path();
  } else {
    full = fs::path(path);
    if (!full.is_absolute()) throw std::invalid_argument("send_file: path must be absolute or root set");
  }
  if (!options.dotfiles_allow) {
    fs::path checked = options.root.empty() ? full : fs::path(path).relative_path();
    for (const auto& part : checked) {
      std::string name = part.string();
      if (name.size() > 1 && name.front() == '.' && name != "..") throw HttpError(404, "Not Found");
    }
  }
  return full;
}

std::int64_t mtime_ms(const fs::path& p) {
  auto t = fs::last_write_time(p);
  auto sys = std::chrono::file_clock::to_sys(t);
  return std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
}

}  // namespace

Task<> Response::send_file(std::string_view path, const SendFileOptions& options) {
  const fs::path full = resolve(path, options);
  std::error_code ec;
  auto file_status = fs::status(full, ec);
  if (ec || !fs::is_regular_file(file_status)) throw HttpError(404, "Not Found");
  const std::uint64_t size = fs::file_size(full, ec);
  if (ec) throw HttpError(404, "Not Found");
  const std::int64_t mtime = mtime_ms(full);

  if (!find("Content-Type")) {
    set("Content-Type", options.content_type ? content_type_for(*options.content_type)
                                             : content_type_for(full.has_extension() ? full.extension().string().substr(1) : std::string("bin")));
  }
  if (options.accept_ranges) set("Accept-Ranges", "bytes");
  std::string cache = fmt::format("public, max-age={}", options.max_age.count());
  if (options.immutable) cache += ", immutable";
  if (!find("Cache-Control")) set("Cache-Control", cache);
  if (options.last_modified) set("Last-Modified", format_http_date(static_cast<std::time_t>(mtime / 1000)));
  if (options.etag) set("ETag", etag_of_file(size, static_cast<std::uint64_t>(mtime)));

  const RequestHead& head = request_->head();
  if (fresh({head.get("if-none-match"), head.get("if-modified-since"), head.get("cache-control")},
            {get("ETag"), get("Last-Modified")})) {
    status(304);
    remove("Content-Type").remove("Content-Length");
    finish_with_body();
    co_return;
  }

  std::uint64_t begin = 0, length = size;
  std::string_view range_header = head.get("range");
  if (options.accept_ranges && !range_header.empty() && size > 0) {
    RangeRequest range = parse_range(range_header, size);
    if (range.status == RangeRequest::Status::unsatisfiable) {
      status(416).set("Content-Range", fmt::format("bytes */{}", size));
      send(std::string());
      co_return;
    }
    // A single range is honoured; several (rare, multipart) are answered with the whole file.
    if (range.status == RangeRequest::Status::ok && range.ranges.size() == 1) {
      const ByteRange& r = range.ranges.front();
      begin = r.first;
      length = r.last - r.first + 1;
      status(206).set("Content-Range", fmt::format("bytes {}-{}/{}", r.first, r.last, size));
    }
  }

  File file(std::fopen(full.c_str(), "rb"));
  if (!file) throw HttpError(404, "Not Found");
  if (begin) std::fseek(file.get(), static_cast<long>(begin), SEEK_SET);
  if (length <= read_chunk || head_only_) {
    std::string body(head_only_ ? 0 : length, '\0');
    if (!head_only_ && std::fread(body.data(), 1, length, file.get()) != length) {
      throw HttpError(500, "read failed");
    }
    if (head_only_) set("Content-Length", std::to_string(length));
    finish_with_body();
    body_ = std::move(body);
    co_return;
  }
  // Large file: stream it in chunks with the length declared up front.
  co_await flush_head(length);
  std::string buffer(read_chunk, '\0');
  while (length > 0) {
    const std::size_t want = std::min<std::uint64_t>(length, read_chunk);
    const std::size_t got = std::fread(buffer.data(), 1, want, file.get());
    if (got == 0) {
      close_after();
      break;
    }
    asio::const_buffer chunk(buffer.data(), got);
    const std::error_code werr = co_await exchange_->write({&chunk, 1});
    if (werr) throw std::system_error(werr);
    length -= got;
  }
  finished_ = true;
}

}  // namespace corio::http
