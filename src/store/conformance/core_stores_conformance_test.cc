// Organisations, access, surveys, dimensions, moments, text settings and
// privacy: every store function on both backends.
#include "store/access_store.h"
#include "store/catalog.h"
#include "store/conformance/backend.h"
#include "store/dimension_store.h"
#include "store/moment_store.h"
#include "store/org_store.h"
#include "store/privacy_store.h"
#include "store/survey_store.h"
#include "store/text_store.h"

namespace beleving::store::conformance {
namespace {

using store::TenantScope;
using CoreStoresTest = BackendTest;

TEST_P(CoreStoresTest, Organisations) {
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(Org a, OrgStore::Create(c, "acme", "Acme", "Europe/Amsterdam", 100));
    EXPECT_EQ(a.id, 1);
    EXPECT_EQ(a.language, "nl");  // the column default
    EXPECT_EQ(a.created_at, 100);
    return Status::Ok();
  });
  // A failed statement ends its unit (sql.h): the unit reports the error.
  Status dup = db().Write(
      [&](SqlConn& c) { return OrgStore::Create(c, "acme", "Again", "UTC", 101).status(); });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.field(), "/slug");
  MustWrite([&](SqlConn& c) { return OrgStore::Create(c, "beta", "Beta", "UTC", 5).status(); });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto all, OrgStore::All(c, SystemScope::AllOrganisations()));
    EXPECT_EQ(all.size(), 2u);
    ASSIGN_OR_RETURN(auto b, OrgStore::BySlug(c, "beta"));
    EXPECT_TRUE(b && b->time_zone == "UTC");
    ASSIGN_OR_RETURN(auto none, OrgStore::ById(c, 99));
    EXPECT_FALSE(none);
    return Status::Ok();
  });
}

TEST_P(CoreStoresTest, UsersMembershipsSessionsAndKeys) {
  int64_t org = MakeOrg("acme");
  int64_t org2 = MakeOrg("beta");
  MustWrite([&](SqlConn& c) -> Status {
    return AccessStore::CreateUser(c, {0, "a@x.nl", "Ann", "h", false}, 1).status();
  });
  Status dup = db().Write([&](SqlConn& c) {
    return AccessStore::CreateUser(c, {0, "a@x.nl", "Ann", "h", false}, 1).status();
  });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto u, AccessStore::UserByEmail(c, "a@x.nl"));
    EXPECT_TRUE(u.has_value());
    int64_t uid = u->id;
    RETURN_IF_ERROR(AccessStore::PutMembership(c, {uid, org, "manager", std::nullopt, "{}"}, 2));
    RETURN_IF_ERROR(AccessStore::PutMembership(c, {uid, org2, "admin", std::nullopt, "{}"}, 2));
    // The upsert replaces the role.
    RETURN_IF_ERROR(
        AccessStore::PutMembership(c, {uid, org, "admin", std::nullopt, "{\"teams\":[1]}"}, 3));
    ASSIGN_OR_RETURN(auto ms, AccessStore::MembershipsOf(c, uid));
    EXPECT_EQ(ms.size(), 2u);
    EXPECT_EQ(ms[0].org_id, org);
    EXPECT_EQ(ms[0].role, "admin");
    EXPECT_EQ(ms[0].scope, "{\"teams\":[1]}");
    ASSIGN_OR_RETURN(auto users, AccessStore::UsersOf(c, org));
    EXPECT_EQ(users.size(), 1u);
    EXPECT_EQ(users[0].first.password_hash, "");  // not read for a list
    EXPECT_FALSE(users[0].first.disabled);

    RETURN_IF_ERROR(AccessStore::CreateSession(c, {"hash1", uid, org, "csrf", 10, 20}));
    RETURN_IF_ERROR(AccessStore::SwitchSessionOrg(c, "hash1", org2));
    ASSIGN_OR_RETURN(auto s, AccessStore::SessionByHash(c, "hash1"));
    EXPECT_TRUE(s && s->org_id == org2 && s->expires_at == 20);
    RETURN_IF_ERROR(AccessStore::DeleteSession(c, "hash1"));
    ASSIGN_OR_RETURN(auto gone, AccessStore::SessionByHash(c, "hash1"));
    EXPECT_FALSE(gone);

    ASSIGN_OR_RETURN(int64_t kid,
                     AccessStore::CreateApiKey(c, {0, org, "pfx", "kh", "read", "ci", 5, {}}));
    ASSIGN_OR_RETURN(auto k, AccessStore::ApiKeyByPrefix(c, "pfx"));
    EXPECT_TRUE(k && k->id == kid && !k->revoked_at);
    ASSIGN_OR_RETURN(bool other, AccessStore::RevokeApiKey(c, org2, kid, 9));
    EXPECT_FALSE(other);
    ASSIGN_OR_RETURN(bool revoked, AccessStore::RevokeApiKey(c, org, kid, 9));
    EXPECT_TRUE(revoked);
    ASSIGN_OR_RETURN(bool twice, AccessStore::RevokeApiKey(c, org, kid, 10));
    EXPECT_FALSE(twice);
    ASSIGN_OR_RETURN(auto keys, AccessStore::ApiKeysOf(c, org));
    EXPECT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].revoked_at.value_or(0), 9);
    RETURN_IF_ERROR(AccessStore::Audit(c, org, "user:1", "create", "apikey:1", 11));
    RETURN_IF_ERROR(AccessStore::Audit(c, std::nullopt, "cli", "boot", "-", 12));
    return Status::Ok();
  });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto log, PrivacyStore::AuditLog(c, TenantScope::System(org), 0, 10));
    EXPECT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].action, "create");
    ASSIGN_OR_RETURN(auto older,
                     PrivacyStore::AuditLog(c, TenantScope::System(org), log[0].id, 10));
    EXPECT_TRUE(older.empty());
    return Status::Ok();
  });
}

