// Moment outcomes: setting them by id and by external id, and the rows the
// outcome analysis reads, on both backends.
#include "store/attribute_store.h"
#include "store/conformance/backend.h"
#include "store/dimension_store.h"
#include "store/moment_store.h"
#include "store/outcome_store.h"

namespace beleving::store::conformance {
namespace {

using OutcomeStoreTest = BackendTest;

TEST_P(OutcomeStoreTest, SetByExternalIdAndReadRows) {
  const int64_t org = MakeOrg("acme");
  const auto t = TenantScope::System(org);
  const auto other = TenantScope::System(MakeOrg("beta"));
  MustWrite([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(int64_t balie,
                     DimensionStore::Ensure(c, t, *FindDimension("touchpoints"), "balie", {}, 1));
    ASSIGN_OR_RETURN(int64_t anna,
                     DimensionStore::Ensure(c, t, *FindDimension("customers"), "anna", {}, 1));
    RETURN_IF_ERROR(
        AttributeStore::SetCustomerAttributes(c, t, anna, {{"segment", "zakelijk"}}, 1));
    for (int i = 1; i <= 3; ++i) {
      InteractionRecord in;
      in.org_id = org;
      in.external_id = "i" + std::to_string(i);
      in.touchpoint_id = i < 3 ? std::optional<int64_t>(balie) : std::nullopt;
      in.customer_id = i == 1 ? std::optional<int64_t>(anna) : std::nullopt;
      in.channel = "phone";
      in.occurred_at = 100 * i;
      ASSIGN_OR_RETURN(auto id, MomentStore::InsertInteraction(c, in));
      // Two responses on i1: the latest scored one counts.
      for (int n = 0; n < (i == 1 ? 2 : i == 2 ? 1 : 0); ++n) {
        ResponseRecord r;
        r.org_id = org;
        r.external_id = "r" + std::to_string(i) + std::to_string(n);
        r.interaction_id = *id;
        r.submitted_at = 100 * i + n;
        r.nps = n == 0 ? 3 : 10;
        RETURN_IF_ERROR(MomentStore::InsertResponse(c, r).status());
      }
    }
    return OutcomeStore::SetByExternalId(
        c, t, {{"i1", "bought", 12550, 500}, {"i2", "churned", std::nullopt, std::nullopt}});
  });
  Status st = db().Write([&](SqlConn& c) {
    return OutcomeStore::SetByExternalId(c, other, {{"i3", "bought", 1, std::nullopt}});
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "/outcomes/0/interaction");
  st = db().Write([&](SqlConn& c) {
    return OutcomeStore::SetByExternalId(c, t, {{"i3", "bought!", 1, std::nullopt}});
  });
  EXPECT_EQ(st.field(), "/outcomes/0/outcome");

  MustRead([&](SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto rows, OutcomeStore::Rows(c, t, {}));
    REQUIRE_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].group, "balie");
    EXPECT_EQ(rows[0].outcome, "bought");
    EXPECT_EQ(rows[0].value_cents, 12550);
    EXPECT_EQ(rows[0].nps, 10);
    EXPECT_EQ(rows[1].outcome, "churned");
    EXPECT_EQ(rows[1].value_cents, std::nullopt);
    EXPECT_EQ(rows[1].nps, 3);
    EXPECT_EQ(rows[2].group, "");
    EXPECT_EQ(rows[2].outcome, std::nullopt);
    EXPECT_EQ(rows[2].nps, std::nullopt);

    OutcomeRowsQuery q;
    q.group_by = OutcomeGrouping::kCustomerAttribute;
    q.attribute_slot = 0;
    q.from = 150;
    ASSIGN_OR_RETURN(rows, OutcomeStore::Rows(c, t, q));
    REQUIRE_EQ(rows.size(), 2u);  // i2, i3
    EXPECT_EQ(rows[0].group, "");
    q.from.reset();
    q.to = 150;
    ASSIGN_OR_RETURN(rows, OutcomeStore::Rows(c, t, q));
    REQUIRE_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].group, "zakelijk");
    q.group_by = OutcomeGrouping::kChannel;
    ASSIGN_OR_RETURN(rows, OutcomeStore::Rows(c, t, q));
    EXPECT_EQ(rows[0].group, "phone");
    ASSIGN_OR_RETURN(auto foreign, OutcomeStore::Rows(c, other, {}));
    EXPECT_TRUE(foreign.empty());
    return Status::Ok();
  });
}

}  // namespace

INSTANTIATE_BACKENDS(Store, OutcomeStoreTest);

}  // namespace beleving::store::conformance
