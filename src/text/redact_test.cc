#include "text/redact.h"

#include <gtest/gtest.h>

namespace beleving::text {
namespace {

TEST(RedactTest, Email) {
  EXPECT_EQ(Redact("Mail mij op jan.de-vries+cx@voorbeeld.nl graag"), "Mail mij op [email] graag");
  EXPECT_EQ(Redact("prijs @ 5 euro"), "prijs @ 5 euro");
}

TEST(RedactTest, DutchAndInternationalPhones) {
  EXPECT_EQ(Redact("Bel 06-12345678 terug"), "Bel [telefoon] terug");
  EXPECT_EQ(Redact("Bel +31 6 1234 5678."), "Bel [telefoon].");
  EXPECT_EQ(Redact("Kantoor 020-1234567"), "Kantoor [telefoon]");
  EXPECT_EQ(Redact("of (020) 123 45 67"), "of [telefoon]");
  EXPECT_EQ(Redact("call +44 20 7946 0958", Language::kEnglish), "call [phone]");
  EXPECT_EQ(Redact("0031 6 12345678"), "[telefoon]");
  // Not phones: amounts, dates, short numbers.
  EXPECT_EQ(Redact("Kosten 0,50 euro op 01-02-2024"), "Kosten 0,50 euro op 01-02-2024");
  EXPECT_EQ(Redact("order 0612"), "order 0612");
}

TEST(RedactTest, IbanWithMod97) {
  EXPECT_TRUE(IsValidIban("NL91ABNA0417164300"));
  EXPECT_TRUE(IsValidIban("nl91 abna 0417 1643 00"));
  EXPECT_FALSE(IsValidIban("NL92ABNA0417164300"));  // wrong check digits
  EXPECT_FALSE(IsValidIban("NL91ABNA041716430"));   // wrong length for NL
  EXPECT_EQ(Redact("Rekening NL91 ABNA 0417 1643 00 graag"), "Rekening [iban] graag");
  EXPECT_EQ(Redact("IBAN: NL91ABNA0417164300."), "IBAN: [iban].");
  EXPECT_EQ(Redact("DE89370400440532013000"), "[iban]");
  EXPECT_EQ(Redact("NL92ABNA0417164300"), "NL92ABNA0417164300");
}

TEST(RedactTest, PostcodeWithHouseNumber) {
  EXPECT_EQ(Redact("Adres: 1234 AB 12, Utrecht"), "Adres: [adres], Utrecht");
  EXPECT_EQ(Redact("woon op 3511AB 7a"), "woon op [adres]");
  EXPECT_EQ(Redact("1234 AB, 12-3 hier"), "[adres] hier");
  EXPECT_EQ(Redact("at 1234 AB 12", Language::kEnglish), "at [address]");
  // A postcode without a house number, SA/SD/SS and lowercase spaced letters stay.
  EXPECT_EQ(Redact("regio 1234 AB"), "regio 1234 AB");
  EXPECT_EQ(Redact("1234 SS 12"), "1234 SS 12");
  EXPECT_EQ(Redact("in 2024 is 12 keer"), "in 2024 is 12 keer");
}

TEST(RedactTest, BsnElevenProof) {
  EXPECT_TRUE(PassesElevenProof("111222333"));
  EXPECT_TRUE(PassesElevenProof("123456782"));
  EXPECT_FALSE(PassesElevenProof("123456789"));
  EXPECT_FALSE(PassesElevenProof("000000000"));
  EXPECT_FALSE(PassesElevenProof("12345678"));
  EXPECT_EQ(Redact("Mijn BSN is 123456782."), "Mijn BSN is [bsn].");
  EXPECT_EQ(Redact("bsn 1234.56.782"), "bsn [bsn]");
  EXPECT_EQ(Redact("Ordernummer 123456789"), "Ordernummer 123456789");
  EXPECT_EQ(Redact("nummer 1234567820"), "nummer 1234567820");  // 10 digits
}

TEST(RedactTest, SeveralKindsInOneText) {
  EXPECT_EQ(Redact("Jan (jan@x.nl, 06 1234 5678) NL91ABNA0417164300 BSN 111222333"),
            "Jan ([email], [telefoon]) [iban] BSN [bsn]");
}

}  // namespace
}  // namespace beleving::text
