#include <corio/core/spawn.hpp>

#include <asio/co_spawn.hpp>

namespace corio {

void spawn(const asio::any_io_executor& executor, Task<> task, std::string_view what) {
  asio::co_spawn(executor, std::move(task), log_failure(what));
}

}  // namespace corio
