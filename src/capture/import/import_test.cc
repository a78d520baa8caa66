#include <gtest/gtest.h>
#include <zip.h>

#include <map>

#include "capture/history.h"
#include "capture/import/delimited_reader.h"
#include "capture/import/format.h"
#include "capture/import/mapping.h"
#include "capture/import/response_import.h"
#include "capture/import/values.h"
#include "capture/import/xlsx_reader.h"
#include "core/time_format.h"

namespace beleving::capture::import {
namespace {

UnixSeconds At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

// --- the CSV/TSV reader

TEST(DelimitedReader, QuotedNewlinesCrlfAndCellLines) {
  auto t = ReadDelimited("a,b,c\r\n1,\"two\r\nlines\",\"say \"\"hi\"\"\"\r\n\r\n3,,x\r\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->records.size(), 3u);  // the blank line is left out
  EXPECT_EQ(t->shape, ",");
  EXPECT_EQ(t->records[1].text(1), "two\nlines");
  EXPECT_EQ(t->records[1].text(2), "say \"hi\"");
  EXPECT_EQ(t->records[1].line, 2u);
  EXPECT_EQ(t->records[1].cells[2].line, 3u);  // starts on the line the quoted newline made
  EXPECT_EQ(t->records[2].line, 5u);
  EXPECT_EQ(t->records[2].text(1), "");
  EXPECT_EQ(t->records[2].text(7), "");  // past the end
}

TEST(DelimitedReader, DetectsSemicolonAndTabAndStripsBom) {
  auto semi = ReadDelimited("\xEF\xBB\xBFnaam;score;\"a,b\"\nPiet;9;x\n");
  ASSERT_TRUE(semi.ok());
  EXPECT_EQ(semi->shape, ";");
  EXPECT_EQ(semi->encoding, "UTF-8");
  EXPECT_EQ(semi->records[0].text(0), "naam");  // no BOM in the first header
  EXPECT_EQ(semi->records[0].text(2), "a,b");
  auto tab = ReadDelimited("Timestamp\tHow likely, really?\n12/6/2018 11:57:58\t10\n");
  ASSERT_TRUE(tab.ok());
  EXPECT_EQ(tab->shape, "TAB");
  EXPECT_EQ(tab->records[1].text(1), "10");
}

TEST(DelimitedReader, ConvertsWindows1252AndUtf16) {
  auto cp = ReadDelimited("opmerking\ncaf\xE9 \x80 5\n");  // not UTF-8: Windows-1252
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->encoding, "Windows-1252");
  EXPECT_EQ(cp->records[1].text(0), "caf\xC3\xA9 \xE2\x82\xAC 5");
  std::string u16("\xFF\xFE", 2);
  for (char c : std::string("a;b\n\xE9;2\n")) {
    u16 += c;
    u16 += '\0';
  }
  auto le = ReadDelimited(u16);
  ASSERT_TRUE(le.ok());
  EXPECT_EQ(le->encoding, "UTF-16LE");
  EXPECT_EQ(le->records[1].text(0), "\xC3\xA9");
}

TEST(DelimitedReader, LenientQuotesButAnUnclosedQuoteIsAnError) {
  auto t = ReadDelimited("a,b\n5\" screen,\"x\"y\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->records[1].text(0), "5\" screen");
  EXPECT_EQ(t->records[1].text(1), "xy");
  auto bad = ReadDelimited("a,b\n1,2\n3,\"open\nstill open\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "3:2");  // line 3, column 2 (the second field)
  EXPECT_FALSE(ReadDelimited("").ok());
}

// --- values

TEST(Values, DatesInTheFormsToolsWrite) {
  auto d = [](const char* s, DateOrder o = DateOrder::kUnknown) {
    auto t = ParseDateTime(s, o);
    return t ? t->seconds - t->offset.value_or(0) : -1;
  };
  EXPECT_EQ(d("2019-12-10 14:03:22"), At("2019-12-10T14:03:22Z"));
  EXPECT_EQ(d("2019-12-10T14:03:22Z"), At("2019-12-10T14:03:22Z"));
  EXPECT_EQ(d("2019-12-10T15:03+01:00"), At("2019-12-10T14:03:00Z"));
  EXPECT_EQ(d("2019/12/10"), At("2019-12-10T00:00:00Z"));
  EXPECT_EQ(d("12/6/2018 11:57:58", DateOrder::kMonthFirst), At("2018-12-06T11:57:58Z"));
  EXPECT_EQ(d("12/6/2018 11:57:58", DateOrder::kDayFirst), At("2018-06-12T11:57:58Z"));
  EXPECT_EQ(d("6-12-2018 9:05:00", DateOrder::kDayFirst), At("2018-12-06T09:05:00Z"));
  EXPECT_EQ(d("12/10/2019 2:03:22 PM", DateOrder::kMonthFirst), At("2019-12-10T14:03:22Z"));
  EXPECT_EQ(d("12/10/2019 12:03:22 AM", DateOrder::kMonthFirst), At("2019-12-10T00:03:22Z"));
  EXPECT_EQ(d("31.01.19"), At("2019-01-31T00:00:00Z"));
  EXPECT_EQ(d("31/02/2019"), -1);  // no such day
  EXPECT_EQ(d("gisteren"), -1);
  EXPECT_EQ(d("2019-12-10 25:00"), -1);
  EXPECT_EQ(d("12/6/2018 11:57:58 extra"), -1);
}

TEST(Values, DateOrderFromTheColumnElseTheHint) {
  std::vector<std::string_view> us = {"12/6/2018 1:00:00", "12/31/2018 1:00:00"};
  EXPECT_EQ(DecideDateOrder(us, DateOrder::kDayFirst), DateOrder::kMonthFirst);
  std::vector<std::string_view> nl = {"6-12-2018 1:00:00", "31-12-2018 1:00:00"};
  EXPECT_EQ(DecideDateOrder(nl, DateOrder::kMonthFirst), DateOrder::kDayFirst);
  std::vector<std::string_view> unclear = {"1/2/2019", "3/4/2019"};
  EXPECT_EQ(DecideDateOrder(unclear, DateOrder::kMonthFirst), DateOrder::kMonthFirst);
  EXPECT_EQ(DecideDateOrder(unclear, DateOrder::kUnknown), DateOrder::kDayFirst);
}

TEST(Values, LocalTimeInTheOrganisationsZone) {
  auto ams = TimeZone::Load("Europe/Amsterdam");
  ASSERT_TRUE(ams.ok()) << ams.status().ToString();
  auto winter = ParseDateTime("2019-01-15 12:00:00", DateOrder::kUnknown);
  auto summer = ParseDateTime("2019-07-15 12:00:00", DateOrder::kUnknown);
  EXPECT_EQ(ToUnix(*winter, *ams), At("2019-01-15T11:00:00Z"));
  EXPECT_EQ(ToUnix(*summer, *ams), At("2019-07-15T10:00:00Z"));
  auto given = ParseDateTime("2019-07-15T12:00:00Z", DateOrder::kUnknown);
  EXPECT_EQ(ToUnix(*given, *ams), At("2019-07-15T12:00:00Z"));  // its own offset wins
}

TEST(Values, ScoresAndTheirLabels) {
  EXPECT_EQ(ParseScore("9", 0, 10), 9);
  EXPECT_EQ(ParseScore(" 10 ", 0, 10), 10);
  EXPECT_EQ(ParseScore("7.0", 0, 10), 7);
  EXPECT_EQ(ParseScore("10 - Extremely likely", 0, 10), 10);
  EXPECT_EQ(ParseScore("0 (Not at all likely)", 0, 10), 0);
  EXPECT_EQ(ParseScore("11", 0, 10), std::nullopt);
  EXPECT_EQ(ParseScore("0", 1, 5), std::nullopt);
  EXPECT_EQ(ParseScore("9.5", 0, 10), std::nullopt);
  EXPECT_EQ(ParseScore("7-8", 0, 10), std::nullopt);
  EXPECT_EQ(ParseScore("", 0, 10), std::nullopt);
  EXPECT_EQ(ParseScore("ja", 0, 10), std::nullopt);
}

TEST(Values, AnswerKeysAreStableSlugs) {
  EXPECT_EQ(AnswerKey("What do you like best about using R?", 3),
            "what_do_you_like_best_about_using_r");
  EXPECT_EQ(AnswerKey("Wat vond je van het café?", 1), "wat_vond_je_van_het_cafe");
  EXPECT_EQ(AnswerKey("¿Qué tan difícil?", 1), "que_tan_dificil");
  EXPECT_EQ(AnswerKey("", 7), "column_7");
  EXPECT_EQ(AnswerKey("2. Waarom?", 1), "q2_waarom");
  std::string long_header(100, 'x');
  std::string k = AnswerKey(long_header, 1);
  EXPECT_EQ(k.size(), 64u);
  EXPECT_EQ(k, AnswerKey(long_header, 9));  // the same header, the same key
  EXPECT_NE(k, AnswerKey(long_header + "y", 1));
}

// --- formats and mapping

Table Csv(const std::string& text) {
  auto t = ReadDelimited(text);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : Table();
}

// The two Qualtrics samples of /work/shared/data/qualtrics-export (MIT, see
// tests/data/import/README.md), as they are.
const char* kQualtrics3 =
    "StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,"
    "ResponseId,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalReference,"
    "LocationLatitude,LocationLongitude,DistributionChannel,UserLanguage,Q1,Q2,Q2 - Topics\n"
    "Anfangsdatum,Enddatum,Antworttyp,IP-Adresse,Aktueller Stand,Dauer (in Sekunden),Beendet,"
    "Erfassungsdatum,Antwort-ID,Nachname des Empfängers,Vorname des Empfängers,E-Mail des "
    "Empfängers,Externe Datenreferenz,Breitengrad des Standorts,Längengrad des Standorts,"
    "Verteilungskanal,Benutzersprache,This is a multiple choice question.,This is a free text "
    "question.,Q2 - Topics\n"
    "\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\"}\","
    "\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"ipAddress\"\"}\","
    "\"{\"\"ImportId\"\":\"\"progress\"\"}\",\"{\"\"ImportId\"\":\"\"duration\"\"}\","
    "\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":\"\"recordedDate\"\"}\","
    "\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"recipientLastName\"\"}\","
    "\"{\"\"ImportId\"\":\"\"recipientFirstName\"\"}\",\"{\"\"ImportId\"\":\"\"recipientEmail\"\"}"
    "\","
    "\"{\"\"ImportId\"\":\"\"externalDataReference\"\"}\","
    "\"{\"\"ImportId\"\":\"\"locationLatitude\"\"}\",\"{\"\"ImportId\"\":\"\"locationLongitude\"\"}"
    "\","
    "\"{\"\"ImportId\"\":\"\"distributionChannel\"\"}\",\"{\"\"ImportId\"\":\"\"userLanguage\"\"}"
    "\","
    "\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2_TEXT\"\"}\","
    "\"{\"\"ImportId\"\":\"\"QID2_TEXT_eae5a8d0e7fd4bd183e983e5Topics\"\"}\"\n"
    "2017-07-18 08:28:09,2017-07-18 08:28:48,0,130.92.34.66,100,38,1,2017-07-18 08:28:48,"
    "R_2YPOQ602ER1jkf1,,,,,47.115097045898,7.2315979003906,anonymous,DE,2,Hello World!,\n";
const char* kQualtricsLegacy =
    "\xEF\xBB\xBFV1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2,LocationLatitude,LocationLongitude,"
    "LocationAccuracy,\n"
    "ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,"
    "EndDate,Finished,This is a multiple choice question.,This is a free text question.,"
    "LocationLatitude,LocationLongitude,LocationAccuracy,\n"
    "R_2YPOQ602ER1jkf1,Standard-Antwortsatz,Anonym,,,130.92.34.66,0,2017-07-18 08:28:09,"
    "2017-07-18 08:28:48,1,2,Hello World!,47.115097045898,7.2315979003906,-1,\n";

TEST(Format, QualtricsInBothHeaderForms) {
  for (const char* text : {kQualtrics3, kQualtricsLegacy}) {
    Table t = Csv(text);
    auto l = DetectLayout(t, std::nullopt, false);
    ASSERT_TRUE(l.ok()) << l.status().ToString();
    EXPECT_EQ(l->format, Format::kQualtrics);
    EXPECT_EQ(l->header_rows, text == kQualtrics3 ? 3u : 2u);
    std::vector<std::string> notes;
    Mapping m = DetectMapping(*l, t, &notes);
    ASSERT_TRUE(m[Field::kExternalId]);
    EXPECT_EQ(t.records[l->header_rows].text(*m[Field::kExternalId]), "R_2YPOQ602ER1jkf1");
    ASSERT_TRUE(m[Field::kSubmittedAt]);
    EXPECT_EQ(t.records[l->header_rows].text(*m[Field::kSubmittedAt]), "2017-07-18 08:28:48");
    // The two questions are answers with the same keys in both forms; the
    // IP address and other bookkeeping are not.
    RowReader reader(*l, m, t, TimeZone::Utc(), 0);
    Problem p;
    auto in = reader.Read(t.records[l->header_rows], &p);
    ASSERT_TRUE(in.ok()) << p.message;
    EXPECT_EQ(in->external_id, "qualtrics:R_2YPOQ602ER1jkf1");
    EXPECT_EQ(in->submitted_at, At("2017-07-18T08:28:48Z"));
    EXPECT_EQ(in->answers.other.at("q1").as_string(), "2");
    EXPECT_EQ(in->answers.other.at("q2").as_string(), "Hello World!");
    EXPECT_FALSE(in->answers.other.contains("ipaddress"));
    for (const auto& kv : in->answers.other) {
      EXPECT_NE(kv.value().as_string(), "130.92.34.66") << kv.key();
    }
  }
}

TEST(Format, GoogleFormsSurveyMonkeyTypeformAndPlainFiles) {
  Table forms =
      Csv("Tijdstempel,Hoe waarschijnlijk is het dat u ons aanbeveelt?\n"
          "6-12-2018 11:57:58,9\n");
  auto f = DetectLayout(forms, std::nullopt, false);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->format, Format::kGoogleForms);
  EXPECT_EQ(f->date_hint, DateOrder::kDayFirst);

  Table monkey =
      Csv("Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last "
          "Name,Custom Data 1,How likely is it that you would recommend us to a friend?,Which "
          "flavours?,\n"
          ",,,,,,,,,Response,Vanilla,Chocolate\n"
          "114,2,12/10/2019 2:01:00 PM,12/10/2019 2:03:22 PM,1.2.3.4,a@b.example,,,,9,Vanilla,\n");
  auto m = DetectLayout(monkey, std::nullopt, false);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->format, Format::kSurveyMonkey);
  EXPECT_EQ(m->header_rows, 2u);
  EXPECT_EQ(m->columns[10].name, "Which flavours? - Vanilla");
  EXPECT_EQ(m->columns[11].name, "Which flavours? - Chocolate");
  std::vector<std::string> notes;
  Mapping mm = DetectMapping(*m, monkey, &notes);
  EXPECT_EQ(mm[Field::kNps], 9u);
  EXPECT_EQ(mm[Field::kCustomer], 5u);
  RowReader r(*m, mm, monkey, TimeZone::Utc(), 0);
  Problem p;
  auto in = r.Read(monkey.records[2], &p);
  ASSERT_TRUE(in.ok()) << p.message;
  EXPECT_EQ(in->external_id, "surveymonkey:114");
  EXPECT_EQ(in->submitted_at, At("2019-12-10T14:03:22Z"));
  EXPECT_EQ(in->answers.nps, 9);
  EXPECT_EQ(in->keys.customer, "a@b.example");

