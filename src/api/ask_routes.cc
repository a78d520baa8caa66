// Asking for feedback (docs/ask.md): the ask rules (survey triggers and
// fatigue settings), invitations, and QR codes, through the survey room's
// services. The public pages of survey links are web/public/'s.
#include "api/app.h"
#include "api/declare.h"
#include "core/time_format.h"
#include "survey/ask_rules.h"
#include "survey/definition.h"
#include "survey/invitation_service.h"
#include "survey/qr.h"
#include "survey/qr_service.h"

namespace beleving::api {
namespace {

constexpr const char* kTag = "ask";

Schema SurveyKey() { return Schema::String(1, survey::kMaxKeyBytes).Pattern(survey::kKeyPattern); }

Schema DimensionKey() { return Schema::String(1, survey::kMaxDimensionKeyBytes); }

// ---- the ask rules -------------------------------------------------------

Schema RulesChangeSchema() {
  auto days = [](int lo, int hi, const char* what) {
    return Schema::Integer(lo, hi).Describe(what);
  };
  Schema settings = Schema::Object(
      {{"fatigue_days",
        days(0, survey::kMaxFatigueDays, "at most one invitation per customer per this many days")},
       {"daily_cap",
        Schema::Integer(0, survey::kMaxDailyCap).Describe("invitations per UTC day at most")},
       {"sample_percent", Schema::Integer(0, survey::kMaxSamplePercent)
                              .Describe("the share of eligible interactions asked")},
       {"expiry_days", days(survey::kMinExpiryDays, survey::kMaxExpiryDays, "link validity")},
       {"reminder_days",
        days(0, survey::kMaxReminderDays, "one reminder this long after the mail; 0: none")}});
  Schema trigger = Schema::Object(
      {{"touchpoint",
        DimensionKey().Nullable().Describe("a touchpoint key; null: every touchpoint")},
       {"survey", SurveyKey().Describe("the survey sent"), kRequired},
       {"delay_seconds", Schema::Integer(0, survey::kMaxTriggerDelaySeconds)
                             .Describe("after the interaction (default 3600)")},
       {"enabled", Schema::Boolean().Describe("default true")}});
  return Schema::Object(
             {{"settings", settings.Describe("the settings given change; others keep their value")},
              {"triggers", Schema::Array(trigger, survey::kMaxTriggers)
                               .Describe("replaces the whole list; each touchpoint at most once")}})
      .Example(json::object{
          {"settings", json::object{{"fatigue_days", 30}, {"reminder_days", 3}}},
          {"triggers", json::array{json::object{
                           {"touchpoint", nullptr}, {"survey", "nps"}, {"delay_seconds", 3600}}}}})
      .Named("SurveyTriggersUpdate");
}

survey::AskRulesChange RulesChangeOf(const json::object& body) {
  auto int_of = [](const json::object& o, const char* k) -> std::optional<int> {
    if (auto* v = o.if_contains(k)) return static_cast<int>(v->to_number<int64_t>());
    return std::nullopt;
  };
  survey::AskRulesChange ch;
  if (auto* s = body.if_contains("settings")) {
    const auto& o = s->as_object();
    ch.settings = survey::SettingsChange{int_of(o, "fatigue_days"), int_of(o, "daily_cap"),
                                         int_of(o, "sample_percent"), int_of(o, "expiry_days"),
                                         int_of(o, "reminder_days")};
  }
  if (auto* ts = body.if_contains("triggers")) {
    ch.triggers.emplace();
    for (const auto& item : ts->as_array()) {
      const auto& o = item.as_object();
      survey::TriggerInput t;
      if (auto* tp = o.if_contains("touchpoint"); tp && tp->is_string()) {
        t.touchpoint = std::string(tp->get_string());
      }
      t.survey = std::string(o.at("survey").get_string());
      if (auto* d = o.if_contains("delay_seconds")) t.delay_seconds = d->to_number<int64_t>();
      if (auto* e = o.if_contains("enabled")) t.enabled = e->get_bool();
      ch.triggers->push_back(std::move(t));
    }
  }
  return ch;
}

json::object RulesJson(const survey::AskRulesView& v) {
  json::array items;
  for (const auto& t : v.triggers) {
    items.push_back(json::object{
        {"touchpoint", t.touchpoint ? json::value(*t.touchpoint) : json::value(nullptr)},
        {"survey", t.survey},
        {"delay_seconds", t.delay_seconds},
        {"enabled", t.enabled}});
  }
  const auto& s = v.settings;
  return {{"settings", json::object{{"fatigue_days", s.fatigue_days},
                                    {"daily_cap", s.daily_cap},
                                    {"sample_percent", s.sample_percent},
                                    {"expiry_days", s.expiry_days},
                                    {"reminder_days", s.reminder_days}}},
          {"triggers", items}};
}

// ---- invitations ---------------------------------------------------------

json::object InvitationJson(const survey::InvitationView& i) {
  auto opt_time = [](const std::optional<UnixSeconds>& t) {
    return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
  };
  auto opt = [](const auto& v) { return v ? json::value(*v) : json::value(nullptr); };
  return {{"id", i.id},
          {"survey_id", i.survey_id},
          {"customer_id", opt(i.customer_id)},
          {"interaction_id", opt(i.interaction_id)},
          {"status", i.status},
          {"language", opt(i.language)},
          {"send_at", FormatRfc3339(i.send_at)},
          {"expires_at", FormatRfc3339(i.expires_at)},
          {"sent_at", opt_time(i.sent_at)},
          {"reminded_at", opt_time(i.reminded_at)},
          {"answered_at", opt_time(i.answered_at)},
          {"last_error", opt(i.last_error)}};
}

Schema InvitationCreateSchema() {
  return Schema::Object(
             {{"survey", SurveyKey().Describe("the survey's key"), kRequired},
              {"customer", DimensionKey().Describe("the customer's key"), kRequired},
              {"interaction_id",
               Schema::Integer(1, INT64_MAX).Describe("the interaction the answer is about")},
              {"email", Schema::Boolean().Describe(
                            "queue the invitation e-mail (default true; sent only with the "
                            "customer's consent and an address)")}})
      .Example(json::object{{"survey", "nps"}, {"customer", "c1"}})
      .Named("InvitationCreate");
}

void RegisterInvitations(App& app) {
  app.Add("GET", "/api/v1/invitations", Access::kManage,
          Declare("listInvitations",
                  "Personal invitations with their delivery status, oldest first", kTag)
              .Query({{"limit", Schema::Integer(1, survey::kMaxInvitationPage), false,
                       "page size (default 100)"},
                      {"cursor", Schema::String(2, 19).Pattern("^c[0-9]{1,18}$"), false,
                       "next_cursor of the previous page"}})
              .Replies({Answer(200, "A page of invitations", "InvitationList")}),
          [](Call& call) {
            auto cursor = DecodeCursor(call.req.Query("cursor"));
            if (!cursor.ok()) return http::ProblemFromStatus(cursor.status());
            auto limit = PageLimit(call.req, 100, survey::kMaxInvitationPage);
            if (!limit.ok()) return http::ProblemFromStatus(limit.status());
            auto page = call.services().invitations().List(*call.who, *cursor, *limit);
            if (!page.ok()) return http::ProblemFromStatus(page.status());
            json::array items;
            for (const auto& i : page->items) items.push_back(InvitationJson(i));
            json::value next = page->next_after ? json::value(EncodeCursor(*page->next_after))
                                                : json::value(nullptr);
            return JsonOk(json::object{{"invitations", items}, {"next_cursor", next}});
          });

  app.Add("POST", "/api/v1/invitations", Access::kManage,
          Declare("createInvitation",
                  "A personal survey link for a customer (e-mailed by the job "
                  "runner when allowed); the link holds its token, shown once",
                  kTag)
              .Body(InvitationCreateSchema())
              .Replies({Answer(201, "Created", "InvitationCreated"),
                        Answer(400,
                               "Unknown survey, customer or interaction, or the "
                               "customer opted out (the field is named)")}),
          [](Call& call) {
            const auto& b = call.body.as_object();
            survey::InvitationInput in;
            in.survey = std::string(b.at("survey").get_string());
            in.customer = std::string(b.at("customer").get_string());
            if (auto* i = b.if_contains("interaction_id")) {
              in.interaction_id = i->to_number<int64_t>();
            }
            if (auto* e = b.if_contains("email")) in.email = e->get_bool();
            auto made = call.services().invitations().Create(*call.who, in);
            if (!made.ok()) return http::ProblemFromStatus(made.status());
            json::object o = InvitationJson(made->invitation);
            o["url"] = made->url;
            o["mailed"] = made->mailed;
            return JsonOk(o, 201);
          });
}

// ---- QR codes ------------------------------------------------------------

Reply QrImage() {
  Reply r = Answer(200,
                   "The QR code as image/svg+xml or image/png (the link in the header "
                   "X-Survey-Url), or the link as JSON {code, url}");
  r.content_type = "image/svg+xml";
  return r;
}

void RegisterQrCodes(App& app) {
  app.Add("GET", "/api/v1/qr-codes", Access::kManage,
          Declare("getQrCode",
                  "A QR code for face-to-face moments: the short anonymous link "
                  "/q/CODE of a survey, touchpoint and location (made on first use)",
                  kTag)
              .Query({{"survey", SurveyKey(), false, "survey key (default nps)"},
                      {"touchpoint", DimensionKey(), false, "touchpoint key"},
                      {"location", DimensionKey(), false, "location key"},
                      {"format", Schema::Enum({"svg", "png", "json"}), false,
                       "svg (default), png, or json ({code, url})"}})
              .Replies({QrImage(), Answer(400, "Unknown survey, touchpoint or location")}),
          [](Call& call) {
            const std::string format = call.req.Query("format").value_or("svg");
            survey::QrRequest in;
            in.survey = call.req.Query("survey").value_or("nps");
            in.touchpoint = call.req.Query("touchpoint");
            in.location = call.req.Query("location");
            auto link = call.services().qr_codes().Link(*call.who, in);
            if (!link.ok()) return http::ProblemFromStatus(link.status());
            if (format == "json")
              return JsonOk(json::object{{"code", link->code}, {"url", link->url}});
            auto m = survey::EncodeQr(link->url);
            if (!m.ok()) return http::ProblemFromStatus(m.status());
            http::Response r;
            r.content_type = format == "png" ? "image/png" : "image/svg+xml";
            r.body = format == "png" ? survey::QrPng(*m, 8) : survey::QrSvg(*m);
            r.Set("X-Survey-Url", link->url);
            return r;
          });
}

}  // namespace

void RegisterAskRoutes(App& app) {
  app.Add("GET", "/api/v1/survey-triggers", Access::kRead,
          Declare("getSurveyTriggers",
                  "The ask settings and the survey sent after an interaction, per "
                  "touchpoint",
                  kTag)
              .Replies({Answer(200, "The settings and triggers", "SurveyTriggers")}),
          [](Call& call) {
            auto rules = call.services().ask_rules().Get(*call.who);
            if (!rules.ok()) return http::ProblemFromStatus(rules.status());
            return JsonOk(RulesJson(*rules));
          });

  app.Add("PUT", "/api/v1/survey-triggers", Access::kManage,
          Declare("changeSurveyTriggers",
                  "Change the settings given and replace the trigger list (when "
                  "given)",
                  kTag)
              .Body(RulesChangeSchema())
              .Replies({Answer(200, "The settings and triggers afterwards", "SurveyTriggers"),
                        Answer(400,
                               "A value out of bounds, an unknown survey or "
                               "touchpoint, or a touchpoint listed twice")}),
          [](Call& call) {
            auto rules =
                call.services().ask_rules().Change(*call.who, RulesChangeOf(call.body.as_object()));
            if (!rules.ok()) return http::ProblemFromStatus(rules.status());
            return JsonOk(RulesJson(*rules));
          });

  RegisterInvitations(app);
  RegisterQrCodes(app);
}

}  // namespace beleving::api