TEST_P(CoreStoresTest, SurveysAndTextSettings) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  auto other = TenantScope::System(MakeOrg("beta"));
  int64_t sid = 0;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(sid, SurveyStore::Create(c, t, {0, "nps", "NPS", "{}", 0, 0}, 7));
    return Status::Ok();
  });
  Status dup = db().Write([&](SqlConn& c) {
    return SurveyStore::Create(c, t, {0, "nps", "NPS", "{}", 0, 0}, 7).status();
  });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool changed, SurveyStore::Update(c, t, sid, "NPS 2", "{\"a\":1}", 8));
    EXPECT_TRUE(changed);
    ASSIGN_OR_RETURN(bool foreign, SurveyStore::Update(c, other, sid, "x", "{}", 8));
    EXPECT_FALSE(foreign);
    ASSIGN_OR_RETURN(auto s, SurveyStore::ByKey(c, t, "nps"));
    EXPECT_TRUE(s && s->name == "NPS 2" && s->updated_at == 8 && s->created_at == 7);
    ASSIGN_OR_RETURN(auto list, SurveyStore::List(c, t));
    EXPECT_EQ(list.size(), 1u);
    ASSIGN_OR_RETURN(auto none, SurveyStore::ById(c, other, sid));
    EXPECT_FALSE(none);

    ASSIGN_OR_RETURN(auto empty, TextStore::Get(c, t));
    EXPECT_FALSE(empty);
    RETURN_IF_ERROR(TextStore::Put(c, t, {std::string("{\"v\":1}"), std::nullopt, 3}));
    RETURN_IF_ERROR(TextStore::Put(c, t, {std::nullopt, std::string("{\"m\":2}"), 4}));
    ASSIGN_OR_RETURN(auto ts, TextStore::Get(c, t));
    EXPECT_TRUE(ts && !ts->vocabulary && ts->learned_model == "{\"m\":2}" && ts->updated_at == 4);
    return Status::Ok();
  });
  // A survey that responses refer to cannot be deleted.
  MustWrite([&](SqlConn& c) -> Status {
    ResponseRecord r;
    r.org_id = org;
    r.external_id = "r1";
    r.survey_id = sid;
    r.submitted_at = 1;
    return MomentStore::InsertResponse(c, r).status();
  });
  Status st = db().Write([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool gone, SurveyStore::Delete(c, t, sid));
    (void)gone;
    return Status::Ok();
  });
  EXPECT_EQ(st.code(), StatusCode::kConflict) << st.ToString();
}

