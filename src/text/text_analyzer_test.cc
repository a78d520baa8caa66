#include "text/text_analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace beleving::text {
namespace {

const TextAnalyzer& Analyzer() {
  static const TextAnalyzer* a = [] {
    auto r = TextAnalyzer::Create();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new TextAnalyzer(std::move(r).value());
  }();
  return *a;
}

double Score(std::string_view s) { return Analyzer().Analyze(s).sentiment; }
Polarity Pol(std::string_view s) { return Analyzer().Analyze(s).polarity; }

const ThemeMention* FindTheme(const CommentAnalysis& a, std::string_view key) {
  auto it = std::find_if(a.themes.begin(), a.themes.end(),
                         [&](const ThemeMention& t) { return t.theme == key; });
  return it == a.themes.end() ? nullptr : &*it;
}

bool HasEvidence(const ThemeMention* t, std::string_view word) {
  return t != nullptr &&
         std::find(t->evidence.begin(), t->evidence.end(), word) != t->evidence.end();
}

TEST(NormaliseTest, LowercasesFoldsDiacriticsAndQuotes) {
  EXPECT_EQ(Normalise("Geïnformeerd ÉÉN Café ĲSSELMEER"), "geinformeerd een cafe ijsselmeer");
  EXPECT_EQ(Normalise("zo\u2019n \u201Cgoed\u201D"), "zo'n \"goed\"");
  EXPECT_EQ(Normalise("😡 blijft"), "😡 blijft");
}

TEST(TokeniseTest, WordsEmojiEmoticonsAndPunctuation) {
  std::vector<Token> t;
  const std::string norm = Normalise("Top!! :-) zo'n 😡, klaar");
  Tokenise(norm, &t);
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].text, "top");
  EXPECT_EQ(t[1].kind, TokenKind::kExclamation);
  EXPECT_EQ(t[2].kind, TokenKind::kEmoji);
  EXPECT_EQ(t[3].text, "zo'n");
  EXPECT_EQ(t[4].text, "😡");
  EXPECT_EQ(t[5].kind, TokenKind::kClauseBreak);
}

TEST(SentencesTest, SplitsOnTerminatorsAndNewlines) {
  std::vector<Span> s;
  const std::string text = "Goed geholpen. Maar lang gewacht!! Prijs 2.5 euro\nKlaar";
  SplitSentences(text, &s);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(text.substr(s[1].begin, s[1].end - s[1].begin), "Maar lang gewacht!!");
  EXPECT_EQ(text.substr(s[2].begin, s[2].end - s[2].begin), "Prijs 2.5 euro");
}

TEST(LanguageTest, DetectsDutchAndEnglish) {
  const TextAnalyzer& a = Analyzer();
  EXPECT_EQ(a.DetectLanguage("Ik ben heel tevreden over de service van de monteur"),
            Language::kDutch);
  EXPECT_EQ(a.DetectLanguage("The staff were friendly and the car was ready on time"),
            Language::kEnglish);
  EXPECT_EQ(a.Analyze("Supersnel geholpen, top").language, Language::kDutch);
  EXPECT_EQ(a.Analyze("Helpful and friendly").language, Language::kEnglish);
  EXPECT_EQ(a.DetectLanguage("12345", Language::kEnglish), Language::kEnglish);
}

TEST(SentimentTest, BasicPolarityDutchAndEnglish) {
  EXPECT_EQ(Pol("Heel vriendelijk en snel geholpen"), Polarity::kPositive);
  EXPECT_EQ(Pol("Onbeschofte medewerker, waardeloze service"), Polarity::kNegative);
  EXPECT_EQ(Pol("The staff were friendly and helpful"), Polarity::kPositive);
  EXPECT_EQ(Pol("Rude staff and a terrible experience"), Polarity::kNegative);
  EXPECT_EQ(Pol("Ik heb de auto vorige week opgehaald."), Polarity::kNeutral);
  const double s = Score("Uitstekend!");
  EXPECT_GE(s, -1.0);
  EXPECT_LE(s, 1.0);
}

