#include "demo/demo_workspace.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <vector>

#include "capture/ingest.h"
#include "core/time_format.h"
#include "demo/demo_promises.h"
#include "demo/demo_rng.h"
#include "security/secrets.h"
#include "store/database.h"
#include "store/dimension_store.h"
#include "store/org_store.h"
#include "workspace/workspace.h"

namespace beleving::demo {
namespace {

// The workspace's random source; the seed is mixed as it always was.
class Rng : public DemoRng {
 public:
  explicit Rng(uint64_t seed) : DemoRng(seed * 0x9E3779B97F4A7C15ull + 1) {}
};

struct Employee {
  std::string key, name;
  double quality;  // latent effect on the score
};
struct Team {
  std::string key, name, location;
  double spread;  // consistency: 1 = normal
  std::vector<Employee> employees;
};
struct Touchpoint {
  std::string key, name, channel;
  double effect;
  double weight;
};
struct OrgPlan {
  std::string slug, name;
  std::vector<std::pair<std::string, std::string>> locations;  // key, name
  std::vector<Team> teams;
  std::vector<Touchpoint> touchpoints;
  int customers;
  int responses;
  double base;
};

const std::vector<std::string> kFirstNames = {
    "Sanne", "Daan", "Lotte", "Bram",  "Eva",    "Thijs",  "Fleur",  "Ruben", "Anouk", "Jesse",
    "Iris",  "Lars", "Noor",  "Sem",   "Femke",  "Milan",  "Lieke",  "Niels", "Roos",  "Joris",
    "Esmee", "Koen", "Julia", "Stijn", "Mirthe", "Wouter", "Sophie", "Tim",   "Hanna", "Luuk"};
const std::vector<std::string> kLastNames = {
    "de Vries", "Jansen",      "Bakker",       "Visser",  "Smit",   "Meijer",
    "de Boer",  "Mulder",      "de Groot",     "Bos",     "Vos",    "Peters",
    "Hendriks", "van Leeuwen", "Dekker",       "Brouwer", "de Wit", "Dijkstra",
    "Smits",    "de Graaf",    "van der Meer", "Kok",     "Jacobs", "Willems"};

const std::vector<std::string> kPromoterComments = {
    "Top service, {name} nam echt de tijd voor me.",
    "Heel vriendelijk geholpen en alles werd duidelijk uitgelegd.",
    "Snel geholpen, afspraak is afspraak. Zo hoort het!",
    "{name} dacht echt met me mee, super!",
    "Alles netjes geregeld, precies zoals beloofd.",
    "Fijne ervaring, ik kom zeker terug en raad jullie aan bij vrienden.",
    "Persoonlijke aandacht en een eerlijk advies. Dank aan {name}!",
    "Ze belden zelfs terug om te vragen of alles goed ging. Top!",
    "Erg deskundig en geen enkel probleem gehad.",
    "Prettige sfeer en goed geholpen, compliment voor {name}."};
const std::vector<std::string> kPassiveComments = {
    "Prima, maar het duurde wat lang.",
    "Goed geholpen, al moest ik wel even wachten.",
    "Netjes, niets bijzonders.",
    "Redelijk, de prijs vond ik wel aan de hoge kant.",
    "Vriendelijk, maar ik moest zelf nog een keer bellen.",
    "Het was in orde. Volgende keer graag iets sneller."};
const std::vector<std::string> kDetractorComments = {
    "Lang moeten wachten en niemand die iets uitlegde.",
    "Ze zouden terugbellen maar dat is nooit gebeurd.",
    "Niet goed geholpen, ik voelde me niet serieus genomen.",
    "Afspraak werd zonder bericht verzet. Erg teleurgesteld.",
    "De rekening was hoger dan afgesproken, geen uitleg gekregen.",
    "Onvriendelijk te woord gestaan. Nooit meer.",
    "Mijn klacht is na twee weken nog steeds niet opgelost.",
    "Vorige keer was het perfect, nu was het een rommeltje.",
    "Niemand voelde zich verantwoordelijk, ik ben van het kastje naar de muur gestuurd."};

std::vector<Employee> MakeEmployees(Rng& rng, const std::string& prefix, int n, double quality_sd) {
  std::vector<Employee> out;
  for (int i = 0; i < n; ++i) {
    std::string first = rng.Pick(kFirstNames);
    out.push_back({prefix + "-" + std::to_string(i + 1), first + " " + rng.Pick(kLastNames),
                   rng.Normal() * quality_sd});
  }
  return out;
}

std::vector<OrgPlan> Plans(Rng& rng) {
  std::vector<OrgPlan> plans;
  {
    OrgPlan p{"autohuis-van-dijk",
              "Autohuis Van Dijk",
              {{"amersfoort", "Amersfoort"}, {"utrecht", "Utrecht"}},
              {},
              {},
              2600,
              9000,
              8.1};
    p.teams = {
        {"verkoop-amersfoort", "Verkoop Amersfoort", "amersfoort", 1.0,
         MakeEmployees(rng, "vka", 5, 0.5)},
        {"verhuur-amersfoort", "Verhuurbalie Amersfoort", "amersfoort", 0.9,
         MakeEmployees(rng, "vha", 4, 0.4)},
        {"werkplaats-amersfoort", "Werkplaats Amersfoort", "amersfoort", 1.0,
         MakeEmployees(rng, "wpa", 5, 0.4)},
        {"verkoop-utrecht", "Verkoop Utrecht", "utrecht", 1.1, MakeEmployees(rng, "vku", 4, 0.5)},
        // The inconsistent team: same average, far larger spread.
        {"werkplaats-utrecht", "Werkplaats Utrecht", "utrecht", 2.6,
         MakeEmployees(rng, "wpu", 5, 1.1)},
    };
    // The demo employee log-in (sanne@beleving.example) is this person.
    p.teams[1].employees[0].name = "Sanne de Vries";
    p.touchpoints = {{"showroom", "Showroombezoek", "face_to_face", 0.2, 3},
                     {"proefrit", "Proefrit", "face_to_face", 0.4, 2},
                     {"offerte", "Offerte online", "online", -0.2, 2},
                     {"balie", "Verhuurbalie", "face_to_face", 0.0, 3},
                     {"afspraak-werkplaats", "Werkplaatsafspraak", "phone", -0.3, 3},
                     {"auto-ophalen", "Auto ophalen na onderhoud", "face_to_face", 0.1, 3},
                     {"klantenservice-mail", "Klantenservice per e-mail", "email", -0.6, 1}};
    plans.push_back(p);
  }
  {
    OrgPlan p{"fysio-oost", "Fysiotherapie Oost", {{"deventer", "Deventer"}}, {}, {}, 700, 2600,
              8.6};
    p.teams = {{"behandelteam", "Behandelteam", "deventer", 0.8, MakeEmployees(rng, "fys", 6, 0.4)},
               {"receptie", "Receptie", "deventer", 1.0, MakeEmployees(rng, "rec", 2, 0.3)}};
    p.touchpoints = {{"intake", "Intakegesprek", "face_to_face", 0.2, 2},
                     {"behandeling", "Behandeling", "face_to_face", 0.3, 6},
                     {"afspraak-maken", "Afspraak maken", "phone", -0.3, 2},
                     {"online-oefeningen", "Online oefenprogramma", "online", -0.2, 1}};
    plans.push_back(p);
  }
  {
    OrgPlan p{"supermarkt-de-linde",
              "Supermarkt De Linde",
              {{"zwolle-centrum", "Zwolle Centrum"}, {"kampen", "Kampen"}},
              {},
              {},
              3000,
              6000,
              7.7};
    p.teams = {
        {"kassa-zwolle", "Kassa Zwolle", "zwolle-centrum", 1.0, MakeEmployees(rng, "kz", 6, 0.4)},
        {"vers-zwolle", "Versafdeling Zwolle", "zwolle-centrum", 1.0,
         MakeEmployees(rng, "vz", 4, 0.4)},
        {"kassa-kampen", "Kassa Kampen", "kampen", 1.1, MakeEmployees(rng, "kk", 5, 0.5)},
        {"bezorging", "Thuisbezorging", "zwolle-centrum", 1.3, MakeEmployees(rng, "bz", 4, 0.6)}};
    p.touchpoints = {{"kassa", "Afrekenen", "face_to_face", 0.0, 5},
                     {"versafdeling", "Versafdeling", "face_to_face", 0.2, 2},
                     {"bezorging", "Boodschappen bezorgd", "online", -0.4, 2},
                     {"klantenservice", "Klantenservice", "phone", -0.5, 1}};
    plans.push_back(p);
  }
  return plans;
}

std::string Fill(std::string text, const std::string& first_name) {
  size_t pos = text.find("{name}");
  if (pos != std::string::npos) text.replace(pos, 6, first_name);
  return text;
}

Status BuildOrg(store::Database& db, const OrgPlan& plan, Rng& rng, uint64_t seed, UnixSeconds now,
                const std::string& password_hash, std::vector<store::Org>* orgs) {
  store::Org org;
  RETURN_IF_ERROR(db.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(org, workspace::CreateOrg(c, plan.slug, plan.name, "Europe/Amsterdam", now));
    auto t = store::TenantScope::System(org.id);
    // The hierarchy with real names (ingest would otherwise name them by key).
    auto insert = [&](const char* resource, std::string key, std::string name,
                      std::map<std::string, store::SqlValue> values) -> Result<int64_t> {
      store::DimensionItem item;
      item.key = std::move(key);
      item.name = std::move(name);
      item.values = std::move(values);
      return store::DimensionStore::Insert(c, t, *store::FindDimension(resource), item, now);
    };
    std::map<std::string, int64_t> location_ids;
    for (const auto& [key, name] : plan.locations) {
      ASSIGN_OR_RETURN(location_ids[key], insert("locations", key, name, {}));
    }
    for (const auto& team : plan.teams) {
      ASSIGN_OR_RETURN(int64_t team_id, insert("teams", team.key, team.name,
                                               {{"location", location_ids.at(team.location)}}));
      std::optional<int64_t> lead;
      for (const auto& e : team.employees) {
        ASSIGN_OR_RETURN(int64_t id, insert("employees", e.key, e.name, {{"team", team_id}}));
        if (!lead) lead = id;
      }
      // The first employee leads the team.
      RETURN_IF_ERROR(store::DimensionStore::Update(c, t, *store::FindDimension("teams"), team_id,
                                                    std::nullopt, {{"lead", *lead}})
                          .status());
    }
    for (const auto& tp : plan.touchpoints) {
      RETURN_IF_ERROR(insert("touchpoints", tp.key, tp.name, {{"channel", tp.channel}}).status());
    }
    for (const auto& tp : CharterTouchpoints(plan.slug)) {  // issue 16: the charter's own
      RETURN_IF_ERROR(insert("touchpoints", tp.key, tp.name, {{"channel", tp.channel}}).status());
    }
    for (int i = 1; i <= plan.customers; ++i) {
      std::string first = rng.Pick(kFirstNames);
      std::string last = rng.Pick(kLastNames);
      std::string key = "k" + std::to_string(10000 + i);
      std::string email = "klant" + std::to_string(i) + "@" + plan.slug + ".example";
      bool consent = rng.Uniform() < 0.85;
      std::string language = rng.Uniform() < 0.9 ? "nl" : "en";
      RETURN_IF_ERROR(insert("customers", key, first + " " + last,
                             {{"email", email}, {"language", language}, {"consent", consent}})
                          .status());
    }
    return Status::Ok();
  }));
  orgs->push_back(org);

