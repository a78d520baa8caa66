// The counter's storage (store/counter_store.h) and changing a standard
// promise (store/promise_store.h) on both backends (issue 16): the customer
// search with escaped wildcards, the staff link, today's interactions.
#include "store/access_store.h"
#include "store/conformance/backend.h"
#include "store/counter_store.h"
#include "store/dimension_store.h"
#include "store/moment_store.h"
#include "store/promise_store.h"

namespace beleving::store::conformance {
namespace {

using CounterStoreTest = BackendTest;

TEST_P(CounterStoreTest, UpdateStandardWritesEveryFieldButTheKey) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  auto other = TenantScope::System(MakeOrg("beta"));
  MustWrite([&](SqlConn& c) -> Status {
    StandardPromiseRecord s;
    s.key = "terugbellen";
    s.touchpoint_key = "balie";
    s.text = "We bellen binnen 4 uur terug";
    s.due_after_seconds = 4 * 3600;
    s.compensation = "Bloemen";
    ASSIGN_OR_RETURN(s.id, PromiseStore::InsertStandard(c, t, s, 1));
    s.key = "renamed";  // ignored: the key never changes
    s.touchpoint_key = "telefoon";
    s.text = "We bellen binnen 2 uur terug";
    s.due_after_seconds = 7200;
    s.business_hours = false;
    s.active = false;
    s.kept_by_channel = "phone";
    s.grace_seconds = 60;
    s.compensation.reset();
    RETURN_IF_ERROR(PromiseStore::UpdateStandard(c, t, s));
    ASSIGN_OR_RETURN(auto got, PromiseStore::GetStandard(c, t, s.id));
    REQUIRE_EQ(got.has_value(), true);
    EXPECT_EQ(got->key, "terugbellen");
    EXPECT_EQ(got->touchpoint_key, "telefoon");
    EXPECT_EQ(got->text, "We bellen binnen 2 uur terug");
    EXPECT_EQ(got->due_after_seconds, 7200);
    EXPECT_FALSE(got->business_hours);
    EXPECT_FALSE(got->active);
    EXPECT_EQ(got->kept_by_channel.value_or(""), "phone");
    EXPECT_FALSE(got->kept_by_touchpoint);
    EXPECT_EQ(got->grace_seconds, 60);
    EXPECT_FALSE(got->compensation);
    EXPECT_EQ(PromiseStore::UpdateStandard(c, other, s).code(), StatusCode::kNotFound);
    ASSIGN_OR_RETURN(auto none, PromiseStore::GetStandard(c, other, s.id));
    EXPECT_FALSE(none);
    return Status::Ok();
  });
}

TEST_P(CounterStoreTest, SearchLinkAndTodaysInteractions) {
  int64_t org = MakeOrg("acme");
  auto t = TenantScope::System(org);
  auto other = TenantScope::System(MakeOrg("beta"));
  MustWrite([&](SqlConn& c) -> Status {
    auto add = [&](const TenantScope& in, const char* resource, const std::string& key,
                   const std::string& name, std::map<std::string, SqlValue> values) {
      return DimensionStore::Insert(c, in, *FindDimension(resource),
                                    {0, key, name, std::move(values), 0}, 1);
    };
    ASSIGN_OR_RETURN(int64_t fien,
                     add(t, "customers", "k1", "Fien de Boer",
                         {{"email", std::string("fien@x.nl")}, {"phone", std::string("06 1234")}}));
    RETURN_IF_ERROR(add(t, "customers", "k2", "Honderd%_Zeker", {}).status());
    RETURN_IF_ERROR(add(other, "customers", "g1", "Fien elders", {}).status());
    auto keys = [&](const std::string& q) -> Result<std::string> {
      ASSIGN_OR_RETURN(auto hits, CounterStore::SearchCustomers(c, t, q, 20));
      std::string out;
      for (const auto& h : hits) out += h.key + ",";
      return out;
    };
    ASSIGN_OR_RETURN(auto by_name, keys("FIEN"));
    EXPECT_EQ(by_name, "k1,");
    ASSIGN_OR_RETURN(auto by_mail, keys("@x.N"));
    EXPECT_EQ(by_mail, "k1,");
    ASSIGN_OR_RETURN(auto by_phone, keys("1234"));
    EXPECT_EQ(by_phone, "k1,");
    ASSIGN_OR_RETURN(auto wild, keys("%_"));
    EXPECT_EQ(wild, "k2,");
    ASSIGN_OR_RETURN(auto literal, keys("n_d"));
    EXPECT_EQ(literal, "");
    ASSIGN_OR_RETURN(auto hit, CounterStore::CustomerByKey(c, t, "k1"));
    REQUIRE_EQ(hit.has_value(), true);
    EXPECT_EQ(hit->email.value_or(""), "fien@x.nl");
    ASSIGN_OR_RETURN(auto elsewhere, CounterStore::CustomerByKey(c, other, "k1"));
    EXPECT_FALSE(elsewhere);

    // A user linked to employee e1 of team t1 at location l1.
    ASSIGN_OR_RETURN(int64_t loc, add(t, "locations", "l1", "L1", {}));
    ASSIGN_OR_RETURN(int64_t team, add(t, "teams", "t1", "T1", {{"location", loc}}));
    ASSIGN_OR_RETURN(int64_t emp, add(t, "employees", "e1", "E1", {{"team", team}}));
    ASSIGN_OR_RETURN(int64_t colleague, add(t, "employees", "e2", "E2", {}));
    ASSIGN_OR_RETURN(int64_t uid, AccessStore::CreateUser(c, {0, "e@x.nl", "E", "h", false}, 1));
    RETURN_IF_ERROR(AccessStore::PutMembership(c, {uid, org, "employee", emp, "{}"}, 1));
    ASSIGN_OR_RETURN(auto link, CounterStore::LinkOf(c, t, uid));
    REQUIRE_EQ(link.has_value(), true);
    EXPECT_EQ(link->employee_id, emp);
    EXPECT_EQ(link->employee_key, "e1");
    EXPECT_EQ(link->team_key.value_or(""), "t1");
    EXPECT_EQ(link->location_id.value_or(0), loc);
    ASSIGN_OR_RETURN(auto nobody, CounterStore::LinkOf(c, other, uid));
    EXPECT_FALSE(nobody);

    auto interaction = [&](const char* id, std::optional<int64_t> employee,
                           std::optional<int64_t> location, UnixSeconds at) {
      InteractionRecord in;
      in.org_id = org;
      in.external_id = id;
      in.customer_id = fien;
      in.employee_id = employee;
      in.location_id = location;
      in.channel = "phone";
      in.occurred_at = at;
      in.created_at = at;
      return MomentStore::InsertInteraction(c, in).status();
    };
    RETURN_IF_ERROR(interaction("mine", emp, std::nullopt, 1000));
    RETURN_IF_ERROR(interaction("here", colleague, loc, 1100));
    RETURN_IF_ERROR(interaction("elsewhere", colleague, std::nullopt, 1200));
    RETURN_IF_ERROR(interaction("yesterday", emp, std::nullopt, 10));
    ASSIGN_OR_RETURN(auto today, CounterStore::RecentInteractions(c, t, link, 500, 10));
    REQUIRE_EQ(today.size(), 2u);
    EXPECT_EQ(today[0].occurred_at, 1100) << "newest first";
    EXPECT_EQ(today[1].occurred_at, 1000);
    EXPECT_EQ(today[0].customer.key, "k1");
    EXPECT_EQ(today[0].channel.value_or(""), "phone");
    ASSIGN_OR_RETURN(auto all, CounterStore::RecentInteractions(c, t, std::nullopt, 500, 10));
    EXPECT_EQ(all.size(), 3u) << "without a link: what the scope sees";
    return Status::Ok();
  });
}

INSTANTIATE_BACKENDS(Store, CounterStoreTest);

}  // namespace
}  // namespace beleving::store::conformance
