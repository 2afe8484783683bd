// The one translation unit that compiles Asio (ASIO_SEPARATE_COMPILATION), including its SSL part.
#include <asio/impl/src.hpp>
#include <asio/ssl/impl/src.hpp>