  // A year of moments and feedback, through the real ingest path.
  capture::Ingest ingest(db, *SystemClock::Get());
  auto scope = store::TenantScope::System(org.id);
  double total_weight = 0;
  for (const auto& tp : plan.touchpoints) total_weight += tp.weight;
  std::vector<double> customer_effect(static_cast<size_t>(plan.customers) + 1);
  for (auto& e : customer_effect) e = rng.Normal() * 0.5;
  // Returning customers whose later visit fell below their first: a perfect
  // first visit, then an ordinary or poor one.
  std::map<int, int> visits;
  std::vector<capture::InteractionInput> interactions;
  std::vector<capture::ResponseInput> responses;
  const UnixSeconds start = now - 365 * 86400;
  for (int i = 0; i < plan.responses; ++i) {
    // Volume grows a little through the year.
    double u = (i + rng.Uniform()) / plan.responses;
    UnixSeconds ts = start + static_cast<UnixSeconds>(std::sqrt(u) * 365 * 86400);
    // Office hours, local-ish.
    ts = ts - ts % 86400 + (8 + rng.Int(10)) * 3600 + rng.Int(3600);
    if (ts > now - 3600) ts = now - 3600 - rng.Int(7200);
    const Team& team =
        plan.teams[static_cast<size_t>(rng.Int(static_cast<int>(plan.teams.size())))];
    const Employee& emp =
        team.employees[static_cast<size_t>(rng.Int(static_cast<int>(team.employees.size())))];
    double pick = rng.Uniform() * total_weight;
    const Touchpoint* tp = &plan.touchpoints.front();
    for (const auto& t : plan.touchpoints) {
      if ((pick -= t.weight) <= 0) {
        tp = &t;
        break;
      }
    }
    // Frequent customers come back often (Zipf-like).
    int cust = 1 + static_cast<int>(std::pow(rng.Uniform(), 2.2) * plan.customers);
    if (cust > plan.customers) cust = plan.customers;
    int visit = ++visits[cust];
    double trend = 0.3 * u;
    double noise = rng.Uniform() < 0.08 ? rng.Normal() * 1.5 - 3.0 : rng.Normal();
    double x = plan.base + emp.quality + tp->effect + customer_effect[static_cast<size_t>(cust)] +
               trend + 1.2 * team.spread * noise;
    // Every 7th returning customer with a strong first visit is let down.
    if (visit == 2 && cust % 7 == 0) x -= 4.0;
    if (visit == 1 && cust % 7 == 0) x += 2.0;
    int nps = std::clamp(static_cast<int>(std::lround(x)), 0, 10);
    std::string ext = plan.slug + "-" + std::to_string(i + 1);
    std::string customer_key = "k" + std::to_string(10000 + cust);

    capture::InteractionInput in;
    in.external_id = "i-" + ext;
    in.occurred_at = ts - 3600;
    in.keys.customer = customer_key;
    in.keys.touchpoint = tp->key;
    in.keys.channel = tp->channel;
    in.keys.location = team.location;
    in.keys.team = team.key;
    in.keys.employee = emp.key;
    interactions.push_back(in);

    // Not every moment is answered: about 40% response.
    if (rng.Uniform() > 0.4) continue;
    capture::ResponseInput r;
    r.external_id = "r-" + ext;
    r.submitted_at = ts;
    r.interaction = in.external_id;
    r.survey = "nps";
    r.answers.nps = nps;
    double z = (nps - 7.8) / 2.3;
    r.answers.ces = std::clamp(
        static_cast<int>(std::lround(5.0 + 1.3 * (0.55 * z + 0.83 * rng.Normal()))), 1, 7);
    const double loadings[8] = {0.6, 0.4, 0.75, 0.2, 0.5, 0.55, 0.45, 0.5};
    for (int d = 0; d < 8; ++d) {
      if (rng.Uniform() < 0.3) continue;
      double l = loadings[d];
      r.answers.drivers[static_cast<size_t>(d)] = std::clamp(
          static_cast<int>(std::lround(3.6 + 1.1 * (l * z + std::sqrt(1 - l * l) * rng.Normal()))),
          1, 5);
    }
    if (rng.Uniform() < 0.55) {
      std::string first = emp.name.substr(0, emp.name.find(' '));
      const auto& pool = nps >= 9   ? kPromoterComments
                         : nps >= 7 ? kPassiveComments
                                    : kDetractorComments;
      r.answers.comment = Fill(rng.Pick(pool), first);
    }
    responses.push_back(std::move(r));
    if (interactions.size() >= 2000) {
      RETURN_IF_ERROR(ingest.Interactions(scope, interactions).status());
      RETURN_IF_ERROR(ingest.Responses(scope, responses).status());
      interactions.clear();
      responses.clear();
    }
  }
  if (!interactions.empty()) RETURN_IF_ERROR(ingest.Interactions(scope, interactions).status());
  if (!responses.empty()) RETURN_IF_ERROR(ingest.Responses(scope, responses).status());

