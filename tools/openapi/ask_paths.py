"""Asking for feedback (issue 4, src/api/ask_routes.cc): survey triggers and
fatigue settings, invitations, QR codes, and the public pages /s/TOKEN (the
survey), /u/TOKEN (unsubscribe, RFC 8058) and /q/CODE (QR link)."""


def add_paths(paths, schemas, op, ok, qp, ref):
    schemas["AskSettings"] = {"type": "object", "additionalProperties": False, "properties": {
        "fatigue_days": {"type": "integer", "minimum": 0, "maximum": 365,
                         "description": "at most one invitation per customer per this many days (default 30)"},
        "daily_cap": {"type": "integer", "minimum": 0, "description": "invitations per org per UTC day (default 1000)"},
        "sample_percent": {"type": "integer", "minimum": 0, "maximum": 100, "description": "default 100"},
        "expiry_days": {"type": "integer", "minimum": 1, "maximum": 90, "description": "link validity (default 14)"},
        "reminder_days": {"type": "integer", "minimum": 0, "maximum": 30,
                          "description": "one reminder this many days after the mail; 0 = none (default 3)"}}}
    schemas["SurveyTrigger"] = {"type": "object", "required": ["survey"], "additionalProperties": False, "properties": {
        "touchpoint": {"type": ["string", "null"], "description": "touchpoint key; null = every touchpoint"},
        "survey": {"type": "string", "description": "survey key"},
        "delay_seconds": {"type": "integer", "minimum": 0, "maximum": 2592000, "description": "default 3600"},
        "enabled": {"type": "boolean"}}}
    schemas["SurveyTriggers"] = {"type": "object", "properties": {
        "settings": ref("AskSettings"), "triggers": {"type": "array", "items": ref("SurveyTrigger")}}}
    nt = {"type": ["string", "null"], "format": "date-time"}
    schemas["Invitation"] = {"type": "object", "properties": {
        "id": {"type": "integer"}, "survey_id": {"type": "integer"}, "customer_id": {"type": ["integer", "null"]},
        "interaction_id": {"type": ["integer", "null"]},
        "status": {"enum": ["queued", "created", "sent", "failed", "skipped", "answered"]},
        "language": {"type": ["string", "null"]}, "send_at": {"type": "string", "format": "date-time"},
        "expires_at": {"type": "string", "format": "date-time"}, "sent_at": nt, "reminded_at": nt,
        "answered_at": nt, "last_error": {"type": ["string", "null"]}}}
    paths["/api/v1/survey-triggers"] = {
        "get": op("Fatigue settings and the survey sent after an interaction per touchpoint", "ask", "read",
                  ok(ref("SurveyTriggers")), errors=(401, 403)),
        "put": op("Replace the settings (fields given) and the whole trigger list (when given)", "ask", "manage",
                  ok(ref("SurveyTriggers")), body=ref("SurveyTriggers"), errors=(400, 401, 403))}
    page = [qp("limit", "Page size 1..1000 (default 100)", {"type": "integer", "minimum": 1, "maximum": 1000}),
            qp("cursor", "next_cursor of the previous page")]
    paths["/api/v1/invitations"] = {"get": op(
        "Personal invitations with their delivery status", "ask", "manage",
        ok({"type": "object", "properties": {"invitations": {"type": "array", "items": ref("Invitation")},
                                             "next_cursor": {"type": ["string", "null"]}}}),
        params=page, errors=(400, 401, 403))}
    img = {"200": {"description": "The QR code of the anonymous link (header X-Survey-Url)", "content": {
        "image/svg+xml": {"schema": {"type": "string"}}, "image/png": {"schema": {"type": "string", "format": "binary"}},
        "application/json": {"schema": {"type": "object", "properties": {"code": {"type": "string"},
                                                                         "url": {"type": "string"}}}}}}}
    paths["/api/v1/qr-codes"] = {"get": op(
        "QR code for face-to-face moments: a short anonymous link /q/CODE that knows touchpoint and location",
        "ask", "manage", img, errors=(400, 401, 403),
        params=[qp("touchpoint", "touchpoint key"), qp("location", "location key"),
                qp("survey", "survey key (default nps)"), qp("format", "svg (default), png or json")])}

    html = {"description": "HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}
    token = [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"},
              "description": "the invitation token (43 characters)"}]
    form = {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["nonce", "step"],
                                                             "properties": {"nonce": {"type": "string"},
                                                                            "step": {"enum": ["1", "2"]}}}}}

    def public(summary, responses, params, body=None):
        o = op(summary, "survey page", "public", responses=responses, errors=())
        o["parameters"] = params
        if body:
            o["requestBody"] = {"required": True, "content": body}
        return o

    paths["/s/assets/survey.css"] = {"get": public(
        "The survey pages' stylesheet", {"200": {"description": "CSS", "content": {"text/css": {"schema": {"type": "string"}}}}}, [])}
    paths["/s/{token}"] = {
        "get": public("The survey (step 1: score, step 2: follow-up), or the thank-you page once answered",
                      {"200": html, "404": html, "410": html}, token + [qp("step", "1 to change the score")]),
        "post": public("Answer a step; 303 to the next step or the thank-you page",
                       {"303": {"description": "Next step"}, "403": html, "404": html, "410": html, "422": html},
                       token, form)}
    paths["/u/{token}"] = {
        "get": public("Unsubscribe page with a confirm button (changes nothing)", {"200": html, "404": html}, token),
        "post": public("Unsubscribe (RFC 8058 one-click): the customer is opted out", {"200": html, "404": html}, token,
                       {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}})}
    paths["/q/{code}"] = {"get": public(
        "Anonymous QR link: creates a one-time survey link for the touchpoint and location and redirects to it",
        {"303": {"description": "To /s/TOKEN"}, "404": html},
        [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}])}
