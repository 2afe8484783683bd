#include <corio/view/template_error.hpp>

#include <algorithm>
#include <vector>

namespace corio::view {

std::string format_template_error(std::string_view file, int line, int column,
                                  std::string_view message, std::string_view source) {
  std::string out = file.empty() ? "ejs" : std::string(file);
  if (line <= 0) return out + "\n\n" + std::string(message);
  out += ':' + std::to_string(line) + ':' + std::to_string(column) + '\n';
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    std::size_t nl = source.find('\n', start);
    lines.push_back(source.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  // Same window as EJS's rethrow(): lines [line - 3, line + 3) of the 0-based array.
  int first = std::max(line - 3, 0);
  int last = std::min(static_cast<int>(lines.size()), line + 3);
  for (int i = first; i < last; ++i) {
    int current = i + 1;
    out += current == line ? " >> " : "    ";
    out += std::to_string(current) + "| ";
    out += lines[static_cast<std::size_t>(i)];
    if (i + 1 < last) out += '\n';
  }
  out += "\n\n";
  out += message;
  return out;
}

TemplateError::TemplateError(std::string file, int line, int column, std::string message,
                             std::string_view source)
    : std::runtime_error(format_template_error(file, line, column, message, source)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

}  // namespace corio::view
