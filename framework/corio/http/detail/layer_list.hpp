#pragma once
/// @file LayerList: the locals layers of one render, held inline when there are few.

#include <corio/core/json.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <vector>

namespace corio::http::detail {

/// `first` followed by `rest` (app.locals < res.locals < the call's layers): no allocation for
/// up to eight layers, the usual case. Not copyable: it points into itself.
class LayerList {
 public:
  LayerList(const corio::json* first, std::span<const corio::json* const> rest) : size_(rest.size() + 1) {
    if (size_ <= inline_.size()) {
      inline_[0] = first;
      std::copy(rest.begin(), rest.end(), inline_.begin() + 1);
      data_ = inline_.data();
    } else {
      heap_.reserve(size_);
      heap_.push_back(first);
      heap_.insert(heap_.end(), rest.begin(), rest.end());
      data_ = heap_.data();
    }
  }
  LayerList(const LayerList&) = delete;
  LayerList& operator=(const LayerList&) = delete;

  std::span<const corio::json* const> span() const noexcept { return {data_, size_}; }

 private:
  std::size_t size_;
  std::array<const corio::json*, 8> inline_{};
  std::vector<const corio::json*> heap_;
  const corio::json* const* data_ = nullptr;
};

}  // namespace corio::http::detail