TEST(SentimentTest, NegationFlips) {
  EXPECT_EQ(Pol("Het was goed"), Polarity::kPositive);
  EXPECT_EQ(Pol("Het was niet goed"), Polarity::kNegative);
  EXPECT_EQ(Pol("Geen probleem, alles geregeld"), Polarity::kPositive);
  EXPECT_EQ(Pol("Niet teruggebeld terwijl dat was beloofd"), Polarity::kNegative);
  EXPECT_EQ(Pol("Nooit meer naar deze garage"), Polarity::kNegative);
  EXPECT_EQ(Pol("Nooit problemen gehad"), Polarity::kPositive);
  EXPECT_EQ(Pol("Not bad at all"), Polarity::kPositive);
  EXPECT_EQ(Pol("The staff was not helpful"), Polarity::kNegative);
  EXPECT_EQ(Pol("Never again"), Polarity::kNegative);
  // A negation reaches a few words, not the whole sentence.
  EXPECT_LT(Score("niet goed"), 0);
  EXPECT_GT(Score("niet slecht"), 0);
}

TEST(SentimentTest, IntensifiersAndSoftenersScale) {
  EXPECT_GT(Score("heel vriendelijk"), Score("vriendelijk"));
  EXPECT_GT(Score("super vriendelijk"), Score("vriendelijk"));
  EXPECT_GT(Score("echt goed"), Score("goed"));
  EXPECT_LT(Score("een beetje traag"), 0);
  EXPECT_GT(Score("een beetje traag"), Score("traag"));
  EXPECT_GT(Score("very friendly"), Score("friendly"));
  EXPECT_GT(Score("a bit slow"), Score("slow"));
  EXPECT_LT(Score("erg slecht"), Score("slecht"));
  EXPECT_EQ(Pol("Super!"), Polarity::kPositive);  // alone it is its own word
}

TEST(SentimentTest, ContrastWeighsTheSecondClause) {
  EXPECT_EQ(Pol("Vriendelijke mensen, maar mijn probleem is niet opgelost"), Polarity::kNegative);
  EXPECT_EQ(Pol("Het duurde lang, maar het resultaat is uitstekend"), Polarity::kPositive);
  EXPECT_EQ(Pol("Het duurde even. Maar uiteindelijk prima geholpen."), Polarity::kPositive);
  EXPECT_EQ(Pol("The price was fine, but the service was terrible"), Polarity::kNegative);
  EXPECT_EQ(Pol("It took a while; however, the result was excellent"), Polarity::kPositive);
  EXPECT_EQ(Pol("Ondanks de drukte werden we goed geholpen"), Polarity::kPositive);
}

TEST(SentimentTest, MixedCommentsAreNotPositive) {
  // The main point fails, the concession after "maar wel" is friendliness:
  // mixed or negative, never positive (issue 13).
  EXPECT_NE(Pol("Niet goed geholpen, maar wel vriendelijk."), Polarity::kPositive);
  EXPECT_LT(Score("Niet goed geholpen, maar wel vriendelijk."), 0);
  EXPECT_LT(Score("Het duurde veel te lang, maar ze waren wel heel aardig."), 0);
  EXPECT_EQ(Pol("Aardig meisje, maar ze wist echt niets."), Polarity::kNegative);
  EXPECT_EQ(Pol("De medewerker was aardig, maar kon niets voor me doen."), Polarity::kNegative);
  // A plain contrast still makes the second clause the point.
  EXPECT_EQ(Pol("De wachttijd was wat lang, maar de behandeling was uitstekend."),
            Polarity::kPositive);
  // "maar een kassa open" is "only one", not a contrast.
  EXPECT_EQ(Pol("Lang in de rij gestaan, maar een kassa open."), Polarity::kNegative);
}

