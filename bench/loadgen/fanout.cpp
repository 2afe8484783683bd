#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <corio/socketio/packet.hpp>

#include "scenarios.hpp"
#include "shards.hpp"

namespace corio::loadgen {

namespace {

constexpr std::uint64_t login_ack_id = 1;
constexpr std::uint64_t join_ack_id = 2;
constexpr std::uint64_t message_ack_base = 10;  // ack id of message `seq` is base + seq
constexpr std::size_t max_missing = 4096;       // gaps tracked per receiver; more count as lost

/// State the sender's shard and the receivers' shards share.
struct FanoutShared {
  std::atomic<bool> sender_done{false};     ///< every message is sent and acked
  std::atomic<std::uint64_t> final_seq{0};  ///< last sequence number (valid once sender_done)
  std::atomic<std::size_t> complete{0};     ///< receivers that got every message
  std::string run_id;                       ///< makes nicknames unique per run
};

/// What one receiver has seen.
struct Member {
  std::uint64_t next = 1;              ///< next sequence number expected
  std::vector<std::uint64_t> missing;  ///< skipped numbers not yet arrived
  std::uint64_t overflow = 0;          ///< skipped numbers past max_missing
  std::uint64_t late = 0;              ///< arrived after a later one (reordered)
  std::uint64_t dups = 0;              ///< arrived twice
  bool complete = false;               ///< counted in FanoutShared::complete
};

/// Appends the decimal digits of `value` to `out`.
void append_number(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

/// Skipped numbers up to `final_seq` that never arrived.
std::uint64_t missing_upto(const Member& m, std::uint64_t final_seq) {
  return static_cast<std::uint64_t>(
      std::count_if(m.missing.begin(), m.missing.end(), [&](auto s) { return s <= final_seq; }));
}

/// Emits `event` with `data` and ack id `id`.
void emit(Client& client, std::string_view event, json data, std::uint64_t id) {
  socketio::EncodedPacket encoded{.text = "4"};
  json args = json::array({event, std::move(data)});
  socketio::encode(socketio::Packet{.id = id, .data = std::move(args)}, encoded);
  client.send_text(encoded.text);
}

/// One shard of the fanout scenario; shard 0 also holds the sender (its last client).
class FanoutShard final : public ShardClients {
 public:
  FanoutShard(Shard& shard, const Target& target, std::vector<asio::ip::address> sources,
              Progress& progress, std::size_t concurrency, const Options& options,
              FanoutShared& shared, std::size_t count, bool has_sender)
      : ShardClients(shard, target, std::move(sources), progress, concurrency),
        options_(options),
        shared_(shared),
        members_(count),
        sender_(has_sender ? count - 1 : count),
        sent_at_(options.window, 0),
        pace_(shard.io) {
    json room = options.room;
    prefix_ = R"(["chat message",{"type":"room","room":)" + room.dump() + R"(,"recipient":)" +
              room.dump() + R"(,"command":"chat","data":")";
  }

  /// Sender: sends from `start_ns` to `end_ns` (shard 0 only).
  void begin_sending(std::int64_t start_ns, std::int64_t end_ns) {
    start_ns_ = start_ns;
    end_ns_ = end_ns;
    sending_ = true;
    pump();
  }
  /// Sender: stops sending now (SIGINT).
  void end_now() {
    end_ns_ = std::min(end_ns_, now_ns());
    if (sending_) pump();
  }
  /// Counts the receivers that were already complete when the last number became known.
  void check_complete() {
    for (auto& member : members_) maybe_complete(member);
  }
  /// Messages the receivers of this shard never got, given the last number `final_seq`.
  std::uint64_t losses(std::uint64_t final_seq) const {
    std::uint64_t lost = 0;
    for (std::size_t i = 0; i < members_.size() && i < sender_; ++i) {
      const Member& m = members_[i];
      lost += missing_upto(m, final_seq) + m.overflow +
              (final_seq >= m.next ? final_seq - m.next + 1 : 0);
    }
    return lost;
  }
  /// Sum of `field` over this shard's receivers.
  std::uint64_t sum(std::uint64_t Member::*field) const {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < members_.size() && i < sender_; ++i) total += members_[i].*field;
    return total;
  }

