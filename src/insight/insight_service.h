// The insight room: the questions a CX manager asks of the feedback, asked
// once for the API (api/insight_routes.cc, api/text_routes.cc) and the
// dashboard (web/*_page.cc) alike, so both show the same figures to the
// same person.
//
// What it answers
// - Measures (NPS with its interval, share of 10s, CSAT, CES, ...),
//   consistency, the expectation ratchet, fair rankings and key drivers, by
//   any slice (a period, dimension items, channels) and grouping; the
//   in-memory engine computes them (engine/engine.h).
// - Names: the labels of the organisation's dimension items (insight/names.h).
// - Comments: recent comments with their sentiment and themes, compliments
//   for one employee (text/compliments.h), and the comment analysis of a
//   period (text/comment_insights.h), each read with the organisation's own
//   analyzer (insight/text_settings.h).
// - The overview's figures (insight/overview.h).
//
// Who sees what: every function takes the caller (security::Principal) and
// narrows what it reads by the caller's store::TenantScope: the engine filter
// by TenantScope::Restrict, the stores by their TenantScope argument. A slice
// only narrows further; an item outside the caller's view reads as not found
// (NotFound) or as matching nothing. Reads of personal data (the customers
// of disappointed responses, one employee's page) are audited here.
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "engine/engine.h"
#include "insight/benchmarks.h"
#include "insight/names.h"
#include "insight/overview.h"
#include "insight/text_settings.h"
#include "security/principal.h"
#include "store/dashboard_store.h"
#include "store/sql.h"
#include "text/comment_insights.h"

