#include <corio/ws/detail/connection.hpp>
#include <corio/ws/websocket.hpp>

namespace corio::ws {

WebSocket::WebSocket(std::shared_ptr<detail::Connection> connection) noexcept
    : connection_(std::move(connection)) {}

Task<std::optional<Message>> WebSocket::receive() {
  // The frame keeps the state alive, whatever happens to *this.
  return connection_->receive(connection_);
}

bool WebSocket::send_text(std::string_view text) {
  return connection_->send_message(Opcode::text, text);
}

bool WebSocket::send_binary(std::string_view bytes) {
  return connection_->send_message(Opcode::binary, bytes);
}

bool WebSocket::send_frame(SharedBuffer frame) {
  return connection_->send_shared(std::move(frame));
}

Task<> WebSocket::send(const Message& message) {
  auto connection = connection_;
  const bool queued = connection->send_message(message.opcode, message.data);
  if (!queued) co_return;
  co_await connection->flush();
}

void WebSocket::close(std::uint16_t code, std::string_view reason) {
  connection_->close(code, reason);
}

bool WebSocket::is_open() const noexcept { return connection_->is_open(); }

std::uint16_t WebSocket::close_code() const noexcept { return connection_->close_code(); }

std::string_view WebSocket::close_reason() const noexcept { return connection_->close_reason(); }

const std::string& WebSocket::protocol() const noexcept { return connection_->protocol(); }

asio::ip::tcp::endpoint WebSocket::remote_endpoint() const noexcept {
  return connection_->remote_endpoint();
}

std::string_view WebSocket::header(std::string_view name) const noexcept {
  return connection_->header(name);
}

std::size_t WebSocket::buffered_amount() const noexcept { return connection_->buffered_amount(); }

bool WebSocket::compresses() const noexcept { return connection_->compresses(); }

void WebSocket::on_message(std::function<void(Message&&)> handler) {
  connection_->set_on_message(std::move(handler));
}

void WebSocket::on_close(std::function<void(std::uint16_t, std::string_view)> handler) {
  connection_->set_on_close(std::move(handler));
}

}  // namespace corio::ws
