#include <corio/engineio/base64.hpp>

#include <array>
#include <cstdint>

namespace corio::engineio {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kInvalid = 0xff;

constexpr std::array<std::uint8_t, 256> make_reverse() {
  std::array<std::uint8_t, 256> table{};
  for (auto& v : table) v = kInvalid;
  for (std::uint8_t i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = i;
  return table;
}
constexpr auto kReverse = make_reverse();

std::uint8_t value_of(char c) noexcept { return kReverse[static_cast<unsigned char>(c)]; }

// Strips correct padding; npos-like failure is signalled by returning false.
bool strip_padding(std::string_view& text) noexcept {
  if (text.size() % 4 == 1) return false;
  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  if (pad > 0 && text.size() % 4 != 0) return false;  // padding only on a full quantum
  text.remove_suffix(pad);
  return text.size() % 4 != 1;
}

}  // namespace

void base64_append(std::string& out, std::string_view bytes) {
  const std::size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4);
  char* dst = out.data() + start;
  const auto* src = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (src[i] << 16) | (src[i + 1] << 8) | src[i + 2];
    *dst++ = kAlphabet[(v >> 18) & 63];
    *dst++ = kAlphabet[(v >> 12) & 63];
    *dst++ = kAlphabet[(v >> 6) & 63];
    *dst++ = kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return;
  const std::uint32_t v = (src[i] << 16) | (rest == 2 ? src[i + 1] << 8 : 0);
  *dst++ = kAlphabet[(v >> 18) & 63];
  *dst++ = kAlphabet[(v >> 12) & 63];
  *dst++ = rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
  *dst = '=';
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  base64_append(out, bytes);
  return out;
}

std::size_t base64_decoded_size(std::string_view text) noexcept {
  if (!strip_padding(text)) return std::string_view::npos;
  for (char c : text) {
    if (value_of(c) == kInvalid) return std::string_view::npos;
  }
  // Non-canonical trailing bits (e.g. "QR==") are rejected so that decoding is one-to-one.
  const std::size_t rest = text.size() % 4;
  if (rest == 2 && (value_of(text.back()) & 0x0f) != 0) return std::string_view::npos;
  if (rest == 3 && (value_of(text.back()) & 0x03) != 0) return std::string_view::npos;
  return text.size() / 4 * 3 + (rest == 0 ? 0 : rest - 1);
}

bool base64_decode_append(std::string& out, std::string_view text) {
  const std::size_t size = base64_decoded_size(text);
  if (size == std::string_view::npos) return false;
  const std::size_t start = out.size();
  out.resize(start + size);
  char* dst = out.data() + start;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    acc = (acc << 6) | value_of(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *dst++ = static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return true;
}

}  // namespace corio::engineio
