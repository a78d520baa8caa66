// The tables of the people room (people/): anonymous team pulse answers,
// pulse rounds and their links, the published pulse blocks, and the reads
// that set a team's pulse beside its customers' scores.
//
// Anonymity is a property of these tables, not of the code that reads them:
// pulse_answers holds team, month, round and the day, never an employee, a
// link or a token; pulse_links holds the token's hash and a used flag
// without a time and without a reference to the answer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "store/sql.h"
#include "store/tenant_scope.h"

namespace beleving::store {

// A month as YYYYMM (UTC), e.g. 202611: the unit in which pulse answers are
// published.
int MonthOf(UnixSeconds t);
// The first second of `month` (YYYYMM) and of the month after it.
UnixSeconds MonthStart(int month);
UnixSeconds MonthEnd(int month);

struct PulseAnswerRecord {
  int64_t org_id = 0, team_id = 0;
  std::optional<int64_t> round_id;
  UnixSeconds answered_at = 0;  // stored as its month and its day only
  std::optional<int> month;     // YYYYMM; default the month of answered_at (a round's own)
  int enps = 0;
  std::optional<int> engagement_1, engagement_2, engagement_3;
  std::optional<std::string> comment;
};

// An answer as the results read it.
struct PulseAnswerRow {
  int64_t id = 0, team_id = 0;
  int month = 0;
  int enps = 0;
};

struct PulseLinkRecord {
  int64_t id = 0, org_id = 0, round_id = 0, team_id = 0;
  int month = 0;
  UnixSeconds closes_at = 0;
};

class PeopleStore {
 public:
  // Team id by key of every team of the organisation.
  static Result<std::map<std::string, int64_t, std::less<>>> TeamIds(SqlConn& c,
                                                                     const TenantScope& t);
  // Team key by id.
  static Result<std::map<int64_t, std::string>> TeamKeys(SqlConn& c, const TenantScope& t);

  static Result<int64_t> InsertPulseAnswer(SqlConn& c, const PulseAnswerRecord& a);
  // The answers of months [from_month, to_month], ordered by team, month, id.
  static Result<std::vector<PulseAnswerRow>> PulseAnswers(SqlConn& c, const TenantScope& t,
                                                          int from_month, int to_month);
  // The published blocks: (team, month) -> highest answer id published.
  static Result<std::map<std::pair<int64_t, int>, int64_t>> PublishedBlocks(SqlConn& c,
                                                                            const TenantScope& t,
                                                                            int from_month,
                                                                            int to_month);
  static Status SetPublishedBlock(SqlConn& c, const TenantScope& t, int64_t team_id, int month,
                                  int64_t max_answer_id);

  // The NPS answers (0..10) of the scope's responses with a team, submitted
  // in [from, to): (team id, score).
  static Result<std::vector<std::pair<int64_t, int>>> TeamNpsScores(SqlConn& c,
                                                                    const TenantScope& t,
                                                                    UnixSeconds from,
                                                                    UnixSeconds to);

  // ---- pulse rounds and links
  // The round of a team and month, creating it on first sight.
  static Result<std::pair<int64_t, bool>> EnsureRound(SqlConn& c, const TenantScope& t,
                                                      int64_t team_id, int month, UnixSeconds now,
                                                      UnixSeconds closes_at);
  // Adds a link; false when the employee already has one for the round.
  static Result<bool> InsertLink(SqlConn& c, const TenantScope& t, int64_t round_id,
                                 int64_t employee_id, const std::string& token_hash);
  static Result<std::optional<PulseLinkRecord>> LinkByHash(SqlConn& c,
                                                           const std::string& token_hash);
  struct Member {
    int64_t id = 0;
    std::string name;
    std::optional<std::string> email;
  };
  // The employees of a team, by id.
  static Result<std::vector<Member>> TeamMembers(SqlConn& c, const TenantScope& t, int64_t team_id);
  // Records that a link was answered, by `used_mark` (a hash of the token
  // other than the link's token_hash, so the mark names no link); false
  // when the mark is there already (one answer per link).
  static Result<bool> MarkTokenUsed(SqlConn& c, const std::string& used_mark);
};

}  // namespace beleving::store
