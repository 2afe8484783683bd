#include <corio/net/stream.hpp>

#include <asio/read.hpp>
#include <asio/write.hpp>

#include <vector>

namespace corio::net {

Stream::Stream(tcp_socket socket) : impl_(std::move(socket)) {
  std::error_code ec;
  // Lets read_some() try a synchronous read first and fall back to waiting.
  std::get<tcp_socket>(impl_).non_blocking(true, ec);
  std::get<tcp_socket>(impl_).set_option(asio::ip::tcp::no_delay(true), ec);
}
Stream::Stream(tls_stream stream) : impl_(std::make_unique<tls_stream>(std::move(stream))) {}
Stream::Stream(Stream&&) noexcept = default;
Stream& Stream::operator=(Stream&&) noexcept = default;
Stream::~Stream() = default;

Stream::tcp_socket& Stream::lowest_layer() noexcept {
  if (auto* tcp = std::get_if<tcp_socket>(&impl_)) return *tcp;
  return std::get<1>(impl_)->next_layer();
}

bool Stream::secure() const noexcept { return impl_.index() == 1; }

bool Stream::is_open() const noexcept {
  return const_cast<Stream*>(this)->lowest_layer().is_open();
}

asio::ip::tcp::endpoint Stream::remote_endpoint() const noexcept {
  std::error_code ec;
  auto ep = const_cast<Stream*>(this)->lowest_layer().remote_endpoint(ec);
  return ec ? asio::ip::tcp::endpoint{} : ep;
}

asio::ip::tcp::endpoint Stream::local_endpoint() const noexcept {
  std::error_code ec;
  auto ep = const_cast<Stream*>(this)->lowest_layer().local_endpoint(ec);
  return ec ? asio::ip::tcp::endpoint{} : ep;
}

asio::any_io_executor Stream::get_executor() { return lowest_layer().get_executor(); }

Task<std::error_code> Stream::handshake() {
  if (!secure()) co_return std::error_code{};
  auto [ec] = co_await std::get<1>(impl_)->async_handshake(asio::ssl::stream_base::server,
                                                          use_nothrow);
  co_return ec;
}

Task<std::error_code> Stream::wait_readable() {
  if (secure()) co_return std::error_code{};
  auto [ec] = co_await lowest_layer().async_wait(tcp_socket::wait_read, use_nothrow);
  co_return ec;
}

std::size_t Stream::try_read_some(std::span<char> into, std::error_code& ec) {
  if (auto* tcp = std::get_if<tcp_socket>(&impl_)) {
    return tcp->read_some(asio::buffer(into.data(), into.size()), ec);  // non-blocking socket
  }
  ec = asio::error::would_block;
  return 0;
}

Task<std::size_t> Stream::read_some_waiting(std::span<char> into, std::error_code& ec) {
  // (Over TCP, an asynchronous read beats async_wait + read: the wait re-arms the descriptor
  // in epoll, one epoll_ctl per wait, while the read just queues behind the registration.)
  auto buffer = asio::buffer(into.data(), into.size());
  if (auto* tcp = std::get_if<tcp_socket>(&impl_)) {
    auto [ec2, m] = co_await tcp->async_read_some(buffer, use_nothrow);
    ec = ec2;
    co_return m;
  }
  auto [ec2, m] = co_await std::get<1>(impl_)->async_read_some(buffer, use_nothrow);
  ec = ec2;
  co_return m;
}

Task<std::size_t> Stream::read_some(std::span<char> into, std::error_code& ec) {
  // Fast path: the socket is usually readable already (we waited for it).
  const std::size_t n = try_read_some(into, ec);
  if (ec != asio::error::would_block && ec != asio::error::try_again) co_return n;
  const std::size_t m = co_await read_some_waiting(into, ec);
  co_return m;
}

Task<std::error_code> Stream::write(std::span<const asio::const_buffer> buffers) {
  if (auto* tcp = std::get_if<tcp_socket>(&impl_)) {
    // Fast path: the send buffer usually has room, so one non-blocking gather write finishes
    // the job without a trip through the reactor and the scheduler.
    std::error_code ec;
    const std::size_t sent = tcp->write_some(buffers, ec);
    if (!ec && sent == asio::buffer_size(buffers)) co_return ec;
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) co_return ec;
    // The rest (a full send buffer, or more buffers than one call takes) waits for room.
    std::vector<asio::const_buffer> rest;
    std::size_t skip = ec ? 0 : sent;
    for (const asio::const_buffer& b : buffers) {
      if (skip >= b.size()) {
        skip -= b.size();
        continue;
      }
      rest.push_back(b + skip);
      skip = 0;
    }
    auto [ec2, n] = co_await asio::async_write(*tcp, rest, use_nothrow);
    co_return ec2;
  }
  auto [ec, n] = co_await asio::async_write(*std::get<1>(impl_), buffers, use_nothrow);
  co_return ec;
}

Task<std::error_code> Stream::write(std::string_view bytes) {
  asio::const_buffer buffer(bytes.data(), bytes.size());
  co_return co_await write(std::span<const asio::const_buffer>(&buffer, 1));
}

Task<> Stream::graceful_close() {
  if (secure() && is_open()) {
    // close_notify; the peer may never answer, so do not wait for its reply.
    auto& tls = *std::get<1>(impl_);
    SSL_set_quiet_shutdown(tls.native_handle(), 1);
    co_await tls.async_shutdown(use_nothrow);
  }
  close();
}

void Stream::close() noexcept {
  std::error_code ec;
  auto& socket = lowest_layer();
  if (!socket.is_open()) return;
  socket.shutdown(tcp_socket::shutdown_both, ec);
  socket.close(ec);
}

void Stream::cancel() noexcept {
  std::error_code ec;
  lowest_layer().cancel(ec);
}

}  // namespace corio::net
