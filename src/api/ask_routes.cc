// Asking for feedback (issue 4): survey trigger and fatigue settings, the
// invitations sent, QR codes for face-to-face moments, and the public pages
// /s/TOKEN (the survey), /u/TOKEN (unsubscribe) and /q/CODE (a QR link).
#include <cstdlib>

#include "api/app.h"
#include "capture/moment.h"
#include "core/log.h"
#include "core/resources.h"
#include "core/time_format.h"
#include "security/secrets.h"
#include "store/ask_store.h"
#include "store/org_store.h"
#include "store/survey_store.h"
#include "survey/definition.h"
#include "survey/invitation.h"
#include "survey/page.h"
#include "survey/qr.h"

namespace beleving::api {
namespace {

constexpr size_t kFormLimit = 32 * 1024;
constexpr size_t kMaxTextAnswer = 2000;

// ---- settings and triggers -------------------------------------------------

json::object SettingsJson(const store::AskSettings& s) {
  return {{"fatigue_days", s.fatigue_days},
          {"daily_cap", s.daily_cap},
          {"sample_percent", s.sample_percent},
          {"expiry_days", s.expiry_days},
          {"reminder_days", s.reminder_days}};
}

Result<store::AskSettings> DecodeSettings(const json::value& v, store::AskSettings s) {
  if (!v.is_object()) return InvalidArgument("settings must be an object", "/settings");
  JsonFields f(v.as_object(), "/settings");
  ASSIGN_OR_RETURN(auto fd, f.OptInt("fatigue_days", 0, 365));
  ASSIGN_OR_RETURN(auto cap, f.OptInt("daily_cap", 0, 1000000));
  ASSIGN_OR_RETURN(auto sp, f.OptInt("sample_percent", 0, 100));
  ASSIGN_OR_RETURN(auto ed, f.OptInt("expiry_days", 1, 90));
  ASSIGN_OR_RETURN(auto rd, f.OptInt("reminder_days", 0, 30));
  RETURN_IF_ERROR(f.RejectUnknown());
  if (fd) s.fatigue_days = static_cast<int>(*fd);
  if (cap) s.daily_cap = static_cast<int>(*cap);
  if (sp) s.sample_percent = static_cast<int>(*sp);
  if (ed) s.expiry_days = static_cast<int>(*ed);
  if (rd) s.reminder_days = static_cast<int>(*rd);
  return s;
}

json::object TriggersDoc(store::SqlConn& c, const store::TenantScope& t, Status* st) {
  auto settings = store::AskStore::Settings(c, t);
  auto triggers = store::AskStore::Triggers(c, t);
  if (!settings.ok()) *st = settings.status();
  if (!triggers.ok()) *st = triggers.status();
  if (!st->ok()) return {};
  json::array items;
  for (const auto& tr : *triggers) {
    items.push_back(json::object{
        {"touchpoint", tr.touchpoint_id ? json::value(tr.touchpoint_key) : json::value(nullptr)},
        {"survey", tr.survey_key},
        {"delay_seconds", tr.delay_seconds},
        {"enabled", tr.enabled}});
  }
  return {{"settings", SettingsJson(*settings)}, {"triggers", items}};
}

Status PutTriggers(store::SqlConn& c, const store::TenantScope& t, const json::value& body,
                   UnixSeconds now) {
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object", "");
  JsonFields f(body.as_object(), "");
  if (const json::value* sv = f.Get("settings")) {
    ASSIGN_OR_RETURN(auto current, store::AskStore::Settings(c, t));
    ASSIGN_OR_RETURN(auto s, DecodeSettings(*sv, current));
    RETURN_IF_ERROR(store::AskStore::PutSettings(c, t, s, now));
  }
  const json::value* tv = f.Get("triggers");
  RETURN_IF_ERROR(f.RejectUnknown());
  if (!tv) return Status::Ok();
  if (!tv->is_array()) return InvalidArgument("triggers must be a list", "/triggers");
  if (tv->as_array().size() > 1000) return InvalidArgument("at most 1000 triggers", "/triggers");
  ASSIGN_OR_RETURN(auto existing, store::AskStore::Triggers(c, t));
  for (const auto& e : existing) {
    RETURN_IF_ERROR(store::AskStore::DeleteTrigger(c, t, e.touchpoint_id).status());
  }
  size_t i = 0;
  for (const auto& item : tv->as_array()) {
    std::string ptr = "/triggers/" + std::to_string(i++);
    if (!item.is_object()) return InvalidArgument("a trigger must be an object", ptr);
    JsonFields tf(item.as_object(), ptr);
    store::SurveyTrigger tr;
    const json::value* tp = tf.Get("touchpoint");
    if (tp && !tp->is_null()) {
      if (!tp->is_string())
        return InvalidArgument("touchpoint must be a key or null", ptr + "/touchpoint");
      ASSIGN_OR_RETURN(tr.touchpoint_id, store::AskStore::DimensionId(
                                             c, t, "touchpoints", std::string(tp->get_string())));
      if (!tr.touchpoint_id) return InvalidArgument("no such touchpoint", ptr + "/touchpoint");
    }
    ASSIGN_OR_RETURN(auto survey_key, tf.String("survey", 64));
    ASSIGN_OR_RETURN(auto survey, store::SurveyStore::ByKey(c, t, survey_key));
    if (!survey) return InvalidArgument("no such survey", ptr + "/survey");
    tr.survey_id = survey->id;
    ASSIGN_OR_RETURN(auto delay, tf.OptInt("delay_seconds", 0, 30 * 86400));
    tr.delay_seconds = delay.value_or(3600);
    ASSIGN_OR_RETURN(auto enabled, tf.OptBool("enabled"));
    tr.enabled = enabled.value_or(true);
    RETURN_IF_ERROR(tf.RejectUnknown());
    RETURN_IF_ERROR(store::AskStore::PutTrigger(c, t, tr, now));
  }
  // Two entries for the same touchpoint: the later one won; say so rather than guess.
  ASSIGN_OR_RETURN(auto after, store::AskStore::Triggers(c, t));
  if (after.size() != tv->as_array().size()) {
    return InvalidArgument("each touchpoint may have one trigger", "/triggers");
  }
  return Status::Ok();
}

json::object InvitationJson(const store::Invitation& i) {
  auto opt_time = [](const std::optional<UnixSeconds>& t) {
    return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
  };
  return {
      {"id", i.id},
      {"survey_id", i.survey_id},
      {"customer_id", i.customer_id ? json::value(*i.customer_id) : json::value(nullptr)},
      {"interaction_id", i.interaction_id ? json::value(*i.interaction_id) : json::value(nullptr)},
      {"status", i.status},
      {"language", i.language ? json::value(*i.language) : json::value(nullptr)},
      {"send_at", FormatRfc3339(i.send_at)},
      {"expires_at", FormatRfc3339(i.expires_at)},
      {"sent_at", opt_time(i.sent_at)},
      {"reminded_at", opt_time(i.reminded_at)},
      {"answered_at", opt_time(i.answered_at)},
      {"last_error", i.last_error ? json::value(*i.last_error) : json::value(nullptr)}};
}

// ---- the public survey page -------------------------------------------------

struct Loaded {
  std::optional<store::Invitation> inv;
  std::optional<survey::Definition> def;
  std::string survey_key;
  std::string org_name;
  json::object draft;
};

Result<Loaded> Load(App& app, const std::string& token) {
  Loaded l;
  if (!survey::LooksLikeToken(token)) return l;
  RETURN_IF_ERROR(app.db().Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(l.inv, store::AskStore::InvitationByTokenHash(c, survey::TokenHash(token)));
    if (!l.inv) return Status::Ok();
    auto t = store::TenantScope::System(l.inv->org_id);
    ASSIGN_OR_RETURN(auto s, store::SurveyStore::ById(c, t, l.inv->survey_id));
    ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, l.inv->org_id));
    if (org) l.org_name = org->name;
    if (s) {
      l.survey_key = s->key;
      ASSIGN_OR_RETURN(auto doc, ParseJson(s->definition));
      ASSIGN_OR_RETURN(l.def, survey::ParseDefinition(doc));
    }
    return Status::Ok();
  }));
  if (l.inv && !l.def) l.inv.reset();  // survey deleted: the link no longer leads anywhere
  if (l.inv) {
    auto d = ParseJson(l.inv->draft);
    if (d.ok() && d->is_object()) l.draft = d->as_object();
  }
  return l;
}

