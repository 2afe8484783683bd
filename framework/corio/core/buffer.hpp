#pragma once
/// @file Small buffer types: the immutable shared bytes behind "encode once, send many".

#include <memory>
#include <string>
#include <string_view>

namespace corio {

/// Immutable bytes shared by many send queues (a broadcast encodes its frame once).
class SharedBuffer {
 public:
  SharedBuffer() = default;
  /// Takes ownership of `bytes`.
  explicit SharedBuffer(std::string bytes)
      : data_(std::make_shared<const std::string>(std::move(bytes))) {}

  /// The bytes (empty when default-constructed).
  std::string_view view() const noexcept { return data_ ? std::string_view(*data_) : std::string_view(); }
  /// Number of bytes.
  std::size_t size() const noexcept { return data_ ? data_->size() : 0; }
  /// True when there are no bytes.
  bool empty() const noexcept { return size() == 0; }
  /// How many holders share these bytes (for tests of encode-once).
  long use_count() const noexcept { return data_.use_count(); }

 private:
  std::shared_ptr<const std::string> data_;
};

}  // namespace corio
