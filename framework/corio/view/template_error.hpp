#pragma once
/// @file The error a template raises at compile or render time.

#include <stdexcept>
#include <string>
#include <string_view>

namespace corio::view {

/// A template failed to compile or render. `what()` reads like EJS's errors:
/// `file:line:column`, the failing line with the lines around it, a blank line, the message.
/// @code
///   try { engine.render_file("chat", locals); }
///   catch (const corio::view::TemplateError& e) { log(e.file(), e.line(), e.column(), e.what()); }
/// @endcode
class TemplateError : public std::runtime_error {
 public:
  /// An error at 1-based `line`/`column` of `file` whose text is `source` (for the context).
  TemplateError(std::string file, int line, int column, std::string message,
                std::string_view source);
  /// The template's file name ("" for a string template).
  const std::string& file() const noexcept { return file_; }
  /// 1-based line of the error (0 when it has no position, e.g. a missing file).
  int line() const noexcept { return line_; }
  /// 1-based column (in bytes) of the error.
  int column() const noexcept { return column_; }
  /// The bare message, without location and context.
  const std::string& message() const noexcept { return message_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string message_;
};

/// Formats EJS's error text: `file:line:column`, context lines (` >> 13| ...`) and the message.
std::string format_template_error(std::string_view file, int line, int column,
                                  std::string_view message, std::string_view source);

}  // namespace corio::view
