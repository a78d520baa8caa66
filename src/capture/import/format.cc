#include "capture/import/format.h"

#include <algorithm>
#include <map>
#include <set>

#include "capture/moment.h"
#include "security/secrets.h"

namespace beleving::capture::import {
namespace {

std::string Trimmed(std::string_view s) { return std::string(TrimCell(s)); }

// The first column of a Google Forms response sheet in the form's language.
struct FormsTimestamp {
  std::string_view header;
  DateOrder order;
};
constexpr FormsTimestamp kFormsTimestamps[] = {
    {"Timestamp", DateOrder::kMonthFirst},
    {"Tijdstempel", DateOrder::kDayFirst},
    {"Marca temporal", DateOrder::kDayFirst},
    {"Horodateur", DateOrder::kDayFirst},
    {"Zeitstempel", DateOrder::kDayFirst},
    {"Carimbo de data/hora", DateOrder::kDayFirst},
    {"Informazioni cronologiche", DateOrder::kDayFirst},
    {"Indicazione temporale", DateOrder::kDayFirst},
    {"Sygnatura czasowa", DateOrder::kDayFirst},
    {"Tidsstämpel", DateOrder::kUnknown},
    {"Tidsstempel", DateOrder::kDayFirst},
    {"Tidsmerke", DateOrder::kDayFirst},
    {"Aikaleima", DateOrder::kDayFirst},
    {"Časová značka", DateOrder::kDayFirst},
};

std::optional<DateOrder> FormsTimestampOrder(std::string_view header) {
  for (const auto& f : kFormsTimestamps) {
    if (f.header == header) return f.order;
  }
  return std::nullopt;
}

size_t Width(const Table& t, size_t header_rows) {
  size_t w = 0;
  for (size_t r = 0; r < header_rows && r < t.records.size(); ++r) {
    w = std::max(w, t.records[r].cells.size());
  }
  return w;
}

bool LooksLikeImportIdRow(const Record& r) {
  size_t json = 0, filled = 0;
  for (const auto& c : r.cells) {
    std::string_view s = TrimCell(c.text);
    if (s.empty()) continue;
    ++filled;
    if (s.rfind("{\"ImportId\"", 0) == 0) ++json;
  }
  return filled > 0 && json * 2 >= filled;
}

void ApplyToolField(Column& c, std::string_view name,
                    const std::map<std::string_view, Field>& fields) {
  auto it = fields.find(name);
  if (it != fields.end()) c.tool_field = it->second;
}

void QualtricsColumns(const Table& t, bool legacy, Layout* l) {
  static const std::set<std::string_view> kMeta3 = {"StartDate",
                                                    "EndDate",
                                                    "Status",
                                                    "IPAddress",
                                                    "Progress",
                                                    "Duration (in seconds)",
                                                    "Finished",
                                                    "RecordedDate",
                                                    "RecipientLastName",
                                                    "RecipientFirstName",
                                                    "RecipientEmail",
                                                    "LocationLatitude",
                                                    "LocationLongitude",
                                                    "DistributionChannel",
                                                    "UserLanguage",
                                                    "ResponseId"};
  static const std::set<std::string_view> kMetaLegacy = {
      "ResponseID",       "ResponseSet",       "Name",
      "EmailAddress",     "IPAddress",         "Status",
      "StartDate",        "EndDate",           "Finished",
      "LocationLatitude", "LocationLongitude", "LocationAccuracy"};
  static const std::map<std::string_view, Field> kFields3 = {
      {"ResponseId", Field::kExternalId},      {"ResponseID", Field::kExternalId},
      {"RecordedDate", Field::kSubmittedAt},   {"UserLanguage", Field::kLanguage},
      {"ExternalReference", Field::kCustomer}, {"ExternalDataReference", Field::kCustomer}};
  static const std::map<std::string_view, Field> kFieldsLegacy = {
      {"ResponseID", Field::kExternalId},
      {"EndDate", Field::kSubmittedAt},
      {"ExternalDataReference", Field::kCustomer}};
  const size_t width = Width(t, l->header_rows);
  bool has_recorded = false;
  for (size_t i = 0; i < width; ++i) {
    has_recorded = has_recorded || Trimmed(t.records[0].text(i)) == "RecordedDate";
  }
  for (size_t i = 0; i < width; ++i) {
    Column c;
    c.index = i;
    for (size_t r = 0; r < l->header_rows; ++r) c.headers.push_back(t.records[r].text(i));
    std::string id = Trimmed(c.headers[0]), label = Trimmed(c.headers[1]);
    c.name = label.empty() ? id : label;
    if (legacy) {
      bool v_name = id.size() >= 2 && id[0] == 'V' &&
                    id.find_first_not_of("0123456789", 1) == std::string::npos;
      c.key = AnswerKey(v_name ? label : id, i + 1);
      c.metadata = kMetaLegacy.count(label) > 0;
      ApplyToolField(c, label, kFieldsLegacy);
    } else {
      c.key = AnswerKey(id, i + 1);
      c.metadata =
          kMeta3.count(id) > 0 || (id.size() > 10 && id.substr(id.size() - 10) == "_NPS_GROUP");
      ApplyToolField(c, id, kFields3);
      if (!has_recorded && id == "EndDate") c.tool_field = Field::kSubmittedAt;
    }
    l->columns.push_back(std::move(c));
  }
}

void OneRowColumns(const Table& t, Layout* l) {
  const size_t width = Width(t, 1);
  for (size_t i = 0; i < width; ++i) {
    Column c;
    c.index = i;
    c.headers.push_back(t.records[0].text(i));
    c.name = Trimmed(c.headers[0]);
    c.key = AnswerKey(c.name, i + 1);
    l->columns.push_back(std::move(c));
  }
}

void SurveyMonkeyColumns(const Table& t, Layout* l) {
  static const std::set<std::string_view> kMeta = {"Respondent ID", "Collector ID", "Start Date",
                                                   "End Date",      "IP Address",   "First Name",
                                                   "Last Name",     "Custom Data 1"};
  static const std::map<std::string_view, Field> kTool = {{"Respondent ID", Field::kExternalId},
                                                          {"End Date", Field::kSubmittedAt},
                                                          {"Email Address", Field::kCustomer}};
  const size_t width = Width(t, 2);
  std::string question;
  for (size_t i = 0; i < width; ++i) {
    Column c;
    c.index = i;
    c.headers = {t.records[0].text(i), t.records[1].text(i)};
    std::string q = Trimmed(c.headers[0]), option = Trimmed(c.headers[1]);
    if (!q.empty()) question = q;
    bool plain = option.empty() || option == "Response" || option == "Open-Ended Response";
    c.name = plain ? question : question + " - " + option;
    c.key = AnswerKey(plain ? question : question + " " + option, i + 1);
    c.metadata = kMeta.count(q) > 0;
    ApplyToolField(c, q, kTool);
    l->columns.push_back(std::move(c));
  }
}

void TypeformColumns(const Table& t, Layout* l) {
  OneRowColumns(t, l);
  static const std::set<std::string_view> kMeta = {"#",
                                                   "Start Date (UTC)",
                                                   "Submit Date (UTC)",
                                                   "Stage Date (UTC)",
                                                   "Network ID",
                                                   "Response Type",
                                                   "Tags",
                                                   "Submitted At",
                                                   "Start Date",
                                                   "Submit Date",
                                                   "Token"};
  for (auto& c : l->columns) {
    c.metadata = kMeta.count(c.name) > 0;
    if (c.name == "#" || c.name == "Token") c.tool_field = Field::kExternalId;
    if (c.name == "Submit Date (UTC)" || c.name == "Submitted At") {
      c.tool_field = Field::kSubmittedAt;
    }
  }
  // Older exports have both "#" and "Token": the token is the response id.
  bool token = std::any_of(l->columns.begin(), l->columns.end(),
                           [](const Column& c) { return c.name == "Token"; });
  if (token) {
    for (auto& c : l->columns) {
      if (c.name == "#") c.tool_field.reset();
    }
  }
}

void GoogleFormsColumns(const Table& t, Layout* l) {
  OneRowColumns(t, l);
  static const std::set<std::string_view> kEmail = {
      "Email Address",  "Email address",  "E-mailadres",        "Dirección de correo electrónico",
      "Adresse e-mail", "E-Mail-Adresse", "Endereço de e-mail", "Indirizzo email"};
  for (auto& c : l->columns) {
    if (c.index == 0) c.tool_field = Field::kSubmittedAt;
    if (kEmail.count(c.name)) c.tool_field = Field::kCustomer;
    if (c.name == "Score" || c.name == "Totale punten" || c.name == "Puntuación") {
      c.metadata = true;
    }
  }
}

// Unique keys, never one of the built-in answer names.
void UniqueKeys(Layout* l) {
  std::set<std::string> builtin = {"nps", "csat", "ces", "comment", "language"};
  for (const char* d : kDriverNames) builtin.insert(d);
  std::set<std::string> used;
  for (auto& c : l->columns) {
    std::string k = c.key;
    if (builtin.count(k)) k += "_answer";
    std::string candidate = k;
    for (int n = 2; used.count(candidate); ++n) candidate = k + "_" + std::to_string(n);
    c.key = candidate;
    used.insert(candidate);
  }
}

std::string Fingerprint(const Table& t, const Layout& l) {
  std::string s = FormatName(l.format);
  s += '\n';
  for (size_t r = 0; r < l.header_rows && r < t.records.size(); ++r) {
    for (const auto& c : t.records[r].cells) {
      s += TrimCell(c.text);
      s += '\x1f';
    }
    s += '\x1e';
  }
  return security::Sha256Hex(s);
}

}  // namespace

const char* FormatName(Format f) {
  switch (f) {
    case Format::kQualtrics:
      return "qualtrics";
    case Format::kGoogleForms:
      return "google-forms";
    case Format::kSurveyMonkey:
      return "surveymonkey";
    case Format::kTypeform:
      return "typeform";
    case Format::kCsv:
      return "csv";
    case Format::kXlsx:
      return "xlsx";
  }
  return "csv";
}

std::optional<Format> ParseFormat(std::string_view name, bool* known) {
  *known = true;
  if (name == "auto" || name.empty()) return std::nullopt;
  for (Format f : {Format::kQualtrics, Format::kGoogleForms, Format::kSurveyMonkey,
                   Format::kTypeform, Format::kCsv, Format::kXlsx}) {
    if (name == FormatName(f)) return f;
  }
  *known = false;
  return std::nullopt;
}

const char* FieldName(Field f) {
  switch (f) {
    case Field::kNps:
      return "nps";
    case Field::kCsat:
      return "csat";
    case Field::kCes:
      return "ces";
    case Field::kComment:
      return "comment";
    case Field::kSubmittedAt:
      return "submitted_at";
    case Field::kCustomer:
      return "customer";
    case Field::kTouchpoint:
      return "touchpoint";
    case Field::kTeam:
      return "team";
    case Field::kEmployee:
      return "employee";
    case Field::kLanguage:
      return "language";
    case Field::kExternalId:
      return "external_id";
  }
  return "?";
}

std::optional<Field> ParseField(std::string_view name) {
  for (Field f : kFields) {
    if (name == FieldName(f)) return f;
  }
  return std::nullopt;
}

bool IsAnswerField(Field f) {
  return f == Field::kNps || f == Field::kCsat || f == Field::kCes || f == Field::kComment;
}

Result<Layout> DetectLayout(const Table& table, std::optional<Format> forced, bool xlsx) {
  if (table.records.empty()) return InvalidArgument("the file is empty", "1:1");
  const Record& first = table.records[0];
  const std::string first_cell = Trimmed(first.text(0));
  auto has_header = [&](std::string_view name) {
    return std::any_of(first.cells.begin(), first.cells.end(),
                       [&](const Cell& c) { return TrimCell(c.text) == name; });
  };
  const bool qualtrics3 = table.records.size() >= 3 && LooksLikeImportIdRow(table.records[2]);
  const bool qualtrics_legacy = table.records.size() >= 2 && first_cell == "V1" &&
                                Trimmed(table.records[1].text(0)) == "ResponseID";
  const bool monkey = first_cell == "Respondent ID" && has_header("Collector ID");
  const bool typeform = first_cell == "#" || has_header("Network ID");
  const auto forms_order = FormsTimestampOrder(first_cell);

  Format f;
  if (forced) {
    f = *forced;
  } else if (qualtrics3 || qualtrics_legacy) {
    f = Format::kQualtrics;
  } else if (monkey) {
    f = Format::kSurveyMonkey;
  } else if (forms_order) {
    f = Format::kGoogleForms;
  } else if (typeform) {
    f = Format::kTypeform;
  } else {
    f = xlsx ? Format::kXlsx : Format::kCsv;
  }
  if (f == Format::kCsv && xlsx) f = Format::kXlsx;
  if (f == Format::kXlsx && !xlsx) {
    return InvalidArgument("--format xlsx, but the file is not an XLSX workbook");
  }

  Layout l;
  l.format = f;
  switch (f) {
    case Format::kQualtrics:
      if (!qualtrics3 && !qualtrics_legacy) {
        return InvalidArgument(
            "--format qualtrics, but the file has neither Qualtrics' three header rows (the "
            "third with {\"ImportId\":...}) nor the legacy two (V1.., ResponseID..)",
            "1:1");
      }
      l.header_rows = qualtrics3 ? 3 : 2;
      l.variant = qualtrics3 ? "3 header rows" : "legacy, 2 header rows";
      l.id_prefix = "qualtrics:";
      QualtricsColumns(table, !qualtrics3, &l);
      break;
    case Format::kSurveyMonkey:
      if (table.records.size() < 2) {
        return InvalidArgument("--format surveymonkey, but the file has no second header row");
      }
      l.header_rows = 2;
      l.variant = "2 header rows";
      l.id_prefix = "surveymonkey:";
      l.date_hint = DateOrder::kMonthFirst;
      SurveyMonkeyColumns(table, &l);
      break;
    case Format::kGoogleForms:
      l.date_hint = forms_order.value_or(DateOrder::kUnknown);
      GoogleFormsColumns(table, &l);
      break;
    case Format::kTypeform:
      l.dates_in_utc = true;
      l.id_prefix = "typeform:";
      TypeformColumns(table, &l);
      break;
    case Format::kCsv:
    case Format::kXlsx:
      OneRowColumns(table, &l);
      break;
  }
  if (l.variant.empty()) l.variant = "1 header row";
  UniqueKeys(&l);
  l.fingerprint = Fingerprint(table, l);
  return l;
}

}  // namespace beleving::capture::import
