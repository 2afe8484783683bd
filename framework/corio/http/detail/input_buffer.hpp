#pragma once
/// @file InputBuffer: the bytes a connection has received and not yet consumed.

#include <algorithm>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

namespace corio::http::detail {

/// Received bytes, like a std::string that grows without zero-filling the room a read is about
/// to fill (std::string::resize would clear the whole free room before every read).
class InputBuffer {
 public:
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  const char* data() const noexcept { return bytes_.get(); }
  std::string_view view() const noexcept { return {bytes_.get(), size_}; }

  /// The free room after the bytes, at least `min` long (grown to twice the bytes, or to
  /// `initial` when that is more); write into it, then commit() what was written.
  std::span<char> room(std::size_t min, std::size_t initial) {
    if (capacity_ - size_ < min) reallocate(std::max({initial, size_ * 2, size_ + min}));
    return {bytes_.get() + size_, capacity_ - size_};
  }
  /// Adds `n` bytes written into room() to the end.
  void commit(std::size_t n) noexcept { size_ += n; }
  /// Appends `s`.
  void append(std::string_view s) {
    if (s.empty()) return;
    std::memcpy(room(s.size(), 0).data(), s.data(), s.size());
    size_ += s.size();
  }
  /// Drops the first `n` bytes (at most size()).
  void consume(std::size_t n) noexcept {
    n = std::min(n, size_);
    std::memmove(bytes_.get(), bytes_.get() + n, size_ - n);
    size_ -= n;
  }
  /// Frees the storage.
  void release() noexcept {
    bytes_.reset();
    size_ = capacity_ = 0;
  }

 private:
  void reallocate(std::size_t capacity) {
    auto bytes = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_ != 0) std::memcpy(bytes.get(), bytes_.get(), size_);
    bytes_ = std::move(bytes);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace corio::http::detail