  // Users: an admin for each organisation (the demo log-in), plus, in the car
  // dealer, a team manager and an employee who sees only her own feedback.
  RETURN_IF_ERROR(db.Write([&](store::SqlConn& c) -> Status {
    security::NewUser admin{kDemoAdminEmail, "Demo Beheerder", kDemoPassword, "admin", {}, {}, {}};
    RETURN_IF_ERROR(security::AddUser(c, org.id, admin, password_hash, now).status());
    security::NewUser consultant{
        kDemoConsultantEmail, "Chris Consultant", kDemoPassword, "consultant", {}, {}, {}};
    RETURN_IF_ERROR(security::AddUser(c, org.id, consultant, password_hash, now).status());
    if (plan.slug == "autohuis-van-dijk") {
      security::NewUser manager{kDemoManagerEmail,
                                "Mirjam Manager",
                                kDemoPassword,
                                "manager",
                                {},
                                {"werkplaats-utrecht", "verkoop-utrecht"},
                                {}};
      RETURN_IF_ERROR(security::AddUser(c, org.id, manager, password_hash, now).status());
      const Employee& sanne = plan.teams[1].employees[0];
      security::NewUser employee{
          kDemoEmployeeEmail, sanne.name, kDemoPassword, "employee", sanne.key, {}, {}};
      RETURN_IF_ERROR(security::AddUser(c, org.id, employee, password_hash, now).status());
    }
    return Status::Ok();
  }));