TEST_P(CoreStoresTest, Dimensions) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  auto other = TenantScope::System(MakeOrg("beta"));
  const DimensionSpec& locations = *FindDimension("locations");
  const DimensionSpec& teams = *FindDimension("teams");
  const DimensionSpec& customers = *FindDimension("customers");
  int64_t loc = 0, team = 0;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(loc,
                     DimensionStore::Insert(c, t, locations, {0, "ams", "Amsterdam", {}, 0}, 1));
    DimensionItem tm{0, "t1", "", {{"location", SqlValue(loc)}}, 0};
    ASSIGN_OR_RETURN(team, DimensionStore::Insert(c, t, teams, tm, 1));
    return Status::Ok();
  });
  Status dup = db().Write([&](SqlConn& c) {
    return DimensionStore::Insert(c, t, locations, {0, "ams", "A", {}, 0}, 1).status();
  });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.field(), "/key");
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t again, DimensionStore::Ensure(c, t, locations, "ams", {}, 2));
    EXPECT_EQ(again, loc);
    ASSIGN_OR_RETURN(int64_t rdam, DimensionStore::Ensure(c, t, locations, "rdam", {}, 2));
    EXPECT_NE(rdam, loc);
    ASSIGN_OR_RETURN(auto item, DimensionStore::Get(c, t, teams, team));
    EXPECT_TRUE(item.has_value());
    EXPECT_EQ(item->name, "t1");  // the key when no name is given
    EXPECT_EQ(item->values["location"].as_int(), loc);
    EXPECT_TRUE(item->values["lead"].is_null());
    ASSIGN_OR_RETURN(bool upd, DimensionStore::Update(c, t, teams, team, std::string("Team 1"),
                                                      {{"location", SqlValue()}}));
    EXPECT_TRUE(upd);
    ASSIGN_OR_RETURN(item, DimensionStore::Get(c, t, teams, team));
    EXPECT_EQ(item->name, "Team 1");
    EXPECT_TRUE(item->values["location"].is_null());
    ASSIGN_OR_RETURN(bool foreign, DimensionStore::Update(c, other, teams, team, "x", {}));
    EXPECT_FALSE(foreign);
    // Booleans are stored as 0/1 and filter as such.
    DimensionItem cu{0, "c1", "Cas", {{"consent", SqlValue(true)}, {"email", "c@x.nl"}}, 0};
    RETURN_IF_ERROR(DimensionStore::Insert(c, t, customers, cu, 3).status());
    DimensionItem cu2{0, "c2", "Dirk", {{"consent", SqlValue(false)}}, 0};
    RETURN_IF_ERROR(DimensionStore::Insert(c, t, customers, cu2, 3).status());
    ASSIGN_OR_RETURN(auto consenting,
                     DimensionStore::List(c, t, customers, 0, 10, {{"consent", SqlValue(true)}}));
    EXPECT_EQ(consenting.items.size(), 1u);
    EXPECT_EQ(consenting.items[0].key, "c1");
    ASSIGN_OR_RETURN(auto page, DimensionStore::List(c, t, locations, 0, 1, {}));
    EXPECT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.next_after.value_or(0), loc);
    ASSIGN_OR_RETURN(auto rest, DimensionStore::List(c, t, locations, loc, 10, {}));
    EXPECT_EQ(rest.items.size(), 1u);
    EXPECT_FALSE(rest.next_after);
    ASSIGN_OR_RETURN(std::string key, DimensionStore::KeyOf(c, t, "locations", loc));
    EXPECT_EQ(key, "ams");
    ASSIGN_OR_RETURN(auto id, DimensionStore::IdByKey(c, other, locations, "ams"));
    EXPECT_FALSE(id);
    return Status::Ok();
  });
  // A location a team still points to is not deleted; a free one is.
  MustWrite([&](SqlConn& c) {
    return DimensionStore::Update(c, t, teams, team, std::nullopt, {{"location", SqlValue(loc)}})
        .status();
  });
  Status st =
      db().Write([&](SqlConn& c) { return DimensionStore::Delete(c, t, locations, loc).status(); });
  EXPECT_EQ(st.code(), StatusCode::kConflict) << st.ToString();
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool gone, DimensionStore::Delete(c, t, teams, team));
    EXPECT_TRUE(gone);
    ASSIGN_OR_RETURN(gone, DimensionStore::Delete(c, t, locations, loc));
    EXPECT_TRUE(gone);
    return Status::Ok();
  });
}

