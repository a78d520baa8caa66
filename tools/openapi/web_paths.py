"""The dashboard's HTML pages and assets (src/web/). Not part of the JSON API,
but served by the same binary and listed here so every route is documented.
Pages answer text/html; without a session they redirect (303) to /login."""


def add_paths(paths, schemas, op, ok, qp, ref):
    html = {"200": {"description": "HTML page", "content": {"text/html": {"schema": {"type": "string"}}}},
            "303": {"description": "Redirect (to /login without a session)"}}
    see = {"303": {"description": "Redirect after the action"},
           "403": {"description": "HTML page: wrong role or a missing/wrong _csrf form field"}}
    pid = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    form = {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "_csrf": {"type": "string", "description": "the session's CSRF token"}}}}}

    def page(summary, access, params=None):
        o = op(summary, "dashboard", access, responses=html, errors=())
        o["parameters"] = (params or []) + [qp("lang", "nl (default) or en; also stored in the lang cookie")]
        return o

    def action(summary, access, params=None):
        o = op(summary, "dashboard", access, responses=see, errors=())
        o["requestBody"] = {"required": True, "content": form}
        if params:
            o["parameters"] = params
        return o

    def asset(summary, ctype):
        return op(summary, "dashboard", "public", errors=(),
                  responses={"200": {"description": summary, "content": {ctype: {"schema": {"type": "string"}}}}})

    period = [qp("period", "month (default) or week")]
    paths["/"] = {"get": op("Start: redirects to /overview, /me or /login", "dashboard", "public",
                            responses={"303": {"description": "Redirect"}}, errors=())}
    paths["/login"] = {
        "get": page("Log-in form", "public", [qp("next", "local path to return to")]),
        "post": op("Log in with a form (email, password); sets the beleving_session cookie "
                   "(HttpOnly, SameSite=Lax) and redirects", "dashboard", "public",
                   responses={"303": {"description": "Logged in"},
                              "401": {"description": "HTML form with an error"},
                              "429": {"description": "Throttled"}}, errors=())}
    paths["/login"]["post"]["requestBody"] = {"required": True, "content": {
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["email", "password"],
                                                         "properties": {"email": {"type": "string"},
                                                                        "password": {"type": "string"},
                                                                        "next": {"type": "string"}}}}}}
    paths["/logout"] = {"post": action("Log out (clears the session cookie)", "session")}
    paths["/switch-org"] = {"post": action("Switch the session to another of the user's organisations "
                                           "(form field org = slug)", "session")}
    paths["/overview"] = {"get": page("Overview: NPS with 95% interval and trend, share of 10s, response "
                                      "rate, volume, touchpoint x channel heat map, biggest movers, open "
                                      "cases and promises at risk", "manage", period)}
    paths["/moments"] = {"get": page("Moments of truth: every touchpoint with distribution and consistency",
                                     "manage")}
    paths["/moments/{id}"] = {"get": page("One touchpoint: distribution, consistency, key drivers "
                                          "(importance x performance), recent comments", "manage", pid + period)}
    paths["/teams"] = {"get": page("Teams and people: fair ranking with credible intervals, consistency, "
                                   "disappointment rate", "manage")}
    paths["/teams/{id}"] = {"get": page("One team", "manage", pid + period)}
    paths["/people/{id}"] = {"get": page("One employee: scores, feedback and compliments (an employee "
                                         "sees only their own page)", "session", pid + period)}
    paths["/me"] = {"get": op("An employee's own page (redirect)", "dashboard", "session",
                              responses={"303": {"description": "Redirect"}}, errors=())}
    paths["/comments"] = {"get": page("Comments explorer with sentiment and themes, personal data redacted",
                                      "manage", [qp("q", "text search"), qp("band", "detractor, passive or promoter"),
                                                 qp("touchpoint", "touchpoint id"), qp("team", "team id"),
                                                 qp("days", "7, 30, 90 (default) or 365")])}
    paths["/cases"] = {"get": page("Cases inbox (when the loop module is present)", "manage",
                                   [qp("all", "1: include closed cases")])}
    paths["/cases/{id}"] = {"get": page("One case with its history and action forms", "manage", pid)}
    for verb, summary in [("status", "Change a case's status (form fields status, note); only the "
                                     "transitions the loop allows"),
                          ("notes", "Add a note to a case (form field text)"),
                          ("contacts", "Log a contact with the customer (form fields channel, summary)"),
                          ("waiting", "Wait on the customer (waiting=1) or resume (waiting=0)"),
                          ("update", "Set a case's severity and owner (form fields severity, owner)")]:
        paths["/cases/{id}/" + verb] = {"post": action(summary + "; 404 outside the session's scope, "
                                                       "422 page with a message on bad input", "manage", pid)}
    paths["/promises"] = {"get": page("Promise board: overdue, due within 48 hours, later", "manage")}
    paths["/promises/{id}/kept"] = {"post": action("Mark a promise kept", "manage", pid)}
    paths["/promises/{id}/broken"] = {"post": action("Mark a promise broken", "manage", pid)}
    paths["/promises/{id}/renegotiate"] = {"post": action("Renegotiate a promise (form fields due = "
                                                          "yyyy-mm-dd, note)", "manage", pid)}
    paths["/surveys"] = {"get": page("Surveys", "manage"),
                         "post": action("Create a survey (form fields name, kind = nps, csat or ces); "
                                        "redirects to its edit page", "manage")}
    paths["/surveys/{id}"] = {"get": page("Edit a survey's texts and questions (saved with PUT "
                                          "/api/v1/surveys/{id}) and preview it", "manage", pid)}
    paths["/settings"] = {"get": page("Settings: users and roles, API keys, webhooks, business hours, SLA "
                                      "targets", "admin")}
    paths["/settings/api-keys"] = {"post": action("Create an API key (form fields name, scope...); the key "
                                                  "is shown once", "admin")}
    paths["/settings/api-keys/{id}/revoke"] = {"post": action("Revoke an API key", "admin", pid)}
    paths["/settings/users"] = {"post": action("Create a user (form fields email, name, role, password, "
                                               "employee, team...)", "admin")}
    paths["/settings/webhooks"] = {"post": action("Add a webhook (form fields url, format, secret); the "
                                                  "secret is shown once", "admin")}
    paths["/settings/webhooks/{id}"] = {"get": page("A webhook's delivery log", "admin", pid)}
    paths["/settings/webhooks/{id}/remove"] = {"post": action("Remove a webhook (its log stays)", "admin", pid)}
    paths["/settings/calendar"] = {"post": action("Set business hours and holidays (form fields day..., "
                                                  "start, end, holidays)", "admin")}
    paths["/settings/sla/{case_type}"] = {"post": action(
        "Set the SLA targets of a case type (form fields acknowledge_minutes, first_contact_minutes, "
        "resolve_minutes, at_risk_percent, business_hours)", "admin",
        [{"name": "case_type", "in": "path", "required": True, "schema": {"type": "string"}}])}
    paths["/assets/app.css"] = {"get": asset("Dashboard style sheet", "text/css")}
    paths["/assets/app.js"] = {"get": asset("Dashboard script", "text/javascript")}
    paths["/assets/uplot.css"] = {"get": asset("uPlot style sheet (vendored)", "text/css")}
    paths["/assets/uplot.js"] = {"get": asset("uPlot chart library (vendored)", "text/javascript")}
