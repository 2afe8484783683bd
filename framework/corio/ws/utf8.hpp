#pragma once
/// @file Incremental UTF-8 validation (RFC 3629) for WebSocket text messages and close reasons.

#include <cstdint>
#include <string_view>

namespace corio::ws {

/// Incremental UTF-8 validator: a byte-class DFA that rejects overlong forms, surrogates
/// (U+D800..U+DFFF) and code points above U+10FFFF as early as the first bad byte, so a message
/// split across fragments is validated as it arrives. Runs of ASCII take a word-at-a-time path.
/// @code
/// Utf8Validator v;
/// bool ok = v.feed(fragment1) && v.feed(fragment2) && v.complete();
/// @endcode
class Utf8Validator {
 public:
  /// Feeds the next bytes; false once the input so far can no longer be valid UTF-8.
  bool feed(std::string_view bytes) noexcept;
  /// True when everything fed so far is valid and does not end inside a sequence.
  bool complete() const noexcept { return state_ == 0; }
  /// True when an invalid byte was seen.
  bool failed() const noexcept;
  /// Starts over for a new message.
  void reset() noexcept { state_ = 0; }

 private:
  std::uint8_t state_ = 0;
};

/// True when `bytes` is complete, valid UTF-8.
bool is_valid_utf8(std::string_view bytes) noexcept;

}  // namespace corio::ws