TEST_P(CoreStoresTest, MomentsAreIdempotentScopedAndFiltered) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  auto other = TenantScope::System(MakeOrg("beta"));
  int64_t cust = 0;
  // Ids are opaque: on PostgreSQL a conflicting insert uses up a sequence
  // value, so they may have gaps; they only grow.
  std::vector<int64_t> ids;
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(cust, DimensionStore::Insert(c, t, *FindDimension("customers"),
                                                  {0, "k1", "Klant", {}, 0}, 0));
    for (int i = 1; i <= 5; ++i) {
      InteractionRecord in;
      in.org_id = org;
      in.external_id = "i" + std::to_string(i);
      in.customer_id = cust;
      in.channel = "phone";
      in.occurred_at = 1000 + i;
      in.created_at = 2000;
      ASSIGN_OR_RETURN(auto iid, MomentStore::InsertInteraction(c, in));
      EXPECT_TRUE(iid.has_value());
      ResponseRecord r;
      r.org_id = org;
      r.external_id = "r" + std::to_string(i);
      r.interaction_id = *iid;
      r.customer_id = cust;
      r.submitted_at = 1000 + i;
      r.nps = i * 2;
      r.drivers[2] = 4;
      r.comment = i == 3 ? std::optional<std::string>("Goed geholpen") : std::nullopt;
      r.answers = "{\"q\":" + std::to_string(i) + "}";
      r.created_at = 2000;
      ASSIGN_OR_RETURN(auto rid, MomentStore::InsertResponse(c, r));
      EXPECT_TRUE(rid.has_value());
      ids.push_back(rid.value_or(0));
      // A retried batch creates nothing twice.
      ASSIGN_OR_RETURN(auto again, MomentStore::InsertResponse(c, r));
      EXPECT_FALSE(again.has_value());
      ASSIGN_OR_RETURN(auto iagain, MomentStore::InsertInteraction(c, in));
      EXPECT_FALSE(iagain.has_value());
    }
    return Status::Ok();
  });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t n, MomentStore::CountResponses(c, t));
    EXPECT_EQ(n, 5);
    ASSIGN_OR_RETURN(int64_t none, MomentStore::CountResponses(c, other));
    EXPECT_EQ(none, 0);
    REQUIRE_EQ(ids.size(), 5u);
    for (size_t i = 1; i < ids.size(); ++i) EXPECT_LT(ids[i - 1], ids[i]);
    ASSIGN_OR_RETURN(auto r3, MomentStore::GetResponse(c, t, ids[2]));
    EXPECT_TRUE(r3.has_value());
    EXPECT_EQ(r3->nps.value_or(-1), 6);
    EXPECT_EQ(r3->drivers[2].value_or(-1), 4);
    EXPECT_FALSE(r3->drivers[0].has_value());
    EXPECT_EQ(r3->comment.value_or(""), "Goed geholpen");
    EXPECT_EQ(r3->customer_key, "k1");
    EXPECT_EQ(r3->touchpoint_key, "");
    EXPECT_EQ(r3->answers, "{\"q\":3}");
    ASSIGN_OR_RETURN(auto foreign, MomentStore::GetResponse(c, other, ids[2]));
    EXPECT_FALSE(foreign);
    ResponseFilter f;
    f.min_nps = 4;
    f.to = 1005;
    ASSIGN_OR_RETURN(auto some, MomentStore::ListResponses(c, t, f, 0, 10));
    REQUIRE_EQ(some.size(), 3u);  // nps 4, 6, 8 submitted before 1005
    EXPECT_EQ(some[0].id, ids[1]);
    ASSIGN_OR_RETURN(auto paged, MomentStore::ListResponses(c, t, {}, ids[2], 1));
    REQUIRE_EQ(paged.size(), 1u);
    EXPECT_EQ(paged[0].id, ids[3]);
    ASSIGN_OR_RETURN(auto inter, MomentStore::InteractionByExternalId(c, t, "i2"));
    EXPECT_TRUE(inter && inter->channel == "phone" && inter->occurred_at == 1002);
    ASSIGN_OR_RETURN(auto got, MomentStore::GetInteraction(c, t, inter->id));
    EXPECT_TRUE(got.has_value());
    ASSIGN_OR_RETURN(auto list, MomentStore::ListInteractions(c, t, inter->id, 2));
    EXPECT_EQ(list.size(), 2u);
    std::vector<int64_t> seen;
    RETURN_IF_ERROR(
        MomentStore::ScanAllResponses(c, SystemScope::AllOrganisations(),
                                      [&](const ResponseRecord& r) { seen.push_back(r.id); }));
    EXPECT_EQ(seen, ids);
    return Status::Ok();
  });
}

