// The insight pages' routes: overview, moments of truth, teams and people,
// the employee's own page and the comments explorer, each declared with its
// query parameters (checked by the request chain, published in the OpenAPI
// document). The pages themselves: one file each (web/insight_parts.h).
#include "outcomes/outcomes.h"
#include "web/insight_parts.h"
#include "web/pages.h"

namespace beleving::web {

void RegisterInsightPages(api::App& app) {
  using api::Parameter;
  using api::Schema;
  AddPage(app, "GET", "/overview", PageAccess::kStaff,
          PageOperation("pageOverview",
                        "Overview: NPS with its 95% interval and trend, share of 10s, response "
                        "rate, what needs attention, biggest movers between finished periods, "
                        "the touchpoint x channel heat map, open cases and promises at risk",
                        {PeriodQuery()}),
          OverviewPage);
  AddPage(app, "GET", "/moments", PageAccess::kStaff,
          PageOperation("pageMoments",
                        "Moments of truth: NPS, interval, distribution and consistency per "
                        "touchpoint; the outcome rate and value, per NPS band, and the moments "
                        "whose experience most changes the outcome",
                        {{"outcome",
                          Schema::Enum(std::vector<std::string>(outcomes::kBuiltInOutcomes.begin(),
                                                                outcomes::kBuiltInOutcomes.end())),
                          false, "the outcome shown (default bought)"}}),
          MomentsPage);
  AddPage(app, "GET", "/moments/{id}", PageAccess::kStaff,
          PageOperation("pageMoment",
                        "One touchpoint: scores, distribution, trend, consistency, key drivers "
                        "and recent comments",
                        {PeriodQuery()}, true),
          MomentPage);
  AddPage(app, "GET", "/teams", PageAccess::kStaff,
          PageOperation("pageTeams",
                        "Teams and people: fair ranking with 95% intervals, consistency and "
                        "disappointed returning customers",
                        {}),
          TeamsPage);
  AddPage(app, "GET", "/teams/{id}", PageAccess::kStaff,
          PageOperation("pageTeam",
                        "One team: scores, trend, consistency, its people and recent comments",
                        {PeriodQuery()}, true),
          TeamPage);
  AddPage(app, "GET", "/people/{id}", PageAccess::kAny,
          PageOperation("pagePerson",
                        "One employee: scores, fair score, compliments and feedback (an "
                        "employee sees only their own page; the read is audited)",
                        {PeriodQuery()}, true),
          PersonPage);
  // /me never answers with a page of its own: always a redirect.
  api::Operation me =
      PageOperation("pageMe", "An employee's own page (a redirect to /people/{id})", {});
  me.replies = {{303,
                 "To the employee's own /people/{id}; staff to /overview; not signed in to "
                 "/login",
                 "",
                 {},
                 "text/html"}};
  AddPage(app, "GET", "/me", PageAccess::kAny, std::move(me), MePage);
  AddPage(app, "GET", "/comments", PageAccess::kStaff,
          PageOperation("pageComments",
                        "Comments explorer: sentiment and theme counts over the whole selection, "
                        "the comments 50 a page, personal data redacted",
                        CommentQueryParams(true)),
          CommentsPage);
  api::Operation csv = PageOperation(
      "exportComments",
      "The comments explorer's selection as CSV (same filters, same scope, personal data "
      "redacted)",
      CommentQueryParams(false));
  csv.replies = {{200, "The selected comments, newest first", "", {}, "text/csv"}};
  AddPage(app, "GET", "/comments.csv", PageAccess::kStaff, std::move(csv), CommentsCsv);
}

}  // namespace beleving::web
