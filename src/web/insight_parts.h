// The insight pages' shared parts: the period switch, headline cards, the
// trend, consistency cards, the drivers section, comment lists, and the
// names of engine codes (channels, drivers, quadrants) from the catalogue.
// Each page has its own file (overview_page.cc, moments_page.cc,
// moment_page.cc, teams_page.cc, team_page.cc, person_page.cc,
// comments_page.cc); insight_pages.cc registers them. Every figure comes
// from the insight service (Ctx::insight()), called with the session's
// principal, so a page shows what the API shows the same person.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/operation.h"
#include "engine/engine.h"
#include "web/page.h"

namespace beleving::web {

// The pages' period: the last twelve months.
inline constexpr int64_t kYearSeconds = 365 * 86400;
// Fair ranking: no rank below these counts.
inline constexpr int64_t kTeamMinCount = 30;
inline constexpr int64_t kPersonMinCount = 20;

// The trend's grouping from ?period=week|month (default month).
struct Period {
  std::string key = "month";  // engine group key
  bool weekly() const { return key == "week"; }
  // Unix seconds of a bucket's start (a local date at midnight UTC).
  static int64_t Start(int64_t bucket) { return bucket * 86400; }
};
Period PeriodOf(const Ctx& c);
// "maart 2026" / "March 2026", or "week 10, 2026".
std::string PeriodLabel(const Ctx& c, const Period& p, int64_t bucket);
// The month / week switch, keeping the page's path.
std::string PeriodSwitch(const Ctx& c, const Period& p);
// A slice of the last twelve months.
insight::Slice LastYear(const Ctx& c);

// The catalogue keys of engine codes; a unit test checks every value has
// its text (insight_parts_test.cc).
std::string ChannelKey(engine::Channel channel);     // "insight.channel.phone.name"
std::string DriverKey(std::string_view driver);      // "insight.driver.trust"
std::string QuadrantKey(std::string_view quadrant);  // "insight.quadrant.fix"

std::string Card(const std::string& label, const std::string& value, const std::string& sub,
                 const std::string& cls = "");
// "95%-interval 12 tot 30" or "".
std::string CiText(const Ctx& c, const engine::ScoreMeasures& m);
// Headline cards of one group of responses.
std::string MeasureCards(const Ctx& c, const engine::ScoreMeasures& m);
// NPS per period as a chart (and a table for screen readers).
std::string Trend(const Ctx& c, const engine::MeasureResult& r, const Period& p,
                  const std::string& id);
std::string ConsistencyCards(const Ctx& c, const engine::ConsistencyRow& r);
std::string DriversSection(const Ctx& c, const engine::KeyDriversResult& kd);
std::string CommentList(const Ctx& c, const Names& names,
                        const std::vector<insight::CommentView>& rows);
// A fair-ranking row's place, or "too few answers".
std::string RankCell(const Ctx& c, const engine::RankingRow& r);
// "Teleurgestelde terugkerende klanten" as a paragraph, or "".
std::string DisappointedLine(const Ctx& c, const std::optional<engine::RatchetRow>& row);

// Plain words beside the statistics: a short list of the terms `topics`
// (spread, interval, fair, drivers, disappointed) each with its one-line
// explanation from the catalogue (insight.explain.TOPIC).
std::string Explain(const Ctx& c, std::initializer_list<const char*> topics);

api::Parameter PeriodQuery();

// The moments page's outcome section for `outcome` (web/moment_outcomes.cc)
// and the catalogue key of an outcome ("insight.outcome.bought"; a unit test
// checks every built-in outcome has its text).
Result<std::string> OutcomesSection(const Ctx& c, const Names& names, const std::string& outcome);
std::string OutcomeKey(std::string_view outcome);

// The pages (each in its own file).
http::Response OverviewPage(Ctx& c);
http::Response MomentsPage(Ctx& c);
http::Response MomentPage(Ctx& c);
http::Response TeamsPage(Ctx& c);
http::Response TeamPage(Ctx& c);
http::Response PersonPage(Ctx& c);
http::Response MePage(Ctx& c);
http::Response CommentsPage(Ctx& c);
// The comments explorer's selection as a CSV download (comments_page.cc).
http::Response CommentsCsv(Ctx& c);
// The explorer's query parameters; `paged`: with `page`.
std::vector<api::Parameter> CommentQueryParams(bool paged);

}  // namespace beleving::web