  // Issue 16: the charter, published, and a year of promises at the counter.
  std::vector<DemoTeam> teams;
  for (const auto& team : plan.teams) {
    DemoTeam t{team.key, team.location, {}};
    for (const auto& e : team.employees) t.employees.push_back(e.key);
    teams.push_back(std::move(t));
  }
  return MakeDemoCharter(db, org.id, plan.slug, teams, plan.customers, seed, now);
}

}  // namespace

Result<bool> EnsureDemoWorkspace(const std::string& data_dir, uint64_t seed) {
  ASSIGN_OR_RETURN(auto db, store::OpenDatabase(data_dir));
  return EnsureDemoWorkspace(*db, seed);
}

Result<bool> EnsureDemoWorkspace(store::Database& db, uint64_t seed) {
  std::vector<store::Org> existing;
  RETURN_IF_ERROR(db.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(existing, store::OrgStore::All(c, store::SystemScope::AllOrganisations()));
    return Status::Ok();
  }));
  if (!existing.empty()) return false;
  Rng rng(seed);
  ASSIGN_OR_RETURN(std::string hash, security::HashPassword(kDemoPassword));
  // "Now" is fixed per day so reruns with the same seed on one day agree.
  UnixSeconds now = SystemClock::Get()->Now();
  now -= now % 86400;
  std::vector<store::Org> orgs;
  for (const auto& plan : Plans(rng))
    RETURN_IF_ERROR(BuildOrg(db, plan, rng, seed, now, hash, &orgs));
  return true;
}

}  // namespace beleving::demo
