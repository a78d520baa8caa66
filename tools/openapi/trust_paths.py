"""Privacy (AVG/GDPR) routes of issue 8 (src/api/privacy_routes.cc): export
and erasure of one customer, the retention policy, the audit log. Admins only
(admin session or API key scope admin); customers of another organisation
answer 404."""


def add_paths(paths, schemas, op, ok, qp, ref):
    pid = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    schemas["CustomerExport"] = {
        "type": "object", "required": ["customer", "tables", "exported_at"],
        "properties": {
            "customer": {"type": "object", "description": "The customer row"},
            "tables": {"type": "object", "description": "Per table with a customer_id column "
                       "(responses, interactions, and other modules' tables): its rows",
                       "additionalProperties": {"type": "array", "items": {"type": "object"}}},
            "exported_at": {"type": "string", "format": "date-time"}}}
    schemas["Erasure"] = {
        "type": "object",
        "properties": {"customer": {"type": "integer"}, "key": {"type": "string", "description": "erased-<id>"},
                       "responses_anonymised": {"type": "integer"},
                       "other_rows_anonymised": {"type": "integer"}}}
    schemas["Retention"] = {
        "type": "object", "required": ["months"], "additionalProperties": False,
        "properties": {"months": {"type": ["integer", "null"], "minimum": 1, "maximum": 1200,
                                  "description": "Anonymise customers inactive for longer; null: no policy"}}}
    schemas["AuditEntry"] = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "actor": {"type": "string"}, "action": {"type": "string"},
                       "subject": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}}
    ex = op("Everything stored about one customer (audited)", "privacy", "admin",
            responses=ok(ref("CustomerExport")))
    ex["parameters"] = pid
    paths.setdefault("/api/v1/customers/{id}/export", {})["get"] = ex
    er = op("Erase a customer's personal data; scores stay, anonymised (audited)", "privacy", "admin",
            responses=ok(ref("Erasure")))
    er["parameters"] = pid
    paths.setdefault("/api/v1/customers/{id}/erase", {})["post"] = er
    paths.setdefault("/api/v1/retention", {})["get"] = op(
        "The organisation's retention policy", "privacy", "admin", responses=ok(ref("Retention")))
    paths["/api/v1/retention"]["put"] = op(
        "Set or clear the retention policy; the retention job runs at once and daily", "privacy",
        "admin", responses=ok(ref("Retention")), body=ref("Retention"))
    paths.setdefault("/api/v1/audit-log", {})["get"] = op(
        "Who read or changed personal data, newest first", "privacy", "admin",
        responses=ok({"type": "object", "properties": {
            "entries": {"type": "array", "items": ref("AuditEntry")},
            "next_cursor": {"type": ["string", "null"]}}}),
        params=[qp("limit", "Page size 1..1000 (default 100)", {"type": "integer"}),
                qp("cursor", "next_cursor of the previous page")])
