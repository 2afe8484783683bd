#pragma once
/// @file Compression of polling responses: Accept-Encoding negotiation (as the `negotiator`
/// npm package does for the offer ["gzip", "deflate"]) and zlib gzip/deflate.

#include <string>
#include <string_view>

namespace corio::engineio::detail {

/// "gzip", "deflate", or "" when the client accepts neither (no header: neither).
std::string_view choose_encoding(std::string_view accept_encoding);

/// `data` compressed with `encoding` ("gzip" or "deflate", zlib format as Node's
/// createDeflate); empty on a zlib failure.
std::string compress(std::string_view data, std::string_view encoding, int level);

}  // namespace corio::engineio::detail
