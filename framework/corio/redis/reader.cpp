#include <corio/redis/reader.hpp>

#include <corio/redis/error.hpp>

#include <hiredis/read.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace corio::redis {
namespace {

// Longest `:`, `$` or `*` line: a sign, 19 digits and the '\r'.
constexpr std::size_t max_number_line = 21;

// hiredis builds replies through these; a child lives inside its parent's `elements`
// (hiredis calls them in order, index by index), the root on the heap.
Reply* place(const redisReadTask* task, Reply::Type type) {
  if (task->parent == nullptr) {
    Reply* root = new Reply;
    root->type = type;
    return root;
  }
  auto* parent = static_cast<Reply*>(task->parent->obj);
  const auto index = static_cast<std::size_t>(task->idx);
  if (parent->elements.size() <= index) parent->elements.resize(index + 1);
  Reply& child = parent->elements[index];
  child.type = type;
  return &child;
}

void* create_string(const redisReadTask* task, char* str, size_t len) {
  Reply::Type type = Reply::Type::string;
  if (task->type == REDIS_REPLY_STATUS) type = Reply::Type::status;
  if (task->type == REDIS_REPLY_ERROR) type = Reply::Type::error;
  Reply* r = place(task, type);
  r->str.assign(str, len);
  return r;
}

void* create_array(const redisReadTask* task, int elements) {
  Reply* r = place(task, Reply::Type::array);
  // Grown as elements arrive: a header alone must not allocate for all it announces.
  r->elements.reserve(static_cast<std::size_t>(std::clamp(elements, 0, 1024)));
  return r;
}

void* create_integer(const redisReadTask* task, long long value) {
  Reply* r = place(task, Reply::Type::integer);
  r->integer = value;
  return r;
}

void* create_nil(const redisReadTask* task) { return place(task, Reply::Type::nil); }

void free_object(void* reply) { delete static_cast<Reply*>(reply); }

redisReplyObjectFunctions functions = {create_string, create_array, create_integer, create_nil,
                                       free_object};

}  // namespace

void Reader::Free::operator()(redisReader* r) const noexcept { redisReaderFree(r); }

Reader::Reader(ReaderLimits limits)
    : reader_(redisReaderCreateWithFunctions(&functions)), limits_(limits) {
  if (!reader_) throw std::bad_alloc();
  limits_.max_depth = std::min(limits_.max_depth, max_supported_depth);
}

Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

void Reader::feed(std::string_view bytes) {
  if (error_ || bytes.empty()) return;
  const std::size_t valid = guard(bytes);
  if (valid > 0 && redisReaderFeed(reader_.get(), bytes.data(), valid) != REDIS_OK)
    fail(errc::protocol_error, reader_->errstr);
}

std::error_code Reader::next(std::optional<Reply>& out) {
  out.reset();
  void* reply = nullptr;
  if (reader_->err == 0 && redisReaderGetReply(reader_.get(), &reply) != REDIS_OK) {
    fail(errc::protocol_error, reader_->errstr);
    return error_;
  }
  if (reply != nullptr) {
    out.emplace(std::move(*static_cast<Reply*>(reply)));
    delete static_cast<Reply*>(reply);
    return {};
  }
  return error_;
}

void Reader::fail(std::error_code ec, std::string message) {
  if (error_) return;
  error_ = ec;
  message_ = std::move(message);
}

// The framing guard: walks the RESP2 structure of `bytes` (continuing where the previous
// feed stopped) and returns how many of them are well formed and within the limits.
std::size_t Reader::guard(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size() && !error_) {
    const std::string_view rest = bytes.substr(i);
    if (state_ == State::line) {
      i += scan_line(rest);
    } else if (state_ == State::bulk) {
      i += scan_bulk(rest);
    } else {
      kind_ = rest.front();
      if (std::strchr("+-:$*", kind_) == nullptr || kind_ == '\0') {
        fail(errc::protocol_error,
             fmt::format("unexpected reply type byte 0x{:02x}", static_cast<unsigned char>(kind_)));
        break;
      }
      if (kind_ == '*' && open_.size() >= limits_.max_depth) {
        fail(errc::limit_exceeded, fmt::format("arrays nested deeper than {}", limits_.max_depth));
        break;
      }
      state_ = State::line;
      line_.clear();
      line_size_ = 0;
      cr_ = false;
      ++i;
    }
  }
  return i;
}

