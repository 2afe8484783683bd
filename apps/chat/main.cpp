// apps/chat: the reference chat app — Express-style routes, EJS pages and Socket.IO events in
// C++ on corio. The same protocol (PROTOCOL.md), pages (templates/) and assets (static/) as the
// Node reference, bench/node/chat_server.js.
// Run from the repository root: build/bin/chat   (settings: apps/chat/config.json, env PORT,
// HOST, HISTORY_SIZE, CORS_ORIGIN, RATE_LIMIT, NOTICE_TOKEN, CORIO_ENV; DEBUG=corio:*,chat:*
// logs).
#include <fmt/format.h>

#include <corio/corio.hpp>
#include <exception>

#include "chat_events.hpp"
#include "chat_state.hpp"
#include "config.hpp"
#include "pages.hpp"
#include "text.hpp"

using namespace corio;

namespace {

/// Socket.IO settings: cross-origin polling only for the configured origin (same origin when
/// none, as the Node reference).
socketio::ServerOptions io_options(const chat::Config& config) {
  socketio::ServerOptions options;
  if (!config.cors_origin.empty()) options.engine.cors = CorsOptions{.origin = config.cors_origin};
  return options;
}

int run(const chat::Config& config) {
  AppOptions options;
  options.shards = 1;  // ChatState lives on one event loop, as the Node reference's does
  App app(options);
  app.set_views("templates");
  app.use("/static", serve_static("static"));
  app.set_io_options(io_options(config));
  socketio::Server& io = app.io();

  // Message ids start with the start time, so they stay unique across restarts.
  chat::ChatState state(config.rules, chat::base36(static_cast<std::uint64_t>(chat::now_ms())));
  chat::ChatEvents events(io, state);
  chat::Pages pages(config, state, io);
  pages.mount(app);

  chat::send_system_notice(io, "Server started");
  fmt::print("chat: {} mode\n", config.production ? "production" : "development");
  app.listen(config.port, config.host);  // until SIGINT/SIGTERM
  return 0;
}

}  // namespace

int main() {
  try {
    return run(chat::load_config());
  } catch (const std::exception& e) {
    fmt::print(stderr, "chat: {}\n", e.what());
    return 1;
  }
}
