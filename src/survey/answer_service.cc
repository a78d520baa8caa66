#include "survey/answer_service.h"

#include <cctype>

#include "capture/moment.h"
#include "core/log.h"
#include "security/secrets.h"
#include "store/access_store.h"
#include "store/ask_store.h"
#include "store/moment_store.h"
#include "store/org_store.h"
#include "store/survey_store.h"
#include "survey/invitation.h"

namespace beleving::survey {

struct AnswerService::Loaded {
  std::string token;
  SurveyLink link;
  std::optional<store::Invitation> inv;
  std::optional<store::InteractionRecord> interaction;
  int survey_version = 0;  // the question set the page shows (SurveyRecord::version)
};

namespace {

std::string Trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  s.erase(0, b);
  if (s.size() > kMaxTextAnswerBytes) {
    // Cut at a character boundary: never in the middle of a UTF-8 sequence.
    size_t cut = kMaxTextAnswerBytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
  }
  return s;
}

std::string Field(const FormFields& form, const std::string& name) {
  auto it = form.find(name);
  return it == form.end() ? "" : it->second;
}

std::optional<int> IntIn(const std::string& s, int lo, int hi) {
  if (s.empty() || s.size() > 2 || s.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const int v = std::stoi(s);
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

std::string Lang(i18n::Lang l) { return std::string(i18n::Code(l)); }

// Reads step two's fields into `draft`; returns the text of the first
// required question left unanswered ("" when none).
std::string ReadStepTwo(const Definition& d, const Question* score, const FormFields& form,
                        json::object& draft, i18n::Lang lang) {
  std::string reason = Trimmed(Field(form, kReasonField));
  if (!reason.empty()) draft[kReasonField] = reason;
  std::string missing;
  auto need = [&](const Question& q) {
    if (q.required && missing.empty()) missing = InLanguage(q.text, Lang(lang));
  };
  for (const auto& q : d.questions) {
    if (&q == score) continue;
    const std::string v = Field(form, q.key);
    if (auto range = ScaleRange(q.type)) {
      if (auto n = IntIn(v, range->first, range->second)) {
        draft[q.key] = *n;
      } else {
        need(q);
      }
      continue;
    }
    switch (q.type) {
      case QuestionType::kText: {
        std::string tx = Trimmed(v);
        if (!tx.empty()) {
          draft[q.key] = tx;
        } else {
          need(q);
        }
        break;
      }
      case QuestionType::kSingleChoice: {
        bool ok = false;
        for (const auto& o : q.options) ok = ok || o.key == v;
        if (ok) {
          draft[q.key] = v;
        } else {
          need(q);
        }
        break;
      }
      case QuestionType::kMultipleChoice: {
        json::array picked;
        auto range = form.equal_range(q.key);
        for (const auto& o : q.options) {
          for (auto it = range.first; it != range.second; ++it) {
            if (o.key == it->second) {
              picked.push_back(json::value(o.key));
              break;
            }
          }
        }
        if (!picked.empty()) {
          draft[q.key] = picked;
        } else {
          need(q);
        }
        break;
      }
      default:
        break;
    }
  }
  return missing;
}

int64_t Int(const json::value& v) { return v.to_number<int64_t>(); }

// The response of an answered invitation: its ids as they are, the answers
// from the draft in the response's columns.
store::ResponseRecord ResponseOf(const store::Invitation& inv,
                                 const std::optional<store::InteractionRecord>& interaction,
                                 const Definition& d, int survey_version, const json::object& draft,
                                 UnixSeconds now) {
  store::ResponseRecord r;
  r.org_id = inv.org_id;
  r.external_id = "invitation-" + std::to_string(inv.id);
  r.survey_id = inv.survey_id;
  r.survey_version = survey_version;
  r.submitted_at = now;
  r.customer_id = inv.customer_id;
  r.touchpoint_id = inv.touchpoint_id;
  r.location_id = inv.location_id;
  if (interaction) {
    r.interaction_id = interaction->id;
    if (!r.customer_id) r.customer_id = interaction->customer_id;
    if (!r.touchpoint_id) r.touchpoint_id = interaction->touchpoint_id;
    if (!r.location_id) r.location_id = interaction->location_id;
    r.employee_id = interaction->employee_id;
    r.team_id = interaction->team_id;
    r.channel = interaction->channel;
  }
  const Question* score = ScoreQuestion(d);
  json::object other;
  std::string comment;
  if (auto* v = draft.if_contains("nps"); v && v->is_int64()) r.nps = static_cast<int>(Int(*v));
  if (auto* v = draft.if_contains(kReasonField); v && v->is_string()) {
    comment = std::string(v->get_string());
    other[kReasonField] = comment;
  }
  for (const auto& q : d.questions) {
    if (&q == score) continue;
    const json::value* v = draft.if_contains(q.key);
    if (!v) continue;
    switch (q.type) {
      case QuestionType::kNps:
        if (!r.nps) r.nps = static_cast<int>(Int(*v));
        break;
      case QuestionType::kCsat:
        r.csat = static_cast<int>(Int(*v));
        break;
      case QuestionType::kCes:
        r.ces = static_cast<int>(Int(*v));
        break;
      case QuestionType::kDriver: {
        bool stored = false;
        for (size_t k = 0; k < capture::kDriverNames.size(); ++k) {
          if (q.key == capture::kDriverNames[k]) {
            r.drivers[k] = static_cast<int>(Int(*v));
            stored = true;
          }
        }
        if (!stored) other[q.key] = *v;
        break;
      }
      case QuestionType::kText:
        if (q.key == "comment") {
          const std::string c(v->get_string());
          comment = comment.empty() ? c : comment + "\n\n" + c;
        } else {
          other[q.key] = *v;
        }
        break;
      default:
        other[q.key] = *v;
    }
  }
  if (!comment.empty()) r.comment = comment.substr(0, capture::kMaxCommentBytes);
  r.answers = other.empty() ? "{}" : json::serialize(other);
  return r;
}

}  // namespace

std::optional<int> SurveyLink::score() const {
  if (auto* v = draft.if_contains("nps"); v && v->is_int64()) {
    return static_cast<int>(v->get_int64());
  }
  return std::nullopt;
}

Result<AnswerService::Loaded> AnswerService::Load(const std::string& token, i18n::Lang lang,
                                                  bool with_interaction) {
  Loaded l;
  l.token = token;
  l.link.lang = lang;
  if (!LooksLikeToken(token)) return l;
  std::optional<store::SurveyRecord> s;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(l.inv, store::AskStore::InvitationByTokenHash(c, TokenHash(token)));
    if (!l.inv) return Status::Ok();
    // Trusted code for the invitation's own organisation: the token is the
    // credential.
    auto t = store::TenantScope::System(l.inv->org_id);
    ASSIGN_OR_RETURN(s, store::SurveyStore::ById(c, t, l.inv->survey_id));
    ASSIGN_OR_RETURN(auto org, store::OrgStore::ById(c, l.inv->org_id));
    if (org) l.link.org_name = org->name;
    if (with_interaction && l.inv->interaction_id) {
      ASSIGN_OR_RETURN(l.interaction,
                       store::MomentStore::GetInteraction(c, t, *l.inv->interaction_id));
    }
    return Status::Ok();
  }));
  if (!l.inv) return l;
  if (l.inv->language) {
    if (auto own = i18n::ParseLang(*l.inv->language)) l.link.lang = *own;
  }
  if (!s) {  // the survey is gone: the link no longer leads anywhere
    l.inv.reset();
    return l;
  }
  ASSIGN_OR_RETURN(auto doc, ParseJson(s->definition));
  ASSIGN_OR_RETURN(l.link.survey, ParseDefinition(doc));
  l.survey_version = s->version;
  if (auto d = ParseJson(l.inv->draft); d.ok() && d->is_object()) l.link.draft = d->as_object();
  l.link.nonce = l.inv->form_nonce;
  l.link.expires_at = l.inv->expires_at;
  l.link.state = l.inv->answered_at                  ? LinkState::kAnswered
                 : l.inv->expires_at <= clock_.Now() ? LinkState::kExpired
                                                     : LinkState::kOpen;
  return l;
}

