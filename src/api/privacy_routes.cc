// Privacy (AVG/GDPR) for admins: export and erase one customer, the
// retention policy, and the audit log of who read or changed personal data.
#include "api/app.h"
#include "core/time_format.h"
#include "privacy/privacy_service.h"
#include "store/privacy_store.h"

namespace beleving::api {
namespace {

std::string CustomerSubject(int64_t id) { return "customer:" + std::to_string(id); }

json::value MonthsJson(const std::optional<int>& m) {
  return m ? json::value(*m) : json::value(nullptr);
}

}  // namespace

void RegisterPrivacyRoutes(App& app) {
  privacy::RegisterRetention(app.jobs(), app.db(), app.clock());

  app.Add("GET", "/api/v1/customers/{id}/export", Access::kAdmin, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    auto doc = privacy::ExportCustomer(call.app.db(), call.tenant(), *id, call.app.clock().Now());
    if (!doc.ok()) return http::ProblemFromStatus(doc.status());
    call.app.Audit(call, "export", CustomerSubject(*id));
    return JsonOk(*doc);
  });

  app.Add("POST", "/api/v1/customers/{id}/erase", Access::kAdmin, [](Call& call) {
    auto id = PathId(call.req);
    if (!id.ok()) return http::ProblemFromStatus(id.status());
    auto counts = privacy::EraseCustomer(call.app.db(), call.tenant(), *id, call.app.clock().Now());
    if (!counts.ok()) return http::ProblemFromStatus(counts.status());
    call.app.survey_pages().Clear();  // no page of their links outlives the erasure
    call.app.Audit(call, "erase", CustomerSubject(*id));
    json::object o{{"customer", *id},
                   {"key", "erased-" + std::to_string(*id)},
                   {"responses_anonymised", counts->responses},
                   {"other_rows_anonymised", counts->other_rows}};
    return JsonOk(o);
  });

  app.Add("GET", "/api/v1/retention", Access::kAdmin, [](Call& call) {
    std::optional<int> months;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(months, store::PrivacyStore::RetentionMonths(c, call.tenant()));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    return JsonOk(json::object{{"months", MonthsJson(months)}});
  });

  app.Add("PUT", "/api/v1/retention", Access::kAdmin, [](Call& call) {
    auto body = ReadJsonBody(call.req);
    if (!body.ok()) return http::ProblemFromStatus(body.status());
    const json::object* o = body->if_object();
    if (!o) return http::ProblemFromStatus(InvalidArgument("send a JSON object", ""));
    for (const auto& [k, v] : *o) {
      if (k != "months") {
        return http::ProblemFromStatus(InvalidArgument("unknown field", "/" + JsonPointerToken(k)));
      }
    }
    auto it = o->find("months");
    if (it == o->end()) {
      return http::ProblemFromStatus(InvalidArgument("months is required", "/months"));
    }
    std::optional<int> months;
    if (!it->value().is_null()) {
      if (!it->value().is_int64() || it->value().as_int64() < 1 ||
          it->value().as_int64() > privacy::kMaxRetentionMonths) {
        return http::ProblemFromStatus(InvalidArgument(
            "months must be a whole number from 1 to " +
                std::to_string(privacy::kMaxRetentionMonths) + ", or null for no policy",
            "/months"));
      }
      months = static_cast<int>(it->value().as_int64());
    }
    UnixSeconds now = call.app.clock().Now();
    Status st = call.app.db().Write([&](store::SqlConn& c) -> Status {
      RETURN_IF_ERROR(store::PrivacyStore::SetRetentionMonths(c, call.tenant(), months,
                                                              call.who->actor(), now));
      if (months) {
        RETURN_IF_ERROR(call.app.jobs()
                            .Schedule(c, call.tenant().org_id(), privacy::kRetentionJob, "{}", now)
                            .status());
      }
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    call.app.jobs().Wake();
    call.app.Audit(call, "update", "retention");
    return JsonOk(json::object{{"months", MonthsJson(months)}});
  });

  app.Add("GET", "/api/v1/audit-log", Access::kAdmin, [](Call& call) {
    auto limit = PageLimit(call.req);
    if (!limit.ok()) return http::ProblemFromStatus(limit.status());
    auto before = DecodeCursor(call.req.Query("cursor"));
    if (!before.ok()) return http::ProblemFromStatus(before.status());
    std::vector<store::AuditEntry> rows;
    Status st = call.app.db().Read([&](store::SqlConn& c) -> Status {
      ASSIGN_OR_RETURN(rows, store::PrivacyStore::AuditLog(c, call.tenant(), *before, *limit + 1));
      return Status::Ok();
    });
    if (!st.ok()) return http::ProblemFromStatus(st);
    bool more = rows.size() > static_cast<size_t>(*limit);
    if (more) rows.pop_back();
    json::array items;
    for (const auto& e : rows) {
      items.push_back(json::object{{"id", e.id},
                                   {"actor", e.actor},
                                   {"action", e.action},
                                   {"subject", e.subject},
                                   {"at", FormatRfc3339(e.at)}});
    }
    json::value next = nullptr;
    if (more && !rows.empty()) next = EncodeCursor(rows.back().id);
    return JsonOk(json::object{{"entries", std::move(items)}, {"next_cursor", next}});
  });
}

}  // namespace beleving::api
