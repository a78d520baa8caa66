#include "i18n/catalogue.h"

#include <gtest/gtest.h>

#include "i18n/locale.h"

namespace beleving::i18n {
namespace {

TEST(Catalogue, LoadsWithoutProblemsAndEveryEntryHasBothLanguages) {
  EXPECT_TRUE(LoadProblems().empty()) << LoadProblems().front();
  ASSERT_FALSE(Entries().empty());
  for (const auto& e : Entries()) {
    EXPECT_FALSE(e.nl.empty()) << e.key;
    EXPECT_FALSE(e.en.empty()) << e.key;
  }
}

TEST(Catalogue, PluralKeysComeInPairs) {
  for (const auto& e : Entries()) {
    const auto dot = e.key.rfind('.');
    const std::string last = e.key.substr(dot + 1);
    const std::string stem = e.key.substr(0, dot);
    if (last == "one") {
      EXPECT_TRUE(Has(stem + ".other")) << e.key;
    }
    if (last == "other") {
      EXPECT_TRUE(Has(stem + ".one")) << e.key;
    }
  }
}

TEST(Catalogue, FormatsAndFallsBackToTheKey) {
  EXPECT_EQ(Text(Lang::kNl, "month.mar"), "maart");
  EXPECT_EQ(Text(Lang::kEn, "month.mar"), "March");
  EXPECT_EQ(Text(Lang::kNl, "no.such.key"), "no.such.key");
  EXPECT_FALSE(Has("no.such.key"));
}

TEST(Catalogue, PicksTheLanguageOfAcceptLanguage) {
  EXPECT_EQ(FromAcceptLanguage("en-GB,en;q=0.9,nl;q=0.8", Lang::kNl), Lang::kEn);
  EXPECT_EQ(FromAcceptLanguage("de-DE,nl;q=0.5,en;q=0.4", Lang::kEn), Lang::kNl);
  EXPECT_EQ(FromAcceptLanguage("fr", Lang::kNl), Lang::kNl);
  EXPECT_EQ(FromAcceptLanguage("", Lang::kEn), Lang::kEn);
  EXPECT_EQ(ParseLang("nl-BE"), Lang::kNl);
  EXPECT_EQ(ParseLang("nld"), std::nullopt);
}

TEST(Locale, DutchAndEnglishNumbers) {
  EXPECT_EQ(Number(Lang::kNl, 3611), "3.611");
  EXPECT_EQ(Number(Lang::kEn, 3611), "3,611");
  EXPECT_EQ(Number(Lang::kNl, 1234567.26, 1), "1.234.567,3");
  EXPECT_EQ(Number(Lang::kEn, 12.5, 1), "12.5");
  EXPECT_EQ(Number(Lang::kNl, -0.2), "0");
  EXPECT_EQ(Number(Lang::kNl, -42), "-42");
  EXPECT_EQ(SignedNumber(Lang::kNl, 4), "+4");
  EXPECT_EQ(SignedNumber(Lang::kNl, 0), "0");
  EXPECT_EQ(SignedNumber(Lang::kEn, -3), "-3");
  EXPECT_EQ(Percent(Lang::kNl, 0.125, 1), "12,5%");
}

TEST(Locale, DatesInTheOrganisationsZone) {
  auto tz = TimeZone::Load("Europe/Amsterdam");
  ASSERT_TRUE(tz.ok());
  // 2026-11-30T23:30:00Z is already 1 December in Amsterdam.
  const int64_t t = 1796081400;
  EXPECT_EQ(Date(Lang::kNl, t, *tz), "1-12-2026");
  EXPECT_EQ(Date(Lang::kEn, t, *tz), "1 Dec 2026");
  EXPECT_EQ(DateTime(Lang::kNl, t, *tz), "1-12-2026 00:30");
  EXPECT_EQ(MonthName(Lang::kNl, 3, true), "mrt");
  EXPECT_EQ(MonthYear(Lang::kNl, t, *tz), "december 2026");
}

}  // namespace
}  // namespace beleving::i18n
