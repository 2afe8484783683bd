#pragma once
/// @file Engine.IO session ids: 20 URL-safe characters from 15 CSPRNG bytes, like the reference
/// server's `base64id` (base64 with '/' → '_' and '+' → '-').

#include <cstddef>
#include <string>

namespace corio::engineio {

/// Length of a session id.
inline constexpr std::size_t sid_length = 20;

/// A new session id, e.g. "r3Kx_2Qv-9aZbT1mNc4o". Random bytes come from OpenSSL's RAND_bytes,
/// drawn in batches into a per-thread pool; throws std::runtime_error if OpenSSL cannot seed.
std::string generate_sid();

}  // namespace corio::engineio