std::size_t Reader::scan_line(std::string_view rest) {
  const std::size_t newline = rest.find('\n');
  const std::string_view part = rest.substr(0, newline);
  line_size_ += part.size();
  const bool number = kind_ == ':' || kind_ == '$' || kind_ == '*';
  if (number) {
    if (line_size_ > max_number_line) {
      fail(errc::protocol_error, "length or integer line too long");
      return part.size();
    }
    line_.append(part);
  } else if (line_size_ > limits_.max_bulk + 1) {
    fail(errc::limit_exceeded, fmt::format("status or error line over {} bytes", limits_.max_bulk));
    return part.size();
  }
  if (!part.empty()) cr_ = part.back() == '\r';
  if (newline == std::string_view::npos) return part.size();
  if (!cr_) {
    fail(errc::protocol_error, "line ends without \\r\\n");
    return part.size();
  }
  end_line();
  // A refused header never reaches hiredis whole (it would trust the length).
  return error_ ? part.size() : part.size() + 1;
}

std::size_t Reader::scan_bulk(std::string_view rest) {
  std::size_t used = 0;
  if (bulk_left_ > 2) {
    used = std::min(rest.size(), bulk_left_ - 2);
    bulk_left_ -= used;
  }
  while (used < rest.size() && bulk_left_ <= 2) {
    const char expected = bulk_left_ == 2 ? '\r' : '\n';
    if (rest[used] != expected) {
      fail(errc::protocol_error, "bulk string does not end with \\r\\n");
      return used;
    }
    ++used;
    if (--bulk_left_ == 0) {
      end_value();
      break;
    }
  }
  return used;
}

bool Reader::parse_length(long long& value) {
  std::string_view digits(line_);
  digits.remove_suffix(1);  // the '\r'
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  // As strict as hiredis' string2ll: no "-0", no leading zeros, no '+'.
  if (digits.empty() || digits.size() > 19) return false;
  if (digits.front() == '0' && (digits.size() > 1 || negative)) return false;
  unsigned long long v = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  constexpr auto max = static_cast<unsigned long long>(std::numeric_limits<long long>::max());
  if (v > max) return false;  // (LLONG_MIN itself is refused: Redis never sends it)
  value = negative ? -static_cast<long long>(v) : static_cast<long long>(v);
  return true;
}

void Reader::end_line() {
  long long n = 0;
  if (kind_ == '+' || kind_ == '-') return end_value();
  if (!parse_length(n)) return fail(errc::protocol_error, fmt::format("bad number line '{}'", line_));
  if (kind_ == ':') return end_value();
  if (n == -1) return end_value();  // nil
  if (n < 0) return fail(errc::protocol_error, fmt::format("negative length {}", n));
  if (kind_ == '$') {
    if (static_cast<unsigned long long>(n) > limits_.max_bulk)
      return fail(errc::limit_exceeded, fmt::format("bulk string of {} bytes", n));
    state_ = State::bulk;
    bulk_left_ = static_cast<std::size_t>(n) + 2;
    return;
  }
  if (static_cast<unsigned long long>(n) > limits_.max_elements)
    return fail(errc::limit_exceeded, fmt::format("array of {} elements", n));
  if (n == 0) return end_value();
  open_.push_back(n);
  state_ = State::type;
}

void Reader::end_value() {
  state_ = State::type;
  while (!open_.empty()) {
    if (--open_.back() > 0) break;
    open_.pop_back();
  }
}

}  // namespace corio::redis
