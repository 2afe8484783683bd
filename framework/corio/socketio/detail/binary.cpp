#include <corio/socketio/detail/binary.hpp>

#include <corio/socketio/packet.hpp>

namespace corio::socketio::detail {
namespace {

// The N of a well-formed placeholder, or count (an invalid index) when malformed.
std::size_t placeholder_index(const json& value, std::size_t count) noexcept {
  if (value.size() != 2) return count;
  const auto it = value.find("num");
  if (it == value.end()) return count;
  if (it->is_number_unsigned()) {
    const auto n = it->get<std::uint64_t>();
    return n < count ? static_cast<std::size_t>(n) : count;
  }
  if (it->is_number_integer()) {
    const auto n = it->get<std::int64_t>();
    return n >= 0 && static_cast<std::uint64_t>(n) < count ? static_cast<std::size_t>(n) : count;
  }
  return count;
}

bool mark_placeholders(const json& data, std::vector<bool>& used) {
  if (data.is_array()) {
    for (const json& item : data) {
      if (!mark_placeholders(item, used)) return false;
    }
    return true;
  }
  if (!data.is_object()) return true;
  if (is_placeholder(data)) {
    const std::size_t n = placeholder_index(data, used.size());
    if (n == used.size() || used[n]) return false;
    used[n] = true;
    return true;
  }
  for (const auto& [key, item] : data.get_ref<const json::object_t&>()) {
    if (!mark_placeholders(item, used)) return false;
  }
  return true;
}

}  // namespace

bool is_placeholder(const json& value) noexcept {
  if (!value.is_object()) return false;
  const auto it = value.find("_placeholder");
  return it != value.end() && it->is_boolean() && it->get<bool>();
}

std::error_code check_placeholders(const json& data, std::size_t count) {
  std::vector<bool> used(count, false);
  if (!mark_placeholders(data, used)) return packet_errc::bad_placeholder;
  for (bool u : used) {
    if (!u) return packet_errc::bad_placeholder;
  }
  return {};
}

void fill_placeholders(json& data, std::vector<json::binary_t>& buffers) {
  if (data.is_array()) {
    for (json& item : data) fill_placeholders(item, buffers);
    return;
  }
  if (!data.is_object()) return;
  if (is_placeholder(data)) {
    const std::size_t n = placeholder_index(data, buffers.size());
    data = json::binary(std::move(buffers[n]));
    return;
  }
  for (auto& [key, item] : data.get_ref<json::object_t&>()) fill_placeholders(item, buffers);
}

}  // namespace corio::socketio::detail
