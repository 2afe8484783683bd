// permessage-deflate negotiation (RFC 7692 §5, §7.1) over the Sec-WebSocket-Extensions grammar
// of RFC 6455 §9.1: offers separated by ',', parameters by ';', values token or quoted-string.
#include <algorithm>
#include <corio/ws/deflate.hpp>
#include <vector>

namespace corio::ws {
namespace {

constexpr std::string_view extension_name = "permessage-deflate";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token(std::string_view s) {
  constexpr std::string_view specials = "()<>@,;:\\\"/[]?={} \t";
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
    return c > 0x20 && c < 0x7F && specials.find(c) == std::string_view::npos;
  });
}

// Splits `s` at `sep` outside quoted strings; false on an unterminated quote.
bool split(std::string_view s, char sep, std::vector<std::string_view>& parts) {
  bool quoted = false;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (quoted && s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && s[i] == sep) {
      parts.push_back(trim(s.substr(begin, i - begin)));
      begin = i + 1;
    }
  }
  if (quoted) return false;
  parts.push_back(trim(s.substr(begin)));
  return true;
}

// A window-bits value: token or quoted-string holding 8..15 without leading zeros.
int parse_window_bits(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v == "8" || v == "9") return v[0] - '0';
  if (v.size() == 2 && v[0] == '1' && v[1] >= '0' && v[1] <= '5') return 10 + (v[1] - '0');
  return 0;
}

// What one offer asks for; `valid` false when it must be declined.
struct Offer {
  bool valid = true;
  bool server_no_context_takeover = false;
  bool client_no_context_takeover = false;
  int server_max_window_bits = 0;  // 0: not offered
  bool client_window_offered = false;
  int client_max_window_bits = 0;  // 0: offered without a value (or not at all)
};

void apply_param(Offer& o, std::string_view name, std::string_view value, bool has_value) {
  if (name == "server_no_context_takeover" || name == "client_no_context_takeover") {
    bool& flag = name[0] == 's' ? o.server_no_context_takeover : o.client_no_context_takeover;
    o.valid = o.valid && !has_value && !flag;
    flag = true;
  } else if (name == "server_max_window_bits") {
    o.valid = o.valid && has_value && o.server_max_window_bits == 0;
    o.server_max_window_bits = has_value ? parse_window_bits(value) : 0;
    o.valid = o.valid && o.server_max_window_bits != 0;
  } else if (name == "client_max_window_bits") {
    o.valid = o.valid && !o.client_window_offered;
    o.client_window_offered = true;
    o.client_max_window_bits = has_value ? parse_window_bits(value) : 0;
    o.valid = o.valid && (!has_value || o.client_max_window_bits != 0);
  } else {
    o.valid = false;
  }
}

Offer parse_offer(const std::vector<std::string_view>& parts) {
  Offer o;
  for (std::size_t i = 1; i < parts.size() && o.valid; ++i) {
    std::string_view p = parts[i];
    std::size_t eq = p.find('=');
    std::string_view name = trim(p.substr(0, eq));
    std::string_view value = eq == std::string_view::npos ? "" : trim(p.substr(eq + 1));
    if (!is_token(name)) o.valid = false;
    apply_param(o, name, value, eq != std::string_view::npos);
  }
  return o;
}

std::optional<DeflateAgreement> agree(const Offer& o, const DeflateOptions& options) {
  // zlib cannot compress with a 256-byte window (it silently uses 512): decline such offers.
  if (o.server_max_window_bits == 8) return std::nullopt;
  DeflateAgreement a;
  a.server_no_context_takeover = o.server_no_context_takeover || options.server_no_context_takeover;
  a.client_no_context_takeover = o.client_no_context_takeover || options.client_no_context_takeover;
  int server_bits = std::clamp(options.server_max_window_bits, 9, 15);
  if (o.server_max_window_bits != 0) server_bits = std::min(server_bits, o.server_max_window_bits);
  a.server_max_window_bits = server_bits;
  if (o.client_window_offered) {
    int client_bits = std::clamp(options.client_max_window_bits, 8, 15);
    if (o.client_max_window_bits != 0)
      client_bits = std::min(client_bits, o.client_max_window_bits);
    a.client_max_window_bits = client_bits;
    a.client_window_in_response = client_bits < 15;
  }
  a.server_window_in_response = o.server_max_window_bits != 0 || server_bits < 15;
  return a;
}

}  // namespace

std::string DeflateAgreement::response() const {
  std::string r(extension_name);
  if (server_no_context_takeover) r += "; server_no_context_takeover";
  if (client_no_context_takeover) r += "; client_no_context_takeover";
  if (server_window_in_response) {
    r += "; server_max_window_bits=" + std::to_string(server_max_window_bits);
  }
  if (client_window_in_response) {
    r += "; client_max_window_bits=" + std::to_string(client_max_window_bits);
  }
  return r;
}

std::optional<DeflateAgreement> negotiate_deflate(std::string_view header,
                                                  const DeflateOptions& options) {
  if (!options.enabled) return std::nullopt;
  std::vector<std::string_view> offers;
  if (!split(header, ',', offers)) return std::nullopt;
  std::vector<std::string_view> parts;
  for (std::string_view offer : offers) {
    parts.clear();
    if (!split(offer, ';', parts) || parts[0] != extension_name) continue;
    Offer o = parse_offer(parts);
    if (!o.valid) continue;
    if (auto a = agree(o, options)) return a;
  }
  return std::nullopt;
}

}  // namespace corio::ws
