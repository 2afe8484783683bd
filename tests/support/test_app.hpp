#pragma once
// A corio App started on 127.0.0.1 with a free port, stopped when the test ends.

#include <corio/app/app.hpp>

#include "support/raw_client.hpp"

namespace corio::test {

/// Starts `app` on 127.0.0.1:0 (call after the routes are set up); stops it in the destructor.
class Running {
 public:
  explicit Running(App& app) : app_(app) {
    net::ListenOptions options;
    options.host = "127.0.0.1";
    port_ = app_.start(options);
  }
  ~Running() { app_.stop(); }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  /// The bound port.
  std::uint16_t port() const noexcept { return port_; }
  /// A new client connection.
  RawClient client() const { return RawClient(port_); }
  /// One GET on a fresh connection.
  RawResponse get(std::string_view path, std::string_view headers = {}) const {
    RawClient c(port_);
    auto r = c.request(get_request(path, headers));
    return r ? *r : RawResponse{};
  }

 private:
  App& app_;
  std::uint16_t port_ = 0;
};

}  // namespace corio::test
