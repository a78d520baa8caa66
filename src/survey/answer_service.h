// Answering a survey link (/s/TOKEN) and opting out through one
// (/u/TOKEN): what the public pages show, and every write a customer makes
// there. The pages (web/public/) render; the rules live here.
//
// The survey has two steps when it has an nps question: the score, then the
// follow-up question for the score's band and the survey's other questions.
// Step one keeps the score as a draft on the invitation (one write), so
// leaving and coming back keeps it. Step two stores the response.
//
// One commit per answer. Step two writes the response through
// capture::Ingest::ResolvedResponses with the ids the invitation already
// holds (survey, interaction, customer, touchpoint, location: no key lookups)
// and marks the invitation answered in the same write; the responses sinks
// (the insight engine, then the loop) see the response after that one
// commit. A second submit (double click, back button, two tabs) finds the
// invitation answered inside that write and stores nothing.
//
// Partial responses (issue 19) fit here: GiveScore can store the score as a
// response marked partial through the same path, and Complete turn the same
// response complete, both one write each.
//
// Links: an unknown token, a token whose survey is gone, and a malformed one
// are all kUnknown; past expires_at a link is kExpired (answered links still
// show their thank-you page). A form must carry the invitation's nonce
// (constant-time check), which only a page served by us knows.
//
// Thread safety: stateless over a thread-safe Database, Ingest and PageCache.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "capture/ingest.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/status.h"
#include "i18n/catalogue.h"
#include "store/sql.h"
#include "survey/definition.h"
#include "survey/page_cache.h"

namespace beleving::survey {

enum class LinkState { kUnknown, kExpired, kOpen, kAnswered };

// What a survey link shows.
struct SurveyLink {
  LinkState state = LinkState::kUnknown;
  // The page's language: the invitation's (the customer's), else the
  // caller's (the request's ?lang, cookie or Accept-Language).
  i18n::Lang lang = i18n::Lang::kNl;
  std::string org_name;
  std::optional<Definition> survey;  // kOpen and kAnswered
  std::string nonce;                 // the form's nonce (kOpen)
  json::object draft;                // answers so far: personal, never cached
  UnixSeconds expires_at = 0;

  // The score given at step one, if any.
  std::optional<int> score() const;
  // Whether the page may be shared with other viewers of the link: an open
  // link without answers (nothing personal in it).
  bool cacheable() const { return state == LinkState::kOpen && draft.empty(); }
};

// A posted form: field -> value, in order (a checkbox field repeats).
using FormFields = std::multimap<std::string, std::string>;

// The form fields of the survey page besides the questions' own (which are
// named by the question keys).
inline constexpr const char* kNonceField = "nonce";
inline constexpr const char* kStepField = "step";
inline constexpr const char* kReasonField = "reason";  // the band's follow-up

enum class StepOutcome {
  kSaved,            // step one kept; show step two
  kAnswered,         // step two stored the response; show the thank-you page
  kAlreadyAnswered,  // nothing stored; show the thank-you page
  kScoreFirst,       // step two without a score; show step one
  kNeedsAnswer,      // a required answer is missing or out of range; show `step` again
  kUnknownLink,
  kExpired,
  kForged,  // the form's nonce is not the link's
};

struct StepResult {
  StepOutcome outcome = StepOutcome::kUnknownLink;
  SurveyLink link;  // with the answers just posted in its draft
  int step = 1;     // kNeedsAnswer: the step to show again
  // kNeedsAnswer: the text (in link.lang) of the first unanswered required
  // question; empty when it is the score.
  std::string missing;
};

class AnswerService {
 public:
  AnswerService(store::Database& db, const Clock& clock, capture::Ingest& ingest, PageCache& pages)
      : db_(db), clock_(clock), ingest_(ingest), pages_(pages) {}

  // What `token`'s link shows to a caller reading `lang`. Reads only.
  Result<SurveyLink> Open(const std::string& token, i18n::Lang lang);
  // A posted survey form: step one (field step=1) or step two.
  Result<StepResult> Submit(const std::string& token, i18n::Lang lang, const FormFields& form);
  // The customer of `token`'s link opts out of every feedback request
  // (audited: actor "link:invitation-ID", "unsubscribe", "customer:ID").
  // Answers the link (kUnknown: nothing changed).
  Result<SurveyLink> Unsubscribe(const std::string& token, i18n::Lang lang);

 private:
  struct Loaded;
  Result<Loaded> Load(const std::string& token, i18n::Lang lang, bool with_interaction);
  Result<StepResult> GiveScore(Loaded& l, const FormFields& form);
  Result<StepResult> Complete(Loaded& l, const FormFields& form);

  store::Database& db_;
  const Clock& clock_;
  capture::Ingest& ingest_;
  PageCache& pages_;
};

}  // namespace beleving::survey