  Histogram delivery_latency;      ///< send timestamp → receipt
  Histogram ack_latency;           ///< sender: send → ack
  std::uint64_t deliveries = 0;    ///< chat messages received by receivers
  std::int64_t last_delivery = 0;  ///< time of the last one
  std::uint64_t sent = 0;          ///< sender: messages sent
  std::uint64_t acked = 0;         ///< sender: acks received
  std::uint64_t refused = 0;       ///< sender: acks with ok:false
  std::int64_t sender_end = 0;     ///< sender: time the last ack arrived
  std::string setup_error;         ///< first refused login/join
  std::string refusal;             ///< sender: first refused message's ack

 private:
  bool is_sender(const Client& client) const noexcept { return client.index() == sender_; }

  void ready(Client& client) override {
    json login = {{"nickname", fmt::format("{}{}-{}-{}", is_sender(client) ? "s" : "r",
                                           shard_.index, client.index(), shared_.run_id)}};
    emit(client, "login", std::move(login), login_ack_id);
  }

  void packet(Client& client, const Incoming& in) override {
    if (in.kind == InKind::event) {
      if (in.name == "chat message" && !is_sender(client))
        deliver(members_[client.index()], in.body);
      return;
    }
    if (in.id == login_ack_id || in.id == join_ack_id) {
      setup_ack(client, in);
    } else if (is_sender(client) && in.id > message_ack_base) {
      message_ack(in);
    }
  }

  void setup_ack(Client& client, const Incoming& in) {
    if (ack_refused(in.body)) {
      if (setup_error.empty()) setup_error = std::string(in.body.substr(0, 200));
      progress_.setup_failed.fetch_add(1);
      return;
    }
    if (in.id == login_ack_id) {
      json join = {{"room", options_.room}};
      emit(client, "join", std::move(join), join_ack_id);
    } else {
      progress_.ready.fetch_add(1);
    }
  }

  void message_ack(const Incoming& in) {
    const std::uint64_t seq = in.id - message_ack_base;
    ack_latency.record(now_ns() - sent_at_[seq % sent_at_.size()]);
    ++acked;
    if (ack_refused(in.body)) {
      // The server dropped this message (e.g. its rate limit): stop; the run ends before it.
      if (refused++ == 0) {
        refusal = std::string(in.body.substr(0, 200));
        last_accepted_ = seq - 1;
        end_ns_ = std::min(end_ns_, now_ns());
      }
    }
    if (sending_) pump();
  }

  void deliver(Member& m, std::string_view body) {
    std::uint64_t seq = 0;
    std::int64_t sent_ns = 0;
    if (!parse_delivery(body, seq, sent_ns)) return;
    last_delivery = now_ns();
    delivery_latency.record(last_delivery - sent_ns);
    ++deliveries;
    if (seq == m.next) {
      ++m.next;
    } else if (seq > m.next) {
      for (std::uint64_t s = m.next; s < seq; ++s) {
        if (m.missing.size() < max_missing)
          m.missing.push_back(s);
        else
          ++m.overflow;
      }
      m.next = seq + 1;
    } else {
      const auto it = std::find(m.missing.begin(), m.missing.end(), seq);
      if (it == m.missing.end()) {
        ++m.dups;
      } else {
        m.missing.erase(it);
        ++m.late;
      }
    }
    maybe_complete(m);
  }

  void maybe_complete(Member& m) {
    if (m.complete || &m == members_.data() + sender_ || !shared_.sender_done.load()) return;
    const std::uint64_t final_seq = shared_.final_seq.load();
    if (m.next > final_seq && m.overflow == 0 && missing_upto(m, final_seq) == 0) {
      m.complete = true;
      shared_.complete.fetch_add(1);
    }
  }