TEST(SentimentTest, NegationOfComplaintsAndFragments) {
  EXPECT_EQ(Pol("Niet slecht!"), Polarity::kPositive);
  EXPECT_EQ(Pol("Geen enkel probleem."), Polarity::kPositive);
  EXPECT_EQ(Pol("Geen enkele klacht."), Polarity::kPositive);  // "enkele" does not absorb it
  EXPECT_EQ(Pol("Kan niet beter."), Polarity::kPositive);
  EXPECT_EQ(Pol("Drie keer gebeld en nog steeds niet opgelost."), Polarity::kNegative);
  EXPECT_EQ(Pol("Niemand helpt je."), Polarity::kNegative);
  // Short comments without function words are still read as Dutch.
  EXPECT_EQ(Analyzer().Analyze("Prima winkel.").language, Language::kDutch);
  EXPECT_EQ(Pol("Prima winkel."), Polarity::kPositive);
  EXPECT_EQ(Pol("Suuuper!"), Polarity::kPositive);  // elongation
  // A frequent word that shares a stem with a Pattern adjective is neutral.
  EXPECT_EQ(Pol("Slechte ervaring."), Polarity::kNegative);  // "ervaring" is not "ervaren"
  EXPECT_EQ(Pol("De monteur nam de tijd om alles te laten zien."), Polarity::kPositive);
}

TEST(SentimentTest, IronyTurnsPraiseAgainst) {
  EXPECT_EQ(Pol("Geweldig, weer drie weken wachten."), Polarity::kNegative);
  EXPECT_EQ(Pol("Top hoor, weer een storing."), Polarity::kNegative);
  EXPECT_EQ(Pol("Nou, fijn hoor, weer een lekke band."), Polarity::kNegative);
  EXPECT_EQ(Pol("Heel fijn om na drie maanden nog steeds geen uitslag te hebben."),
            Polarity::kNegative);
  EXPECT_EQ(Pol("Geweldig ziekenhuis, als je graag de hele dag wacht."), Polarity::kNegative);
  EXPECT_EQ(Pol("Bedankt voor niks."), Polarity::kNegative);
  // Sincere praise with a minor point is not irony.
  EXPECT_EQ(Pol("Top service, alleen de koffie was op."), Polarity::kPositive);
  EXPECT_EQ(Pol("Super vriendelijk geholpen, de wachttijd was wat lang."), Polarity::kPositive);
  EXPECT_EQ(Pol("Bedankt voor de snelle hulp!"), Polarity::kPositive);
  // An ironic thank-you is not a compliment.
  EmployeeDirectory staff(std::vector<Employee>{{"e1", "Sanne de Vries"}});
  AnalyzeOptions opt;
  opt.employees = &staff;
  const CommentAnalysis a = Analyzer().Analyze("Sanne, bedankt voor niks.", opt);
  ASSERT_EQ(a.mentions.size(), 1u);
  EXPECT_FALSE(a.mentions[0].compliment);
}

TEST(SentimentTest, WaitingTimesAndWhyQuestions) {
  EXPECT_EQ(Pol("Het pakket lag drie dagen bij het afhaalpunt."), Polarity::kNegative);
  EXPECT_EQ(Pol("Nieuwe afspraak over twee weken."), Polarity::kNegative);
  EXPECT_EQ(Pol("Binnen een uur was het geregeld."), Polarity::kPositive);
  EXPECT_EQ(Pol("Waarom moet ik alles zelf uitzoeken?"), Polarity::kNegative);
}

TEST(SentimentTest, EmojiAndExclamationCues) {
  EXPECT_EQ(Pol("Bezorgd 😡"), Polarity::kNegative);
  EXPECT_EQ(Pol("Bezorgd :-)"), Polarity::kPositive);
  EXPECT_EQ(Pol("Pakket ontvangen 👍"), Polarity::kPositive);
  EXPECT_GT(Score("Top service!!"), Score("Top service"));
  EXPECT_LT(Score("Slechte service!!!"), Score("Slechte service"));
}

