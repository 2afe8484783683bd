// CORS as the npm `cors` package does it: the origin decides whether and how
// Access-Control-Allow-Origin is set; a preflight also gets methods, headers and max-age and is
// answered here unless preflight_continue.
#include <corio/http/cors.hpp>
#include <corio/http/detail/ascii.hpp>

namespace corio::http {

OriginPattern OriginPattern::regex(std::string_view ecmascript, bool icase) {
  OriginPattern p;
  auto flags = std::regex::ECMAScript;
  if (icase) flags |= std::regex::icase;
  p.regex_ = std::make_shared<const std::regex>(std::string(ecmascript), flags);
  return p;
}

bool OriginPattern::matches(std::string_view origin) const {
  if (!regex_) return origin == exact_;
  return std::regex_search(origin.begin(), origin.end(), *regex_);
}

HeaderList::HeaderList(std::initializer_list<std::string_view> items) : value_(std::string()) {
  for (std::string_view item : items) {
    if (!value_->empty()) value_->push_back(',');
    value_->append(item);
  }
}

HeaderList::HeaderList(const std::vector<std::string>& items) : value_(std::string()) {
  for (const std::string& item : items) {
    if (!value_->empty()) value_->push_back(',');
    value_->append(item);
  }
}

Task<OriginRule> CorsOrigin::resolve(std::string_view origin) const {
  if (const auto* rule = std::get_if<OriginRule>(&value_)) co_return *rule;
  if (const auto* fn = std::get_if<OriginFn>(&value_)) co_return (*fn)(origin);
  co_return co_await std::get<AsyncOriginFn>(value_)(origin);
}

namespace {

/// True when the rule turns CORS off for this request (npm: a falsy origin → next()).
bool disables(const OriginRule& rule) {
  const auto& v = rule.value();
  if (const bool* b = std::get_if<bool>(&v)) return !*b;
  if (const auto* s = std::get_if<std::string>(&v)) return s->empty();
  return false;
}

/// Sets Access-Control-Allow-Origin (and Vary: Origin unless "*").
void configure_origin(const OriginRule& rule, std::string_view origin, Response& res) {
  const auto& v = rule.value();
  if (const auto* fixed = std::get_if<std::string>(&v)) {
    res.set("Access-Control-Allow-Origin", *fixed);
    if (*fixed != "*") res.vary("Origin");
    return;
  }
  bool allowed = true;  // `true` reflects any origin
  if (const auto* list = std::get_if<std::vector<OriginPattern>>(&v)) {
    allowed = false;
    for (const auto& pattern : *list) {
      if (pattern.matches(origin)) {
        allowed = true;
        break;
      }
    }
  }
  if (allowed && !origin.empty()) res.set("Access-Control-Allow-Origin", origin);
  res.vary("Origin");
}

void set_if_nonempty(Response& res, std::string_view name, const HeaderList& list) {
  if (list.value() && !list.value()->empty()) res.set(name, *list.value());
}

void configure_allowed_headers(const CorsOptions& options, Request& req, Response& res) {
  const auto& configured = options.allowed_headers.value();
  if (configured) {
    if (!configured->empty()) res.set("Access-Control-Allow-Headers", *configured);
    return;
  }
  res.vary("Access-Control-Request-Headers");
  std::string_view requested = req.get("access-control-request-headers");
  if (!requested.empty()) res.set("Access-Control-Allow-Headers", requested);
}

}  // namespace

Task<bool> apply_cors(const CorsOptions& options, Request& req, Response& res) {
  const std::string_view origin = req.get("origin");
  const OriginRule rule = co_await options.origin.resolve(origin);
  if (disables(rule)) co_return false;

  configure_origin(rule, origin, res);
  if (options.credentials) res.set("Access-Control-Allow-Credentials", "true");
  if (!detail::iequals(req.method(), "OPTIONS")) {
    set_if_nonempty(res, "Access-Control-Expose-Headers", options.exposed_headers);
    co_return false;
  }
  set_if_nonempty(res, "Access-Control-Allow-Methods", options.methods);
  configure_allowed_headers(options, req, res);
  if (options.max_age) res.set("Access-Control-Max-Age", std::to_string(options.max_age->count()));
  set_if_nonempty(res, "Access-Control-Expose-Headers", options.exposed_headers);
  if (options.preflight_continue) co_return false;
  // Safari needs Content-Length: 0 even on a 204, or it waits for a body.
  res.status(options.options_success_status).set("Content-Length", "0");
  co_await res.end();
  co_return true;
}

Middleware cors(CorsOptions options) {
  return [options = std::move(options)](Request& req, Response& res, Next next) -> Task<> {
    if (co_await apply_cors(options, req, res)) co_return;
    co_await next();
  };
}

Middleware cors_per_request(std::function<Task<CorsOptions>(Request&)> options_for) {
  return [options_for = std::move(options_for)](Request& req, Response& res, Next next) -> Task<> {
    const CorsOptions options = co_await options_for(req);
    if (co_await apply_cors(options, req, res)) co_return;
    co_await next();
  };
}

}  // namespace corio::http
