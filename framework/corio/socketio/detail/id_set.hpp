#pragma once
/// @file IdSet: a set of strings sized for the adapter's rooms (not part of the public API).

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace corio::socketio::detail {

/// A set of ids that stays a small vector while it has few members and becomes a hash set
/// beyond that. Most sets in an adapter are tiny (the room named after each socket, the rooms
/// of one socket), and an empty-bucket hash set per socket was a tenth of an idle socket's
/// memory. Iteration order is unspecified.
class IdSet {
 public:
  /// Adds `id`; false when it was already there.
  bool insert(const std::string& id) {
    if (large_) return large_->insert(id).second;
    if (contains(id)) return false;
    if (small_.size() < small_limit) {
      small_.push_back(id);
      return true;
    }
    large_ = std::make_unique<std::unordered_set<std::string>>(small_.begin(), small_.end());
    std::vector<std::string>().swap(small_);
    return large_->insert(id).second;
  }
  /// Removes `id`; false when it was not there.
  bool erase(const std::string& id) {
    if (large_) return large_->erase(id) > 0;
    auto it = std::find(small_.begin(), small_.end(), id);
    if (it == small_.end()) return false;
    if (it != small_.end() - 1) *it = std::move(small_.back());
    small_.pop_back();
    return true;
  }
  /// True when `id` is a member.
  bool contains(const std::string& id) const {
    if (large_) return large_->count(id) > 0;
    return std::find(small_.begin(), small_.end(), id) != small_.end();
  }
  /// Number of members.
  std::size_t size() const noexcept { return large_ ? large_->size() : small_.size(); }
  /// True without members.
  bool empty() const noexcept { return size() == 0; }
  /// Calls `fn(id)` for each member; `fn` must not change the set.
  template <class Fn>
  void for_each(Fn&& fn) const {
    if (large_) {
      for (const std::string& id : *large_) fn(id);
    } else {
      for (const std::string& id : small_) fn(id);
    }
  }

 private:
  static constexpr std::size_t small_limit = 8;
  std::vector<std::string> small_;
  std::unique_ptr<std::unordered_set<std::string>> large_;
};

}  // namespace corio::socketio::detail
