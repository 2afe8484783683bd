#include <corio/redis/reply.hpp>

#include <hiredis/hiredis.h>

#include <fmt/format.h>

#include <new>

namespace corio::redis {

const Reply& Reply::at(std::size_t i) const noexcept {
  static const Reply nil;
  return i < elements.size() ? elements[i] : nil;
}

std::string Reply::describe() const {
  switch (type) {
    case Type::nil:
      return "nil";
    case Type::status:
      return "+" + str;
    case Type::error:
      return "-" + str;
    case Type::integer:
      return std::to_string(integer);
    case Type::string:
      return fmt::format("\"{}\"", str);
    case Type::array:
      break;
  }
  std::string out = "[";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out += ',';
    out += elements[i].describe();
  }
  return out + "]";
}

std::string format_command(std::span<const std::string_view> args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const std::string_view arg : args) {
    argv.push_back(arg.empty() ? "" : arg.data());
    lengths.push_back(arg.size());
  }
  char* target = nullptr;
  const int n = redisFormatCommandArgv(&target, static_cast<int>(argv.size()), argv.data(),
                                       lengths.data());
  if (n < 0 || target == nullptr) throw std::bad_alloc();
  std::string out(target, static_cast<std::size_t>(n));
  redisFreeCommand(target);
  return out;
}

std::string format_command(std::span<const std::string> args) {
  std::vector<std::string_view> views(args.begin(), args.end());
  return format_command(std::span<const std::string_view>(views));
}

}  // namespace corio::redis
