"""Asking for feedback (docs/ask.md): the resource schemas the survey and ask
routes answer with. The operations themselves (parameters, request schemas,
answers) are declared beside their handlers (src/api/survey_routes.cc,
src/api/ask_routes.cc, src/web/public/) and generated into the served
document; the request schemas there come from the same constants the
services enforce."""


def add_paths(paths, schemas, op, ok, qp, ref):
    text = {"type": "object", "additionalProperties": False,
            "properties": {"nl": {"type": "string"}, "en": {"type": "string"}},
            "description": "a text per language"}
    schemas["SurveyText"] = text
    schemas["SurveyQuestion"] = {
        "type": "object", "additionalProperties": False, "required": ["key", "type", "text", "required"],
        "properties": {
            "key": {"type": "string", "pattern": "^[a-z0-9_]{1,64}$"},
            "type": {"enum": ["nps", "csat", "ces", "driver", "text", "single_choice", "multiple_choice"]},
            "text": ref("SurveyText"), "required": {"type": "boolean"},
            "low_anchor": ref("SurveyText"), "high_anchor": ref("SurveyText"),
            "follow_up": {"type": "object", "additionalProperties": False,
                          "properties": {b: ref("SurveyText") for b in ("promoter", "passive", "detractor")}},
            "options": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["key", "text"],
                "properties": {"key": {"type": "string"}, "text": ref("SurveyText")}}}}}
    schemas["SurveyDefinition"] = {
        "type": "object", "additionalProperties": False,
        "required": ["key", "name", "questions", "detractor_threshold"],
        "description": "A survey as stored (src/survey/definition.h); the request schemas are "
                       "SurveyCreate and SurveyReplace",
        "properties": {"key": {"type": "string", "pattern": "^[a-z0-9_]{1,64}$"}, "name": {"type": "string"},
                       "questions": {"type": "array", "items": ref("SurveyQuestion")},
                       "thank_you": ref("SurveyText"), "referral_ask": ref("SurveyText"),
                       "detractor_threshold": {"type": "integer", "minimum": 0, "maximum": 10}}}
    schemas["Survey"] = {
        "type": "object", "additionalProperties": False,
        "required": ["id", "key", "name", "definition", "created_at", "updated_at"],
        "properties": {"id": {"type": "integer"}, "key": {"type": "string"}, "name": {"type": "string"},
                       "definition": ref("SurveyDefinition"),
                       "created_at": {"type": "string", "format": "date-time"},
                       "updated_at": {"type": "string", "format": "date-time"}}}
    schemas["SurveyList"] = {
        "type": "object", "additionalProperties": False, "required": ["surveys", "next_cursor"],
        "properties": {"surveys": {"type": "array", "items": ref("Survey")}, "next_cursor": {"type": "null"}}}
    schemas["AskSettings"] = {
        "type": "object", "additionalProperties": False,
        "required": ["fatigue_days", "daily_cap", "sample_percent", "expiry_days", "reminder_days"],
        "properties": {
            "fatigue_days": {"type": "integer", "minimum": 0, "maximum": 365,
                             "description": "at most one invitation per customer per this many days"},
            "daily_cap": {"type": "integer", "minimum": 0, "maximum": 1000000,
                          "description": "invitations per organisation per UTC day"},
            "sample_percent": {"type": "integer", "minimum": 0, "maximum": 100},
            "expiry_days": {"type": "integer", "minimum": 1, "maximum": 90, "description": "link validity"},
            "reminder_days": {"type": "integer", "minimum": 0, "maximum": 30,
                              "description": "one reminder this many days after the mail; 0 = none"}}}
    schemas["SurveyTrigger"] = {
        "type": "object", "additionalProperties": False, "required": ["touchpoint", "survey", "delay_seconds", "enabled"],
        "properties": {"touchpoint": {"type": ["string", "null"], "description": "touchpoint key; null = every touchpoint"},
                       "survey": {"type": "string", "description": "survey key"},
                       "delay_seconds": {"type": "integer", "minimum": 0, "maximum": 2592000},
                       "enabled": {"type": "boolean"}}}
    schemas["SurveyTriggers"] = {
        "type": "object", "additionalProperties": False, "required": ["settings", "triggers"],
        "properties": {"settings": ref("AskSettings"), "triggers": {"type": "array", "items": ref("SurveyTrigger")}}}
    nt = {"type": ["string", "null"], "format": "date-time"}
    invitation = {
        "id": {"type": "integer"}, "survey_id": {"type": "integer"}, "customer_id": {"type": ["integer", "null"]},
        "interaction_id": {"type": ["integer", "null"]},
        "status": {"enum": ["queued", "created", "sent", "failed", "skipped", "answered"]},
        "language": {"type": ["string", "null"]}, "send_at": {"type": "string", "format": "date-time"},
        "expires_at": {"type": "string", "format": "date-time"}, "sent_at": nt, "reminded_at": nt,
        "answered_at": nt, "last_error": {"type": ["string", "null"]}}
    schemas["Invitation"] = {"type": "object", "additionalProperties": False, "required": sorted(invitation),
                             "properties": invitation}
    schemas["InvitationList"] = {
        "type": "object", "additionalProperties": False, "required": ["invitations", "next_cursor"],
        "properties": {"invitations": {"type": "array", "items": ref("Invitation")},
                       "next_cursor": {"type": ["string", "null"]}}}
    created = dict(invitation, url={"type": "string", "format": "uri",
                                    "description": "the survey link; holds the token, shown once"},
                   mailed={"type": "boolean", "description": "the invitation e-mail was queued"})
    schemas["InvitationCreated"] = {"type": "object", "additionalProperties": False, "required": sorted(created),
                                    "properties": created}
