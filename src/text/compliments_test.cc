#include "text/compliments.h"

#include <gtest/gtest.h>

namespace beleving::text {
namespace {

using Ids = std::vector<std::string>;

class ComplimentsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    analyzer_ = new TextAnalyzer(std::move(TextAnalyzer::Create()).value());
  }
  static void TearDownTestSuite() { delete analyzer_; }

  // The whole organisation: two employees called Wouter.
  const EmployeeDirectory org_{{{"1", "Wouter de Vries"},
                                {"2", "Wouter Bakker"},
                                {"3", "Sanne Jansen"},
                                {"4", "Fleur Visser"}}};

  Ids Credit(std::string_view comment, std::optional<int> nps,
             std::optional<std::string> contact = std::nullopt) const {
    return ComplimentedEmployees(*analyzer_, org_, {comment, nps, std::move(contact)});
  }

  static TextAnalyzer* analyzer_;
};

TextAnalyzer* ComplimentsTest::analyzer_ = nullptr;

TEST_F(ComplimentsTest, TwoWoutersMakeTheFirstNameAmbiguous) {
  // "Wouter" alone could be either: nobody is credited by the name.
  EXPECT_EQ(Credit("Wouter was super vriendelijk!", 10), Ids{});
  // Not on someone else's contact either: the praise is for a Wouter.
  EXPECT_EQ(Credit("Wouter was super vriendelijk!", 10, "4"), Ids{});
  // A full name that is unique credits exactly that Wouter.
  EXPECT_EQ(Credit("Wouter de Vries was super vriendelijk!", 10), Ids{"1"});
  EXPECT_EQ(Credit("Dank aan Wouter Bakker voor het meedenken.", 9), Ids{"2"});
  // On a Wouter's own contact the contact says which Wouter it was.
  EXPECT_EQ(Credit("Wouter was super vriendelijk!", 9, "2"), Ids{"2"});
  EXPECT_EQ(Credit("Ik werd geholpen door Wouter. Echt top service!", 9, "1"), Ids{"1"});
  EXPECT_TRUE(IsComplimentFor(*analyzer_, org_, "2", {"Wouter was top!", 10, "2"}));
  EXPECT_FALSE(IsComplimentFor(*analyzer_, org_, "1", {"Wouter was top!", 10, "2"}));
}

TEST_F(ComplimentsTest, AUniqueFirstNameCredits) {
  EXPECT_EQ(Credit("Sanne was top, heel fijn geholpen.", 9), Ids{"3"});
  EXPECT_EQ(Credit("sanne heeft me geweldig geholpen", std::nullopt), Ids{"3"});
  // Named in a negative sentence: a mention, not a compliment.
  EXPECT_EQ(Credit("Sanne was onbeschoft en hielp me niet.", 8), Ids{});
}

TEST_F(ComplimentsTest, ADetractorsCommentIsNeverACompliment) {
  for (int score = 0; score <= 6; ++score) {
    EXPECT_EQ(Credit("Sanne was top, bedankt!", score), Ids{}) << score;
    EXPECT_EQ(Credit("Super vriendelijk geholpen!", score, "4"), Ids{}) << score;
  }
  EXPECT_EQ(Credit("Sanne was top, bedankt!", 7), Ids{"3"});
}

TEST_F(ComplimentsTest, OwnContactCountsWhenPositiveAndNobodyElseIsNamed) {
  EXPECT_EQ(Credit("Heel goed geholpen, echt top!", 10, "4"), Ids{"4"});
  EXPECT_EQ(Credit("Heel goed geholpen, echt top!", 10), Ids{});  // no contact
  EXPECT_EQ(Credit("Het duurde lang en niemand wist iets.", 8, "4"), Ids{});
  // The praise names someone else: it is theirs, not the contact's.
  EXPECT_EQ(Credit("Sanne heeft het super opgelost!", 10, "4"), Ids{"3"});
  // Both named in a positive sentence: both credited.
  EXPECT_EQ(Credit("Fleur en Sanne waren allebei heel behulpzaam!", 10, "4"), (Ids{"4", "3"}));
}

TEST_F(ComplimentsTest, TheSameFullNameTwiceIsAmbiguousToo) {
  const EmployeeDirectory twins({{"7", "Wouter de Vries"}, {"8", "Wouter de Vries"}});
  EXPECT_EQ(ComplimentedEmployees(*analyzer_, twins, {"Wouter de Vries was top!", 10, {}}), Ids{});
  EXPECT_EQ(ComplimentedEmployees(*analyzer_, twins, {"Wouter de Vries was top!", 10, "8"}),
            Ids{"8"});
  auto a = analyzer_->Analyze("Wouter de Vries was top!", {.employees = &twins});
  ASSERT_EQ(a.mentions.size(), 2u);
  EXPECT_TRUE(a.mentions[0].ambiguous);
  EXPECT_TRUE(a.mentions[0].full_name);
}

}  // namespace
}  // namespace beleving::text
