// The dashboard's page machinery: who is looking (a session from the
// beleving_session cookie), in which language, and the HTML shell every page
// is rendered into. Pages are server-rendered HTML; charts read their data
// from data- attributes (the CSP allows no inline script or style).
//
// Access: every page route is registered through AddPage, so it passes the
// one request chain (api/app.h): visitors without a valid session go to
// /login (303), a role that may not see the page gets 403 (an employee sees
// only their own page), a POST must carry the session's `_csrf` token, and
// ?lang=nl|en sets the `lang` cookie.
// Handlers must still check that ids in the URL belong to the session's
// TenantScope (404 otherwise).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/app.h"
#include "core/html.h"
#include "i18n/catalogue.h"
#include "i18n/locale.h"
#include "insight/insight_service.h"

namespace beleving::web {

using i18n::Lang;

// Who may open a page.
enum class PageAccess {
  kAny,     // any signed-in user, employees included (the page checks further)
  kStaff,   // admin, manager, consultant
  kManage,  // same as kStaff, for pages that change things
  kAdmin,   // admin
};

// Labels of the org's dimension items, loaded once per page (LoadNames).
using Names = insight::Names;

struct Ctx {
  api::App& app;
  http::Request& req;
  security::Principal who;
  Lang lang = Lang::kNl;
  std::string user_name, org_name, org_slug;
  std::vector<std::pair<std::string, std::string>> orgs;  // (slug, name) of the user's orgs
  std::vector<std::pair<std::string, std::string>> set_cookies;
  // A rejected form's message: Page() shows it above the page body (with
  // role="alert") and answers 422 instead of 200. Nothing was stored.
  std::string form_error;

  const char* L(const char* nl, const char* en) const { return lang == Lang::kNl ? nl : en; }
  // The catalogue's text of `key` in the reader's language (i18n/catalogue.h).
  const std::string& T(std::string_view key) const { return i18n::Text(lang, key); }
  std::string F(std::string_view key, i18n::Args args) const {
    return i18n::Format(lang, key, args);
  }
  bool is_employee() const { return who.role == security::Role::kEmployee; }
  uint32_t org() const { return static_cast<uint32_t>(who.tenant.org_id()); }
  const store::TenantScope& tenant() const { return who.tenant; }
  // The insight service (figures, names, comments), called with `who`.
  insight::InsightService& insight() const { return app.services().insight(); }
  // The organisation's dimension names (InsightService::NamesOf).
  Result<Names> LoadNames() const;
  // A form value from an application/x-www-form-urlencoded POST body.
  std::optional<std::string> Form(const std::string& name) const;
};

// The hidden `_csrf` field every POST form carries.
std::string CsrfField(const Ctx& c);
// A form error for a rejected Status: InvalidArgument, Conflict and
// AlreadyExists become `prefix` plus the service's message in c->form_error
// (true); other codes are left to StatusPage (false).
bool FormErrorFrom(Ctx* c, const Status& st, std::string_view prefix);

using PageHandler = std::function<http::Response(Ctx&)>;

// The declaration of a GET page with these query parameters (and `{id}`):
// 200 the page, 400 a query parameter outside its declaration, 404 (with an
// id) no such item or not visible to the session.
api::Operation PageOperation(std::string id, std::string summary, std::vector<api::Parameter> query,
                             bool with_id = false);
// Registers a page behind the request chain (api/app.h, Surface::kPage):
// sign-in, role, CSRF and language are checked there; `handler` gets a Ctx.
void AddPage(api::App& app, const std::string& method, const std::string& pattern,
             PageAccess access, PageHandler handler);
// The same with its declaration (a form's fields, its answers), checked by
// the chain and published in the OpenAPI document.
void AddPage(api::App& app, const std::string& method, const std::string& pattern,
             PageAccess access, api::Operation op, PageHandler handler);
// Makes the request chain render its failures (403, expired form) as pages.
void RegisterPageErrors(api::App& app);

// HTML-escapes text (core/html.h).
inline std::string Esc(std::string_view s) { return HtmlEscape(s); }
// Formatting in the reader's language (i18n/locale.h): "3.611" / "3,611",
// "12,3" / "12.3"; "+4" / "-3"; counts as whole numbers.
std::string Num(const Ctx& c, double v, int decimals = 0);
std::string Count(const Ctx& c, int64_t n);
std::string SignedNum(const Ctx& c, double v);
std::string Percent(const Ctx& c, double share01, int decimals = 0);
// A date in the reader's form and the organisation's time zone: "1-12-2026".
std::string Date(const Ctx& c, UnixSeconds t);

// The full page: header with navigation, language switch and log-out, then
// `body`. `active` names the navigation item ("overview", "moments", ...).
http::Response Page(const Ctx& c, int status, std::string_view active, std::string_view title,
                    const std::string& body);
http::Response ErrorPage(const Ctx& c, int status, std::string_view message);
http::Response Redirect(const std::string& location);
// Renders a failed Status as an error page (404 for NotFound, 500 otherwise).
http::Response StatusPage(const Ctx& c, const Status& st);

// Small reusable fragments.
std::string NpsBadge(const Ctx& c, std::optional<double> nps);  // coloured NPS number
std::string ScoreBadge(int score);                              // 0..10 chip
// SVG bar chart of a 0..10 distribution (detractor/passive/promoter colours).
std::string DistributionSvg(const Ctx& c, const std::array<int64_t, 11>& dist, bool small);
// SVG interval: a dot at `value` with a line from lo to hi on a -100..100 axis.
std::string IntervalSvg(const Ctx& c, double value, double lo, double hi);
// A comment card: date, score, labels, redacted text, sentiment, themes.
std::string CommentCard(const Ctx& c, const Names& names, const insight::CommentView& comment);
// A uPlot line chart of NPS per period (x: unix seconds of period starts,
// `weekly`: ISO weeks, else months). The chart reads its data, the axis'
// month names and the number format from data- attributes (app.js).
struct TrendSeries {
  std::vector<int64_t> xs, counts;
  std::vector<double> nps, lo, hi;
  bool weekly = false;
};
std::string TrendChart(const Ctx& c, const std::string& id, const TrendSeries& s);

}  // namespace beleving::web
