#pragma once
/// @file OrderedMap: a hash map that remembers insertion order, like a JavaScript Map. The chat
/// lists users and rooms in the order they appeared, exactly as the Node reference does.

#include <cstddef>
#include <functional>
#include <iterator>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace chat {

/// String-keyed map iterated in insertion order; erasing and re-inserting a key moves it last.
template <typename V>
class OrderedMap {
 public:
  using Entry = std::pair<std::string, V>;  ///< key and value

  /// The value of `key`, or nullptr.
  V* find(std::string_view key) {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second->second;
  }
  /// The value of `key`, or nullptr.
  const V* find(std::string_view key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second->second;
  }
  /// True when `key` is present.
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  /// The value of `key`, appended with `V{}` when absent.
  V& operator[](const std::string& key) {
    if (V* value = find(key)) return *value;
    entries_.emplace_back(key, V{});
    index_.emplace(key, std::prev(entries_.end()));
    return entries_.back().second;
  }
  /// Removes `key`; returns false when it was absent.
  bool erase(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return false;
    entries_.erase(it->second);
    index_.erase(it);
    return true;
  }
  /// Number of entries.
  std::size_t size() const noexcept { return entries_.size(); }
  /// True when empty.
  bool empty() const noexcept { return entries_.empty(); }
  /// Entries in insertion order.
  auto begin() const noexcept { return entries_.begin(); }
  /// End of the entries.
  auto end() const noexcept { return entries_.end(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };
  std::list<Entry> entries_;
  std::unordered_map<std::string, typename std::list<Entry>::iterator, Hash, std::equal_to<>>
      index_;
};

}  // namespace chat