  Table typeform =
      Csv("#,How easy was it?,Start Date (UTC),Submit Date (UTC),Network ID\n"
          "abc123,6,2020-01-01 10:00:00,2020-01-01 10:02:00,ff\n");
  auto tf = DetectLayout(typeform, std::nullopt, false);
  ASSERT_TRUE(tf.ok());
  EXPECT_EQ(tf->format, Format::kTypeform);
  EXPECT_TRUE(tf->dates_in_utc);
  Mapping tm = DetectMapping(*tf, typeform, &notes);
  EXPECT_EQ(tm[Field::kCes], 1u);
  EXPECT_EQ(tm[Field::kExternalId], 0u);
  EXPECT_EQ(tm[Field::kSubmittedAt], 3u);

  Table plain = Csv("Datum,Klant,Score,Opmerking\n2025-03-01,k1,8,Prima\n");
  auto pl = DetectLayout(plain, std::nullopt, false);
  ASSERT_TRUE(pl.ok());
  EXPECT_EQ(pl->format, Format::kCsv);
  Mapping pm = DetectMapping(*pl, plain, &notes);
  EXPECT_EQ(pm[Field::kSubmittedAt], 0u);
  EXPECT_EQ(pm[Field::kCustomer], 1u);
  EXPECT_EQ(pm[Field::kComment], 3u);
  EXPECT_FALSE(pm[Field::kNps]);  // "Score" says nothing about recommending

