#include "options.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <stdexcept>
#include <string_view>

namespace corio::loadgen {

namespace {

template <typename T>
T parse_number(std::string_view name, std::string_view text, T min, T max) {
  T value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < min || value > max) {
    throw std::invalid_argument("bad value for --" + std::string(name) + ": '" + std::string(text) +
                                "'");
  }
  return value;
}

double parse_seconds(std::string_view name, std::string_view text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(std::string(text), &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(value > 0) || value > 86400) {
    throw std::invalid_argument("bad value for --" + std::string(name) + ": '" + std::string(text) +
                                "'");
  }
  return value;
}

/// True for a dotted IPv4 literal in 127.0.0.0/8.
bool is_loopback_literal(std::string_view text) {
  unsigned parts[4] = {};
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    const auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), parts[i]);
    if (ec != std::errc{} || parts[i] > 255) return false;
    pos = static_cast<std::size_t>(ptr - text.data());
    if (i < 3) {
      if (pos >= text.size() || text[pos] != '.') return false;
      ++pos;
    }
  }
  return pos == text.size() && parts[0] == 127;
}

std::vector<std::string> split_ips(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    if (!is_loopback_literal(item)) {
      throw std::invalid_argument("--source-ips: '" + std::string(item) +
                                  "' is not a 127.x.y.z address (only loopback is allowed)");
    }
    out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (out.empty()) throw std::invalid_argument("--source-ips: empty list");
  return out;
}

using Setter = std::function<void(Options&, std::string_view)>;

const std::map<std::string_view, Setter>& setters() {
  using L = std::numeric_limits<std::size_t>;
  static const std::map<std::string_view, Setter> table{
      {"host", [](Options& o, std::string_view v) { o.host = v; }},
      {"port",
       [](Options& o, std::string_view v) {
         o.port = parse_number<std::uint16_t>("port", v, 1, 65535);
       }},
      {"path", [](Options& o, std::string_view v) { o.path = v; }},
      {"duration",
       [](Options& o, std::string_view v) { o.duration = parse_seconds("duration", v); }},
      {"connections",
       [](Options& o, std::string_view v) {
         o.connections = parse_number<std::size_t>("connections", v, 1, 1'000'000);
       }},
      {"receivers",
       [](Options& o, std::string_view v) {
         o.receivers = parse_number<std::size_t>("receivers", v, 1, 1'000'000);
       }},
      {"window",
       [](Options& o, std::string_view v) {
         o.window = parse_number<std::size_t>("window", v, 1, 1'000'000);
       }},
      {"rate",
       [](Options& o, std::string_view v) {
         o.rate = static_cast<double>(parse_number<std::size_t>("rate", v, 0, L::max()));
       }},
      {"threads",
       [](Options& o, std::string_view v) {
         o.threads = parse_number<unsigned>("threads", v, 1, 256);
       }},
      {"concurrency",
       [](Options& o, std::string_view v) {
         o.concurrency = parse_number<std::size_t>("concurrency", v, 1, 100'000);
       }},
      {"connect-timeout",
       [](Options& o, std::string_view v) {
         o.connect_timeout = parse_seconds("connect-timeout", v);
       }},
      {"drain-timeout",
       [](Options& o, std::string_view v) { o.drain_timeout = parse_seconds("drain-timeout", v); }},
      {"max-message",
       [](Options& o, std::string_view v) {
         o.max_message = parse_number<std::uint64_t>("max-message", v, 1, 1ULL << 32);
       }},
      {"room", [](Options& o, std::string_view v) { o.room = v; }},
      {"source-ips", [](Options& o, std::string_view v) { o.source_ips = split_ips(v); }},
      {"server-pid",
       [](Options& o, std::string_view v) {
         o.server_pid = parse_number<int>("server-pid", v, 1, 1 << 30);
       }},
      {"json", [](Options& o, std::string_view v) { o.json_path = v; }},
  };
  return table;
}

}  // namespace

Options parse_options(int argc, char** argv) {
  if (argc < 2) throw std::invalid_argument("missing scenario");
  Options options;
  options.scenario = argv[1];
  if (options.scenario != "echo" && options.scenario != "fanout" && options.scenario != "connect" &&
      options.scenario != "idle") {
    throw std::invalid_argument("unknown scenario '" + options.scenario + "'");
  }
  for (int i = 2; i < argc; i += 2) {
    const std::string_view flag = argv[i];
    const auto it = flag.substr(0, 2) == "--" ? setters().find(flag.substr(2)) : setters().end();
    if (it == setters().end())
      throw std::invalid_argument("unknown option '" + std::string(flag) + "'");
    if (i + 1 >= argc) throw std::invalid_argument("missing value for " + std::string(flag));
    it->second(options, argv[i + 1]);
  }
  if (!is_loopback_literal(options.host)) {
    throw std::invalid_argument("--host '" + options.host +
                                "' is not a 127.x.y.z address (only loopback is allowed)");
  }
  return options;
}

const char* usage() noexcept {
  return R"(usage: corio-loadgen <echo|fanout|connect|idle> [--option value]...

Drives a Socket.IO v4 server (Engine.IO v4 over WebSocket) speaking the chat protocol.
  echo     --connections C clients emit "ping" with an ack in a closed loop: acks/s, latency
  fanout   --receivers R join --room; one sender emits room messages, --window W unacked,
           --rate R msg/s cap (0 = none): deliveries/s, latency, losses/dups/reorders
  connect  open --connections N as fast as accepted (--concurrency in flight): connections/s
  idle     hold --connections N idle clients for --duration; --server-pid P: server KiB/conn

options (defaults): --host 127.0.0.1 --port 3000 --path /socket.io/ --duration 10
  --connections 100 --receivers 1000 --window 16 --rate 0 --threads 1 --concurrency 256
  --connect-timeout 10 --drain-timeout 5 --max-message 1048576 --room bench
  --source-ips 127.0.0.1[,127.0.0.2...] --server-pid 0 --json <file>
Only 127.0.0.0/8 addresses are accepted.
Exit status: 0 ok, 1 failures or losses, 2 usage, 130 interrupted (SIGINT).
)";
}

}  // namespace corio::loadgen
