#pragma once
/// @file Task<T>: the coroutine type of every corio handler (an Asio awaitable).

#include <asio/awaitable.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace corio {

/// A coroutine returning T, run on a shard's io_context.
/// @code
/// Task<> hello(Request& req, Response& res) { co_await res.send("hi"); }
/// @endcode
template <typename T = void>
using Task = asio::awaitable<T>;

/// Completion token for framework I/O: returns `std::tuple<std::error_code, ...>`, never throws.
inline constexpr auto use_nothrow = asio::experimental::as_tuple(asio::use_awaitable);

}  // namespace corio