  EXPECT_FALSE(DetectLayout(plain, Format::kQualtrics, false).ok());
  EXPECT_FALSE(DetectLayout(plain, Format::kXlsx, false).ok());
}

TEST(Mapping, NpsNeedsItsWordingAndZeroToTenAnswers) {
  Table t =
      Csv("How likely are you to recommend R?,Would you recommend us? (likely),x\n"
          "10,12,a\n,3,b\n0,1,c\n");
  auto l = DetectLayout(t, std::nullopt, false);
  ASSERT_TRUE(l.ok());
  std::vector<std::string> notes;
  Mapping m = DetectMapping(*l, t, &notes);
  EXPECT_EQ(m[Field::kNps], 0u);
  EXPECT_FALSE(notes.empty());
  // A column with an answer of 12 is not an NPS column.
  Table t2 = Csv("How likely are you to recommend us?\n12\n");
  auto l2 = DetectLayout(t2, std::nullopt, false);
  EXPECT_FALSE(DetectMapping(*l2, t2, &notes)[Field::kNps]);
}

TEST(Mapping, WordingInOtherLanguagesAndDateHeaders) {
  Table t =
      Csv("Date received,¿Qué tan probable es que recomiendes R a un colega?,Hoe tevreden bent u?,"
          "Wie was de medewerker?,Medewerker\n"
          "2020-06-29,9,4,Sanne,e17\n07/13/2016,10,5,Piet,e18\n");
  auto l = DetectLayout(t, std::nullopt, false);
  ASSERT_TRUE(l.ok());
  std::vector<std::string> notes;
  Mapping m = DetectMapping(*l, t, &notes);
  EXPECT_EQ(m[Field::kSubmittedAt], 0u);
  EXPECT_EQ(m[Field::kNps], 1u);
  EXPECT_EQ(m[Field::kCsat], 2u);
  EXPECT_EQ(m[Field::kEmployee], 4u);  // the header names it; the question does not
  EXPECT_EQ(notes.size(), 4u);
}

TEST(Mapping, OverridesByNumberOrHeaderAndTheirErrors) {
  Table t = Csv("when,score,score,note\n2025-01-01,5,6,x\n");
  auto l = DetectLayout(t, std::nullopt, false);
  ASSERT_TRUE(l.ok());
  Mapping m;
  ASSERT_TRUE(ApplyOverrides(*l, {"nps=3", "submitted_at=WHEN", "comment=note"}, &m).ok());
  EXPECT_EQ(m[Field::kNps], 2u);
  EXPECT_EQ(m[Field::kSubmittedAt], 0u);
  EXPECT_EQ(m[Field::kComment], 3u);
  ASSERT_TRUE(ApplyOverrides(*l, {"csat=3"}, &m).ok());  // taken from nps
  EXPECT_FALSE(m[Field::kNps]);
  ASSERT_TRUE(ApplyOverrides(*l, {"comment="}, &m).ok());
  EXPECT_FALSE(m[Field::kComment]);
  EXPECT_FALSE(ApplyOverrides(*l, {"nps=score"}, &m).ok());  // two columns
  EXPECT_FALSE(ApplyOverrides(*l, {"nps=9"}, &m).ok());
  EXPECT_FALSE(ApplyOverrides(*l, {"rating=2"}, &m).ok());
  EXPECT_FALSE(ApplyOverrides(*l, {"nps"}, &m).ok());
  auto back = MappingFromJson(MappingToJson(m), l->columns.size());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->columns, m.columns);
}

