// The public survey pages as HTML: accessible markup, small, the follow-up
// of the score's band, and every text in the page's language from the
// catalogue (a Dutch page holds none of the English texts, and back).
#include "web/public/survey_page.h"

#include <gtest/gtest.h>

#include "survey/starter.h"
#include "web/public/survey_shell.h"

namespace beleving::web {
namespace {

using survey::LinkState;
using survey::SurveyLink;

SurveyLink Open(const survey::Definition& d, i18n::Lang lang) {
  SurveyLink l;
  l.state = LinkState::kOpen;
  l.lang = lang;
  l.org_name = "Acme & Co";
  l.survey = d;
  l.nonce = "n<once";
  return l;
}

// The ask.* catalogue texts of the other language that do not also occur in
// this one (names like "NPS" are the same in both).
std::vector<std::string> ForeignTexts(i18n::Lang lang) {
  std::vector<std::string> out;
  for (const auto& e : i18n::Entries()) {
    if (!e.key.starts_with("ask.page.") && !e.key.starts_with("ask.link.") &&
        !e.key.starts_with("ask.unsubscribe.")) {
      continue;
    }
    const std::string& mine = lang == i18n::Lang::kNl ? e.nl : e.en;
    const std::string& other = lang == i18n::Lang::kNl ? e.en : e.nl;
    std::string fixed = other.substr(0, other.find('{'));
    if (other != mine && fixed.size() >= 4) out.push_back(fixed);
  }
  return out;
}

void ExpectOnly(const std::string& html, i18n::Lang lang) {
  for (const auto& t : ForeignTexts(lang)) {
    EXPECT_EQ(html.find(t), std::string::npos)
        << "'" << t << "' on a " << i18n::Code(lang) << " page";
  }
  EXPECT_NE(html.find(std::string("<html lang=\"") + std::string(i18n::Code(lang)) + "\""),
            std::string::npos);
  EXPECT_EQ(html.find("ask."), std::string::npos) << "a missing catalogue key";
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_LT(html.size(), 30u * 1024);
}

TEST(SurveyPageTest, ScaleIsAccessibleAndSmall) {
  const survey::Definition d = survey::DefaultNpsSurvey();
  SurveyLink l = Open(d, i18n::Lang::kNl);
  std::string html = RenderSurveyStep(l, "/s/tok", 1);
  EXPECT_NE(html.find("<fieldset"), std::string::npos);
  EXPECT_NE(html.find("<legend>"), std::string::npos);
  EXPECT_NE(html.find("aria-describedby=\"q-nps-anchors\""), std::string::npos);
  EXPECT_NE(html.find("Zeer onwaarschijnlijk"), std::string::npos);
  EXPECT_NE(html.find("Acme &amp; Co"), std::string::npos);
  EXPECT_NE(html.find("n&lt;once"), std::string::npos);
  EXPECT_NE(html.find("Stap 1 van 2"), std::string::npos);
  ExpectOnly(html, i18n::Lang::kNl);
  l.draft["nps"] = 3;
  html = RenderSurveyStep(l, "/s/tok", 2);
  EXPECT_NE(html.find("Wat ging er mis, en wat had beter gekund?"), std::string::npos);
  EXPECT_NE(html.find("Score aanpassen"), std::string::npos);
  ExpectOnly(html, i18n::Lang::kNl);
  l.lang = i18n::Lang::kEn;
  l.draft["nps"] = 10;
  html = RenderSurveyStep(l, "/s/tok", 2, "Please answer: x");
  EXPECT_NE(html.find("What did we do especially well?"), std::string::npos);
  EXPECT_NE(html.find("role=\"alert\""), std::string::npos);
  ExpectOnly(html, i18n::Lang::kEn);
}

TEST(SurveyPageTest, FollowUpMatchesTheScoreBand) {
  auto d = survey::StarterSurvey("nps", "nps", "Aanbeveling");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const struct {
    i18n::Lang lang;
    const char* promoter;
    const char* passive;
    const char* detractor;
  } kWordings[] = {
      {i18n::Lang::kNl, "Wat deden we vooral goed?", "Wat had het nog beter gemaakt?",
       "Wat ging er mis, en wat had beter gekund?"},
      {i18n::Lang::kEn, "What did we do especially well?", "What would have made it even better?",
       "What went wrong, and what could we have done better?"},
  };
  for (const auto& w : kWordings) {
    for (int score = 0; score <= 10; ++score) {
      SCOPED_TRACE(std::string(i18n::Code(w.lang)) + " score " + std::to_string(score));
      SurveyLink l = Open(*d, w.lang);
      l.draft["nps"] = score;
      const std::string html = RenderSurveyStep(l, "/s/tok", 2);
      const char* want = score >= 9 ? w.promoter : score >= 7 ? w.passive : w.detractor;
      for (const char* text : {w.promoter, w.passive, w.detractor}) {
        EXPECT_EQ(html.find(text) != std::string::npos, text == want) << text;
      }
      // No band's question names a score the respondent did not give.
      EXPECT_EQ(html.find("een 10"), std::string::npos);
      EXPECT_EQ(html.find("a 10"), std::string::npos);
    }
  }
}

TEST(SurveyPageTest, CesAnchorsRunFromDifficultToEasy) {
  auto d = survey::StarterSurvey("ces", "balie", "Balie");
  ASSERT_TRUE(d.ok());
  const std::string html = RenderSurveyStep(Open(*d, i18n::Lang::kNl), "/s/tok", 2);
  const size_t low = html.find("Heel moeilijk"), high = html.find("Heel makkelijk");
  ASSERT_NE(low, std::string::npos);
  ASSERT_NE(high, std::string::npos);
  EXPECT_LT(low, high);
  EXPECT_NE(html.find("value=\"7\""), std::string::npos);
  EXPECT_EQ(html.find("value=\"8\""), std::string::npos);
  EXPECT_EQ(html.find("Stap"), std::string::npos);  // one step: no score question
}

TEST(SurveyPageTest, ThankYouAndLinkProblemsSpeakTheCustomersLanguage) {
  const survey::Definition d = survey::DefaultNpsSurvey();
  for (auto lang : {i18n::Lang::kNl, i18n::Lang::kEn}) {
    SurveyLink l = Open(d, lang);
    l.state = LinkState::kAnswered;
    l.draft["nps"] = 9;
    const std::string thanks = RenderThankYou(l);
    EXPECT_NE(thanks.find(lang == i18n::Lang::kNl ? "Bedankt" : "Thank you"), std::string::npos);
    EXPECT_NE(thanks.find(lang == i18n::Lang::kNl ? "Wil je een vriend uitnodigen?"
                                                  : "Would you like to invite a friend?"),
              std::string::npos);
    ExpectOnly(thanks, lang);
    for (int status : {403, 404, 410, 500}) {
      http::Response r = LinkProblemPage(lang, status);
      EXPECT_EQ(r.status, status);
      EXPECT_NE(r.content_type.find("text/html"), std::string::npos);
      ExpectOnly(r.body, lang);
    }
  }
  EXPECT_NE(LinkProblemPage(i18n::Lang::kNl, 410).body.find("Deze link is verlopen"),
            std::string::npos);
  EXPECT_NE(LinkProblemPage(i18n::Lang::kEn, 404).body.find("We cannot find this link"),
            std::string::npos);
}

}  // namespace
}  // namespace beleving::web
