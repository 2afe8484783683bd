// JSON.stringify with JavaScript's output format (number text, escapes, indentation).
#include <corio/view/detail/value.hpp>

#include <cmath>

namespace corio::view::detail {
namespace {

void quote(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

class Writer {
 public:
  Writer(std::string& out, std::string_view indent) : out_(out), indent_(indent) {}

  bool write(const Value& v, int depth) {
    if (depth > 200) return false;
    switch (v.kind()) {
      case Value::Kind::undefined:
      case Value::Kind::function:
      case Value::Kind::builtin: return false;
      case Value::Kind::null: out_ += "null"; return true;
      case Value::Kind::boolean: out_ += v.num() != 0 ? "true" : "false"; return true;
      case Value::Kind::number:
        if (std::isfinite(v.num())) append_number(out_, v.num()); else out_ += "null";
        return true;
      case Value::Kind::string: quote(out_, v.str()); return true;
      case Value::Kind::json: return write_json(v.j(), depth);
      case Value::Kind::array: {
        open('[');
        bool first = true;
        for (const Value& e : v.arr()) {
          sep(first, depth);
          if (!write(e, depth + 1)) out_ += "null";
        }
        close(']', first, depth);
        return true;
      }
      default: {
        open('{');
        bool first = true;
        for (const auto& [k, e] : object_of(v).props) {
          if (e.is_undefined() || e.kind() == Value::Kind::function || e.kind() == Value::Kind::builtin) continue;
          sep(first, depth);
          key(k);
          write(e, depth + 1);
        }
        close('}', first, depth);
        return true;
      }
    }
  }

 private:
  bool write_json(const json& j, int depth) {
    if (!j.is_array() && !j.is_object()) return write(Value::from_json(j), depth);
    bool arr = j.is_array();
    open(arr ? '[' : '{');
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      sep(first, depth);
      if (!arr) key(it.key());
      write_json(*it, depth + 1);
    }
    close(arr ? ']' : '}', first, depth);
    return true;
  }

  void open(char c) { out_ += c; }
  void sep(bool& first, int depth) {
    if (!first) out_ += ',';
    first = false;
    newline(depth + 1);
  }
  void key(std::string_view k) {
    quote(out_, k);
    out_ += indent_.empty() ? ":" : ": ";
  }
  void close(char c, bool empty, int depth) {
    if (!empty) newline(depth);
    out_ += c;
  }
  void newline(int depth) {
    if (indent_.empty()) return;
    out_ += '\n';
    for (int i = 0; i < depth; ++i) out_ += indent_;
  }

  std::string& out_;
  std::string_view indent_;
};

}  // namespace

bool append_json(std::string& out, const Value& v, std::string_view indent) {
  return Writer(out, indent).write(v, 0);
}

}  // namespace corio::view::detail