  void pump() {
    Client& sender = *clients_[sender_];
    std::int64_t now = now_ns();
    while (sender.connected() && sent - acked < options_.window && now < end_ns_) {
      if (options_.rate > 0) {
        const auto due =
            start_ns_ + static_cast<std::int64_t>(static_cast<double>(sent) * 1e9 / options_.rate);
        if (now < due) {
          pace_.expires_at(asio::steady_timer::time_point(std::chrono::nanoseconds(due)));
          pace_.async_wait([this](std::error_code ec) {
            if (!ec && sending_) pump();
          });
          return;
        }
      }
      send_message(sender, now);
      now = now_ns();
    }
    if (!sender.connected() || (now >= end_ns_ && sent == acked)) {
      sending_ = false;
      pace_.cancel();
      sender_end = now;
      shared_.final_seq.store(refused > 0 ? last_accepted_ : sent);
      shared_.sender_done.store(true);
    }
  }

  void send_message(Client& sender, std::int64_t now) {
    const std::uint64_t seq = ++sent;
    sent_at_[seq % sent_at_.size()] = now;
    message_.assign("42");
    append_number(message_, message_ack_base + seq);
    message_.append(prefix_);
    append_number(message_, seq);
    message_.push_back('|');
    append_number(message_, static_cast<std::uint64_t>(now));
    message_.append("\"}]");
    sender.send_text(message_);
  }

  const Options& options_;
  FanoutShared& shared_;
  std::vector<Member> members_;
  std::size_t sender_;                 // local index of the sender; == size when none here
  std::vector<std::int64_t> sent_at_;  // by seq % window
  asio::steady_timer pace_;
  std::string prefix_;
  std::string message_;
  std::int64_t start_ns_ = 0;
  std::int64_t end_ns_ = 0;
  std::uint64_t last_accepted_ = 0;  // the message before the first refused one
  bool sending_ = false;
};

}  // namespace

namespace {

/// Totals over the shards after the run.
struct FanoutTotals {
  Histogram delivery_latency;
  Histogram ack_latency;
  std::uint64_t deliveries = 0, lost = 0, late = 0, dups = 0;
  std::int64_t last_delivery = 0;
  std::string first_failure, setup_error;
};

FanoutTotals collect(const std::vector<std::unique_ptr<FanoutShard>>& shards,
                     std::uint64_t final_seq) {
  FanoutTotals t;
  for (const auto& shard : shards) {
    t.delivery_latency.merge(shard->delivery_latency);
    t.ack_latency.merge(shard->ack_latency);
    t.deliveries += shard->deliveries;
    t.last_delivery = std::max(t.last_delivery, shard->last_delivery);
    t.lost += shard->losses(final_seq);
    t.late += shard->sum(&Member::late);
    t.dups += shard->sum(&Member::dups);
    if (t.first_failure.empty()) t.first_failure = shard->first_failure();
    if (t.setup_error.empty()) t.setup_error = shard->setup_error;
  }
  return t;
}

void report_fanout(Report& report, const Options& options, const FanoutShard& sender,
                   const FanoutTotals& t, std::int64_t start, std::uint64_t final_seq) {
  const double send_s = static_cast<double>(sender.sender_end - start) / 1e9;
  const double deliver_s = static_cast<double>(std::max(t.last_delivery, start) - start) / 1e9;
  const std::uint64_t expected = final_seq * options.receivers;
  report.add("receivers", options.receivers, "receivers", std::to_string(options.receivers));
  report.add_number("send_s", send_s, "sending", 2, "s");
  report.add("messages_sent", sender.sent, "messages sent",
             fmt::format("{} ({} acked, {} refused)", sender.sent, sender.acked, sender.refused));
  report.add_number("messages_per_s", send_s > 0 ? static_cast<double>(sender.acked) / send_s : 0,
                    "messages/s", 0);
  report.add("deliveries", t.deliveries, "deliveries",
             fmt::format("{} of {} expected", t.deliveries, expected));
  report.add_number("deliveries_per_s",
                    deliver_s > 0 ? static_cast<double>(t.deliveries) / deliver_s : 0,
                    "deliveries/s", 0);
  report.add_latency("delivery", t.delivery_latency, "delivery latency");
  report.add_latency("ack", t.ack_latency, "ack latency");
  report.add("losses", t.lost, "losses", std::to_string(t.lost));
  report.add("duplicates", t.dups, "duplicates", std::to_string(t.dups));
  report.add("reorders", t.late, "reorders", std::to_string(t.late));
  if (t.lost + t.dups + t.late > 0) {
    report.error(fmt::format("delivery broken: {} lost, {} duplicated, {} reordered", t.lost,
                             t.dups, t.late));
  }
  if (sender.refused > 0) {
    report.error(
        fmt::format("the server refused {} messages, first: {} (its rate limit must be "
                    "off for this benchmark); losses counted up to message {}",
                    sender.refused, sender.refusal, final_seq));
  }
  if (sender.acked < sender.sent)
    report.error(fmt::format("{} messages never acked", sender.sent - sender.acked));
}

/// Sends for --duration from `start`, then waits for the last acks and deliveries.
void send_and_drain(ShardPool& pool, const std::vector<std::unique_ptr<FanoutShard>>& shards,
                    FanoutShared& shared, const Options& options, std::int64_t start) {
  const auto end = start + static_cast<std::int64_t>(options.duration * 1e9);
  pool.post_each([&shards, start, end](unsigned i) {
    if (i == 0) shards[0]->begin_sending(start, end);
  });
  const bool sent = wait_until([&] { return shared.sender_done.load(); },
                               options.duration + options.drain_timeout);
  if (!sent) {
    pool.post_each([&](unsigned i) {
      if (i == 0) shards[0]->end_now();
    });
    wait_until([&] { return shared.sender_done.load(); }, options.drain_timeout);
  }
  pool.post_each([&](unsigned i) { shards[i]->check_complete(); });
  wait_until([&] { return shared.complete >= options.receivers; }, options.drain_timeout);
}

}  // namespace

