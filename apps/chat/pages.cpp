#include "pages.hpp"

#include <fmt/format.h>

#include <span>

#include "chat_events.hpp"
#include "notice_access.hpp"
#include "text.hpp"

namespace chat {

using corio::json;
using corio::Request;
using corio::Response;
using corio::Task;

namespace {

/// The nickname a visitor asks for: `?nickname=` (a string, or an array when repeated), else
/// the `nickname` cookie; null when neither is there.
json requested_nickname(const Request& req) {
  const json& query = req.query();
  if (query.contains("nickname")) return query["nickname"];
  const std::optional<std::string> cookie = cookie_value(req.get("cookie"), "nickname");
  return cookie ? json(*cookie) : json();
}

/// The text of a POST /notice body: a plain-text body, or the `text` field of a JSON or form body.
json notice_text(const json& body) {
  if (body.is_string()) return body;
  if (body.is_object() && body.contains("text")) return body["text"];
  return nullptr;
}

}  // namespace

void Pages::mount(corio::App& app) {
  app.get("/", [this](Request& req, Response& res) { return home(req, res); });
  app.get("/healthz", [this](Request& req, Response& res) { healthz(req, res); });
  if (config_.notice_token.empty()) return;  // no operator: POST /notice is a 404
  // The guard runs before the body parsers: a refused request's body is never parsed.
  app.post(
      "/notice",
      [this](Request& req, Response& res, corio::Next next) {
        return guard_notice(req, res, std::move(next));
      },
      corio::body_parser::json(), corio::body_parser::urlencoded(), corio::body_parser::text(),
      [this](Request& req, Response& res) { notice(req, res); });
}

Task<> Pages::home(Request& req, Response& res) const {
  const View view = home_view(req);
  res.status(view.status);
  // The history layer is ChatState's own: the render reads it before any other handler runs.
  const corio::json* layers[] = {view.history, &view.locals};
  const std::span<const corio::json* const> all(layers);  // (g++ 12: no temporaries in co_await)
  co_await res.render(view.name, all);
}

/// Sign-in page without a nickname, again with an error for an invalid one (400), else the
/// chat view of `?room=` (default room unless valid) with its history rendered server-side.
Pages::View Pages::home_view(const Request& req) const {
  const json nickname = requested_nickname(req);
  json locals = base_locals();
  if (nickname.is_null()) return View{200, "index", std::move(locals)};
  if (!state_.valid_nickname(nickname)) {
    locals["error"] = fmt::format(R"(A nickname is 1 to {} letters, digits, "_" or "-".)",
                                  config_.rules.max_nickname_length);
    return View{400, "index", std::move(locals)};
  }
  const json& wanted = field(req.query(), "room");
  const std::string room =
      state_.valid_room(wanted) ? wanted.get<std::string>() : config_.rules.default_room;
  locals["title"] = config_.title + " · #" + room;
  locals["nickname"] = nickname;
  locals["current_room"] = room;
  locals.erase("history");  // under the locals: the room's history as ChatState keeps it
  return View{200, "chat", std::move(locals), &state_.history_layer(room)};
}

/// The locals both templates take (documented at the top of templates/index.ejs).
json Pages::base_locals() const {
  json config = json::object();
  config["history_size"] = config_.rules.history_size;
  config["max_message_length"] = config_.rules.max_message_length;
  json locals = json::object();
  locals["title"] = config_.title;
  locals["nickname"] = "";
  locals["rooms"] = state_.room_list();
  locals["current_room"] = config_.rules.default_room;
  locals["users"] = state_.nicknames();
  locals["history"] = json::array();
  locals["config"] = std::move(config);
  locals["error"] = "";
  return locals;
}

void Pages::healthz(Request&, Response& res) const {
  res.json({{"status", "ok"}, {"clients", io_.engine().clients_count()}});
}

/// Lets through only the operator's token from a request no other site's page sent: 403 for a
/// cross-site request or a wrong token, 401 (with a Bearer challenge) without one.
Task<> Pages::guard_notice(Request& req, Response& res, corio::Next next) const {
  const NoticeHeaders headers{.host = req.get("host"),
                              .origin = req.get("origin"),
                              .sec_fetch_site = req.get("sec-fetch-site"),
                              .authorization = req.get("authorization")};
  switch (notice_access(headers, config_.notice_token)) {
    case NoticeAccess::allowed:
      co_await next();
      co_return;
    case NoticeAccess::cross_site:
      res.status(403).json({{"error", "cross-site request"}});
      co_return;
    case NoticeAccess::no_credentials:
      res.status(401).set("WWW-Authenticate", R"(Bearer realm="notice")");
      res.json({{"error", "operator token required"}});
      co_return;
    case NoticeAccess::wrong_token:
      res.status(403).json({{"error", "invalid operator token"}});
      co_return;
  }
}

/// Sends an operator's text to every `/system` client; 400 when empty or too long.
void Pages::notice(Request& req, Response& res) const {
  const json text = notice_text(req.body);
  const bool valid =
      text.is_string() && !text.get_ref<const std::string&>().empty() &&
      js_length(text.get_ref<const std::string&>()) <= config_.rules.max_notice_length;
  if (!valid) {
    res.status(400).json({{"error", "invalid text"}});
    return;
  }
  send_system_notice(io_, text.get_ref<const std::string&>());
  res.json({{"ok", true}});
}

}  // namespace chat
