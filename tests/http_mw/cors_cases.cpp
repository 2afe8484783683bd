#include "http_mw/cors_cases.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace corio::test {
namespace {

using http::CorsOptions;
using http::HeaderList;
using http::OriginPattern;
using http::OriginRule;

HeaderList header_list(const json& v) {
  if (v.is_array()) return HeaderList(v.get<std::vector<std::string>>());
  return HeaderList(v.get<std::string>());
}

OriginPattern pattern_from(const json& v) {
  if (v.is_object()) return OriginPattern::regex(v.at("regex").get<std::string>());
  return OriginPattern(v.get<std::string>());
}

http::CorsOrigin origin_from(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::vector<OriginPattern> list;
    for (const auto& item : v) list.push_back(pattern_from(item));
    return list;
  }
  if (v.contains("regex")) return pattern_from(v);
  if (v.contains("error_fn")) {
    return [](std::string_view) -> OriginRule { throw std::runtime_error("origin rejected"); };
  }
  const bool async = v.contains("async_allow_fn");
  auto allowed =
      (async ? v.at("async_allow_fn") : v.at("allow_fn")).get<std::vector<std::string>>();
  auto allows = [allowed](std::string_view origin) {
    return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
  };
  if (async) {
    return [allows](std::string_view origin) -> Task<OriginRule> { co_return allows(origin); };
  }
  return [allows](std::string_view origin) -> OriginRule { return allows(origin); };
}

}  // namespace

json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

http::CorsOptions cors_options_from(const json& spec) {
  CorsOptions options;
  if (spec.contains("origin")) options.origin = origin_from(spec.at("origin"));
  if (spec.contains("methods")) options.methods = header_list(spec.at("methods"));
  if (spec.contains("allowedHeaders"))
    options.allowed_headers = header_list(spec.at("allowedHeaders"));
  if (spec.contains("exposedHeaders"))
    options.exposed_headers = header_list(spec.at("exposedHeaders"));
  options.credentials = spec.value("credentials", false);
  if (spec.contains("maxAge"))
    options.max_age = std::chrono::seconds(spec.at("maxAge").get<long long>());
  options.preflight_continue = spec.value("preflightContinue", false);
  options.options_success_status = spec.value("optionsSuccessStatus", 204);
  return options;
}

void mount_cors_cases(App& app, const json& cases) {
  for (const auto& [name, spec] : cases.at("option_sets").items()) {
    app.use("/" + name, http::cors(cors_options_from(spec)),
            [](Request&, Response& res) { res.send("ok"); });
  }
}

std::string cors_request(const json& request) {
  std::string raw = request.at("method").get<std::string>() + " /" +
                    request.at("set").get<std::string>() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (request.contains("origin"))
    raw += "Origin: " + request.at("origin").get<std::string>() + "\r\n";
  if (request.contains("request_method")) {
    raw += "Access-Control-Request-Method: " + request.at("request_method").get<std::string>() +
           "\r\n";
  }
  if (request.contains("request_headers")) {
    raw += "Access-Control-Request-Headers: " + request.at("request_headers").get<std::string>() +
           "\r\n";
  }
  return raw + "\r\n";
}

json cors_observation(const RawResponse& response) {
  json headers = json::object();
  for (const auto& [name, value] : response.headers) {
    if (name.starts_with("access-control-") || name == "vary") headers[name] = value;
  }
  return {{"status", response.status}, {"headers", headers}};
}

}  // namespace corio::test