Result<SurveyLink> AnswerService::Open(const std::string& token, i18n::Lang lang) {
  ASSIGN_OR_RETURN(auto l, Load(token, lang, false));
  return std::move(l.link);
}

Result<StepResult> AnswerService::Submit(const std::string& token, i18n::Lang lang,
                                         const FormFields& form) {
  // Whatever this post does to the invitation, its cached first view is over.
  pages_.ForgetToken(token);
  const bool step_one = Field(form, kStepField) == "1";
  ASSIGN_OR_RETURN(auto l, Load(token, lang, !step_one));
  StepResult r;
  switch (l.link.state) {
    case LinkState::kUnknown:
      r.outcome = StepOutcome::kUnknownLink;
      break;
    case LinkState::kAnswered:
      r.outcome = StepOutcome::kAlreadyAnswered;
      break;
    case LinkState::kExpired:
      r.outcome = StepOutcome::kExpired;
      break;
    case LinkState::kOpen:
      if (!security::SecureEquals(Field(form, kNonceField), l.inv->form_nonce)) {
        r.outcome = StepOutcome::kForged;
        break;
      }
      if (step_one && ScoreQuestion(*l.link.survey)) return GiveScore(l, form);
      return Complete(l, form);
  }
  r.link = std::move(l.link);
  return r;
}