TEST_P(CoreStoresTest, PrivacyExportEraseAndRetention) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  int64_t cust = 0, idle = 0;
  MustWrite([&](SqlConn& c) -> Status {
    const DimensionSpec& customers = *FindDimension("customers");
    ASSIGN_OR_RETURN(cust, DimensionStore::Insert(
                               c, t, customers,
                               {0, "k1", "Klaas", {{"email", "k@x.nl"}, {"phone", "0612"}}, 0}, 0));
    ASSIGN_OR_RETURN(idle, DimensionStore::Insert(c, t, customers, {0, "k2", "Oud", {}, 0}, 0));
    ResponseRecord r;
    r.org_id = org;
    r.external_id = "r1";
    r.customer_id = cust;
    r.submitted_at = 5000;
    r.nps = 3;
    r.comment = "Mijn adres is geheim";
    r.answers = "{\"n\":1,\"why\":\"tekst\"}";
    RETURN_IF_ERROR(MomentStore::InsertResponse(c, r).status());
    RETURN_IF_ERROR(c.Exec("INSERT INTO cases (org_id, case_type, status, title, customer_id, "
                           "opened_at, updated_at) VALUES ($1, 'complaint', 'open', 'Klacht', "
                           "$2, 1, 1)",
                           {org, cust})
                        .status());
    RETURN_IF_ERROR(c.Exec("INSERT INTO case_events (org_id, case_id, kind, actor, body, at) "
                           "VALUES ($1, 1, 'note', 'x', 'belde Klaas', 1)",
                           {org})
                        .status());
    return Status::Ok();
  });
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto id, PrivacyStore::CustomerIdByKey(c, t, "k1"));
    EXPECT_EQ(id.value_or(0), cust);
    ASSIGN_OR_RETURN(bool exists, PrivacyStore::CustomerExists(c, t, cust));
    EXPECT_TRUE(exists);
    ASSIGN_OR_RETURN(auto tables, PrivacyStore::TablesReferencingCustomers(c));
    EXPECT_EQ(tables, (std::vector<std::string>{"case_followups", "cases", "complaints",
                                                "customer_attributes", "interactions",
                                                "invitations", "promises", "responses"}));
    ASSIGN_OR_RETURN(auto rows, PrivacyStore::CustomerRows(c, t, cust));
    REQUIRE_GE(rows.size(), 2u);
    EXPECT_EQ(rows[0].table, "customers");
    REQUIRE_EQ(rows[0].rows.size(), 1u);
    EXPECT_EQ(rows[0].columns[0], "id");
    EXPECT_EQ(rows[0].rows[0][0].as_int(), cust);
    size_t email = 0;
    for (size_t i = 0; i < rows[0].columns.size(); ++i) {
      if (rows[0].columns[i] == "email") email = i;
    }
    EXPECT_EQ(rows[0].rows[0][email].as_text(), "k@x.nl");
    ASSIGN_OR_RETURN(auto inactive, PrivacyStore::InactiveCustomers(c, t, 4000, 10));
    EXPECT_EQ(inactive, (std::vector<int64_t>{idle}));  // created at 0, no activity
    ASSIGN_OR_RETURN(auto all, PrivacyStore::InactiveCustomers(c, t, 6000, 10));
    EXPECT_EQ(all.size(), 2u);
    ASSIGN_OR_RETURN(bool cols, TableExists(c, "case_events"));
    EXPECT_TRUE(cols);
    return Status::Ok();
  });
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto counts, PrivacyStore::EraseCustomer(c, t, cust, 9000));
    EXPECT_EQ(counts.customers, 1);
    EXPECT_EQ(counts.responses, 1);
    EXPECT_EQ(counts.other_rows, 2);  // the case (title, description) and its event
    ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT key, name, email, erased_at FROM customers "
                                          "WHERE id = $1",
                                          {cust}));
    EXPECT_EQ(row[0].as_text(), "erased-" + std::to_string(cust));
    EXPECT_TRUE(row[1].is_null());
    EXPECT_TRUE(row[2].is_null());
    EXPECT_EQ(row[3].as_int(), 9000);
    ASSIGN_OR_RETURN(row, c.QueryOne("SELECT comment, answers, nps FROM responses"));
    EXPECT_TRUE(row[0].is_null());
    EXPECT_EQ(row[1].as_text(), "{\"n\":1}");
    EXPECT_EQ(row[2].as_int(), 3);  // scores stay
    ASSIGN_OR_RETURN(row, c.QueryOne("SELECT title FROM cases"));
    EXPECT_EQ(row[0].as_text(), "");
    ASSIGN_OR_RETURN(row, c.QueryOne("SELECT body FROM case_events"));
    EXPECT_EQ(row[0].as_text(), "");
    return Status::Ok();
  });
  MustWrite([&](SqlConn& c) -> Status {
    auto missing = PrivacyStore::EraseCustomer(c, t, 999, 1);
    EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
    return Status::Ok();
  });
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto none, PrivacyStore::RetentionMonths(c, t));
    EXPECT_FALSE(none);
    RETURN_IF_ERROR(PrivacyStore::SetRetentionMonths(c, t, 24, "admin", 1));
    RETURN_IF_ERROR(PrivacyStore::SetRetentionMonths(c, t, 12, "admin", 2));
    ASSIGN_OR_RETURN(auto m, PrivacyStore::RetentionMonths(c, t));
    EXPECT_EQ(m.value_or(0), 12);
    ASSIGN_OR_RETURN(auto orgs, PrivacyStore::OrgsWithRetention(c));
    EXPECT_EQ(orgs, (std::vector<int64_t>{org}));
    RETURN_IF_ERROR(PrivacyStore::SetRetentionMonths(c, t, std::nullopt, "admin", 3));
    ASSIGN_OR_RETURN(orgs, PrivacyStore::OrgsWithRetention(c));
    EXPECT_TRUE(orgs.empty());
    return Status::Ok();
  });
}

TEST_P(CoreStoresTest, TheCatalogueAnswersTheSameOnBothBackends) {
  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto cols, TableColumns(c, "retention_policies"));
    REQUIRE_EQ(cols.size(), 4u);
    EXPECT_EQ(cols[0].name, "org_id");
    EXPECT_EQ(cols[1].name, "months");
    EXPECT_TRUE(cols[1].not_null);
    EXPECT_EQ(cols[3].name, "updated_by");
    ASSIGN_OR_RETURN(auto none, TableColumns(c, "no_such_table"));
    EXPECT_TRUE(none.empty());
    ASSIGN_OR_RETURN(auto with_scope, TablesWithColumn(c, "scope"));
    EXPECT_EQ(with_scope, (std::vector<std::string>{"memberships"}));
    return Status::Ok();
  });
}

INSTANTIATE_BACKENDS(Store, CoreStoresTest);

}  // namespace
}  // namespace beleving::store::conformance