http::Response Page(int status, std::string html) { return http::Html(status, std::move(html)); }

http::Response SeeOther(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.Set("Location", location);
  r.body = "See " + location + "\n";
  return r;
}

std::optional<int> DraftNps(const json::object& draft) {
  if (auto* v = draft.if_contains("nps"); v && v->is_int64())
    return static_cast<int>(v->get_int64());
  return std::nullopt;
}

std::optional<int> IntIn(const std::string& s, int lo, int hi) {
  if (s.empty() || s.size() > 2 || s.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  int v = std::stoi(s);
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

// Reads step two's fields into the draft; returns an error text for the page
// when a required answer is missing.
std::string ReadStepTwo(const survey::Definition& d, const survey::Question* score,
                        const std::multimap<std::string, std::string>& form, json::object& draft,
                        const std::string& lang) {
  bool en = lang == "en";
  auto one = [&](const std::string& k) -> std::string {
    auto it = form.find(k);
    return it == form.end() ? "" : it->second;
  };
  std::string reason = Trimmed(one("reason"));
  if (reason.size() > kMaxTextAnswer) reason.resize(kMaxTextAnswer);
  if (!reason.empty()) draft["reason"] = reason;
  std::string missing;
  for (const auto& q : d.questions) {
    if (&q == score) continue;
    std::string v = one(q.key);
    switch (q.type) {
      case survey::QuestionType::kNps:
      case survey::QuestionType::kCsat:
      case survey::QuestionType::kDriver:
      case survey::QuestionType::kCes: {
        int hi = q.type == survey::QuestionType::kNps   ? 10
                 : q.type == survey::QuestionType::kCes ? 7
                                                        : 5;
        auto n = IntIn(v, q.type == survey::QuestionType::kNps ? 0 : 1, hi);
        if (n)
          draft[q.key] = *n;
        else if (q.required && missing.empty())
          missing = survey::InLanguage(q.text, lang);
        break;
      }
      case survey::QuestionType::kText: {
        std::string tx = Trimmed(v);
        if (tx.size() > kMaxTextAnswer) tx.resize(kMaxTextAnswer);
        if (!tx.empty())
          draft[q.key] = tx;
        else if (q.required && missing.empty())
          missing = survey::InLanguage(q.text, lang);
        break;
      }
      case survey::QuestionType::kSingleChoice: {
        bool ok = false;
        for (const auto& o : q.options) ok = ok || o.key == v;
        if (ok)
          draft[q.key] = v;
        else if (q.required && missing.empty())
          missing = survey::InLanguage(q.text, lang);
        break;
      }
      case survey::QuestionType::kMultipleChoice: {
        json::array picked;
        auto range = form.equal_range(q.key);
        for (auto it = range.first; it != range.second; ++it) {
          for (const auto& o : q.options) {
            if (o.key == it->second) picked.push_back(json::value(o.key));
          }
        }
        if (!picked.empty())
          draft[q.key] = picked;
        else if (q.required && missing.empty())
          missing = survey::InLanguage(q.text, lang);
        break;
      }
    }
  }
  if (missing.empty()) return "";
  return (en ? "Please answer: " : "Beantwoord nog: ") + missing;
}

capture::Answers ToAnswers(const survey::Definition& d, const survey::Question* score,
                           const json::object& draft) {
  capture::Answers a;
  if (auto n = DraftNps(draft)) a.nps = *n;
  std::string comment;
  if (auto* r = draft.if_contains("reason"); r && r->is_string()) {
    comment = std::string(r->get_string());
    a.other["reason"] = comment;
  }
  for (const auto& q : d.questions) {
    if (&q == score) continue;
    const json::value* v = draft.if_contains(q.key);
    if (!v) continue;
    switch (q.type) {
      case survey::QuestionType::kNps:
        if (!a.nps) a.nps = static_cast<int>(v->to_number<int64_t>());
        break;
      case survey::QuestionType::kCsat:
        a.csat = static_cast<int>(v->to_number<int64_t>());
        break;
      case survey::QuestionType::kCes:
        a.ces = static_cast<int>(v->to_number<int64_t>());
        break;
      case survey::QuestionType::kDriver: {
        bool stored = false;
        for (size_t k = 0; k < capture::kDriverNames.size(); ++k) {
          if (q.key == capture::kDriverNames[k]) {
            a.drivers[k] = static_cast<int>(v->to_number<int64_t>());
            stored = true;
          }
        }
        if (!stored) a.other[q.key] = *v;
        break;
      }
      case survey::QuestionType::kText:
        if (q.key == "comment") {
          std::string c(v->get_string());
          comment = comment.empty() ? c : comment + "\n\n" + c;
        } else {
          a.other[q.key] = *v;
        }
        break;
      default:
        a.other[q.key] = *v;
    }
  }
  if (!comment.empty()) a.comment = comment.substr(0, capture::kMaxCommentBytes);
  return a;
}

http::Response ShowSurvey(Call& call) {
  std::string token = call.req.path_params["token"];
  auto accept = call.req.Header("accept-language");
  UnixSeconds now = call.app.clock().Now();
  auto l = Load(call.app, token);
  if (!l.ok()) return Page(500, survey::RenderLinkProblem(survey::PickLanguage({}, accept), 404));
  if (!l->inv) return Page(404, survey::RenderLinkProblem(survey::PickLanguage({}, accept), 404));
  std::string lang = survey::PickLanguage(l->inv->language, accept);
  if (l->inv->answered_at) {
    return Page(200, survey::RenderThankYou(*l->def, lang, l->org_name, DraftNps(l->draft)));
  }
  if (l->inv->expires_at <= now) {
    return Page(410, survey::RenderLinkProblem(lang, 410));
  }
  survey::SurveyPage p;
  p.lang = lang;
  p.org_name = l->org_name;
  p.action = "/s/" + token;
  p.nonce = l->inv->form_nonce;
  p.def = &*l->def;
  p.draft = l->draft;
  auto step = call.req.Query("step");
  p.step = (step && *step == "1") || !DraftNps(l->draft) ? 1 : 2;
  std::string html = survey::RenderSurveyStep(p);
  // Only the first view is shared: no answers in it, nothing personal. It is
  // served from the cache by App::HandleFast.
  if (l->draft.empty()) {
    call.app.survey_pages().Put(survey::PageCache::Key(token, accept.value_or("")), html,
                                l->inv->expires_at, now);
  }
  return Page(200, std::move(html));
}

http::Response SubmitSurvey(Call& call) {
  std::string token = call.req.path_params["token"];
  // Whatever this post does to the invitation, its cached first view is over.
  call.app.survey_pages().ForgetToken(token);
  auto accept = call.req.Header("accept-language");
  auto l = Load(call.app, token);
  if (!l.ok() || !l->inv) {
    return Page(404, survey::RenderLinkProblem(survey::PickLanguage({}, accept), 404));
  }
  store::Invitation& inv = *l->inv;
  std::string lang = survey::PickLanguage(inv.language, accept);
  std::string self = "/s/" + token;
  if (inv.answered_at) return SeeOther(self);  // double submit, back button: the thank-you page
  UnixSeconds now = call.app.clock().Now();
  if (inv.expires_at <= now) return Page(410, survey::RenderLinkProblem(lang, 410));
  std::multimap<std::string, std::string> form;
  http::ParseQueryString(call.req.body, &form);
  auto field = [&](const std::string& k) -> std::string {
    auto it = form.find(k);
    return it == form.end() ? "" : it->second;
  };
  // Cross-site posting: the form carries the invitation's own nonce, which
  // only a page served from this origin knows (CSP form-action 'self').
  if (!security::SecureEquals(field("nonce"), inv.form_nonce)) {
    return Page(403, survey::RenderLinkProblem(lang, 404));
  }
  const survey::Definition& def = *l->def;
  const survey::Question* score = survey::ScoreQuestion(def);
  survey::SurveyPage p;
  p.lang = lang;
  p.org_name = l->org_name;
  p.action = self;
  p.nonce = inv.form_nonce;
  p.def = &def;
  p.draft = l->draft;
  auto t = store::TenantScope::System(inv.org_id);
  bool en = lang == "en";
  if (field("step") == "1" && score) {
    auto n = IntIn(field(score->key), 0, 10);
    if (!n) {
      p.step = 1;
      p.error = en ? "Please choose a score from 0 to 10." : "Kies een score van 0 tot en met 10.";
      return Page(422, survey::RenderSurveyStep(p));
    }
    p.draft["nps"] = *n;
    std::string draft = json::serialize(p.draft);
    Status st = call.app.db().Write(
        [&](store::SqlConn& c) { return store::AskStore::SaveDraft(c, t, inv.id, draft); });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return SeeOther(self);
  }
  if (score && !DraftNps(p.draft)) return SeeOther(self + "?step=1");
  p.step = 2;
  p.error = ReadStepTwo(def, score, form, p.draft, lang);
  std::string draft = json::serialize(p.draft);
  Status st = call.app.db().Write(
      [&](store::SqlConn& c) { return store::AskStore::SaveDraft(c, t, inv.id, draft); });
  if (!st.ok()) return http::ProblemFromStatus(st);
  if (!p.error.empty()) return Page(422, survey::RenderSurveyStep(p));

  capture::ResponseInput in;
  in.external_id = "invitation-" + std::to_string(inv.id);
  in.submitted_at = now;
  in.survey = l->survey_key;
  in.interaction_id = inv.interaction_id;
  in.answers = ToAnswers(def, score, p.draft);
  if (!inv.interaction_id) {
    st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      if (inv.touchpoint_id) {
        ASSIGN_OR_RETURN(auto k,
                         store::AskStore::DimensionKey(c, t, "touchpoints", *inv.touchpoint_id));
        if (!k.empty()) in.keys.touchpoint = k;
      }
      if (inv.location_id) {
        ASSIGN_OR_RETURN(auto k,
                         store::AskStore::DimensionKey(c, t, "locations", *inv.location_id));
        if (!k.empty()) in.keys.location = k;
      }
      if (inv.customer_id) {
        ASSIGN_OR_RETURN(auto k,
                         store::AskStore::DimensionKey(c, t, "customers", *inv.customer_id));
        if (!k.empty()) in.keys.customer = k;
      }
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
  }
  auto stored = call.app.ingest().Responses(t, {in});
  if (!stored.ok()) {
    log::Warn("ask: storing the response of invitation {} failed: {}", inv.id,
              stored.status().ToString());
    p.error = en ? "Your answer could not be saved. Please try again."
                 : "Je antwoord kon niet worden opgeslagen. Probeer het nog eens.";
    return Page(500, survey::RenderSurveyStep(p));
  }
  st = call.app.db().Write(
      [&](store::SqlConn& c) { return store::AskStore::MarkAnswered(c, t, inv.id, now).status(); });
  if (!st.ok()) return http::ProblemFromStatus(st);
  return SeeOther(self);
}

http::Response Unsubscribe(Call& call, bool confirm) {
  std::string token = call.req.path_params["token"];
  auto accept = call.req.Header("accept-language");
  auto l = Load(call.app, token);
  if (!l.ok() || !l->inv) {
    return Page(404, survey::RenderLinkProblem(survey::PickLanguage({}, accept), 404));
  }
  std::string lang = survey::PickLanguage(l->inv->language, accept);
  if (confirm && l->inv->customer_id) {
    auto t = store::TenantScope::System(l->inv->org_id);
    int64_t customer = *l->inv->customer_id;
    Status st = call.app.db().Write(
        [&](store::SqlConn& c) { return store::AskStore::OptOut(c, t, customer); });
    if (!st.ok()) return http::ProblemFromStatus(st);
  }
  return Page(200, survey::RenderUnsubscribe(lang, "/u/" + token, confirm));
}

constexpr std::string_view kLinkPrefix = "/s/";

bool IsSurveyLinkView(const http::Request& req) {
  if (req.method != "GET" || !req.query.empty() || !req.path.starts_with(kLinkPrefix)) {
    return false;
  }
  const std::string_view token = std::string_view(req.path).substr(kLinkPrefix.size());
  return token.find('/') == std::string_view::npos && survey::LooksLikeToken(token);
}

std::optional<http::Response> CachedSurveyPage(App& app, const http::Request& req) {
  const std::string_view token = std::string_view(req.path).substr(kLinkPrefix.size());
  auto accept = req.Header("accept-language");
  auto cached = app.survey_pages().Find(survey::PageCache::Key(token, accept.value_or("")),
                                        app.clock().Now());
  if (!cached) return std::nullopt;
  return Page(200, std::move(*cached));
}

}  // namespace

void RegisterAskRoutes(App& app) {
  survey::Asking* asking = &app.services().asking();
  app.SetFastPath(
      {IsSurveyLinkView, [&app](const http::Request& req) { return CachedSurveyPage(app, req); }});

  app.Add("GET", "/api/v1/survey-triggers", Access::kRead, [](Call& call) {
    json::object doc;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      Status inner;
      doc = TriggersDoc(c, call.tenant(), &inner);
      return inner;
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return JsonOk(doc);
  });

  app.Add("PUT", "/api/v1/survey-triggers", Access::kManage, [](Call& call) {
    auto body = ReadJsonBody(call.req);
    if (!body.ok()) return http::ProblemFromStatus(body.status());
    json::object doc;
    UnixSeconds now = call.app.clock().Now();
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      RETURN_IF_ERROR(PutTriggers(c, call.tenant(), *body, now));
      Status inner;
      doc = TriggersDoc(c, call.tenant(), &inner);
      return inner;
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return JsonOk(doc);
  });

  app.Add("GET", "/api/v1/invitations", Access::kManage, [](Call& call) {
    auto cursor = DecodeCursor(call.req.Query("cursor"));
    if (!cursor.ok()) return http::ProblemFromStatus(cursor.status());
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return http::ProblemFromStatus(limit.status());
    json::array items;
    int64_t last = 0;
    size_t n = 0;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto list,
                       store::AskStore::ListInvitations(c, call.tenant(), *cursor, *limit));
      for (const auto& i : list) items.push_back(InvitationJson(i));
      n = list.size();
      if (!list.empty()) last = list.back().id;
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    json::value next =
        n == static_cast<size_t>(*limit) ? json::value(EncodeCursor(last)) : json::value(nullptr);
    return JsonOk(json::object{{"invitations", items}, {"next_cursor", next}});
  });

  app.Add("GET", "/api/v1/qr-codes", Access::kManage, [asking](Call& call) {
    std::string format = call.req.Query("format").value_or("svg");
    if (format != "svg" && format != "png" && format != "json") {
      return http::Problem(400, "", "format must be svg, png or json", "/query/format");
    }
    std::string survey_key = call.req.Query("survey").value_or("nps");
    auto tp_key = call.req.Query("touchpoint");
    auto loc_key = call.req.Query("location");
    std::string code;
    UnixSeconds now = call.app.clock().Now();
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      auto t = call.tenant();
      ASSIGN_OR_RETURN(auto s, store::SurveyStore::ByKey(c, t, survey_key));
      if (!s) return InvalidArgument("no such survey", "/query/survey");
      std::optional<int64_t> tp, loc;
      if (tp_key) {
        ASSIGN_OR_RETURN(tp, store::AskStore::DimensionId(c, t, "touchpoints", *tp_key));
        if (!tp) return InvalidArgument("no such touchpoint", "/query/touchpoint");
      }
      if (loc_key) {
        ASSIGN_OR_RETURN(loc, store::AskStore::DimensionId(c, t, "locations", *loc_key));
        if (!loc) return InvalidArgument("no such location", "/query/location");
      }
      ASSIGN_OR_RETURN(
          code, store::AskStore::QrCode(c, t, s->id, tp, loc, security::RandomToken(9), now));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    std::string url = asking->public_url() + "/q/" + code;
    if (format == "json") return JsonOk(json::object{{"code", code}, {"url", url}});
    auto m = survey::EncodeQr(url);
    if (!m.ok()) return http::ProblemFromStatus(m.status());
    http::Response r;
    if (format == "svg") {
      r.content_type = "image/svg+xml";
      r.body = survey::QrSvg(*m);
    } else {
      r.content_type = "image/png";
      r.body = survey::QrPng(*m, 8);
    }
    r.Set("X-Survey-Url", url);
    return r;
  });

  // Public pages. Register the asset before /s/{token}.
  app.Add("GET", "/s/assets/survey.css", Access::kPublic, [](Call&) {
    http::Response r;
    auto css = resources::Find("web/survey.css");
    r.content_type = "text/css; charset=utf-8";
    r.body = css ? std::string(*css) : "";
    return r;
  });
  app.Add("GET", "/s/{token}", Access::kPublic, ShowSurvey);
  app.Add("POST", "/s/{token}", Access::kPublic, SubmitSurvey, kFormLimit);
  app.Add("GET", "/u/{token}", Access::kPublic,
          [](Call& call) { return Unsubscribe(call, false); });
  // RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click";
  // the token in the path is the credential.
  app.Add(
      "POST", "/u/{token}", Access::kPublic, [](Call& call) { return Unsubscribe(call, true); },
      4096);

  app.Add("GET", "/q/{code}", Access::kPublic, [asking](Call& call) {
    std::string code = call.req.path_params["code"];
    auto lang = survey::PickLanguage({}, call.req.Header("accept-language"));
    if (code.empty() || code.size() > 32) return Page(404, survey::RenderLinkProblem(lang, 404));
    std::optional<survey::NewInvitation> inv;
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(auto q, store::AskStore::QrByCode(c, code));
      if (!q) return Status::Ok();
      survey::InviteRequest req;
      req.survey_id = q->survey_id;
      req.touchpoint_id = q->touchpoint_id;
      req.location_id = q->location_id;
      req.language = lang;
      req.send_at = call.app.clock().Now();
      req.mail = false;
      ASSIGN_OR_RETURN(inv, asking->Create(c, store::TenantScope::System(q->org_id), req));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    if (!inv) return Page(404, survey::RenderLinkProblem(lang, 404));
    return SeeOther("/s/" + inv->token);
  });
}

}  // namespace beleving::api
