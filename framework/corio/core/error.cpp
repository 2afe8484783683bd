#include <corio/core/error.hpp>

namespace corio {
namespace {

class CoreCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "corio"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::limit_exceeded:
        return "limit exceeded";
      case errc::timed_out:
        return "timed out";
      case errc::closed:
        return "closed";
      case errc::protocol_error:
        return "protocol error";
    }
    return "unknown corio error";
  }
};

}  // namespace

const std::error_category& core_category() noexcept {
  static const CoreCategory category;
  return category;
}

}  // namespace corio
