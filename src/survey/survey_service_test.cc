// The survey service's rules, without HTTP: validation, the key that cannot
// change, permissions, tenant isolation, audit entries, the page cache.
#include "survey/survey_service.h"

#include "survey/ask_test_fixture.h"

namespace beleving::survey {
namespace {

Definition Balie() {
  Definition d = DefaultNpsSurvey();
  d.key = "balie";
  d.name = "Balie";
  return d;
}

TEST_F(AskTest, CreateReplaceDeleteAreAuditedWithTheCaller) {
  auto made = surveys_->Create(Admin(), Balie());
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(made->key, "balie");
  Definition d = Balie();
  d.name = "Balie (nieuw)";
  auto replaced = surveys_->Replace(Admin(), made->id, d);
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_EQ(replaced->name, "Balie (nieuw)");
  EXPECT_EQ(surveys_->Get(Admin(), made->id)->definition.name, "Balie (nieuw)");
  ASSERT_TRUE(surveys_->Delete(Admin(), made->id).ok());
  EXPECT_EQ(surveys_->Get(Admin(), made->id).status().code(), StatusCode::kNotFound);
  const std::string subject = "survey:" + std::to_string(made->id);
  EXPECT_EQ(Audit(),
            (std::vector<std::string>{"user:7 create " + subject, "user:7 update " + subject,
                                      "user:7 delete " + subject}));
  // One write per change: the audit entry commits with the change.
  EXPECT_EQ(db_->writes, 3);
}

TEST_F(AskTest, TheKeyIsUniqueAndCannotChange) {
  auto made = surveys_->Create(Admin(), Balie());
  ASSERT_TRUE(made.ok());
  auto twice = surveys_->Create(Admin(), Balie());
  EXPECT_EQ(twice.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(twice.status().field(), "/key");
  Definition other = Balie();
  other.key = "kassa";
  auto moved = surveys_->Replace(Admin(), made->id, other);
  EXPECT_EQ(moved.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(moved.status().field(), "/key");
  // Nothing was written for the refused changes: only the creation is audited.
  EXPECT_EQ(Audit().size(), 1u);
}

TEST_F(AskTest, ADefinitionMadeInCodePassesTheSameParser) {
  Definition d = Balie();
  d.questions[0].text.erase("nl");  // Dutch is required
  auto made = surveys_->Create(Admin(), d);
  EXPECT_EQ(made.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(made.status().field(), "/questions/0/text/nl");
  d = Balie();
  d.key = "Met Spaties";
  EXPECT_EQ(surveys_->Create(Admin(), d).status().field(), "/key");
}

TEST_F(AskTest, OnlyManagersChangeAndEveryReaderReads) {
  EXPECT_EQ(surveys_->Create(Employee(), Balie()).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(surveys_->Create(ReadKey(), Balie()).status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(surveys_->Create(Session(acme_, security::Role::kManager), Balie()).ok());
  auto list = surveys_->List(Employee());
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);  // nps and balie
  EXPECT_TRUE(surveys_->List(ReadKey()).ok());
}

TEST_F(AskTest, AnotherOrganisationsSurveyIsNotFound) {
  auto mine = surveys_->Create(Admin(), Balie());
  ASSERT_TRUE(mine.ok());
  const auto foreign = Admin(globex_);
  EXPECT_EQ(surveys_->Get(foreign, mine->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(surveys_->Replace(foreign, mine->id, Balie()).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(surveys_->Delete(foreign, mine->id).code(), StatusCode::kNotFound);
  EXPECT_TRUE(surveys_->Get(Admin(), mine->id).ok());
  EXPECT_TRUE(Audit(globex_).empty());
}

TEST_F(AskTest, StarterSurveysGetAFreeKeyFromTheirName) {
  auto a = surveys_->CreateFromStarter(Admin(), {"  Werkplaats  ", "csat"});
  auto b = surveys_->CreateFromStarter(Admin(), {"Werkplaats", "ces"});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->key, "werkplaats");
  EXPECT_EQ(a->name, "Werkplaats");
  EXPECT_EQ(b->key, "werkplaats_2");
  EXPECT_EQ(b->definition.questions[0].type, QuestionType::kCes);
  EXPECT_EQ(surveys_->CreateFromStarter(Admin(), {"   ", "nps"}).status().field(), "/name");
  EXPECT_EQ(surveys_->CreateFromStarter(Admin(), {"Quiz", "quiz"}).status().field(), "/kind");
  EXPECT_EQ(Audit().size(), 2u);
}

TEST_F(AskTest, ImportCreatesThenReplacesByKey) {
  auto first = surveys_->Import(Admin(), Balie());
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->replaced);
  Definition d = Balie();
  d.name = "Balie 2";
  auto second = surveys_->Import(Admin(), d);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->replaced);
  EXPECT_EQ(second->survey.id, first->survey.id);
  EXPECT_EQ(surveys_->GetByKey(Admin(), "balie")->name, "Balie 2");
}

TEST_F(AskTest, ChangesDropTheCachedFirstViews) {
  auto made = surveys_->Create(Admin(), Balie());
  ASSERT_TRUE(made.ok());
  pages_.Put(PageCache::Key("tok", ""), "page", clock_.Now() + 3600, clock_.Now());
  ASSERT_EQ(pages_.size(), 1u);
  ASSERT_TRUE(surveys_->Replace(Admin(), made->id, Balie()).ok());
  EXPECT_EQ(pages_.size(), 0u);
}

TEST_F(AskTest, ASurveyInUseCannotBeDeleted) {
  auto nps = surveys_->GetByKey(Admin(), "nps");
  ASSERT_TRUE(nps.ok());
  ASSERT_TRUE(qr_->Link(Admin(), QrRequest{}).ok());  // a QR code refers to it
  const Status st = surveys_->Delete(Admin(), nps->id);
  EXPECT_EQ(st.code(), StatusCode::kConflict) << st.ToString();
  EXPECT_TRUE(surveys_->Get(Admin(), nps->id).ok());
}

}  // namespace
}  // namespace beleving::survey