TEST(RowReader, BadValuesNameTheirLineAndColumnAndBlankIsNotZero) {
  Table t =
      Csv("id,Datum,NPS,Opmerking\n1,2025-03-01,,\"twee\nregels\"\n2,2025-13-01,8,x\n"
          "3,2025-03-02,11,\n4,2025-03-03,,\n");
  auto l = DetectLayout(t, std::nullopt, false);
  ASSERT_TRUE(l.ok());
  std::vector<std::string> notes;
  Mapping m = DetectMapping(*l, t, &notes);
  EXPECT_FALSE(m[Field::kNps]);          // half its answers are not 0-10: not detected
  EXPECT_FALSE(m[Field::kSubmittedAt]);  // a quarter of its dates are none
  ASSERT_TRUE(ApplyOverrides(*l, {"nps=NPS", "submitted_at=Datum"}, &m).ok());
  ASSERT_EQ(m[Field::kNps], 2u);
  RowReader reader(*l, m, t, TimeZone::Utc(), 0);
  Problem p;
  auto one = reader.Read(t.records[1], &p);
  ASSERT_TRUE(one.ok()) << p.message;
  EXPECT_FALSE(one->answers.nps.has_value());  // blank: not answered
  EXPECT_EQ(one->answers.comment, "twee\nregels");
  EXPECT_EQ(one->external_id, "import:1");
  EXPECT_FALSE(reader.Read(t.records[2], &p).ok());
  EXPECT_EQ(p.line, 4u);
  EXPECT_EQ(p.column, 2u);
  EXPECT_NE(p.message.find("2025-13-01"), std::string::npos);
  EXPECT_FALSE(reader.Read(t.records[3], &p).ok());
  EXPECT_EQ(p.line, 5u);
  EXPECT_EQ(p.column, 3u);
  EXPECT_FALSE(reader.Read(t.records[4], &p).ok());  // no answer at all
  EXPECT_EQ(p.line, 6u);
  EXPECT_EQ(p.column, 0u);
}

