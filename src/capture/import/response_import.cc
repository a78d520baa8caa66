#include "capture/import/response_import.h"

#include <algorithm>
#include <map>
#include <set>

#include "capture/import/delimited_reader.h"
#include "capture/import/xlsx_reader.h"
#include "core/json.h"
#include "security/secrets.h"
#include "store/import_store.h"
#include "store/org_store.h"

namespace beleving::capture::import {
namespace {

constexpr std::string_view kRowHashPrefix = "import:h:";

std::string Quote(std::string_view s, size_t max = 40) {
  std::string v(s.substr(0, max));
  if (s.size() > max) v += "...";
  return "\"" + v + "\"";
}

// "nl", "en", "es" from "NL", "nl-NL", "en_GB", "Dutch", "Nederlands", ...
std::string LanguageCode(std::string_view text) {
  std::string s(TrimCell(text));
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "dutch" || s == "nederlands" || s == "nederlandse") return "nl";
  if (s == "english" || s == "engels") return "en";
  if (s == "german" || s == "deutsch" || s == "duits") return "de";
  if (s == "french" || s == "français" || s == "frans") return "fr";
  if (s == "spanish" || s == "español" || s == "spaans") return "es";
  size_t cut = s.find_first_of("-_");
  if (cut != std::string::npos && cut >= 2 && cut <= 3) s = s.substr(0, cut);
  if (s.size() > 35) s.resize(35);
  return s;
}

bool ValidKeyText(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

}  // namespace

Result<Table> ReadTable(std::string_view bytes, std::optional<Format> format, bool* xlsx) {
  *xlsx = LooksLikeZip(bytes);
  if (format == Format::kXlsx && !*xlsx) {
    return InvalidArgument("--format xlsx, but the file is not an XLSX workbook");
  }
  if (format == Format::kCsv && *xlsx) {
    return InvalidArgument("--format csv, but the file is a zip archive (an XLSX workbook?)");
  }
  if (*xlsx) return ReadXlsx(bytes);
  return ReadDelimited(bytes);
}

RowReader::RowReader(const Layout& layout, const Mapping& mapping, const Table& table,
                     TimeZone zone, UnixSeconds now)
    : layout_(layout), mapping_(mapping), zone_(std::move(zone)), now_(now) {
  for (const auto& c : layout.columns) {
    if (!c.metadata && !mapping.FieldOf(c.index)) answer_columns_.push_back(c.index);
  }
  if (auto col = mapping[Field::kSubmittedAt]) {
    std::vector<std::string_view> values;
    for (size_t r = layout.header_rows; r < table.records.size(); ++r) {
      values.push_back(table.records[r].text(*col));
    }
    date_order_ = DecideDateOrder(values, layout.date_hint);
  }
}

Result<ResponseInput> RowReader::Read(const Record& record, Problem* problem) const {
  ResponseInput in;
  auto fail = [&](size_t column, std::string message) -> Status {
    problem->line = record.line_of(column);
    problem->column = static_cast<uint32_t>(column + 1);
    problem->message = std::move(message);
    return InvalidArgument(problem->message);
  };
  auto cell = [&](Field f) -> std::optional<std::pair<size_t, std::string_view>> {
    auto col = mapping_[f];
    if (!col) return std::nullopt;
    std::string_view v = TrimCell(record.text(*col));
    if (v.empty()) return std::nullopt;
    return std::pair{*col, v};
  };
  size_t answers = 0;
  struct Score {
    Field field;
    int lo, hi;
    std::optional<int>* out;
  };
  for (const Score& s :
       {Score{Field::kNps, 0, 10, &in.answers.nps}, Score{Field::kCsat, 1, 5, &in.answers.csat},
        Score{Field::kCes, 1, 7, &in.answers.ces}}) {
    if (auto c = cell(s.field)) {
      auto v = ParseScore(c->second, s.lo, s.hi);
      if (!v) {
        return fail(c->first, std::string(FieldName(s.field)) + ": " + Quote(c->second) +
                                  " is not a whole number from " + std::to_string(s.lo) + " to " +
                                  std::to_string(s.hi));
      }
      *s.out = *v;
      ++answers;
    }
  }
  if (auto c = cell(Field::kComment)) {
    if (c->second.size() > kMaxCommentBytes) {
      return fail(c->first, "comment: longer than " + std::to_string(kMaxCommentBytes) + " bytes");
    }
    in.answers.comment = std::string(c->second);
    ++answers;
  }
  for (size_t col : answer_columns_) {
    std::string_view v = TrimCell(record.text(col));
    if (v.empty()) continue;
    if (v.size() > kMaxCommentBytes) {
      return fail(col, "answer " + Quote(layout_.columns[col].name) + ": longer than " +
                           std::to_string(kMaxCommentBytes) + " bytes");
    }
    in.answers.other[layout_.columns[col].key] = std::string(v);
    ++answers;
  }
  if (auto c = cell(Field::kLanguage)) in.answers.other["language"] = LanguageCode(c->second);

  struct Key {
    Field field;
    std::optional<std::string>* out;
  };
  for (const Key& k :
       {Key{Field::kCustomer, &in.keys.customer}, Key{Field::kTouchpoint, &in.keys.touchpoint},
        Key{Field::kTeam, &in.keys.team}, Key{Field::kEmployee, &in.keys.employee}}) {
    if (auto c = cell(k.field)) {
      if (!ValidKeyText(c->second)) {
        return fail(c->first, std::string(FieldName(k.field)) +
                                  ": must be 1-200 characters without control characters");
      }
      *k.out = std::string(c->second);
    }
  }

  if (auto col = mapping_[Field::kSubmittedAt]) {
    std::string_view v = TrimCell(record.text(*col));
    if (v.empty()) return fail(*col, "submitted_at: no date");
    auto t = ParseDateTime(v, date_order_);
    if (!t) return fail(*col, "submitted_at: " + Quote(v) + " is not a date");
    in.submitted_at = ToUnix(*t, layout_.dates_in_utc ? TimeZone::Utc() : zone_);
  } else {
    in.submitted_at = now_;
  }

  if (auto c = cell(Field::kExternalId)) {
    std::string prefix = layout_.id_prefix.empty() ? "import:" : layout_.id_prefix;
    in.external_id = prefix + std::string(c->second);
    if (!ValidKeyText(in.external_id)) {
      return fail(c->first, "external_id: must be 1-" + std::to_string(200 - prefix.size()) +
                                " characters without control characters");
    }
  } else {
    // The row's own content: its non-empty cells with their column names, so
    // a column added to the survey later (empty in old rows) keeps old ids.
    std::string content;
    for (size_t i = 0; i < record.cells.size() && i < layout_.columns.size(); ++i) {
      std::string_view v = TrimCell(record.cells[i].text);
      if (v.empty()) continue;
      content += layout_.columns[i].name;
      content += '\x1f';
      content += v;
      content += '\x1e';
    }
    in.external_id = std::string(kRowHashPrefix) + security::Sha256Hex(content).substr(0, 40);
  }

  // A survey tool's row is a submission it recorded (its date says when),
  // even with every question left blank: imported without answers, so the
  // counts and the "blank" share match the tool. A plain file's row needs an
  // answer.
  const bool tool_submission = layout_.format != Format::kCsv && layout_.format != Format::kXlsx &&
                               cell(Field::kSubmittedAt);
  if (answers == 0 && !tool_submission) {
    problem->line = record.line;
    problem->column = 0;
    problem->message = "no answer in this row";
    return InvalidArgument(problem->message);
  }
  return in;
}

Result<ImportReport> ResponseImporter::Run(const store::TenantScope& t, std::string_view bytes,
                                           const ImportOptions& options,
                                           const ImportProgress& progress) {
  ImportReport report;
  bool xlsx = false;
  ASSIGN_OR_RETURN(Table table, ReadTable(bytes, options.format, &xlsx));
  report.encoding = table.encoding;
  report.shape = table.shape;
  ASSIGN_OR_RETURN(report.layout, DetectLayout(table, options.format, xlsx));
  const Layout& layout = report.layout;

  std::optional<store::ImportSource> saved;
  std::optional<store::Org> org;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(saved, store::ImportStore::FindSource(c, t, layout.fingerprint));
    ASSIGN_OR_RETURN(org, store::OrgStore::ById(c, t.org_id()));
    return Status::Ok();
  }));
  if (!org) return NotFound("no such organisation");
  if (saved) {
    ASSIGN_OR_RETURN(report.mapping, MappingFromJson(saved->mapping, layout.columns.size()));
    report.saved_mapping = true;
    report.mapping_notes.push_back("the mapping saved at the last import of this source");
  } else {
    report.mapping = DetectMapping(layout, table, &report.mapping_notes);
  }
  RETURN_IF_ERROR(ApplyOverrides(layout, options.map, &report.mapping));

  auto zone = TimeZone::Load(org->time_zone);
  const UnixSeconds now = clock_.Now();
  RowReader reader(layout, report.mapping, table, zone.ok() ? *zone : TimeZone::Utc(), now);
  report.answer_columns = reader.answer_columns();
  bool any_answer_column = !report.answer_columns.empty();
  for (Field f : kFields)
    any_answer_column = any_answer_column || (IsAnswerField(f) && report.mapping[f]);
  if (!any_answer_column) {
    return InvalidArgument(
        "no column to import as an answer: map one with --map nps=COLUMN (or csat, ces, "
        "comment)");
  }

  // Convert every row first: problems and counts are known before writing.
  std::vector<ResponseInput> good;
  std::vector<uint32_t> good_lines;
  std::set<std::string> seen_ids;
  std::map<std::string, int> same_content;  // row hash -> rows with it so far
  for (size_t r = layout.header_rows; r < table.records.size(); ++r) {
    ++report.rows;
    Problem p;
    auto in = reader.Read(table.records[r], &p);
    if (!in.ok()) {
      ++report.skipped;
      report.problems.push_back(std::move(p));
      continue;
    }
    if (in->external_id.rfind(kRowHashPrefix, 0) == 0) {
      // Identical rows are separate submissions (two empty forms sent in the
      // same second): the second is "...:2", the third "...:3". A later
      // export keeps their order, so their ids stay.
      int n = ++same_content[in->external_id];
      if (n > 1) in->external_id += ":" + std::to_string(n);
    }
    if (!seen_ids.insert(in->external_id).second) {
      ++report.duplicates;  // the same response twice in one file
      continue;
    }
    ++report.nps[in->answers.nps ? static_cast<size_t>(*in->answers.nps) : 11];
    good_lines.push_back(table.records[r].line);
    good.push_back(std::move(*in));
  }

  if (options.dry_run) {
    std::vector<std::string> ids;
    ids.reserve(good.size());
    for (const auto& g : good) ids.push_back(g.external_id);
    std::vector<std::string> existing;
    RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(existing, store::ImportStore::ExistingResponseIds(c, t, ids));
      return Status::Ok();
    }));
    report.duplicates += existing.size();
    report.imported = good.size() - existing.size();
    return report;
  }

  // The source first (its id marks the responses), with the mapping used.
  store::ImportSource source;
  source.fingerprint = layout.fingerprint;
  source.format = FormatName(layout.format);
  json::array names;
  for (const auto& c : layout.columns) names.emplace_back(c.name);
  source.columns = json::serialize(names);
  source.mapping = MappingToJson(report.mapping);
  if (!options.file_name.empty()) source.file_name = options.file_name;
  int64_t source_id = 0;
  RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(source_id, store::ImportStore::SaveSource(c, t, source, now));
    return Status::Ok();
  }));
  for (auto& g : good) g.import_source_id = source_id;

  const size_t batch = std::max<size_t>(1, std::min(options.batch_size, kMaxBatch));
  if (progress) progress(0, good.size());
  for (size_t start = 0; start < good.size(); start += batch) {
    size_t end = std::min(good.size(), start + batch);
    std::vector<ResponseInput> part(
        std::make_move_iterator(good.begin() + static_cast<long>(start)),
        std::make_move_iterator(good.begin() + static_cast<long>(end)));
    auto res = ingest_.Responses(t, part);
    if (res.ok()) {
      report.imported += res->accepted;
      report.duplicates += res->duplicates;
    } else if (res.status().code() == StatusCode::kInvalidArgument) {
      // One row the checks above let through: find it, keep the others.
      for (size_t i = 0; i < part.size(); ++i) {
        auto one = ingest_.Responses(t, {part[i]});
        if (one.ok()) {
          report.imported += one->accepted;
          report.duplicates += one->duplicates;
        } else if (one.status().code() == StatusCode::kInvalidArgument) {
          ++report.skipped;
          report.problems.push_back({good_lines[start + i], 0, one.status().message()});
        } else {
          return one.status();
        }
      }
    } else {
      return res.status();
    }
    if (progress) progress(end, good.size());
  }
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  return report;
}

}  // namespace beleving::capture::import
