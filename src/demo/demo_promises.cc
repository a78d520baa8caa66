#include "demo/demo_promises.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "capture/ingest.h"
#include "demo/demo_rng.h"
#include "jobs/job_runner.h"
#include "loop/loop.h"
#include "security/principal.h"

namespace beleving::demo {
namespace {

constexpr int64_t kHour = 3600, kDay = 86400;

// One standard promise of a charter and how the demo makes it.
struct Certainty {
  loop::NewStandardPromise standard;
  std::vector<std::string> teams;    // made at the counter by these teams
  int per_year = 0;                  // promises made in the year
  int64_t min_due = 0, max_due = 0;  // promised time (made -> due), seconds
  // Where the customer's next moment happens (the keeping interaction when
  // kept_by is set, and where the answer after a broken promise comes from).
  std::string follow_touchpoint, follow_channel;
  std::string renegotiation_note;
};

std::vector<Certainty> Charter(const std::string& slug) {
  std::vector<Certainty> out;
  auto make = [](std::string key, std::string touchpoint, std::string text, int64_t hours,
                 bool business, std::optional<std::string> by_tp,
                 std::optional<std::string> by_channel, int64_t grace, std::string compensation) {
    loop::NewStandardPromise s;
    s.key = std::move(key);
    s.touchpoint = std::move(touchpoint);
    s.text = std::move(text);
    s.due_after_hours = hours;
    s.business_hours = business;
    s.kept_by_touchpoint = std::move(by_tp);
    s.kept_by_channel = std::move(by_channel);
    s.grace_seconds = grace;
    s.compensation = std::move(compensation);
    return s;
  };
  if (slug == "autohuis-van-dijk") {
    out.push_back({make("auto-klaar", "werkplaatsopdracht",
                        "Uw auto is klaar op de afgesproken tijd, of u rijdt gratis in een "
                        "vervangende auto",
                        8, true, "auto-ophalen", std::nullopt, kHour, "Gratis vervangende auto"),
                   {"werkplaats-amersfoort", "werkplaats-utrecht"},
                   300,
                   4 * kHour,
                   30 * kHour,
                   "auto-ophalen",
                   "face_to_face",
                   "Klant akkoord: onderdeel komt een dag later binnen"});
    out.push_back({make("offerte-binnen-een-dag", "offerteaanvraag",
                        "Binnen één werkdag een offerte op maat in uw mailbox", 8, true,
                        std::nullopt, "email", 2 * kHour, "10% korting op de offerte"),
                   {"verkoop-amersfoort", "verkoop-utrecht"},
                   150,
                   6 * kHour,
                   24 * kHour,
                   "klantenservice-mail",
                   "email",
                   "Klant akkoord: eerst nog een proefrit"});
  } else if (slug == "fysio-oost") {
    out.push_back({make("terugbellen", "terugbelverzoek", "Wij bellen u dezelfde dag terug", 8,
                        true, std::nullopt, "phone", kHour, "Een extra consult zonder kosten"),
                   {"receptie", "behandelteam"},
                   260,
                   2 * kHour,
                   8 * kHour,
                   "afspraak-maken",
                   "phone",
                   "Klant akkoord: morgenochtend bellen"});
  } else if (slug == "supermarkt-de-linde") {
    out.push_back({make("extra-kassa", "drukte-kassa",
                        "Staan er meer dan drie mensen voor u, dan gaat er een kassa bij open — "
                        "anders zijn uw boodschappen gratis",
                        0, false, std::nullopt, std::nullopt, 120, "Uw boodschappen gratis"),
                   {"kassa-zwolle", "kassa-kampen"},
                   160,
                   300,
                   300,
                   "kassa",
                   "face_to_face",
                   ""});
    out.push_back({make("bezorgd-in-tijdvak", "bestelling",
                        "Uw boodschappen komen in het gekozen tijdvak, anders betaalt u geen "
                        "bezorgkosten",
                        24, false, "bezorging", std::nullopt, 30 * 60, "Geen bezorgkosten"),
                   {"bezorging"},
                   260,
                   20 * kHour,
                   3 * kDay,
                   "bezorging",
                   "online",
                   "Klant akkoord: bezorging een dag later"});
  }
  for (auto& c : out) {
    if (c.standard.due_after_hours == 0) {  // the till: five minutes
      c.standard.due_after_hours.reset();
      c.standard.due_after_seconds = 300;
    }
  }
  return out;
}

// The promises' own stream (demo_rng.h), so the year of responses stays
// what it was.
using Rand = DemoRng;

}  // namespace

std::vector<CharterTouchpoint> CharterTouchpoints(const std::string& slug) {
  if (slug == "autohuis-van-dijk") {
    return {{"werkplaatsopdracht", "Werkplaatsopdracht", "face_to_face"},
            {"offerteaanvraag", "Offerteaanvraag", "online"}};
  }
  if (slug == "fysio-oost") return {{"terugbelverzoek", "Terugbelverzoek", "phone"}};
  if (slug == "supermarkt-de-linde") {
    return {{"drukte-kassa", "Drukte bij de kassa", "face_to_face"},
            {"bestelling", "Boodschappen besteld", "online"}};
  }
  return {};
}

Status MakeDemoCharter(store::Database& db, int64_t org_id, const std::string& slug,
                       const std::vector<DemoTeam>& teams, int customers, uint64_t seed,
                       UnixSeconds now) {
  const auto charter = Charter(slug);
  if (charter.empty()) return Status::Ok();
  Rand rng(seed * 7919 + static_cast<uint64_t>(org_id));
  // The ledger on a clock that travels through the year. Nothing runs its
  // jobs: what it queues (the follow-up e-mails of closed cases) is sent by
  // the next `serve`, as for the CLI.
  ManualClock clock(now - 366 * kDay);
  jobs::JobRunner jobs(db, clock);
  loop::Loop loop(db, clock, jobs);
  auto& ledger = loop.promises();
  const auto who = security::Principal::Operator(org_id, "Demo Beheerder");
  for (const auto& c : charter) RETURN_IF_ERROR(ledger.CreateStandard(who, c.standard).status());
  RETURN_IF_ERROR(ledger.PublishCharter(who, true));

  struct Made {
    int64_t id = 0;
    const Certainty* what = nullptr;
    std::string customer, team, employee;
    UnixSeconds made = 0, due = 0;
  };
  // Interactions that keep a promise (kept_by) or that the customer
  // answers after it, with the promise they belong to and the NPS given.
  struct Moment {
    capture::InteractionInput in;
    std::optional<int64_t> keeps;  // promise id
    std::optional<int> nps;
  };
  std::vector<Moment> moments;
  auto moment = [&](const Made& m, UnixSeconds at, std::optional<int64_t> keeps,
                    std::optional<int> nps) {
    Moment x;
    x.in.external_id = "belofte-" + std::to_string(m.id) + (keeps ? "-nagekomen" : "-daarna");
    x.in.occurred_at = at;
    x.in.keys.customer = m.customer;
    x.in.keys.touchpoint = m.what->follow_touchpoint;
    x.in.keys.channel = m.what->follow_channel;
    x.in.keys.team = m.team;
    x.in.keys.employee = m.employee;
    x.keeps = keeps;
    x.nps = nps;
    moments.push_back(std::move(x));
  };
  // The NPS a customer gives after the promise: kept early is best.
  auto nps_after = [&](double base) {
    return std::clamp(static_cast<int>(std::lround(base + 1.6 * (rng.Uniform() - 0.5) * 3)), 0, 10);
  };

  for (const auto& c : charter) {
    std::vector<const DemoTeam*> by;
    for (const auto& t : teams) {
      if (std::find(c.teams.begin(), c.teams.end(), t.key) != c.teams.end()) by.push_back(&t);
    }
    if (by.empty()) continue;
    for (int i = 0; i < c.per_year; ++i) {
      Made m;
      m.what = &c;
      // Spread over the year, in opening hours (the clock is UTC; 7-16 h).
      UnixSeconds day = now - 365 * kDay + static_cast<int64_t>(rng.Uniform() * 365) * kDay;
      m.made = day - day % kDay + (7 + rng.Int(9)) * kHour + rng.Int(3600);
      if (m.made >= now - kHour) continue;
      const DemoTeam& team = *by[static_cast<size_t>(rng.Int(static_cast<int>(by.size())))];
      m.team = team.key;
      m.employee =
          team.employees[static_cast<size_t>(rng.Int(static_cast<int>(team.employees.size())))];
      m.customer = "k" + std::to_string(10001 + rng.Int(customers));
      m.due =
          m.made + c.min_due +
          (c.max_due > c.min_due
               ? static_cast<int64_t>(rng.Uniform() * static_cast<double>(c.max_due - c.min_due))
               : 0);
      clock.Set(m.made);
      loop::NewPromise in;
      in.text = c.standard.text;
      in.type = c.standard.key;
      in.due_at = m.due;
      in.employee = m.employee;
      in.team = m.team;
      in.customer = m.customer;
      ASSIGN_OR_RETURN(auto made, ledger.Make(who, in));
      m.id = made.record.id;
      const int64_t grace = c.standard.grace_seconds.value_or(loop::kDefaultGraceSeconds);
      const bool by_interaction = c.standard.kept_by_touchpoint || c.standard.kept_by_channel;
      const double r = rng.Uniform();
      // Kept: mostly well before the deadline, some just in time, a few late.
      auto kept_at = [&](UnixSeconds from, UnixSeconds due) {
        const double u = rng.Uniform();
        if (u < 0.06) return due + static_cast<int64_t>(rng.Uniform() * static_cast<double>(grace));
        if (u < 0.25)
          return due - static_cast<int64_t>(
                           rng.Uniform() *
                           static_cast<double>(std::min<int64_t>(kHour, due - from)) * 0.9);
        return from +
               static_cast<int64_t>((0.3 + 0.5 * rng.Uniform()) * static_cast<double>(due - from));
      };
      auto keep = [&](UnixSeconds from, UnixSeconds due) -> Status {
        const UnixSeconds at = std::max(from + 60, kept_at(from, due));
        if (at >= now - 2 * kHour) return Status::Ok();  // not yet: still open
        const bool early = at < due - std::min<int64_t>(kHour, (due - from) / 4);
        const std::optional<int> nps = rng.Uniform() < 0.45
                                           ? std::optional<int>(nps_after(at > due ? 6.0
                                                                          : early  ? 9.0
                                                                                   : 8.0))
                                           : std::nullopt;
        // Most promises with a kept_by rule are kept by the customer's next
        // moment; a few are ticked off by a person first.
        if (by_interaction && rng.Uniform() < 0.9) {
          moment(m, at, m.id, nps);
          return Status::Ok();
        }
        clock.Set(at);
        RETURN_IF_ERROR(ledger.Keep(who, m.id).status());
        if (nps && at + 2 * kHour < now) moment(m, at + 2 * kHour, std::nullopt, nps);
        return Status::Ok();
      };
      if (r < 0.86 || (r < 0.95 && c.renegotiation_note.empty())) {
        RETURN_IF_ERROR(keep(m.made, m.due));
      } else if (r < 0.95 && !c.renegotiation_note.empty()) {
        // Renegotiated with the customer halfway, then kept by the new date.
        const UnixSeconds at = m.made + (m.due - m.made) / 2;
        if (at >= now) continue;
        clock.Set(at);
        const UnixSeconds new_due = m.due + kDay;
        RETURN_IF_ERROR(ledger.Renegotiate(who, m.id, new_due, c.renegotiation_note).status());
        RETURN_IF_ERROR(keep(at, new_due));
      } else {
        // Broken: the timer's moment, then compensated and the case closed.
        const UnixSeconds at = m.due + grace + 60;
        if (at + 6 * kHour >= now) continue;  // the timer of `serve` decides
        clock.Set(at);
        ASSIGN_OR_RETURN(auto broken, ledger.Break(who, m.id));
        clock.Set(at + kHour);
        RETURN_IF_ERROR(ledger.Compensate(who, m.id, *c.standard.compensation).status());
        if (broken.record.broken_case_id) {
          auto& cases = loop.cases();
          RETURN_IF_ERROR(cases
                              .ChangeStatus(who, *broken.record.broken_case_id, "responded",
                                            *c.standard.compensation)
                              .status());
          RETURN_IF_ERROR(
              cases.ChangeStatus(who, *broken.record.broken_case_id, "closed", std::nullopt)
                  .status());
        }
        if (rng.Uniform() < 0.6) moment(m, at + 3 * kHour, std::nullopt, nps_after(3.0));
      }
    }
  }

  // Today's counter: promises made in the last hours, due later today,
  // tonight, tomorrow and the day after; open on the board (the timer of
  // `serve` breaks what is not kept in time).
  for (const auto& c : charter) {
    const DemoTeam* team = nullptr;
    for (const auto& t : teams) {
      if (std::find(c.teams.begin(), c.teams.end(), t.key) != c.teams.end()) team = &t;
    }
    if (!team || c.max_due < kHour) continue;  // the till's five minutes are over
    for (int k = 0; k < 4; ++k) {
      clock.Set(now - (1 + rng.Int(20)) * kHour);
      loop::NewPromise in;
      in.text = c.standard.text;
      in.type = c.standard.key;
      in.due_at = now + c.min_due + k * 10 * kHour;
      in.team = team->key;
      in.employee =
          team->employees[static_cast<size_t>(rng.Int(static_cast<int>(team->employees.size())))];
      in.customer = "k" + std::to_string(10001 + rng.Int(customers));
      RETURN_IF_ERROR(ledger.Make(who, in).status());
    }
  }

  // The customers' later moments, through ingest (stored now: history,
  // so `serve` opens no case and makes no promise for the old ones); the
  // keeping ones keep their promise as the loop's tick would.
  std::sort(moments.begin(), moments.end(),
            [](const Moment& a, const Moment& b) { return a.in.occurred_at < b.in.occurred_at; });
  std::vector<capture::InteractionInput> batch;
  for (const auto& x : moments) batch.push_back(x.in);
  if (batch.empty()) return Status::Ok();
  capture::Ingest ingest(db, *SystemClock::Get());
  const auto scope = store::TenantScope::System(org_id);
  ASSIGN_OR_RETURN(auto stored, ingest.Interactions(scope, batch));
  if (stored.ids.size() != moments.size()) return Internal("demo: a promise moment was not stored");
  RETURN_IF_ERROR(db.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto fresh, store::LoopFeedStore::SysInteractionsAfter(
                                     c, store::SystemScope::AllOrganisations(),
                                     stored.ids.front() - 1, static_cast<int>(stored.ids.size())));
    for (const auto& r : fresh) {
      if (r.org_id == org_id) RETURN_IF_ERROR(ledger.KeepByInteraction(c, r));
    }
    return Status::Ok();
  }));
  std::vector<capture::ResponseInput> answers;
  for (size_t i = 0; i < moments.size(); ++i) {
    if (!moments[i].nps || moments[i].in.occurred_at + kHour >= now) continue;
    capture::ResponseInput r;
    r.external_id = "r-" + moments[i].in.external_id;
    r.submitted_at = moments[i].in.occurred_at + kHour;
    r.interaction_id = stored.ids[i];
    r.survey = "nps";
    r.answers.nps = moments[i].nps;
    answers.push_back(std::move(r));
  }
  if (!answers.empty()) RETURN_IF_ERROR(ingest.Responses(scope, answers).status());
  return Status::Ok();
}

}  // namespace beleving::demo