TEST(RowReader, WithoutAnIdTheRowHashIsStable) {
  Table a = Csv("Datum,Opmerking\n2025-03-01,Goed\n");
  Table b = Csv("Datum,Opmerking,Nieuwe vraag\n2025-03-01,Goed,\n");
  std::vector<std::string> notes;
  auto la = DetectLayout(a, std::nullopt, false);
  auto lb = DetectLayout(b, std::nullopt, false);
  Mapping ma = DetectMapping(*la, a, &notes), mb = DetectMapping(*lb, b, &notes);
  Problem p;
  auto ra = RowReader(*la, ma, a, TimeZone::Utc(), 0).Read(a.records[1], &p);
  auto rb = RowReader(*lb, mb, b, TimeZone::Utc(), 0).Read(b.records[1], &p);
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_EQ(ra->external_id.rfind("import:h:", 0), 0u);
  EXPECT_EQ(ra->external_id, rb->external_id);  // a new, empty column changes nothing
  EXPECT_NE(la->fingerprint, lb->fingerprint);  // but it is another source
}

// --- XLSX

std::string Zip(const std::map<std::string, std::string>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  zip_close(z);
  zip_source_open(src);
  zip_source_seek(src, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

TEST(XlsxReader, SharedAndInlineStringsNumbersDatesAndGaps) {
  std::string xlsx = Zip({
      {"xl/workbook.xml",
       "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/"
       "spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
       "2006/relationships\"><sheets><sheet name=\"Antwoorden\" sheetId=\"1\" "
       "r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
       "2006/relationships\"><Relationship Id=\"rId1\" Type=\"x\" "
       "Target=\"worksheets/data.xml\"/></Relationships>"},
      {"xl/sharedStrings.xml",
       "<sst><si><t>Datum</t></si><si><r><t>Hoe </t></r><r><t>tevreden?</t></r>"
       "<rPh><t>xx</t></rPh></si></sst>"},
      {"xl/styles.xml",
       "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy hh:mm\"/>"
       "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs><xf numFmtId=\"0\"/>"
       "<xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"},
      {"xl/worksheets/data.xml",
       "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" "
       "t=\"s\"><v>1</v></c><c r=\"D1\" t=\"inlineStr\"><is><t>Opmerking &amp; meer</t></is>"
       "</c></row><row r=\"3\"><c r=\"A3\" s=\"1\"><v>43800.5</v></c><c r=\"B3\"><v>4</v></c>"
       "<c r=\"C3\"><v>0.25</v></c><c r=\"D3\" t=\"b\"><v>1</v></c></row>"
       "<row r=\"4\"><c r=\"A4\" s=\"2\"><v>43831</v></c><c r=\"B4\" t=\"str\"><v>5</v></c>"
       "</row><row r=\"5\"/></sheetData></worksheet>"},
  });
  ASSERT_TRUE(LooksLikeZip(xlsx));
  auto t = ReadXlsx(xlsx);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->shape, "sheet 'Antwoorden'");
  ASSERT_EQ(t->records.size(), 3u);  // empty row 5 left out
  EXPECT_EQ(t->records[0].text(0), "Datum");
  EXPECT_EQ(t->records[0].text(1), "Hoe tevreden?");  // runs joined, phonetic left out
  EXPECT_EQ(t->records[0].text(2), "");               // the gap at C1
  EXPECT_EQ(t->records[0].text(3), "Opmerking & meer");
  EXPECT_EQ(t->records[1].line, 3u);  // row numbers are the lines
  EXPECT_EQ(t->records[1].text(0), "2019-12-01 12:00:00");
  EXPECT_EQ(t->records[1].text(1), "4");
  EXPECT_EQ(t->records[1].text(2), "0.25");
  EXPECT_EQ(t->records[1].text(3), "TRUE");
  EXPECT_EQ(t->records[2].text(0), "2020-01-01");
  EXPECT_EQ(t->records[2].text(1), "5");

  EXPECT_FALSE(ReadXlsx("a,b\n1,2\n").ok());
  EXPECT_FALSE(ReadXlsx(Zip({{"hello.txt", "hi"}})).ok());
  EXPECT_FALSE(ReadXlsx(Zip({{"xl/workbook.xml", "<workbook><sheets>"}})).ok());
}

TEST(XlsxReader, SerialDatesInBothSystems) {
  EXPECT_EQ(SerialToDateTime(1, false), "1900-01-01");
  EXPECT_EQ(SerialToDateTime(59, false), "1900-02-28");
  EXPECT_EQ(SerialToDateTime(61, false), "1900-03-01");
  EXPECT_EQ(SerialToDateTime(43831, false), "2020-01-01");
  EXPECT_EQ(SerialToDateTime(43831.75, false), "2020-01-01 18:00:00");
  EXPECT_EQ(SerialToDateTime(0, true), "1904-01-01");
  EXPECT_EQ(SerialToDateTime(42369, true), "2020-01-01");
}

// --- history

TEST(History, ImportedOrBackdatedMomentsAreHistory) {
  const UnixSeconds day = 86400, now = 1'800'000'000;
  EXPECT_TRUE(IsHistory(true, now, now, 14));  // imported, whenever it happened
  EXPECT_FALSE(IsHistory(false, now - 14 * day, now, 14));
  EXPECT_TRUE(IsHistory(false, now - 14 * day - 1, now, 14));
  EXPECT_FALSE(IsHistory(false, now - 400 * day, now, 0));  // rule off
  EXPECT_FALSE(IsHistory(false, now + day, now, 14));       // the future is not history
}

}  // namespace
}  // namespace beleving::capture::import
