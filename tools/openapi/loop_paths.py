"""Closing the loop (issue 5, src/api/loop_routes.cc): cases with SLAs,
complaints, the promise ledger, alert rules, webhooks and reports."""


def add_paths(paths, schemas, op, ok, qp, ref):
    pid = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    page = [qp("limit", "Page size 1..1000 (default 100)", {"type": "integer", "minimum": 1, "maximum": 1000}),
            qp("cursor", "next_cursor of the previous page")]
    s = {"type": "string"}
    ns = {"type": ["string", "null"]}
    nt = {"type": ["string", "null"], "format": "date-time"}
    ni = {"type": ["integer", "null"]}
    case_types = ["detractor", "complaint", "broken_promise", "disappointment", "manual"]
    statuses = ["received", "acknowledged", "assessed", "investigating", "responded", "closed"]
    severities = ["low", "normal", "high", "critical"]
    events = ["detractor", "keyword", "promise.due_soon", "promise.broken", "sla.at_risk",
              "sla.breached", "disappointment", "case.opened"]
    timer = {"type": "object", "properties": {
        "state": {"enum": ["running", "at_risk", "breached", "met", "missed"]},
        "allowed_seconds": {"type": "integer"}, "used_seconds": {"type": "integer"}, "due_at": nt}}
    schemas["SlaState"] = {"type": "object", "description": "Timers of the case's policy (absent: no target)",
                           "properties": {"acknowledge": timer, "first_contact": timer, "resolve": timer}}
    schemas["Case"] = {"type": "object", "properties": {
        "id": {"type": "integer"}, "type": {"enum": case_types}, "status": {"enum": statuses},
        "severity": {"enum": severities}, "title": s, "description": ns, "customer": ns, "team": ns,
        "location": ns, "owner": {"type": ["string", "null"], "description": "employee key"},
        "escalation_level": {"type": "integer", "description": "0 owner, 1 team lead, 2 location manager, 3 org admins"},
        "escalated_to": ns, "response_id": ni, "interaction_id": ni, "complaint_id": ni, "promise_id": ni,
        "opened_at": {"type": "string", "format": "date-time"}, "acknowledged_at": nt, "first_contact_at": nt,
        "responded_at": nt, "closed_at": nt, "waiting_on_customer": {"type": "boolean"}, "resolution": ns,
        "customer_satisfied": {"type": ["boolean", "null"]},
        "sla": ref("SlaState"), "log": {"type": "array", "items": {"type": "object", "properties": {
            "kind": {"enum": ["status", "note", "contact", "waiting", "update", "escalation", "sla"]},
            "actor": s, "at": {"type": "string", "format": "date-time"}, "body": {"type": "object"}}}}}}
    schemas["CaseIn"] = {"type": "object", "required": ["title"], "additionalProperties": False, "properties": {
        "type": {"enum": case_types}, "title": {"type": "string", "maxLength": 300},
        "description": {"type": "string", "maxLength": 20000}, "severity": {"enum": severities},
        "customer": s, "team": s, "location": s, "owner": {"type": "string", "description": "employee key"}}}
    schemas["CasePatch"] = {"type": "object", "additionalProperties": False, "properties": {
        "severity": {"enum": severities}, "title": {"type": "string", "maxLength": 300},
        "resolution": {"type": "string", "maxLength": 20000}, "customer_satisfied": {"type": "boolean"},
        "owner": {"type": "string", "description": "employee key"}}}
    schemas["Complaint"] = {"type": "object", "properties": {
        "id": {"type": "integer"}, "source": {"enum": ["api", "email", "cfpb", "form"]}, "source_ref": s,
        "received_at": {"type": "string", "format": "date-time"}, "name": ns, "email": ns, "product": ns,
        "issue": ns, "subject": ns, "narrative": ns, "case_id": ni}}
    schemas["ComplaintIn"] = {"type": "object", "required": ["narrative"], "additionalProperties": False, "properties": {
        "external_id": {"type": "string", "maxLength": 200, "description": "dedupe key"},
        "received_at": {"type": "string", "format": "date-time"}, "name": {"type": "string", "maxLength": 200},
        "email": {"type": "string", "maxLength": 320}, "customer": s, "product": {"type": "string", "maxLength": 300},
        "issue": {"type": "string", "maxLength": 300}, "subject": {"type": "string", "maxLength": 500},
        "narrative": {"type": "string", "maxLength": 65536}}}
    schemas["Promise"] = {"type": "object", "properties": {
        "id": {"type": "integer"}, "type": s, "text": s,
        "status": {"enum": ["open", "kept", "broken", "renegotiated"]}, "employee": ns, "team": ns,
        "customer": ns, "interaction_id": ni, "case_id": ni, "made_at": {"type": "string", "format": "date-time"},
        "due_at": {"type": "string", "format": "date-time"}, "settled_at": nt, "broken_case_id": ni,
        "history": {"type": "array", "items": {"type": "object", "properties": {
            "old_due_at": s, "new_due_at": s, "note": ns, "actor": s, "at": s}}}}}
    schemas["PromiseIn"] = {"type": "object", "required": ["text", "due_at"], "additionalProperties": False, "properties": {
        "text": {"type": "string", "maxLength": 1000}, "type": s,
        "due_at": {"type": "string", "format": "date-time"}, "made_at": {"type": "string", "format": "date-time"},
        "employee": s, "team": s, "customer": s, "interaction_id": {"type": "integer"}, "case_id": {"type": "integer"}}}
    schemas["StandardPromise"] = {"type": "object", "required": ["key", "touchpoint", "text"], "properties": {
        "id": {"type": "integer"}, "key": s, "touchpoint": {"type": "string", "description": "touchpoint key"},
        "text": {"type": "string", "maxLength": 1000},
        "due_after_seconds": {"type": "integer"}, "due_after_hours": {"type": "integer"},
        "business_hours": {"type": "boolean", "default": True}, "active": {"type": "boolean"}}}
    schemas["Webhook"] = {"type": "object", "properties": {
        "id": {"type": "integer"}, "url": {"type": "string", "description": "http(s) only; redirects are not followed"},
        "format": {"enum": ["json", "slack", "teams", "adaptive_card"],
                   "description": "json: the event with its data; slack: {text}; teams: a MessageCard; "
                                  "adaptive_card: a Teams workflows message with one Adaptive Card 1.4"},
        "secret": {"type": "string", "description": "Returned once at creation. Deliveries carry "
                   "X-Beleving-Signature: t=TIMESTAMP,v1=hex(HMAC-SHA256(secret, TIMESTAMP + '.' + body))"},
        "retry_base_seconds": {"type": "integer", "minimum": 1, "maximum": 3600},
        "max_attempts": {"type": "integer", "minimum": 1, "maximum": 20}, "active": {"type": "boolean"}}}
    schemas["Delivery"] = {"type": "object", "properties": {
        "id": {"type": "integer"}, "webhook_id": {"type": "integer"}, "rule_id": ni, "event": s,
        "state": {"enum": ["pending", "delivered", "failed"]}, "attempts": {"type": "integer"},
        "last_status": ni, "last_error": ns, "created_at": s, "delivered_at": nt}}
    schemas["EmailDelivery"] = {"type": "object", "properties": {
        "id": {"type": "integer"}, "rule_id": ni, "event": s, "to": s, "subject": s,
        "state": {"enum": ["pending", "delivered", "failed"]}, "attempts": {"type": "integer"},
        "last_error": ns, "created_at": s, "delivered_at": nt}}
    schemas["AlertRule"] = {"type": "object", "required": ["event"], "properties": {
        "id": {"type": "integer"}, "event": {"enum": events},
        "keyword": {"type": ["string", "null"], "description": "for event keyword: matched in the comment, case-insensitive"},
        "webhook_id": ni, "email": ns, "active": {"type": "boolean"}}}
    schemas["SlaPolicy"] = {"type": "object", "properties": {
        "case_type": {"enum": case_types}, "acknowledge_minutes": ni, "first_contact_minutes": ni,
        "resolve_minutes": ni, "at_risk_percent": {"type": "integer", "default": 75},
        "business_hours": {"type": "boolean", "default": True}}}
    schemas["BusinessCalendar"] = {"type": "object", "properties": {
        "hours": {"type": "object", "properties": {
            "days": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 7}, "description": "1 = Monday"},
            "start": {"type": "string", "pattern": "^\\d\\d:\\d\\d$"}, "end": {"type": "string", "pattern": "^\\d\\d:\\d\\d$"}}},
        "holidays": {"type": "array", "items": {"type": "string", "format": "date"}}}}
    counts = {"type": "object", "properties": {"met": {"type": "integer"}, "missed": {"type": "integer"},
                                               "breached_open": {"type": "integer"}, "mean_seconds": {"type": ["number", "null"]}}}
    schemas["SlaReport"] = {"type": "object", "properties": {
        "by_type": {"type": "array", "items": {"type": "object", "properties": {
            "case_type": s, "opened": {"type": "integer"}, "closed": {"type": "integer"},
            "acknowledge": counts, "first_contact": counts, "resolve": counts}}},
        "cases": {"type": "array", "items": {"type": "object"}}}}
    row = {"type": "object", "properties": {"key": s, "kept": {"type": "integer"}, "broken": {"type": "integer"},
                                            "open": {"type": "integer"}, "kept_rate": {"type": ["number", "null"]}}}
    after = {"type": "object", "properties": {"responses": {"type": "integer"}, "promoters": {"type": "integer"},
                                              "detractors": {"type": "integer"}, "nps": {"type": ["number", "null"]}}}
    schemas["PromiseReport"] = {"type": "object", "properties": {
        "total": row, "by_team": {"type": "array", "items": row}, "by_employee": {"type": "array", "items": row},
        "by_type": {"type": "array", "items": row},
        "nps_after_kept": after, "nps_after_broken": after}}

    def lst(name, schema):
        return {"type": "object", "properties": {name: {"type": "array", "items": ref(schema)},
                                                 "next_cursor": ns}}

    paths["/api/v1/cases"] = {
        "get": op("Cases visible to the caller (managers: their teams and locations; employees: cases they own)",
                  "loop", "read", ok(lst("cases", "Case")),
                  params=page + [qp("status", "one status", {"enum": statuses}), qp("type", "case type"),
                                 qp("open", "true: not closed")]),
        "post": op("Open a case by hand; owner by rule when not given", "loop", "manage",
                   ok(ref("Case"), "201"), ref("CaseIn"))}
    paths["/api/v1/cases/{id}"] = {
        "get": op("One case with its SLA timers and log", "loop", "read", ok(ref("Case")), params=pid),
        "patch": op("Change severity, title, owner, resolution or customer_satisfied", "loop", "read",
                    ok(ref("Case")), ref("CasePatch"), params=pid)}
    paths["/api/v1/cases/{id}/status"] = {"post": op(
        "Move the case along received, acknowledged, assessed, investigating, responded, closed "
        "(closed -> investigating reopens); 409 on an invalid transition", "loop", "read", ok(ref("Case")),
        {"type": "object", "required": ["status"], "properties": {"status": {"enum": statuses}, "note": s}},
        params=pid, errors=(400, 401, 403, 404, 409))}
    paths["/api/v1/cases/{id}/notes"] = {"post": op(
        "Add a note to the case log", "loop", "read", ok(ref("Case"), "201"),
        {"type": "object", "required": ["text"], "properties": {"text": s}}, params=pid)}
    paths["/api/v1/cases/{id}/contacts"] = {"post": op(
        "Log a contact with the customer (the first one stops the first-contact timer)", "loop", "read",
        ok(ref("Case"), "201"),
        {"type": "object", "required": ["summary"], "properties": {
            "channel": {"enum": ["phone", "email", "face_to_face", "chat", "letter", "other"]}, "summary": s}},
        params=pid)}
    paths["/api/v1/cases/{id}/waiting"] = {"post": op(
        "Pause (true) or resume (false) the SLA timers while waiting on the customer", "loop", "read",
        ok(ref("Case")), {"type": "object", "required": ["waiting"], "properties": {"waiting": {"type": "boolean"}}},
        params=pid, errors=(400, 401, 403, 404, 409))}
    paths["/api/v1/complaints"] = {
        "get": op("Complaints (audited)", "loop", "manage", ok(lst("complaints", "Complaint")), params=page),
        "post": op("Submit a complaint; opens a case. With external_id a repeat answers 200 {duplicate: true}",
                   "loop", "ingest", ok(ref("Complaint"), "201"), ref("ComplaintIn"))}
    paths["/api/v1/complaints/{id}"] = {"get": op("One complaint (audited)", "loop", "manage",
                                                  ok(ref("Complaint")), params=pid)}
    paths["/api/v1/promises"] = {
        "get": op("The promise ledger", "loop", "read", ok(lst("promises", "Promise")),
                  params=page + [qp("status", "open, kept, broken or renegotiated")]),
        "post": op("Record a promise made to a customer", "loop", "read", ok(ref("Promise"), "201"),
                   ref("PromiseIn"))}
    paths["/api/v1/promises/standards"] = {
        "get": op("The service charter: standard promises per touchpoint", "loop", "read",
                  ok({"type": "object", "properties": {"standards": {"type": "array", "items": ref("StandardPromise")}}})),
        "post": op("Add a standard promise, made automatically at every interaction at its touchpoint "
                   "(give due_after_seconds or due_after_hours)", "loop", "admin",
                   ok(ref("StandardPromise"), "201"), ref("StandardPromise"), errors=(400, 401, 403, 409))}
    paths["/api/v1/promises/{id}"] = {"get": op("One promise with its renegotiation history", "loop", "read",
                                                ok(ref("Promise")), params=pid)}
    for what, summary in (("kept", "Mark the promise kept"),
                          ("broken", "Mark the promise broken (opens a case)")):
        paths[f"/api/v1/promises/{{id}}/{what}"] = {"post": op(
            summary, "loop", "read", ok(ref("Promise")), params=pid, errors=(401, 403, 404, 409))}
    paths["/api/v1/promises/{id}/renegotiate"] = {"post": op(
        "Agree a new due date with the customer (history kept)", "loop", "read", ok(ref("Promise")),
        {"type": "object", "required": ["due_at"], "properties": {
            "due_at": {"type": "string", "format": "date-time"}, "note": s}},
        params=pid, errors=(400, 401, 403, 404, 409))}
    paths["/api/v1/webhooks"] = {
        "get": op("Outbound webhooks", "loop", "admin",
                  ok({"type": "object", "properties": {"webhooks": {"type": "array", "items": ref("Webhook")}}})),
        "post": op("Add a webhook (the secret is generated unless given, and shown once)", "loop", "admin",
                   ok(ref("Webhook"), "201"), ref("Webhook"))}
    paths["/api/v1/webhooks/{id}/deliveries"] = {"get": op(
        "The delivery log of a webhook, newest first", "loop", "admin",
        ok({"type": "object", "properties": {"deliveries": {"type": "array", "items": ref("Delivery")}}}),
        params=pid + [page[0]])}
    paths["/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend"] = {"post": op(
        "Send a delivery again", "loop", "admin", ok(ref("Delivery"), "202"),
        params=pid + [{"name": "delivery_id", "in": "path", "required": True, "schema": {"type": "integer"}}])}
    paths["/api/v1/email-deliveries"] = {"get": op(
        "The delivery log of alert e-mails (rules with an email target), newest first", "loop", "admin",
        ok({"type": "object", "properties": {"deliveries": {"type": "array", "items": ref("EmailDelivery")}}}),
        params=[page[0]])}
    paths["/api/v1/email-deliveries/{id}/resend"] = {"post": op(
        "Send an alert e-mail again", "loop", "admin", ok(ref("EmailDelivery"), "202"), params=pid)}
    paths["/api/v1/alert-rules"] = {
        "get": op("Alert rules", "loop", "admin",
                  ok({"type": "object", "properties": {"alert_rules": {"type": "array", "items": ref("AlertRule")}}})),
        "post": op("Add an alert rule (deliver to a webhook)", "loop", "admin", ok(ref("AlertRule"), "201"),
                   ref("AlertRule"))}
    paths["/api/v1/alert-rules/{id}"] = {"delete": op("Remove an alert rule", "loop", "admin", params=pid)}
    paths["/api/v1/sla-policies"] = {"get": op(
        "SLA policies per case type and the business calendar", "loop", "read",
        ok({"type": "object", "properties": {"calendar": ref("BusinessCalendar"),
                                             "policies": {"type": "array", "items": ref("SlaPolicy")}}}))}
    paths["/api/v1/sla-policies/calendar"] = {"put": op(
        "Set business hours and holidays (the organisation's time zone applies)", "loop", "admin",
        ok(ref("BusinessCalendar")), ref("BusinessCalendar"))}
    paths["/api/v1/sla-policies/{case_type}"] = {"put": op(
        "Set the SLA policy of a case type", "loop", "admin", ok(ref("SlaPolicy")), ref("SlaPolicy"),
        params=[{"name": "case_type", "in": "path", "required": True, "schema": {"enum": case_types}}])}
    paths["/api/v1/reports/sla"] = {"get": op(
        "SLA outcomes of cases opened in [from, to)", "loop", "read", ok(ref("SlaReport")),
        params=[qp("from", "date or date-time"), qp("to", "date or date-time")])}
    paths["/api/v1/reports/promises"] = {"get": op(
        "Kept rate by team, employee and promise type; NPS of customers after kept versus broken promises",
        "loop", "read", ok(ref("PromiseReport")))}

    # The public complaint form (HTML, no JavaScript; CSS from resources/loop/complaint.css).
    org = [{"name": "org", "in": "path", "required": True, "schema": {"type": "string"}, "description": "organisation slug"}]
    html = {"200": {"description": "HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}}
    paths["/complaints/{org}"] = {
        "get": {"summary": "The public complaint form", "tags": ["loop"], "x-access": "public",
                "security": [], "parameters": org, "responses": dict(html, **{"404": {"description": "No such organisation"}})},
        "post": {"summary": "Submit the complaint form (application/x-www-form-urlencoded: name, email, subject, "
                            "narrative); opens a case; 201 thank-you page with the reference number, 422 the form with the error",
                 "tags": ["loop"], "x-access": "public", "security": [], "parameters": org,
                 "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                     "type": "object", "required": ["narrative"], "properties": {
                         "name": {"type": "string", "maxLength": 200}, "email": {"type": "string", "maxLength": 320},
                         "subject": {"type": "string", "maxLength": 300}, "narrative": {"type": "string", "maxLength": 10000}}}}}},
                 "responses": {"201": html["200"], "422": html["200"], "404": {"description": "No such organisation"}}}}
    paths["/complaints/assets/complaint.css"] = {"get": {
        "summary": "Style sheet of the complaint form", "tags": ["loop"], "x-access": "public", "security": [],
        "responses": {"200": {"description": "CSS", "content": {"text/css": {"schema": {"type": "string"}}}}}}}

    # The public satisfaction follow-up page, linked from the e-mail sent when a case is closed.
    tok = [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"},
            "description": "the single-use token from the e-mail (43 base64url characters)"}]
    gone = {"404": {"description": "Unknown token (HTML)"}, "409": {"description": "Already answered (HTML)"},
            "410": {"description": "Expired, 30 days after sending (HTML)"}}
    paths["/followup/{token}"] = {
        "get": {"summary": "The satisfaction question of a closed case (HTML, Dutch or English)", "tags": ["loop"],
                "x-access": "public", "security": [], "parameters": tok, "responses": dict(html, **gone)},
        "post": {"summary": "Answer it once (application/x-www-form-urlencoded: satisfied=yes|no, optional comment); "
                            "sets the case's customer_satisfied and logs it; 422 the form with the error",
                 "tags": ["loop"], "x-access": "public", "security": [], "parameters": tok,
                 "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                     "type": "object", "required": ["satisfied"], "properties": {
                         "satisfied": {"enum": ["yes", "no"]}, "comment": {"type": "string", "maxLength": 1000}}}}}},
                 "responses": dict({"200": html["200"], "422": html["200"]}, **gone)}}
