#pragma once
/// @file The output of a render: bytes written through a pointer into a string kept oversized.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace corio::view::detail {

/// Appends to a std::string without its per-append bookkeeping: the string is kept larger than
/// the text (its size is the room), the text ends at `size()`, and `finish()` trims the string.
/// At least kSlack bytes past the end are always writable, so short copies need no exact length.
class Output {
 public:
  /// Bytes past the end that are always writable (and readable).
  static constexpr std::size_t kSlack = 32;

  /// Writes into `s` (cleared) with room for `expected` bytes.
  explicit Output(std::string& s, std::size_t expected = 0) : s_(s) {
    s_.clear();
    s_.resize(expected + kSlack);
    end_ = s_.data();
    cap_ = end_ + expected;
    update_limit();
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  /// Makes room for `n` more bytes (plus the slack).
  void reserve(std::size_t n) {
    if (n > static_cast<std::size_t>(cap_ - end_)) [[unlikely]] grow(n);
  }
  /// Appends `s`.
  [[gnu::always_inline]] void append(std::string_view s) {
    reserve(s.size());
    char* const e = end_;
    copy(e, s.data(), s.size());
    end_ = e + s.size();
  }
  /// Appends `s`, from which kSlack bytes are readable even when it is shorter (text the parser
  /// keeps with the room, see kPaddedText): a short one is one fixed-size copy, without the
  /// branches on its length.
  [[gnu::always_inline]] void append_padded(std::string_view s) {
    reserve(s.size());
    char* const e = end_;  // (a store through it could change end_ as far as the compiler knows)
    if (s.size() <= kSlack) {
      char a[16], b[16];
      std::memcpy(a, s.data(), 16);
      std::memcpy(b, s.data() + 16, 16);
      std::memcpy(e, a, 16);
      std::memcpy(e + 16, b, 16);
    } else {
      std::memcpy(e, s.data(), s.size());
    }
    end_ = e + s.size();
  }
  /// Appends one byte.
  void push_back(char c) {
    reserve(1);
    *end_++ = c;
  }
  /// Where the next byte goes: write up to the reserved room plus kSlack, then `set_end`.
  char* end() { return end_; }
  /// Ends the text at `p` (from end(), within the room written).
  void set_end(char* p) { end_ = p; }
  /// Sets the most bytes the text may hold before over() is true.
  void set_limit(std::size_t max) {
    max_ = max;
    update_limit();
  }
  /// True once the text holds more bytes than the limit: one compare after each write.
  bool over() const { return end_ > limit_; }
  /// Bytes of text so far.
  std::size_t size() const { return static_cast<std::size_t>(end_ - s_.data()); }
  /// The text so far.
  std::string_view view() const { return {s_.data(), size()}; }
  /// Trims the string to the text; the Output must not be written afterwards.
  void finish() { s_.resize(size()); }

  /// Copies `n` bytes without a call for short runs: may write up to 32 bytes at `dst`.
  [[gnu::always_inline]] static void copy(char* dst, const char* src, std::size_t n) {
    if (n > 16 && n <= 32) {
      char a[16], b[16];
      std::memcpy(a, src, 16);
      std::memcpy(b, src + n - 16, 16);
      std::memcpy(dst, a, 16);
      std::memcpy(dst + n - 16, b, 16);
      return;
    }
    if (n <= 16) {
      if (n >= 8) {
        std::uint64_t a, b;
        std::memcpy(&a, src, 8);
        std::memcpy(&b, src + n - 8, 8);
        std::memcpy(dst, &a, 8);
        std::memcpy(dst + n - 8, &b, 8);
      } else if (n >= 4) {
        std::uint32_t a, b;
        std::memcpy(&a, src, 4);
        std::memcpy(&b, src + n - 4, 4);
        std::memcpy(dst, &a, 4);
        std::memcpy(dst + n - 4, &b, 4);
      } else if (n != 0) {
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
      }
      return;
    }
    std::memcpy(dst, src, n);
  }

 private:
  [[gnu::noinline]] void grow(std::size_t n) {
    const std::size_t used = size();
    std::size_t room = s_.size() - kSlack;
    while (room - used < n) room = room * 2 + 64;
    s_.resize(room + kSlack);
    end_ = s_.data() + used;
    cap_ = s_.data() + room;
    update_limit();
  }
  // A limit past the buffer cannot be reached before the next grow(), which moves it anyway.
  void update_limit() { limit_ = s_.data() + (max_ < s_.size() ? max_ : s_.size()); }

  std::string& s_;
  char* end_;
  char* cap_;  // end of the room; kSlack more bytes follow
  std::size_t max_ = static_cast<std::size_t>(-1);  // see set_limit()
  const char* limit_;  // where the text passes max_, or the end of the buffer if sooner
};

/// Appends `s` HTML-escaped exactly like EJS's escapeXML.
void append_escaped(Output& out, std::string_view s);

}  // namespace corio::view::detail