namespace beleving::insight {

// --- What a request may ask (the API's request schemas use these too).
inline constexpr std::array<std::string_view, 7> kMeasures = {"all", "nps",  "share_tens",  "csat",
                                                              "ces", "mean", "distribution"};
inline constexpr std::array<std::string_view, 10> kGroupByKeys = {
    "org",     "location", "team", "employee", "touchpoint",
    "channel", "day",      "week", "month",    "quarter"};
inline constexpr std::array<std::string_view, 6> kChannels = {"online",       "phone", "email",
                                                              "face_to_face", "chat",  "other"};
inline constexpr std::array<std::string_view, 3> kRankingLevels = {"employee", "team", "location"};
inline constexpr std::array<std::string_view, 5> kCommentGroupings = {"touchpoint", "team", "day",
                                                                      "week", "month"};
// Keys of one dimension in one request.
inline constexpr size_t kMaxKeys = 200;
// A whole-number parameter: its bounds and its value when not given.
struct Bounds {
  int64_t min, max, fallback;
};
inline constexpr Bounds kStandard{1, 10, 7};                   // consistency: scores below
inline constexpr Bounds kMinEmployeeResponses{1, 100'000, 5};  // consistency: per employee
inline constexpr Bounds kRatchetThreshold{1, 10, 3};           // points below the best
inline constexpr Bounds kRatchetListLimit{0, 1000, 100};       // disappointed responses listed
inline constexpr Bounds kRankingMinCount{1, 1'000'000, 10};    // answers for a rank
inline constexpr Bounds kDriversMinN{2, 100'000'000, 30};      // pairs for a driver's weight
inline constexpr Bounds kCommentLimit{1, store::DashboardStore::kMaxCommentsForAnalysis, 10'000};

// Which responses an analysis reads, before the caller's visibility: a period
// [from, to) and dimension items by store id (empty: all).
struct Slice {
  std::optional<UnixSeconds> from, to;
  std::vector<int64_t> locations, teams, employees, touchpoints;
  std::vector<engine::Channel> channels;
  std::vector<int64_t> surveys;                             // survey store ids
  std::vector<engine::Filter::AttributeValues> attributes;  // customer.KEY=VALUES
};

// The same with items named by their keys, as the API names them. A key the
// organisation does not have matches nothing.
struct SliceByKeys {
  std::optional<UnixSeconds> from, to;
  std::vector<std::string> locations, teams, employees, touchpoints;
  std::vector<engine::Channel> channels;
  std::vector<std::string> surveys;  // survey keys
  // customer.KEY=VALUES (capture::AddCustomerFilter): "" asks for no value.
  std::vector<std::pair<std::string, std::vector<std::string>>> customer;
};

struct RatchetView {
  engine::RatchetResult result;
  // The customers' keys of the listed responses: only for a caller who may
  // manage (personal data; the read is audited), else empty.
  bool customers_listed = false;
  std::unordered_map<uint32_t, std::string> customer_keys;
};

// A theme found in a comment, with its labels in both languages.
struct ThemeLabel {
  std::string key, label_nl, label_en;
  text::Polarity polarity = text::Polarity::kNeutral;
};

// A comment as a person reads it: personal data redacted, with its
// sentiment and themes.
struct CommentView {
  store::CommentRow row;
  std::string text;  // redacted
  text::Polarity polarity = text::Polarity::kNeutral;
  double sentiment = 0;  // -1..1
  std::vector<ThemeLabel> themes;
};

// How often each theme was named negatively and positively in some comments.
struct ThemeCount {
  ThemeLabel theme;
  int64_t negative = 0, positive = 0;
};

// A selection of comments (the comments explorer and its CSV export): the
// store's filters, then the analyzer's theme and sentiment, counted over
// every selected comment and paged after counting.
struct CommentSelectionQuery {
  store::CommentQuery base;          // its limit is ignored
  std::optional<std::string> theme;  // a theme key
  std::optional<text::Polarity> polarity;
  int64_t offset = 0;  // 0..kMaxCommentsForAnalysis
  int64_t limit = 50;  // 1..kMaxCommentsForAnalysis
};
struct CommentSelection {
  int64_t total = 0;  // comments selected (theme and sentiment applied)
  int64_t negative = 0, neutral = 0, positive = 0;
  std::vector<ThemeCount> themes;  // over the whole selection
  std::vector<CommentView> page;   // [offset, offset + limit) of the selection, newest first
  bool more = false;               // comments after the page
  // The store read stopped at kMaxCommentsForAnalysis: older comments are
  // not in the selection.
  bool capped = false;
};

struct CommentInsightsInput {
  std::optional<UnixSeconds> from, to;
  std::optional<std::string> touchpoint, team;  // keys
  std::string group_by;                         // "" or one of kCommentGroupings
  int64_t limit = kCommentLimit.fallback;       // newest comments read
};

struct CommentInsightsView {
  text::CommentInsights insights;
  bool truncated = false;  // `limit` comments were read: older ones were left out
  std::string group_by;
  bool by_period = false;  // groups are periods (labelled as the engine's)
};

class InsightService {
 public:
  InsightService(store::Database& db, const engine::Engine& engine, const Clock& clock,
                 TextSettingsService& text)
      : db_(db), engine_(engine), clock_(clock), text_(text) {}

  const Clock& clock() const { return clock_; }
  // The organisation's time zone (periods and dates).
  TimeZone Zone(const security::Principal& who) const;

  // The labels of the caller's organisation.
  Result<Names> NamesOf(const security::Principal& who);
  // Turns keys into store ids (at most kMaxKeys per dimension, else
  // InvalidArgument naming "/query/<dimension>").
  Result<Slice> Resolve(const security::Principal& who, const SliceByKeys& keys);

  // Turns "customer.KEY" in a group-by list into the engine's slot name
  // (capture::ResolveCustomerGroupBy); a KEY the organisation never used is
  // InvalidArgument naming "/query/group_by".
  Result<std::vector<std::string>> ResolveGroupBy(const security::Principal& who,
                                                  std::vector<std::string> group_by) const;

  // --- the analyses (engine/engine.h); `group_by` names from kGroupByKeys
  // (and survey, survey_version, attribute_N).
  // `measure` (kMeasures) is what the caller shows: the engine counts CSAT
  // and CES answers only for "all", "csat" and "ces".
  Result<engine::MeasureResult> Measures(const security::Principal& who, const Slice& slice,
                                         std::vector<std::string> group_by,
                                         std::string_view measure = "all") const;
  // Benchmarks inside the organisation for the rows of `grouped` (a
  // Measures result of the same slice): the slice's own figure and each
  // row's best comparable group (insight/benchmarks.h) among the groups
  // with at least `min_answers` NPS answers (by default the fair ranking's
  // minimum, kRankingMinCount's default; a page passes its own ranking's).
  Result<Benchmarks> Compare(const security::Principal& who, const Slice& slice,
                             const engine::MeasureResult& grouped,
                             int64_t min_answers = kRankingMinCount.fallback) const;
  Result<engine::ConsistencyResult> Consistency(const security::Principal& who, const Slice& slice,
                                                std::vector<std::string> group_by, int standard = 7,
                                                int64_t min_employee_responses = 5) const;
  Result<RatchetView> Ratchet(const security::Principal& who, const Slice& slice,
                              std::vector<std::string> group_by, int threshold = 3,
                              size_t list_limit = 0);
  // The fair ranking of `level` (kRankingLevels): one score per group
  // whoever looks; the caller's view and the slice select the rows.
  Result<engine::RankingResult> Rankings(const security::Principal& who, const Slice& slice,
                                         const std::string& level, int64_t min_count) const;
  Result<engine::KeyDriversResult> Drivers(const security::Principal& who, const Slice& slice,
                                           std::vector<std::string> group_by,
                                           int64_t min_n = 30) const;

  // --- single items, as a page opens them: NotFound unless the caller sees
  // them. A team: the caller sees its rows. A touchpoint: the
  // organisation's. An employee: their own (an employee's own feedback), any
  // of the organisation (the whole organisation), or for a manager one of a
  // team they see or with responses in their view (as the rankings list
  // them); the read is audited.
  Result<NamedItem> Team(const security::Principal& who, const Names& names, int64_t id) const;
  Result<NamedItem> Touchpoint(const security::Principal& who, const Names& names,
                               int64_t id) const;
  Result<NamedItem> Person(const security::Principal& who, const Names& names, int64_t id);

  // --- comments (insight/comments.cc)
  // Comments matching `q`, newest first, within the caller's view.
  Result<std::vector<CommentView>> Comments(const security::Principal& who,
                                            const store::CommentQuery& q);
  // Up to `max` comments that compliment employee `id` (text/compliments.h),
  // judged against all the organisation's employees in `names`.
  Result<std::vector<CommentView>> Compliments(const security::Principal& who, const Names& names,
                                               int64_t id, size_t max);
  // The comments of `q` with their counts (insight/comments.cc).
  // InvalidArgument (/query/offset, /query/limit) out of bounds.
  Result<CommentSelection> SelectComments(const security::Principal& who,
                                          const CommentSelectionQuery& q);
  // The themes of `comments`, most often named negatively first.
  static std::vector<ThemeCount> CountThemes(const std::vector<CommentView>& comments);
  // Sentiment and themes of a period's comments, overall and per group.
  Result<CommentInsightsView> CommentInsights(const security::Principal& who,
                                              const CommentInsightsInput& in);

  // --- the overview (insight/overview.cc)
  Result<OverviewFigures> Overview(const security::Principal& who, const OverviewInput& in);

 private:
  engine::Filter FilterOf(const security::Principal& who, const Slice& slice) const;
  Result<std::shared_ptr<const text::TextAnalyzer>> AnalyzerOf(const security::Principal& who);
  Status Audit(const security::Principal& who, const std::string& action,
               const std::string& subject);

  store::Database& db_;
  const engine::Engine& engine_;
  const Clock& clock_;
  TextSettingsService& text_;
};

}  // namespace beleving::insight
