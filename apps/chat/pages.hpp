#pragma once
/// @file Pages: the chat's HTTP routes — GET / (sign-in or chat view, rendered from
/// templates/), GET /healthz and POST /notice (an operator's, with NOTICE_TOKEN; off without).

#include <corio/corio.hpp>
#include <string>

#include "chat_state.hpp"
#include "config.hpp"

namespace chat {

/// The HTTP side of the chat.
/// @code
/// chat::Pages pages(config, state, app.io());
/// pages.mount(app);
/// @endcode
class Pages {
 public:
  /// Pages showing `state`; every argument must outlive the app the pages are mounted on.
  Pages(const Config& config, const ChatState& state, corio::socketio::Server& io)
      : config_(config), state_(state), io_(io) {}

  /// Adds the routes to `app`.
  void mount(corio::App& app);

 private:
  /// A template and what it shows.
  struct View {
    int status = 200;    ///< HTTP status
    std::string name;    ///< template under templates/
    corio::json locals;  ///< the locals contract of templates/index.ejs
    /// The room's `{history}` as ChatState keeps it, under `locals` (passed, not copied).
    const corio::json* history = nullptr;
  };

  corio::Task<> home(corio::Request& req, corio::Response& res) const;
  View home_view(const corio::Request& req) const;
  corio::json base_locals() const;
  void healthz(corio::Request& req, corio::Response& res) const;
  corio::Task<> guard_notice(corio::Request& req, corio::Response& res, corio::Next next) const;
  void notice(corio::Request& req, corio::Response& res) const;

  const Config& config_;
  const ChatState& state_;
  corio::socketio::Server& io_;
};

}  // namespace chat
