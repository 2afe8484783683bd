#include <zlib.h>

#include <algorithm>
#include <corio/ws/deflate.hpp>
#include <new>
#include <stdexcept>

namespace corio::ws {
namespace {

constexpr unsigned char flush_tail[4] = {0x00, 0x00, 0xFF, 0xFF};
constexpr std::size_t inflate_chunk = 16 * 1024;

[[noreturn]] void throw_zlib(int rc, const char* what) {
  if (rc == Z_MEM_ERROR) throw std::bad_alloc();
  throw std::runtime_error(what);
}

Bytef* bytes(std::string& s, std::size_t at) { return reinterpret_cast<Bytef*>(s.data() + at); }

}  // namespace

// ---- Deflater -------------------------------------------------------------------------------

struct Deflater::Stream {
  z_stream z{};
  ~Stream() { deflateEnd(&z); }
};

Deflater::Deflater(int window_bits, bool no_context_takeover, int level, int mem_level)
    : window_bits_(static_cast<std::int8_t>(std::clamp(window_bits, 9, 15))),
      level_(static_cast<std::int8_t>(std::clamp(level, 0, 9))),
      mem_level_(static_cast<std::int8_t>(std::clamp(mem_level, 1, 9))),
      no_context_takeover_(no_context_takeover) {}

Deflater::Deflater(const DeflateAgreement& agreement, const DeflateOptions& options)
    : Deflater(agreement.server_max_window_bits, agreement.server_no_context_takeover,
               options.level, options.mem_level) {}

Deflater::~Deflater() = default;
Deflater::Deflater(Deflater&&) noexcept = default;
Deflater& Deflater::operator=(Deflater&&) noexcept = default;

void Deflater::compress(std::string_view message, std::string& out) {
  if (!stream_) {
    auto s = std::make_unique<Stream>();
    int rc = deflateInit2(&s->z, level_, Z_DEFLATED, -window_bits_, mem_level_, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) throw_zlib(rc, "deflateInit2 failed");
    stream_ = std::move(s);
  }
  z_stream& z = stream_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data()));
  z.avail_in = static_cast<uInt>(message.size());
  std::size_t start = out.size();
  std::size_t room = deflateBound(&z, static_cast<uLong>(message.size())) + 16;
  do {
    std::size_t old = out.size();
    out.resize(old + room);
    z.next_out = bytes(out, old);
    z.avail_out = static_cast<uInt>(room);
    int rc = deflate(&z, Z_SYNC_FLUSH);
    if (rc != Z_OK && rc != Z_BUF_ERROR) throw_zlib(rc, "deflate failed");
    out.resize(old + room - z.avail_out);
    room = 4096;
  } while (z.avail_out == 0 || z.avail_in != 0);
  // A sync flush ends in an empty stored block 00 00 ff ff, which the receiver re-adds.
  if (out.size() - start >= 4 &&
      std::equal(flush_tail, flush_tail + 4,
                 reinterpret_cast<unsigned char*>(out.data()) + out.size() - 4)) {
    out.resize(out.size() - 4);
  }
  if (out.size() == start) out.push_back('\0');  // RFC 7692 §7.2.3.6: never empty
  if (no_context_takeover_) {
    if (!keep_stream_) {
      stream_.reset();
    } else if (deflateReset(&stream_->z) != Z_OK) {
      stream_.reset();
    }
  }
}

std::string Deflater::compress(std::string_view message) {
  std::string out;
  compress(message, out);
  return out;
}

// ---- Inflater -------------------------------------------------------------------------------

struct Inflater::Stream {
  z_stream z{};
  ~Stream() { inflateEnd(&z); }
};

Inflater::Inflater(bool no_context_takeover) : no_context_takeover_(no_context_takeover) {}
Inflater::~Inflater() = default;
Inflater::Inflater(Inflater&&) noexcept = default;
Inflater& Inflater::operator=(Inflater&&) noexcept = default;

InflateStatus Inflater::inflate(std::string_view fragment, bool fin, std::string& out,
                                std::size_t max_size) {
  if (!stream_) {
    auto s = std::make_unique<Stream>();
    int rc = inflateInit2(&s->z, -15);
    if (rc != Z_OK) throw_zlib(rc, "inflateInit2 failed");
    stream_ = std::move(s);
  }
  InflateStatus status = run(*stream_, fragment, out, max_size);
  if (status == InflateStatus::ok && fin) {
    status = run(*stream_, {reinterpret_cast<const char*>(flush_tail), 4}, out, max_size);
  }
  if (status != InflateStatus::ok || (fin && no_context_takeover_)) stream_.reset();
  return status;
}

InflateStatus Inflater::run(Stream& s, std::string_view in, std::string& out,
                            std::size_t max_size) {
  z_stream& z = s.z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  for (;;) {
    if (out.size() > max_size) return InflateStatus::too_big;
    // One byte over the room left tells "too big" apart from "exactly full".
    std::size_t chunk = std::min(max_size - out.size() + 1, inflate_chunk);
    std::size_t old = out.size();
    out.resize(old + chunk);
    z.next_out = bytes(out, old);
    z.avail_out = static_cast<uInt>(chunk);
    int rc = ::inflate(&z, Z_SYNC_FLUSH);
    out.resize(old + chunk - z.avail_out);
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return InflateStatus::corrupt;
    if (out.size() > max_size) return InflateStatus::too_big;
    // A block with BFINAL set ends the raw stream; what follows starts a fresh one.
    if (rc == Z_STREAM_END && inflateReset(&z) != Z_OK) return InflateStatus::corrupt;
    if (z.avail_in == 0 && z.avail_out != 0) return InflateStatus::ok;
    if (rc == Z_BUF_ERROR && z.avail_out != 0) return InflateStatus::corrupt;
  }
}

}  // namespace corio::ws
