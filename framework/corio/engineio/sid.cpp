#include <corio/engineio/sid.hpp>

#include <corio/engineio/base64.hpp>

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace corio::engineio {
namespace {

constexpr std::size_t kIdBytes = 15;
constexpr std::size_t kBatchIds = 64;

// A per-thread batch of random bytes: one RAND_bytes call per 64 ids.
struct RandomPool {
  std::array<unsigned char, kIdBytes * kBatchIds> bytes{};
  std::size_t used = bytes.size();

  std::string_view take() {
    if (used == bytes.size()) {
      if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("engine.io: RAND_bytes failed");
      }
      used = 0;
    }
    std::string_view out(reinterpret_cast<const char*>(bytes.data() + used), kIdBytes);
    used += kIdBytes;
    return out;
  }
};

}  // namespace

std::string generate_sid() {
  thread_local RandomPool pool;
  std::string id;
  id.reserve(sid_length);
  base64_append(id, pool.take());
  for (char& c : id) {
    if (c == '/') c = '_';
    if (c == '+') c = '-';
  }
  return id;
}

}  // namespace corio::engineio
