#include "capture/import/mapping.h"

#include <algorithm>
#include <cctype>

#include "core/json.h"

namespace beleving::capture::import {
namespace {

std::string Lower(std::string_view s) {
  std::string out(TrimCell(s));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// At least 95% of the non-blank data cells of `column` satisfy `ok`, and
// there is one: a typo in a few rows does not hide the column (those rows
// are then skipped and reported).
template <typename Fn>
bool MostValues(const Table& t, const Layout& l, size_t column, Fn ok) {
  size_t good = 0, bad = 0;
  for (size_t r = l.header_rows; r < t.records.size(); ++r) {
    std::string_view v = TrimCell(t.records[r].text(column));
    if (v.empty()) continue;
    (ok(v) ? good : bad) += 1;
  }
  return good > 0 && bad * 20 <= good + bad;
}

bool ScoreColumn(const Table& t, const Layout& l, size_t column, int lo, int hi) {
  return MostValues(t, l, column,
                    [&](std::string_view v) { return ParseScore(v, lo, hi).has_value(); });
}

bool NpsWording(const std::string& h) {
  return (Contains(h, "likely") && Contains(h, "recommend")) ||
         (Contains(h, "waarschijnlijk") &&
          (Contains(h, "aanbevel") || Contains(h, "aanbeveel") || Contains(h, "aanra"))) ||
         (Contains(h, "probab") && Contains(h, "recom")) ||  // es, pt, fr
         (Contains(h, "wahrscheinlich") && Contains(h, "empfehlen")) || h == "nps" ||
         Contains(h, "net promoter");
}

bool CsatWording(const std::string& h) {
  return h == "csat" || Contains(h, "satisf") || Contains(h, "tevreden");
}

bool CesWording(const std::string& h) {
  return h == "ces" || Contains(h, "customer effort") || Contains(h, "easy") ||
         Contains(h, "effort") || Contains(h, "makkelijk") || Contains(h, "moeite");
}

// A header about when: "Date", "Datum", "Date received", "Ingevuld op",
// "Submitted at", "Timestamp", "created_at", ...
bool DateWording(const std::string& h) {
  for (std::string_view w : {"date", "datum", "timestamp", "tijdstempel", "submitted", "created",
                             "ingevuld", "ontvangen", "received", "tijdstip"}) {
    if (Contains(h, w)) return true;
  }
  return h == "time" || h == "tijd" || h == "when" || h == "wanneer";
}

bool NameIs(const std::string& h, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), h) != names.end();
}

}  // namespace

std::optional<Field> Mapping::FieldOf(size_t column) const {
  for (Field f : kFields) {
    if ((*this)[f] == column) return f;
  }
  return std::nullopt;
}

Mapping DetectMapping(const Layout& layout, const Table& table, std::vector<std::string>* notes) {
  Mapping m;
  auto note = [&](Field f, const Column& c, const std::string& why) {
    size_t cut = std::min<size_t>(c.name.size(), 80);
    while (cut < c.name.size() && cut > 0 &&
           (static_cast<unsigned char>(c.name[cut]) & 0xC0) == 0x80) {
      --cut;  // not inside a UTF-8 character
    }
    notes->push_back(std::string(FieldName(f)) + ": column " + std::to_string(c.index + 1) + " \"" +
                     c.name.substr(0, cut) + "\" (" + why + ")");
  };
  for (const auto& c : layout.columns) {
    if (c.tool_field && !m[*c.tool_field]) {
      m[*c.tool_field] = c.index;
      note(*c.tool_field, c, std::string("the ") + FormatName(layout.format) + " format");
    }
  }
  auto taken = [&](size_t column) { return m.FieldOf(column).has_value(); };
  for (const auto& c : layout.columns) {
    if (c.metadata || taken(c.index)) continue;
    const std::string h = Lower(c.name);
    if (h.empty()) continue;
    auto try_score = [&](Field f, bool wording, int lo, int hi) {
      if (m[f] || !wording || taken(c.index)) return;
      if (ScoreColumn(table, layout, c.index, lo, hi)) {
        m[f] = c.index;
        note(f, c, "wording and " + std::to_string(lo) + "-" + std::to_string(hi) + " answers");
      }
    };
    try_score(Field::kNps, NpsWording(h), 0, 10);
    try_score(Field::kCsat, CsatWording(h), 1, 5);
    try_score(Field::kCes, CesWording(h), 1, 7);
    if (taken(c.index)) continue;
    auto try_name = [&](Field f, std::initializer_list<std::string_view> names) {
      if (m[f] || taken(c.index) || !NameIs(h, names)) return;
      m[f] = c.index;
      note(f, c, "header");
    };
    try_name(Field::kComment, {"comment", "comments", "opmerking", "opmerkingen", "toelichting",
                               "feedback", "remarks", "verbatim"});
    try_name(Field::kCustomer, {"customer", "customer id", "customer_id", "klant", "klantnummer",
                                "klant id", "email", "e-mail", "e-mailadres", "email address"});
    try_name(Field::kTouchpoint, {"touchpoint", "contactmoment", "touch point"});
    try_name(Field::kTeam, {"team", "afdeling", "department"});
    try_name(Field::kEmployee, {"employee", "medewerker", "agent", "employee id"});
    try_name(Field::kLanguage, {"language", "taal", "lang", "locale"});
    try_name(Field::kExternalId, {"id", "response id", "response_id", "responseid", "respondent id",
                                  "external_id", "external id", "antwoord id"});
    if (!m[Field::kSubmittedAt] && !taken(c.index) && DateWording(h) &&
        MostValues(table, layout, c.index, [&](std::string_view v) {
          return ParseDateTime(v, DateOrder::kUnknown).has_value();
        })) {
      m[Field::kSubmittedAt] = c.index;
      note(Field::kSubmittedAt, c, "header and date values");
    }
  }
  return m;
}

