// Privacy (AVG/GDPR) for admins: export and erase one customer, the
// retention policy, and the audit log of who read or changed personal data.
// The rules and the audit entries are privacy::Privacy's
// (privacy/privacy_service.h).
#include "api/app.h"
#include "api/declare.h"
#include "core/time_format.h"
#include "privacy/privacy_service.h"

namespace beleving::api {
namespace {

json::value MonthsJson(const std::optional<int>& m) {
  return m ? json::value(*m) : json::value(nullptr);
}

Parameter CustomerId() {
  return Parameter{"id", Schema::Integer(1, INT64_MAX), true, "The customer's id"};
}

}  // namespace

void RegisterPrivacyRoutes(App& app) {
  app.Add("GET", "/api/v1/customers/{id}/export", Access::kAdmin,
          Declare("exportCustomer", "Everything stored about one customer (audited)", "privacy")
              .Path(CustomerId())
              .Replies({Answer(200, "The export", "CustomerExport")}),
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            auto doc = call.services().privacy().Export(*call.who, *id);
            if (!doc.ok()) return http::ProblemFromStatus(doc.status());
            return JsonOk(*doc);
          });

  app.Add("POST", "/api/v1/customers/{id}/erase", Access::kAdmin,
          Declare("eraseCustomer", "Erase a customer's personal data; scores stay, anonymised",
                  "privacy")
              .Path(CustomerId())
              .Replies({Answer(200, "Erased", "Erasure")}),
          [](Call& call) {
            auto id = PathId(call.req);
            if (!id.ok()) return http::ProblemFromStatus(id.status());
            auto counts = call.services().privacy().Erase(*call.who, *id);
            if (!counts.ok()) return http::ProblemFromStatus(counts.status());
            return JsonOk(json::object{{"customer", *id},
                                       {"key", "erased-" + std::to_string(*id)},
                                       {"responses_anonymised", counts->responses},
                                       {"other_rows_anonymised", counts->other_rows}});
          });

  app.Add("GET", "/api/v1/retention", Access::kAdmin,
          Declare("getRetention", "The organisation's retention policy", "privacy")
              .Replies({Answer(200, "The policy (months null: none)", "Retention")}),
          [](Call& call) {
            auto months = call.services().privacy().Retention(*call.who);
            if (!months.ok()) return http::ProblemFromStatus(months.status());
            return JsonOk(json::object{{"months", MonthsJson(*months)}});
          });

  app.Add("PUT", "/api/v1/retention", Access::kAdmin,
          Declare("setRetention",
                  "Set or clear the retention policy; the retention job runs at "
                  "once and daily",
                  "privacy")
              .Body(Schema::Object({{"months",
                                     Schema::Integer(1, privacy::kMaxRetentionMonths)
                                         .Nullable()
                                         .Describe("Anonymise customers inactive this long; null: "
                                                   "no policy"),
                                     kRequired}})
                        .Named("RetentionUpdate")
                        .Example(json::object{{"months", 24}}))
              .Replies({Answer(200, "The policy now", "Retention")}),
          [](Call& call) {
            const json::value& m = call.body.get_object().at("months");
            std::optional<int> months;
            if (!m.is_null()) months = static_cast<int>(m.to_number<int64_t>());
            Status st = call.services().privacy().SetRetention(*call.who, months);
            if (!st.ok()) return http::ProblemFromStatus(st);
            return JsonOk(json::object{{"months", MonthsJson(months)}});
          });

  app.Add("GET", "/api/v1/audit-log", Access::kAdmin,
          Declare("listAuditLog", "Who read or changed personal data, newest first", "privacy")
              .Query({{"limit", Schema::Integer(1, privacy::kMaxAuditPage), false,
                       "Page size (default 100)"},
                      {"cursor", Schema::String(2, 20).Pattern("^c[0-9]+$"), false,
                       "next_cursor of the previous page"}})
              .Replies({Answer(200, "A page of entries", "AuditLog")}),
          [](Call& call) {
            auto limit = PageLimit(call.req, 100, privacy::kMaxAuditPage);
            if (!limit.ok()) return http::ProblemFromStatus(limit.status());
            auto before = DecodeCursor(call.req.Query("cursor"));
            if (!before.ok()) return http::ProblemFromStatus(before.status());
            bool more = false;
            auto rows = call.services().privacy().AuditLog(*call.who, *before, *limit, &more);
            if (!rows.ok()) return http::ProblemFromStatus(rows.status());
            json::array items;
            for (const auto& e : *rows) {
              items.push_back(json::object{{"id", e.id},
                                           {"actor", e.actor},
                                           {"action", e.action},
                                           {"subject", e.subject},
                                           {"at", FormatRfc3339(e.at)}});
            }
            json::value next = nullptr;
            if (more && !rows->empty()) next = EncodeCursor(rows->back().id);
            return JsonOk(json::object{{"entries", std::move(items)}, {"next_cursor", next}});
          });
}

}  // namespace beleving::api