TEST(ThemesTest, ThemesCarrySentencePolarityAndEvidence) {
  const CommentAnalysis a =
      Analyzer().Analyze("De monteur was heel vriendelijk. Maar de wachttijd was veel te lang!");
  const ThemeMention* friendly = FindTheme(a, "friendliness");
  ASSERT_NE(friendly, nullptr);
  EXPECT_EQ(friendly->polarity, Polarity::kPositive);
  EXPECT_TRUE(HasEvidence(friendly, "vriendelijk"));
  const ThemeMention* wait = FindTheme(a, "waiting_time");
  ASSERT_NE(wait, nullptr);
  EXPECT_EQ(wait->polarity, Polarity::kNegative);
  EXPECT_TRUE(HasEvidence(wait, "wachttijd"));
  ASSERT_EQ(a.sentences.size(), 2u);
  EXPECT_EQ(a.sentences[1].polarity, Polarity::kNegative);
  ASSERT_FALSE(a.sentences[0].themes.empty());
}

TEST(ThemesTest, StemsAndPhrasesMatch) {
  const CommentAnalysis a = Analyzer().Analyze(
      "Ik ben van het kastje naar de muur gestuurd en werd niet teruggebeld over mijn klachten");
  EXPECT_TRUE(HasEvidence(FindTheme(a, "communication"), "teruggebeld"));
  EXPECT_TRUE(HasEvidence(FindTheme(a, "complaint_handling"), "klachten"));  // stem of klacht
  EXPECT_EQ(a.polarity, Polarity::kNegative);
  const CommentAnalysis en =
      Analyzer().Analyze("They never called back and the price was too high");
  EXPECT_TRUE(HasEvidence(FindTheme(en, "communication"), "called back"));
  EXPECT_NE(FindTheme(en, "price"), nullptr);
}

TEST(ThemesTest, AllBuiltInThemesExist) {
  for (const char* key :
       {"certainty", "flexibility", "reliability", "customisation", "complaint_handling", "trust",
        "respect", "attention", "friendliness", "waiting_time", "communication", "expertise",
        "price", "product_quality", "ambience"}) {
    const auto& themes = Analyzer().themes();
    EXPECT_TRUE(std::any_of(themes.begin(), themes.end(), [&](const ThemeInfo& t) {
      return t.key == key;
    })) << key;
  }
}

TextAnalyzerConfig OrgConfig(std::string json) {
  TextAnalyzerConfig c;
  c.org_vocabulary_json = std::move(json);
  return c;
}

TEST(OrgVocabularyTest, AddsThemesAndTerms) {
  auto org = TextAnalyzer::Create(OrgConfig(R"({"themes": [{"key": "parking",
      "label": {"nl": "Parkeren"},
      "terms": {"nl": ["parkeren", "parkeerplaats"], "en": ["parking"]}}],
      "terms": {"nl": {"positive": ["gezellig druk"], "negative": ["blikken trommel"]}}})"));
  ASSERT_TRUE(org.ok()) << org.status().ToString();
  const CommentAnalysis a = org->Analyze("Parkeren was lastig, echt een blikken trommel");
  EXPECT_TRUE(HasEvidence(FindTheme(a, "parking"), "parkeren"));
  EXPECT_EQ(a.polarity, Polarity::kNegative);
  EXPECT_EQ(org->Analyze("Het was gezellig druk in de zaak").polarity, Polarity::kPositive);
  EXPECT_TRUE(HasEvidence(FindTheme(org->Analyze("No parking at all"), "parking"), "parking"));
}

