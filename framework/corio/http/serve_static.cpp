// serve_static: express.static. The path is decoded and checked as text first (NUL, "..",
// backslashes, dotfiles), so a hostile path never reaches the file system; then index files,
// directory redirects and extension fallbacks; Response::send_file does validators and ranges.
#include <corio/http/detail/ascii.hpp>
#include <corio/http/serve_static.hpp>
#include <corio/http/url.hpp>
#include <filesystem>
#include <optional>

namespace corio::http {
namespace {

namespace fs = std::filesystem;

/// The status refusing a decoded request path, or 0 when it may be looked up under the root.
int check_path(std::string_view decoded, Dotfiles dotfiles) {
  if (decoded.find('\0') != std::string_view::npos) return 400;
  // `send` treats '\' as a separator when looking for "..": refuse it outright on POSIX.
  if (decoded.find('\\') != std::string_view::npos) return 403;
  int dot_status = 0;
  std::string_view rest = decoded;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    if (part == "..") return 403;
    if (part.size() > 1 && part.front() == '.' && dotfiles != Dotfiles::allow) {
      dot_status = dotfiles == Dotfiles::deny ? 403 : 404;
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return dot_status;
}

std::string_view strip_leading_slashes(std::string_view s) {
  const auto first = s.find_first_not_of('/');
  return first == std::string_view::npos ? std::string_view() : s.substr(first);
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

std::string escape_html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// 301 to the same URL with a trailing slash, as serve-static answers for a directory.
void redirect_to_directory(Request& req, Response& res) {
  const TargetParts target = split_target(req.original_url());
  // Leading slashes collapse to one so "//evil.example" cannot become a protocol-relative URL.
  std::string location = "/" + std::string(strip_leading_slashes(target.path));
  if (!location.ends_with('/')) location += '/';
  if (!target.query.empty()) location.append("?").append(target.query);
  res.status(301)
      .set("Content-Type", "text/html; charset=UTF-8")
      .set("Content-Security-Policy", "default-src 'none'")
      .set("X-Content-Type-Options", "nosniff")
      .set("Location", location)
      .send(
          "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>Redirecting</title>\n</head>\n<body>\n<pre>Redirecting to " +
          escape_html(location) + "</pre>\n</body>\n</html>\n");
}

/// What to do with a request: a file to send (relative to root), a redirect, or an error.
struct Lookup {
  int error = 0;
  bool redirect = false;
  std::string file{};  // relative to the root, no leading '/'
};

std::optional<std::string> find_index(const fs::path& root, std::string_view dir,
                                      const StaticOptions& options) {
  for (const auto& name : options.index) {
    std::string candidate = std::string(dir) + name;
    if (is_file(root / candidate)) return candidate;
  }
  return std::nullopt;
}

Lookup look_up(const fs::path& root, Request& req, const StaticOptions& options) {
  const std::string_view raw = req.path();
  const std::optional<std::string> decoded = percent_decode(raw);
  if (!decoded) return {.error = 400};
  if (int status = check_path(*decoded, options.dotfiles)) return {.error = status};
  std::string relative(strip_leading_slashes(*decoded));
  const bool mount_root_without_slash =
      relative.empty() && !split_target(req.original_url()).path.ends_with('/');
  if (mount_root_without_slash) {
    return options.redirect && is_dir(root) ? Lookup{.redirect = true} : Lookup{.error = 404};
  }
  if (relative.empty() || decoded->ends_with('/')) {
    if (auto index = find_index(root, relative, options)) return {.file = std::move(*index)};
    return {.error = 404};
  }
  if (is_file(root / relative)) return {.file = std::move(relative)};
  if (is_dir(root / relative)) {
    return options.redirect ? Lookup{.redirect = true} : Lookup{.error = 404};
  }
  for (const auto& ext : options.extensions) {
    std::string candidate = relative + "." + ext;
    if (is_file(root / candidate)) return {.file = std::move(candidate)};
  }
  return {.error = 404};
}

}  // namespace

Middleware serve_static(std::string root, StaticOptions options) {
  if (root.empty()) throw std::invalid_argument("serve_static: root path required");
  SendFileOptions send;
  send.root = root;
  send.max_age = options.max_age;
  send.immutable = options.immutable;
  send.etag = options.etag;
  send.last_modified = options.last_modified;
  send.accept_ranges = options.accept_ranges;
  send.dotfiles_allow = true;  // look_up already applied the dotfiles rule
  return [root = fs::path(std::move(root)), options = std::move(options), send = std::move(send)](
             Request& req, Response& res, Next next) -> Task<> {
    const bool get_or_head = req.method() == "GET" || req.method() == "HEAD";
    if (!get_or_head) {
      if (options.fallthrough) co_return co_await next();
      res.status(405).set("Allow", "GET, HEAD").set("Content-Length", "0");
      co_return co_await res.end();
    }
    const Lookup found = look_up(root, req, options);
    if (found.error) {
      if (options.fallthrough) co_return co_await next();
      throw HttpError(found.error, found.error == 403   ? "Forbidden"
                                   : found.error == 400 ? "Bad Request"
                                                        : "Not Found");
    }
    if (found.redirect) co_return redirect_to_directory(req, res);
    if (options.set_headers) options.set_headers(res, (root / found.file).string());
    co_await res.send_file(found.file, send);
  };
}

}  // namespace corio::http
