#include <fmt/format.h>

#include <corio/socketio/packet.hpp>
#include <thread>

#include "scenarios.hpp"
#include "shards.hpp"

namespace corio::loadgen {

namespace {

constexpr std::uint64_t ping_ack_id = 1;

/// One shard of the echo scenario: each client keeps one `ping` in flight.
class EchoShard final : public ShardClients {
 public:
  EchoShard(Shard& shard, const Target& target, std::vector<asio::ip::address> sources,
            Progress& progress, std::size_t concurrency, std::size_t count)
      : ShardClients(shard, target, std::move(sources), progress, concurrency),
        frames_(count),
        sent_at_(count, 0) {}

  /// Starts the loop of every connected client until `end_ns`.
  void begin(std::int64_t end_ns) {
    end_ns_ = end_ns;
    for (auto& client : clients_) {
      if (client->connected()) send_ping(*client);
    }
  }
  /// Moves the end earlier (SIGINT).
  void end_now() { end_ns_ = std::min(end_ns_, now_ns()); }

  Histogram latency;       ///< send → ack, acks received before the end
  std::uint64_t acks = 0;  ///< acks received before the end

 private:
  void ready(Client& client) override {
    // The ping frame never changes: encode and mask it once per connection.
    socketio::EncodedPacket encoded{.text = "4"};
    json data = json::array({"ping", client.index()});
    socketio::encode(socketio::Packet{.id = ping_ack_id, .data = std::move(data)}, encoded);
    std::string& frame = frames_[client.index()];
    append_client_frame(frame, ws::Opcode::text, encoded.text, client.mask_key());
  }

  void packet(Client& client, const Incoming& in) override {
    if (in.kind != InKind::ack || in.id != ping_ack_id) return;
    const std::int64_t now = now_ns();
    if (now > end_ns_) return;
    latency.record(now - sent_at_[client.index()]);
    ++acks;
    send_ping(client);
  }

  void send_ping(Client& client) {
    sent_at_[client.index()] = now_ns();
    client.send_raw(frames_[client.index()]);
  }

  std::vector<std::string> frames_;
  std::vector<std::int64_t> sent_at_;
  std::int64_t end_ns_ = 0;
};

}  // namespace

void run_echo(const Options& options, Report& report) {
  ShardPool pool(options.threads);
  Progress progress;
  std::vector<std::unique_ptr<EchoShard>> shards;
  const Target target = make_target(options);
  const std::size_t concurrency = std::max<std::size_t>(1, options.concurrency / pool.size());
  for (unsigned i = 0; i < pool.size(); ++i) {
    const std::size_t count = share_of(options.connections, i, pool.size());
    shards.push_back(std::make_unique<EchoShard>(pool.shard(i), target, make_sources(options),
                                                 progress, concurrency, count));
  }
  pool.post_each(
      [&](unsigned i) { shards[i]->start(share_of(options.connections, i, pool.size())); });
  wait_until([&] { return progress.connected + progress.failed >= options.connections; },
             connect_phase_timeout(options, options.connections));
  const std::size_t connected = progress.connected.load();

  const double cpu0 = process_cpu_seconds();
  const std::int64_t start = now_ns();
  const auto end = start + static_cast<std::int64_t>(options.duration * 1e9);
  if (connected > 0 && !interrupted) {
    pool.post_each([&](unsigned i) { shards[i]->begin(end); });
    wait_until([] { return false; }, options.duration);
  }
  const std::int64_t stop = std::min(now_ns(), end);
  pool.post_each([&](unsigned i) { shards[i]->end_now(); });
  const double cpu_s = process_cpu_seconds() - cpu0;
  pool.post_each([&](unsigned i) { shards[i]->close_all(); });
  pool.stop();

  Histogram latency;
  std::uint64_t acks = 0;
  std::string first_failure;
  for (const auto& shard : shards) {
    latency.merge(shard->latency);
    acks += shard->acks;
    if (first_failure.empty()) first_failure = shard->first_failure();
  }
  const double wall_s = static_cast<double>(stop - start) / 1e9;
  report_connections(report, options.connections, connected, progress.failed, first_failure);
  report.add_number("duration_s", wall_s, "duration", 2, "s");
  report.add("acks", acks, "acks", std::to_string(acks));
  report.add_number("acks_per_s", wall_s > 0 ? static_cast<double>(acks) / wall_s : 0, "acks/s", 0);
  report.add_latency("ack", latency, "ack latency");
  report.add_cpu(cpu_s, wall_s, pool.size());
  if (progress.dropped > 0)
    report.error(fmt::format("{} clients were disconnected", progress.dropped.load()));
  if (connected == 0) report.error("no client connected");
}

}  // namespace corio::loadgen