Result<size_t> ResolveColumn(const Layout& layout, std::string_view spec) {
  std::string_view s = TrimCell(spec);
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos && s.size() < 7) {
    size_t n = std::stoul(std::string(s));
    if (n < 1 || n > layout.columns.size()) {
      return InvalidArgument("column " + std::string(s) + " does not exist (the file has " +
                             std::to_string(layout.columns.size()) + " columns)");
    }
    return n - 1;
  }
  for (bool fold : {false, true}) {
    std::vector<size_t> hits;
    for (const auto& c : layout.columns) {
      bool hit = fold ? Lower(c.name) == Lower(s) : TrimCell(c.name) == s;
      for (const auto& h : c.headers) {
        hit = hit || (fold ? Lower(h) == Lower(s) : TrimCell(h) == s);
      }
      if (hit) hits.push_back(c.index);
    }
    if (hits.size() == 1) return hits[0];
    if (hits.size() > 1) {
      std::string list;
      for (size_t h : hits) list += (list.empty() ? "" : ", ") + std::to_string(h + 1);
      return InvalidArgument("\"" + std::string(s) + "\" names more than one column (" + list +
                             "): give the column number");
    }
  }
  return InvalidArgument("no column is called \"" + std::string(s) + "\"");
}

Status ApplyOverrides(const Layout& layout, const std::vector<std::string>& specs,
                      Mapping* mapping) {
  for (const auto& spec : specs) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos) {
      return InvalidArgument("--map " + spec + ": expected FIELD=COLUMN");
    }
    auto field = ParseField(TrimCell(std::string_view(spec).substr(0, eq)));
    if (!field) {
      return InvalidArgument("--map " + spec +
                             ": FIELD must be nps, csat, ces, comment, submitted_at, customer, "
                             "touchpoint, team, employee, language or external_id");
    }
    std::string_view col = TrimCell(std::string_view(spec).substr(eq + 1));
    if (col.empty()) {
      (*mapping)[*field].reset();
      continue;
    }
    auto c = ResolveColumn(layout, col);
    if (!c.ok()) return InvalidArgument("--map " + spec + ": " + c.status().message());
    for (Field other : kFields) {
      if (other != *field && (*mapping)[other] == *c) (*mapping)[other].reset();
    }
    (*mapping)[*field] = *c;
  }
  return Status::Ok();
}

std::string MappingToJson(const Mapping& m) {
  json::object o;
  for (Field f : kFields) {
    if (m[f]) o[FieldName(f)] = static_cast<int64_t>(*m[f] + 1);
  }
  return json::serialize(o);
}

Result<Mapping> MappingFromJson(std::string_view text, size_t columns) {
  ASSIGN_OR_RETURN(auto doc, ParseJson(text));
  if (!doc.is_object()) return InvalidArgument("a saved mapping must be a JSON object");
  Mapping m;
  for (const auto& kv : doc.as_object()) {
    auto f = ParseField(std::string_view(kv.key()));
    if (!f || !kv.value().is_int64()) continue;
    int64_t n = kv.value().as_int64();
    if (n >= 1 && static_cast<size_t>(n) <= columns) m[*f] = static_cast<size_t>(n - 1);
  }
  return m;
}

}  // namespace beleving::capture::import
