#pragma once
/// @file Content-Type matching (npm `type-is`) and Accept negotiation (npm `negotiator`).

#include <initializer_list>
#include <string_view>

namespace corio::http {

/// The candidate of `candidates` that a Content-Type matches, like req.is(): candidates may be
/// extensions ("json", "html"), "urlencoded", "multipart", full types, wildcards ("text/*",
/// "*/*") or suffixes ("+json"); parameters such as charset are ignored. Empty when none match
/// or `content_type` is empty or malformed.
/// @code type_is("application/json; charset=utf-8", {"html", "json"}) == "json" @endcode
std::string_view type_is(std::string_view content_type,
                         std::initializer_list<std::string_view> candidates) noexcept;

/// The best of `offered` for an Accept header, like req.accepts(): q-values, wildcards,
/// specificity, then the header's order, then `offered`'s order. Offered values may be
/// extensions ("json") or full types; the one returned is as offered. An empty `accept`
/// means "*\/\*" (the first offered wins); empty result when nothing is acceptable.
std::string_view accepts(std::string_view accept,
                         std::initializer_list<std::string_view> offered) noexcept;

}  // namespace corio::http
