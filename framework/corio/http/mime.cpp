#include <algorithm>
#include <array>
#include <corio/http/detail/ascii.hpp>
#include <corio/http/mime.hpp>
#include <utility>

namespace corio::http {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

// Sorted by extension (checked by a test) for binary search; values follow mime-db.
constexpr std::array kTypes = {
    Entry{"7z", "application/x-7z-compressed"},
    Entry{"aac", "audio/aac"},
    Entry{"apng", "image/apng"},
    Entry{"avi", "video/x-msvideo"},
    Entry{"avif", "image/avif"},
    Entry{"bin", "application/octet-stream"},
    Entry{"bmp", "image/bmp"},
    Entry{"cjs", "application/node"},
    Entry{"css", "text/css"},
    Entry{"csv", "text/csv"},
    Entry{"doc", "application/msword"},
    Entry{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    Entry{"eot", "application/vnd.ms-fontobject"},
    Entry{"epub", "application/epub+zip"},
    Entry{"flac", "audio/x-flac"},
    Entry{"gif", "image/gif"},
    Entry{"gz", "application/gzip"},
    Entry{"htm", "text/html"},
    Entry{"html", "text/html"},
    Entry{"ico", "image/vnd.microsoft.icon"},
    Entry{"ics", "text/calendar"},
    Entry{"jpeg", "image/jpeg"},
    Entry{"jpg", "image/jpeg"},
    Entry{"js", "text/javascript"},
    Entry{"json", "application/json"},
    Entry{"jsonld", "application/ld+json"},
    Entry{"jsx", "text/jsx"},
    Entry{"m4a", "audio/mp4"},
    Entry{"map", "application/json"},
    Entry{"md", "text/markdown"},
    Entry{"mjs", "text/javascript"},
    Entry{"mov", "video/quicktime"},
    Entry{"mp3", "audio/mpeg"},
    Entry{"mp4", "video/mp4"},
    Entry{"mpeg", "video/mpeg"},
    Entry{"oga", "audio/ogg"},
    Entry{"ogg", "audio/ogg"},
    Entry{"ogv", "video/ogg"},
    Entry{"opus", "audio/ogg"},
    Entry{"otf", "font/otf"},
    Entry{"pdf", "application/pdf"},
    Entry{"png", "image/png"},
    Entry{"rtf", "application/rtf"},
    Entry{"svg", "image/svg+xml"},
    Entry{"tar", "application/x-tar"},
    Entry{"text", "text/plain"},
    Entry{"tif", "image/tiff"},
    Entry{"tiff", "image/tiff"},
    Entry{"ttf", "font/ttf"},
    Entry{"txt", "text/plain"},
    Entry{"wasm", "application/wasm"},
    Entry{"wav", "audio/wav"},
    Entry{"weba", "audio/webm"},
    Entry{"webm", "video/webm"},
    Entry{"webmanifest", "application/manifest+json"},
    Entry{"webp", "image/webp"},
    Entry{"woff", "font/woff"},
    Entry{"woff2", "font/woff2"},
    Entry{"xhtml", "application/xhtml+xml"},
    Entry{"xml", "application/xml"},
    Entry{"yaml", "text/yaml"},
    Entry{"yml", "text/yaml"},
    Entry{"zip", "application/zip"},
};

}  // namespace

std::string_view mime_lookup(std::string_view ext_or_path) noexcept {
  std::size_t dot = ext_or_path.find_last_of("./\\");
  if (dot != std::string_view::npos) {
    if (ext_or_path[dot] != '.') return {};  // a path whose last segment has no extension
    ext_or_path.remove_prefix(dot + 1);
  }
  char buf[16];
  if (ext_or_path.empty() || ext_or_path.size() > sizeof buf) return {};
  for (std::size_t i = 0; i < ext_or_path.size(); ++i) buf[i] = detail::to_lower(ext_or_path[i]);
  std::string_view ext(buf, ext_or_path.size());
  auto it = std::lower_bound(kTypes.begin(), kTypes.end(), ext,
                             [](const Entry& e, std::string_view k) { return e.first < k; });
  return (it != kTypes.end() && it->first == ext) ? it->second : std::string_view();
}

bool mime_is_textual(std::string_view mime) noexcept {
  if (mime.substr(0, 5) == "text/") return true;
  return mime == "application/json" || mime == "application/manifest+json" ||
         mime == "application/javascript";
}

std::string content_type_for(std::string_view type) {
  if (type.find('/') != std::string_view::npos) return std::string(type);
  std::string_view mime = mime_lookup(type);
  if (mime.empty()) return "application/octet-stream";
  std::string out(mime);
  if (mime_is_textual(mime)) out += "; charset=utf-8";
  return out;
}

}  // namespace corio::http
