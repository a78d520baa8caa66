// Complaints from every door, without HTTP.
#include "loop/complaints.h"

#include "loop/loop_fixture_test.h"

namespace beleving::loop {
namespace {

using ComplaintsTest = LoopServiceTest;

TEST_F(ComplaintsTest, TheApiOpensACaseAndARetryIsADuplicate) {
  NewComplaint in;
  in.narrative = "De monteur kwam niet.";
  in.external_id = "crm-1";
  in.subject = "Monteur";
  auto& complaints = loop_->complaints();
  EXPECT_EQ(complaints.Submit(ApiKey(security::kScopeRead), in).status().code(),
            StatusCode::kPermissionDenied);
  auto r = complaints.Submit(ApiKey(security::kScopeIngest), in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->duplicate);
  ASSERT_TRUE(r->complaint.case_id.has_value());
  auto kase = loop_->cases().Get(Operator(), *r->complaint.case_id);
  EXPECT_EQ(kase->view.record.case_type, "complaint");
  EXPECT_EQ(kase->view.title_facts->complaint_subject, "Monteur");
  EXPECT_TRUE(complaints.Submit(ApiKey(security::kScopeIngest), in)->duplicate);
  in.narrative = "  ";
  EXPECT_EQ(complaints.Submit(Operator(), in).status().field(), "/narrative");
  // Reading is for managers and admins, and audited.
  bool more = false;
  EXPECT_EQ(complaints.List(Session(security::Role::kEmployee), 0, 10, &more).status().code(),
            StatusCode::kPermissionDenied);
  ASSERT_EQ(complaints.List(Operator(), 0, 10, &more)->size(), 1u);
  EXPECT_EQ(AuditEntries()[0].action, "complaints.list");
}

TEST_F(ComplaintsTest, ThePublicFormRefusesEmptyAndLongTextAndIgnoresBots) {
  auto& complaints = loop_->complaints();
  EXPECT_EQ(complaints.FormOrg("nobody").status().code(), StatusCode::kNotFound);
  auto org = complaints.FormOrg("acme");
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org->language, "nl");
  ComplaintForm f{"Piet", "piet@example.nl", "Bus", " \n", ""};
  EXPECT_EQ(complaints.SubmitForm(*org, f).status().field(), "/narrative");
  f.narrative = std::string(kMaxFormNarrative + 1, 'x');
  EXPECT_EQ(complaints.SubmitForm(*org, f).status().field(), "/narrative");
  f.narrative = "De bus kwam niet";
  f.website = "http://spam.example";
  EXPECT_EQ(*complaints.SubmitForm(*org, f), 0);
  f.website.clear();
  auto ref = complaints.SubmitForm(*org, f);
  ASSERT_TRUE(ref.ok());
  EXPECT_GT(*ref, 0);
  auto x = complaints.Get(Operator(), *ref);
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->source, "form");
  EXPECT_EQ(*x->name, "Piet");
}

TEST_F(ComplaintsTest, AnImportCountsDuplicatesAndAuditsEachNewOne) {
  std::vector<ComplaintService::Imported> items(2);
  items[0] = {"cfpb", "cfpb:1", {}};
  items[0].complaint.issue = "Debt";
  items[1] = {"cfpb", "cfpb:2", {}};
  auto first = loop_->complaints().Import(Operator(), items);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->imported, 2u);
  auto again = loop_->complaints().Import(Operator(), items);
  EXPECT_EQ(again->imported, 0u);
  EXPECT_EQ(again->duplicates, 2u);
  EXPECT_EQ(AuditEntries().size(), 2u);
  EXPECT_EQ(loop_->complaints().Import(Session(security::Role::kManager), items).status().code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace beleving::loop