TEST(OrgVocabularyTest, ErrorsNameTheField) {
  auto bad =
      TextAnalyzer::Create(OrgConfig(R"({"themes": [{"key": "ok", "terms": {"nl": ["a", 3]}}]})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "/themes/0/terms/nl/1");
  auto key = ParseOrgVocabulary(R"({"themes": [{"key": "Bad Key", "terms": {}}]})");
  EXPECT_EQ(key.status().field(), "/themes/0/key");
  auto lang = ParseOrgVocabulary(R"({"terms": {"fr": {"positive": ["bien"]}}})");
  EXPECT_EQ(lang.status().field(), "/terms/fr");
  auto score = ParseOrgVocabulary(R"({"terms": {"nl": {"scores": {"top": 3}}}})");
  EXPECT_EQ(score.status().field(), "/terms/nl/scores/top");
  EXPECT_FALSE(ParseOrgVocabulary("not json").ok());
}

TEST(MentionsTest, FirstAndFullNamesAndCompliments) {
  const EmployeeDirectory dir(
      {{"e1", "Sanne de Vries"}, {"e2", "Mark Jansen"}, {"e3", "Mark Bakker"}, {"e4", "Sem"}});
  AnalyzeOptions opt;
  opt.employees = &dir;
  CommentAnalysis a = Analyzer().Analyze("Sanne heeft ons fantastisch geholpen!", opt);
  ASSERT_EQ(a.mentions.size(), 1u);
  EXPECT_EQ(a.mentions[0].employee_id, "e1");
  EXPECT_TRUE(a.mentions[0].compliment);
  EXPECT_FALSE(a.mentions[0].full_name);

  a = Analyzer().Analyze("Dank aan SANNE DE VRIES voor de hulp", opt);
  ASSERT_EQ(a.mentions.size(), 1u);
  EXPECT_TRUE(a.mentions[0].full_name);
  EXPECT_TRUE(a.mentions[0].compliment);

  a = Analyzer().Analyze("Mark Jansen was onbeschoft en hielp niet.", opt);
  ASSERT_EQ(a.mentions.size(), 1u);
  EXPECT_EQ(a.mentions[0].employee_id, "e2");
  EXPECT_FALSE(a.mentions[0].compliment);

  a = Analyzer().Analyze("Mark was aardig", opt);  // two Marks: both, ambiguous
  ASSERT_EQ(a.mentions.size(), 2u);
  EXPECT_TRUE(a.mentions[0].ambiguous);

  // Not inside other words; a plain thank-you marks a compliment.
  EXPECT_TRUE(Analyzer().Analyze("Sannes collega en Semafoor", opt).mentions.empty());
  a = Analyzer().Analyze("Thanks to Sem for the follow-up", opt);
  ASSERT_EQ(a.mentions.size(), 1u);
  EXPECT_TRUE(a.mentions[0].compliment);
}

TEST(MentionsTest, DirectoryFromJson) {
  auto dir = EmployeeDirectory::FromJson(
      R"([{"id": "a1", "name": "Fatima El Amrani"}, {"id": 7, "name": "Pieter"}])");
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(dir->employees()[1].id, "7");
  auto bad = EmployeeDirectory::FromJson(R"([{"id": "a1"}])");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "/0/name");
}

TEST(AnalyzerTest, ThreadSafeConstAnalyze) {
  const std::string text = "De medewerker was vriendelijk, maar ik wacht al weken op antwoord.";
  const CommentAnalysis expected = Analyzer().Analyze(text);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      CommentAnalysis a;
      for (int i = 0; i < 500; ++i) {
        Analyzer().Analyze(i % 2 ? text : "Top service, dank je wel!", {}, &a);
        if (i % 2 && a.sentiment != expected.sentiment) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(AnalyzerTest, EmptyAndOddInput) {
  EXPECT_EQ(Analyzer().Analyze("").polarity, Polarity::kNeutral);
  EXPECT_EQ(Analyzer().Analyze("   \n  ").sentences.size(), 0u);
  EXPECT_NO_FATAL_FAILURE(Analyzer().Analyze(std::string("\xff\xfe goed \xc3", 10)));
}

}  // namespace
}  // namespace beleving::text