Result<StepResult> AnswerService::GiveScore(Loaded& l, const FormFields& form) {
  StepResult r;
  r.step = 1;
  const Question* score = ScoreQuestion(*l.link.survey);
  auto n = IntIn(Field(form, score->key), 0, 10);
  if (!n) {
    r.outcome = StepOutcome::kNeedsAnswer;
    r.link = std::move(l.link);
    return r;
  }
  l.link.draft["nps"] = *n;
  const std::string draft = json::serialize(l.link.draft);
  const auto t = store::TenantScope::System(l.inv->org_id);
  const int64_t id = l.inv->id;
  RETURN_IF_ERROR(
      db_.Write([&](store::SqlConn& c) { return store::AskStore::SaveDraft(c, t, id, draft); }));
  r.outcome = StepOutcome::kSaved;
  r.step = 2;
  r.link = std::move(l.link);
  return r;
}

Result<StepResult> AnswerService::Complete(Loaded& l, const FormFields& form) {
  StepResult r;
  r.step = 2;
  const Definition& d = *l.link.survey;
  const Question* score = ScoreQuestion(d);
  if (score && !l.link.score()) {
    r.outcome = StepOutcome::kScoreFirst;
    r.step = 1;
    r.link = std::move(l.link);
    return r;
  }
  const auto t = store::TenantScope::System(l.inv->org_id);
  const int64_t id = l.inv->id;
  r.missing = ReadStepTwo(d, score, form, l.link.draft, l.link.lang);
  if (!r.missing.empty()) {
    // Keep what was given, so the page shows it again and a reload keeps it.
    const std::string draft = json::serialize(l.link.draft);
    RETURN_IF_ERROR(
        db_.Write([&](store::SqlConn& c) { return store::AskStore::SaveDraft(c, t, id, draft); }));
    r.outcome = StepOutcome::kNeedsAnswer;
    r.link = std::move(l.link);
    return r;
  }
  const UnixSeconds now = clock_.Now();
  std::vector<store::ResponseRecord> response{
      ResponseOf(*l.inv, l.interaction, d, l.survey_version, l.link.draft, now)};
  bool already = false;
  auto stored = ingest_.ResolvedResponses(
      t, std::move(response), [&](store::SqlConn& c, const capture::IngestResult&) -> Status {
        ASSIGN_OR_RETURN(bool marked, store::AskStore::MarkAnswered(c, t, id, now));
        if (marked) return Status::Ok();
        already = true;  // answered by a concurrent submit: undo this one
        return Conflict("the invitation was answered meanwhile");
      });
  if (already) {
    r.outcome = StepOutcome::kAlreadyAnswered;
    r.link = std::move(l.link);
    r.link.state = LinkState::kAnswered;
    return r;
  }
  if (!stored.ok()) {
    log::Warn("ask: storing the response of invitation {} failed: {}", id,
              stored.status().ToString());
    return stored.status();
  }
  r.outcome = StepOutcome::kAnswered;
  r.link = std::move(l.link);
  r.link.state = LinkState::kAnswered;
  return r;
}

Result<SurveyLink> AnswerService::Unsubscribe(const std::string& token, i18n::Lang lang) {
  pages_.ForgetToken(token);
  ASSIGN_OR_RETURN(auto l, Load(token, lang, false));
  if (l.link.state == LinkState::kUnknown || !l.inv->customer_id) return std::move(l.link);
  const auto t = store::TenantScope::System(l.inv->org_id);
  const int64_t customer = *l.inv->customer_id;
  const std::string actor = "link:invitation-" + std::to_string(l.inv->id);
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    RETURN_IF_ERROR(store::AskStore::OptOut(c, t, customer));
    return store::AccessStore::Audit(c, t.org_id(), actor, "unsubscribe",
                                     "customer:" + std::to_string(customer), now);
  }));
  return std::move(l.link);
}

}  // namespace beleving::survey
