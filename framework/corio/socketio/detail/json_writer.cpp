#include <corio/socketio/detail/json_writer.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace corio::socketio::detail {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Length of the valid UTF-8 sequence at `s` (1..4), or 0 with `bad` set to the length of the
// maximal invalid subpart to replace by one U+FFFD.
std::size_t utf8_sequence(const unsigned char* s, std::size_t avail, std::size_t& bad) noexcept {
  const unsigned char c = s[0];
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    need = 1;
  } else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;  // no UTF-16 surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;  // nothing above U+10FFFF
  } else {
    bad = 1;
    return 0;
  }
  for (std::size_t i = 1; i <= need; ++i) {
    if (i >= avail || s[i] < lo || s[i] > hi) {
      bad = i;
      return 0;
    }
    lo = 0x80;
    hi = 0xbf;
  }
  return need + 1;
}

void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
  out.append(esc, sizeof esc);
}

bool needs_care(unsigned char c) noexcept { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

template <typename Int>
void append_integer(std::string& out, Int value) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}

void append_node_buffer(std::string& out, const json::binary_t& bytes) {
  out += R"({"type":"Buffer","data":[)";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0) out += ',';
    append_integer(out, static_cast<unsigned>(bytes[i]));
  }
  out += "]}";
}

void append_binary(std::string& out, const json::binary_t& bytes,
                   std::vector<std::string>* attachments) {
  if (attachments == nullptr) return append_node_buffer(out, bytes);
  out += R"({"_placeholder":true,"num":)";
  append_integer(out, attachments->size());
  out += '}';
  attachments->emplace_back(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// Number::toString of ECMA-262 (7.1.12.1): `k` significant digits, decimal point after `n`.
void append_js_digits(std::string& out, const char* digits, int k, int n) {
  if (k <= n && n <= 21) {
    out.append(digits, k);
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, n);
    out += '.';
    out.append(digits + n, k - n);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out.append(digits, k);
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits + 1, k - 1);
    }
    out += n - 1 < 0 ? "e-" : "e+";
    append_integer(out, n - 1 < 0 ? 1 - n : n - 1);
  }
}

void append_object(std::string& out, const json::object_t& object,
                   std::vector<std::string>* attachments) {
  out += '{';
  bool first = true;
  for (const auto& [key, item] : object) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, key);
    out += ':';
    append_json(out, item, attachments);
  }
  out += '}';
}

void append_array(std::string& out, const json::array_t& array,
                  std::vector<std::string>* attachments) {
  out += '[';
  bool first = true;
  for (const json& item : array) {
    if (!first) out += ',';
    first = false;
    append_json(out, item, attachments);
  }
  out += ']';
}

}  // namespace

void append_js_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (value == 0) {  // also -0
    out += '0';
    return;
  }
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  // buf holds "[-]d[.ddd]e±XX" with the shortest round-trip digits.
  const char* p = buf;
  if (*p == '-') {
    out += '-';
    ++p;
  }
  char digits[20];
  int k = 0;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  int exp10 = 0;
  std::from_chars(p + (p[1] == '+' ? 2 : 1), res.ptr, exp10);
  append_js_digits(out, digits, k, exp10 + 1);
}

void append_json_string(std::string& out, std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  out += '"';
  std::size_t run = 0;  // start of bytes not yet copied
  for (std::size_t i = 0; i < size;) {
    if (!needs_care(s[i])) {
      ++i;
      continue;
    }
    if (s[i] >= 0x80) {
      std::size_t bad = 0;
      const std::size_t len = utf8_sequence(s + i, size - i, bad);
      if (len != 0) {
        i += len;
        continue;
      }
      out.append(text.data() + run, i - run);
      out += "\xef\xbf\xbd";
      i += bad;
      run = i;
      continue;
    }
    out.append(text.data() + run, i - run);
    append_escape(out, s[i]);
    run = ++i;
  }
  out.append(text.data() + run, size - run);
  out += '"';
}

void append_json(std::string& out, const json& value, std::vector<std::string>* attachments) {
  switch (value.type()) {
    case json::value_t::object:
      return append_object(out, value.get_ref<const json::object_t&>(), attachments);
    case json::value_t::array:
      return append_array(out, value.get_ref<const json::array_t&>(), attachments);
    case json::value_t::string:
      return append_json_string(out, value.get_ref<const json::string_t&>());
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case json::value_t::number_integer:
      return append_integer(out, value.get<std::int64_t>());
    case json::value_t::number_unsigned:
      return append_integer(out, value.get<std::uint64_t>());
    case json::value_t::number_float:
      return append_js_number(out, value.get<double>());
    case json::value_t::binary:
      return append_binary(out, value.get_binary(), attachments);
    case json::value_t::null:
    case json::value_t::discarded:
      out += "null";
      return;
  }
}

}  // namespace corio::socketio::detail
