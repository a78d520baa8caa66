// Who may change what in the loop, and the audit entry every change a
// person makes leaves. Each service function checks its caller here before
// it writes, so the API, the dashboard and the CLI cannot differ.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "security/principal.h"
#include "store/sql.h"

namespace beleving::loop {

// Handling cases and promises: a signed-in person (the TenantScope limits
// what they reach), the operator at the CLI, or an API key with the admin
// or ingest scope. PermissionDenied otherwise.
Status CheckCanHandle(const security::Principal& who);
// The loop's settings (webhooks, alert rules, SLA targets, the calendar,
// standard promises, re-sending deliveries): admins, the operator and
// admin-scoped API keys.
Status CheckAdmin(const security::Principal& who);
// Starting a case by hand and reading complaints: admins, managers and
// consultants, the operator, admin-scoped API keys.
Status CheckManage(const security::Principal& who);

// Inside the change's write: records that `who` did `action` to `subject`
// ("create", "webhook:12").
Status Audit(store::SqlConn& c, const security::Principal& who, std::string_view action,
             const std::string& subject, UnixSeconds now);

}  // namespace beleving::loop