void run_fanout(const Options& options, Report& report) {
  ShardPool pool(options.threads);
  Progress progress;
  FanoutShared shared;
  shared.run_id = fmt::format("{:04x}", pool.shard(0).rng.next() & 0xFFFF);
  const std::size_t total = options.receivers + 1;
  const std::size_t concurrency = std::max<std::size_t>(1, options.concurrency / pool.size());
  const Target target = make_target(options);
  std::vector<std::unique_ptr<FanoutShard>> shards;
  std::vector<std::size_t> counts;
  for (unsigned i = 0; i < pool.size(); ++i) {
    counts.push_back(share_of(options.receivers, i, pool.size()) + (i == 0 ? 1 : 0));
    shards.push_back(std::make_unique<FanoutShard>(pool.shard(i), target, make_sources(options),
                                                   progress, concurrency, options, shared,
                                                   counts[i], i == 0));
  }
  pool.post_each([&](unsigned i) { shards[i]->start(counts[i]); });
  wait_until([&] { return progress.connected + progress.failed >= total; },
             connect_phase_timeout(options, total));
  wait_until([&] { return progress.ready + progress.setup_failed >= progress.connected; },
             options.connect_timeout);
  const bool set_up = progress.ready == total;
  wait_until([] { return false; }, 0.3);  // let the login/join notices drain

  const double cpu0 = process_cpu_seconds();
  const std::int64_t start = now_ns();
  if (set_up && !interrupted) send_and_drain(pool, shards, shared, options, start);
  const double wall_s = static_cast<double>(now_ns() - start) / 1e9;
  const double cpu_s = process_cpu_seconds() - cpu0;
  pool.post_each([&](unsigned i) { shards[i]->close_all(); });
  pool.stop();

  const FanoutTotals totals = collect(shards, shared.final_seq);
  report_connections(report, total, progress.connected, progress.failed, totals.first_failure);
  if (!set_up) {
    report.error(fmt::format("only {} of {} clients logged in and joined '{}' ({} refused{}{})",
                             progress.ready.load(), total, options.room,
                             progress.setup_failed.load(), totals.setup_error.empty() ? "" : ": ",
                             totals.setup_error));
    return;
  }
  report_fanout(report, options, *shards[0], totals, start, shared.final_seq);
  report.add_cpu(cpu_s, wall_s, pool.size());
  if (progress.dropped > 0)
    report.error(fmt::format("{} clients were disconnected", progress.dropped.load()));
}

}  // namespace corio::loadgen
