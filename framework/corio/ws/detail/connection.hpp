#pragma once
/// @file detail::Connection: the state behind WebSocket handles — reader, on-demand writer,
/// send queue, close handshake and the one timer. Lives on one shard; never shared across.

#include <asio/steady_timer.hpp>
#include <chrono>
#include <corio/core/buffer.hpp>
#include <corio/core/task.hpp>
#include <corio/net/listener.hpp>
#include <corio/net/stream.hpp>
#include <corio/ws/deflate.hpp>
#include <corio/ws/frame_decoder.hpp>
#include <corio/ws/websocket.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corio::ws::detail {

/// The few option values a connection needs (not the whole WebSocketOptions).
struct Limits {
  std::size_t max_send_queue_bytes = 0;        ///< see WebSocketOptions
  std::size_t max_receive_queue_bytes = 0;     ///< see WebSocketOptions
  std::chrono::milliseconds idle_timeout{0};   ///< see WebSocketOptions
  std::chrono::milliseconds close_timeout{0};  ///< see WebSocketOptions
  std::size_t deflate_threshold = 0;           ///< compress outgoing messages at least this long
};

/// What accept() hands to a new connection (besides its stream).
struct Setup {
  std::string leftover;                       ///< bytes read past the request head
  net::ConnectionSet* connections = nullptr;  ///< for graceful stop
  Limits limits;                              ///< option values
  std::size_t max_message_size = 0;           ///< decoder limit
  std::optional<DeflateAgreement> deflate;    ///< negotiated permessage-deflate
  DeflateOptions deflate_options;             ///< our compressor's settings
  std::string protocol;                       ///< chosen subprotocol
  std::string headers;                        ///< "name:value\n" lines (may be empty)
  std::string response_head;                  ///< the 101 response, written first
};

/// One websocket connection. Owned by shared_ptr: its reader coroutine and every handle.
class Connection final : public std::enable_shared_from_this<Connection>,
                         public net::Closable,
                         private FrameHandler {
 public:
  using clock = std::chrono::steady_clock;

  /// A connection over `stream` (call start() next).
  Connection(net::Stream stream, Setup setup);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Registers for graceful stop, queues the 101 response, and spawns the reader.
  void start();
  /// The reader coroutine; `self` (this connection) keeps it alive while the TCP is open.
  Task<> run(std::shared_ptr<Connection> self);
  /// The writer coroutine: runs while frames are queued, gathering them into one write.
  Task<> write_loop();

  /// Queues a data message (compressed when negotiated and long enough).
  bool send_message(Opcode opcode, std::string_view payload);
  /// Queues a pre-encoded frame.
  bool send_shared(SharedBuffer frame);
  /// Waits until everything queued so far is written or the connection is finished.
  Task<> flush();
  /// Starts the close handshake.
  void close(std::uint16_t code, std::string_view reason);
  /// The next message (nullopt once closed or when a callback takes them); `self` is this
  /// connection, kept alive by the waiting frame.
  Task<std::optional<Message>> receive(std::shared_ptr<Connection> self);
  /// Sets the message callback and delivers what is queued.
  void set_on_message(std::function<void(Message&&)> handler);
  /// Sets the close callback.
  void set_on_close(std::function<void(std::uint16_t, std::string_view)> handler);
  /// True when the handler style set a callback.
  bool has_message_callback() const noexcept { return static_cast<bool>(on_message_); }

  /// True until a close frame was sent or received or the TCP dropped.
  bool is_open() const noexcept { return !close_sent_ && !close_received_ && !finished_; }
  /// See WebSocket::close_code.
  std::uint16_t close_code() const noexcept { return close_code_; }
  /// See WebSocket::close_reason.
  std::string_view close_reason() const noexcept { return close_reason_; }
  /// See WebSocket::protocol.
  const std::string& protocol() const noexcept { return protocol_; }
  /// See WebSocket::remote_endpoint.
  asio::ip::tcp::endpoint remote_endpoint() const noexcept { return remote_; }
  /// See WebSocket::header.
  std::string_view header(std::string_view name) const noexcept;
  /// Bytes queued and not yet written.
  std::size_t buffered_amount() const noexcept { return queued_bytes_; }
  /// True when permessage-deflate was negotiated.
  bool compresses() const noexcept { return deflater_ != nullptr; }
  /// The executor the connection runs on.
  asio::any_io_executor executor() { return stream_.get_executor(); }

  // net::Closable
  void shutdown() override;
  void force_close() override;

 private:
  struct Item {
    std::string owned;    // a frame encoded for this connection only
    SharedBuffer shared;  // or a frame shared with other recipients
  };

  // FrameHandler
  void on_message(Opcode opcode, std::string_view payload, bool compressed) override;
  void on_ping(std::string_view payload) override;
  void on_pong(std::string_view payload) override;
  void on_close(std::uint16_t code, std::string_view reason) override;

  Task<std::size_t> read_into(char* buffer, std::size_t capacity);
  Task<bool> read_idle_tls();
  void touch();
  bool decode_more(char* data, std::size_t size);
  Task<> drain();
  bool decode(char* data, std::size_t size);
  void fail(CloseCode code, std::string_view reason);
  bool enqueue(Item item, std::size_t size, bool control = false);
  void overflow();
  void start_writer();
  void schedule_flush();
  void flush_now();
  void consume_written(std::size_t bytes);
  static std::string_view view_of(const Item& item) noexcept {
    return item.shared.empty() ? std::string_view(item.owned) : item.shared.view();
  }
  Task<> wait_change();
  void notify();
  void set_deadline(clock::time_point when);
  void arm_watchdog();
  void on_deadline();
  void finish();

  net::Stream stream_;
  net::ConnectionSet* connections_;
  asio::steady_timer timer_;  // deadline (idle/close) and wake-up of waiters, one per connection
  FrameDecoder decoder_;
  Limits limits_;
  std::unique_ptr<Inflater> inflater_;
  std::unique_ptr<Deflater> deflater_;
  std::string pending_;  // an unfinished frame between reads (empty while idle)
  std::vector<Item> queue_;
  std::vector<Message> inbox_;  // messages for receive(), from inbox_head_
  std::size_t inbox_head_ = 0;
  std::size_t inbox_bytes_ = 0;
  std::size_t queued_bytes_ = 0;
  std::size_t head_offset_ = 0;  // bytes of queue_.front() already written
  std::uint64_t enqueued_ = 0;   // frames queued so far
  std::uint64_t written_ = 0;    // frames written so far
  clock::time_point deadline_ = clock::time_point::max();
  std::function<void(Message&&)> on_message_;
  std::function<void(std::uint16_t, std::string_view)> on_close_;
  std::string protocol_;
  std::string headers_;
  std::string close_reason_;
  asio::ip::tcp::endpoint remote_;
  std::error_code wait_error_;  // kept out of the reader's frame
  std::uint16_t close_code_ = 0;
  std::uint16_t waiters_ = 0;
  bool writing_ = false;
  bool flush_scheduled_ = false;  // in the shard's list of connections to flush
  bool corked_ = false;           // while decoding a read: replies are written together after it
  bool watchdog_armed_ = false;
  bool close_sent_ = false;
  bool close_received_ = false;
  bool close_after_flush_ = false;  // close the TCP once the queue is written
  bool reading_done_ = false;
  bool finished_ = false;  // TCP closed, callbacks fired
  bool registered_ = false;
};

}  // namespace corio::ws::detail
