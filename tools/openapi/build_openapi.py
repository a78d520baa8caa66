#!/usr/bin/env python3
"""Writes resources/openapi.json, the OpenAPI 3.1 document served at
/api/v1/openapi.json. Edit the tables here, run this script, commit both.
tests/integration/test_foundation.py checks every served route is documented
and every documented route is served."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "resources", "openapi.json")

PROBLEM = {"description": "Problem (RFC 9457)",
           "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def ok(schema, code="200", desc="OK"):
    return {code: {"description": desc, "content": {"application/json": {"schema": schema}}}}


def op(summary, tag, access, responses=None, body=None, params=None, errors=(400, 401, 403, 404)):
    o = {"summary": summary, "tags": [tag], "x-access": access, "responses": dict(responses or {"204": {"description": "Done"}})}
    for e in errors:
        o["responses"][str(e)] = PROBLEM
    if body is not None:
        o["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if params:
        o["parameters"] = params
    return o


def qp(name, desc, schema=None):
    return {"name": name, "in": "query", "required": False, "description": desc,
            "schema": schema or {"type": "string"}}


ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
PAGE = [qp("limit", "Page size 1..1000 (default 100)", {"type": "integer", "minimum": 1, "maximum": 1000}),
        qp("cursor", "next_cursor of the previous page")]

schemas = {
    "Problem": {"type": "object", "required": ["type", "title", "status", "detail"],
                "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                               "status": {"type": "integer"}, "detail": {"type": "string"},
                               "field": {"type": "string", "description": "JSON pointer of the offending input"}}},
    "Answers": {"type": "object", "minProperties": 1,
                "properties": {"nps": {"type": "integer", "minimum": 0, "maximum": 10},
                               "csat": {"type": "integer", "minimum": 1, "maximum": 5},
                               "ces": {"type": "integer", "minimum": 1, "maximum": 7},
                               **{d: {"type": "integer", "minimum": 1, "maximum": 5} for d in
                                  ["certainty", "flexibility", "reliability", "customisation",
                                   "complaint_speed", "trust", "respect", "attention"]},
                               "comment": {"type": "string", "maxLength": 10000}},
                "additionalProperties": {"description": "Survey questions (text, choice)"}},
    "ResponseIn": {"type": "object", "required": ["external_id", "submitted_at", "answers"], "additionalProperties": False,
                   "properties": {"external_id": {"type": "string", "maxLength": 200},
                                  "submitted_at": {"type": "string", "format": "date-time"},
                                  "customer": {"type": "string"}, "touchpoint": {"type": "string"},
                                  "channel": {"enum": ["online", "phone", "email", "face_to_face", "chat", "other"]},
                                  "location": {"type": "string"}, "team": {"type": "string"},
                                  "employee": {"type": "string"}, "survey": {"type": "string"},
                                  "interaction": {"type": "string", "description": "external_id of an interaction"},
                                  "interaction_id": {"type": "integer"},
                                  "answers": ref("Answers")}},
    "Response": {"type": "object", "properties": {"id": {"type": "integer"}, "external_id": {"type": "string"},
                                                  "submitted_at": {"type": "string", "format": "date-time"},
                                                  "customer": {"type": ["string", "null"]},
                                                  "touchpoint": {"type": ["string", "null"]},
                                                  "channel": {"type": ["string", "null"]},
                                                  "location": {"type": ["string", "null"]},
                                                  "team": {"type": ["string", "null"]},
                                                  "employee": {"type": ["string", "null"]},
                                                  "survey": {"type": ["string", "null"]},
                                                  "interaction_id": {"type": ["integer", "null"]},
                                                  "answers": ref("Answers")}},
    "InteractionIn": {"type": "object", "required": ["external_id", "occurred_at", "customer"], "additionalProperties": False,
                      "properties": {"external_id": {"type": "string"}, "occurred_at": {"type": "string", "format": "date-time"},
                                     "customer": {"type": "string"}, "touchpoint": {"type": "string"},
                                     "channel": {"type": "string"}, "location": {"type": "string"},
                                     "team": {"type": "string"}, "employee": {"type": "string"}}},
    "Interaction": {"type": "object"},
    "IngestResult": {"type": "object", "properties": {"accepted": {"type": "integer"}, "duplicates": {"type": "integer"}}},
    "Survey": {"type": "object", "properties": {"id": {"type": "integer"}, "key": {"type": "string"},
                                                "name": {"type": "string"}, "definition": ref("SurveyDefinition")}},
    "SurveyDefinition": {"type": "object", "required": ["key", "name", "questions"],
                         "description": "See src/survey/definition.h"},
    "Session": {"type": "object", "properties": {"role": {"type": "string"}, "csrf_token": {"type": "string"},
                                                 "user": {"type": "object"}, "org": {"type": "object"},
                                                 "orgs": {"type": "array"}}},
}

DIMS = {
    "locations": {"manager": {"type": ["string", "null"], "description": "employee key"}},
    "teams": {"location": {"type": ["string", "null"]}, "lead": {"type": ["string", "null"]}},
    "employees": {"team": {"type": ["string", "null"]}, "email": {"type": ["string", "null"]}},
    "customers": {"email": {"type": ["string", "null"]}, "phone": {"type": ["string", "null"]},
                  "language": {"enum": ["nl", "en", None]}, "consent": {"type": "boolean"},
                  "opted_out": {"type": "boolean"}},
    "touchpoints": {"channel": {"enum": ["online", "phone", "email", "face_to_face", "chat", "other"]}},
}

paths = {
    "/healthz": {"get": op("Liveness and database check", "system", "public", ok({"type": "object"}), errors=(503,))},
    "/api/v1/openapi.json": {"get": op("This document", "system", "public", ok({"type": "object"}), errors=())},
    "/api/v1/session": {
        "post": op("Log in (sets the session cookie)", "session", "public",
                   ok(ref("Session"), "201", "Logged in"),
                   {"type": "object", "required": ["email", "password"],
                    "properties": {"email": {"type": "string"}, "password": {"type": "string"}, "org": {"type": "string"}}},
                   errors=(400, 401, 429)),
        "get": op("Who am I", "session", "authenticated", ok(ref("Session")), errors=(401,)),
        "delete": op("Log out", "session", "authenticated", errors=(401,)),
    },
    "/api/v1/session/org": {"put": op("Switch organisation (consultants)", "session", "authenticated",
                                      ok(ref("Session")), {"type": "object", "properties": {"org": {"type": "string"}}})},
    "/api/v1/responses": {
        "post": op("Ingest one response or a batch of up to 10,000 (atomic, idempotent by external_id)",
                   "moments", "ingest", {**ok(ref("IngestResult"), "201"), **ok(ref("IngestResult"))},
                   {"oneOf": [ref("ResponseIn"), {"type": "object", "required": ["responses"],
                                                  "properties": {"responses": {"type": "array", "maxItems": 10000, "items": ref("ResponseIn")}}}]},
                   errors=(400, 401, 403, 413)),
        "get": op("List responses", "moments", "read",
                  ok({"type": "object", "properties": {"responses": {"type": "array", "items": ref("Response")},
                                                       "next_cursor": {"type": ["string", "null"]}}}),
                  params=PAGE + [qp("from", "submitted_at >= (date or date-time)"), qp("to", "submitted_at <"),
                                 qp("customer", "customer key"), qp("touchpoint", "touchpoint key"),
                                 qp("employee", "employee key"), qp("team", "team key"), qp("location", "location key")]),
    },
    "/api/v1/responses/{id}": {"get": op("One response", "moments", "read", ok(ref("Response")), params=ID)},
    "/api/v1/interactions": {
        "post": op("Ingest one interaction or a batch of up to 10,000", "moments", "ingest",
                   {**ok(ref("IngestResult"), "201"), **ok(ref("IngestResult"))},
                   {"oneOf": [ref("InteractionIn"), {"type": "object", "properties": {"interactions": {"type": "array", "items": ref("InteractionIn")}}}]},
                   errors=(400, 401, 403, 413)),
        "get": op("List interactions", "moments", "read", ok({"type": "object"}), params=PAGE),
    },
    "/api/v1/interactions/{id}": {"get": op("One interaction", "moments", "read", ok(ref("Interaction")), params=ID)},
    "/api/v1/surveys": {
        "get": op("List surveys", "surveys", "read", ok({"type": "object"})),
        "post": op("Create a survey", "surveys", "manage", ok(ref("Survey"), "201"), ref("SurveyDefinition"), errors=(400, 401, 403, 409)),
    },
    "/api/v1/surveys/{id}": {
        "get": op("One survey", "surveys", "read", ok(ref("Survey")), params=ID),
        "put": op("Replace a survey's definition", "surveys", "manage", ok(ref("Survey")), ref("SurveyDefinition"), params=ID),
        "delete": op("Delete a survey", "surveys", "manage", params=ID, errors=(401, 403, 404, 409)),
    },
    "/api/v1/api-keys": {
        "get": op("List API keys (never the secrets)", "admin", "admin", ok({"type": "object"})),
        "post": op("Create an API key; the key is shown once", "admin", "admin", ok({"type": "object"}, "201"),
                   {"type": "object", "required": ["scopes"], "properties": {"scopes": {"type": "string"}, "name": {"type": "string"}}}),
    },
    "/api/v1/api-keys/{id}": {"delete": op("Revoke an API key", "admin", "admin", params=ID)},
    "/api/v1/users": {
        "get": op("Users of this organisation", "admin", "admin", ok({"type": "object"})),
        "post": op("Add a user with a role", "admin", "admin", ok({"type": "object"}, "201"),
                   {"type": "object", "required": ["email", "name", "password", "role"],
                    "properties": {"email": {"type": "string"}, "name": {"type": "string"}, "password": {"type": "string", "minLength": 10},
                                   "role": {"enum": ["admin", "manager", "employee", "consultant"]}, "employee": {"type": "string"},
                                   "teams": {"type": "array", "items": {"type": "string"}}, "locations": {"type": "array", "items": {"type": "string"}}}},
                   errors=(400, 401, 403, 409)),
    },
}

for res, fields in DIMS.items():
    one = res[:-1]
    item = {"type": "object", "properties": {"id": {"type": "integer"}, "key": {"type": "string"},
                                             "name": {"type": "string"}, **fields,
                                             "created_at": {"type": "string", "format": "date-time"}}}
    schemas[one.title()] = item
    access_read = "manage" if res == "customers" else "read"
    body = {"type": "object", "required": ["key"], "additionalProperties": False,
            "properties": {"key": {"type": "string"}, "name": {"type": "string"}, **fields}}
    paths[f"/api/v1/{res}"] = {
        "get": op(f"List {res}", "hierarchy", access_read,
                  ok({"type": "object", "properties": {res: {"type": "array", "items": ref(one.title())},
                                                       "next_cursor": {"type": ["string", "null"]}}}),
                  params=PAGE + [qp("key", "exact key")]),
        "post": op(f"Create a {one}", "hierarchy", "manage", ok(ref(one.title()), "201"), body, errors=(400, 401, 403, 409)),
    }
    paths[f"/api/v1/{res}/{{id}}"] = {
        "get": op(f"One {one}", "hierarchy", access_read, ok(ref(one.title())), params=ID),
        "patch": op(f"Change a {one} (null clears a field)", "hierarchy", "manage", ok(ref(one.title())),
                    {"type": "object"}, params=ID),
        "delete": op(f"Delete a {one} no data refers to", "hierarchy", "manage", params=ID, errors=(401, 403, 404, 409)),
    }

# Each room documents its own routes in tools/openapi/<room>_paths.py with a
# function add_paths(paths, schemas, op, ok, qp, ref).
import importlib
import sys
sys.path.insert(0, HERE)
for module in sorted(f[:-3] for f in os.listdir(HERE) if f.endswith("_paths.py")):
    importlib.import_module(module).add_paths(paths, schemas, op, ok, qp, ref)

doc = {"openapi": "3.1.0",
       "info": {"title": "Beleving API", "version": "0.1.0",
                "description": "Capture moments of truth, ask for feedback, understand it, act on it. "
                               "Authenticate with 'Authorization: Bearer KEY' (API keys, scopes ingest/read/admin) "
                               "or the session cookie from POST /api/v1/session plus the X-CSRF-Token header on writes."},
       "servers": [{"url": "/"}],
       "components": {"schemas": schemas,
                      "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"},
                                          "session": {"type": "apiKey", "in": "cookie", "name": "beleving_session"}}},
       "security": [{"apiKey": []}, {"session": []}],
       "paths": dict(sorted(paths.items()))}
with open(OUT, "w") as f:
    json.dump(doc, f, indent=1, sort_keys=False)
    f.write("\n")
print(f"wrote {OUT}: {sum(len(v) for v in paths.values())} operations")
