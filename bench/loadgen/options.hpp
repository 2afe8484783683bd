#pragma once
/// @file Command-line options of corio-loadgen and their parser.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace corio::loadgen {

/// Every setting of a run; each has a default.
struct Options {
  std::string scenario;                 ///< echo | fanout | connect | idle
  std::string host = "127.0.0.1";       ///< server address (127.0.0.0/8 only)
  std::uint16_t port = 3000;            ///< server port
  std::string path = "/socket.io/";     ///< Engine.IO path
  double duration = 10;                 ///< seconds of measurement (echo, fanout, idle)
  std::size_t connections = 100;        ///< clients (echo, connect, idle)
  std::size_t receivers = 1000;         ///< fanout receivers
  std::size_t window = 16;              ///< fanout: unacked messages in flight
  double rate = 0;                      ///< fanout: messages/s cap (0 = window only)
  unsigned threads = 1;                 ///< worker threads, one io_context each
  std::size_t concurrency = 256;        ///< handshakes in flight, over all threads
  double connect_timeout = 10;          ///< seconds for connect + handshake, per client
  double drain_timeout = 5;             ///< seconds to wait for the last acks/deliveries
  std::uint64_t max_message = 1 << 20;  ///< largest server message accepted (bytes)
  std::string room = "bench";           ///< fanout room
  std::vector<std::string> source_ips{"127.0.0.1"};  ///< local addresses, round robin
  int server_pid = 0;                                ///< idle: server process to read VmRSS from
  std::string json_path;                             ///< write the JSON report there when set
};

/// Parses argv (scenario first, then `--name value` pairs); throws std::invalid_argument with a
/// message for the user on any mistake, including addresses outside 127.0.0.0/8.
Options parse_options(int argc, char** argv);

/// The usage text.
const char* usage() noexcept;

}  // namespace corio::loadgen
