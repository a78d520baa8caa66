"""Insight endpoints answered by the engine (src/api/insight_routes.cc)."""


def add_paths(paths, schemas, op, ok, qp, ref):
    common = [qp("from", "submitted_at >= (date or date-time)"), qp("to", "submitted_at < (date or date-time)"),
              qp("location", "location keys, comma-separated"), qp("team", "team keys"),
              qp("employee", "employee keys"), qp("touchpoint", "touchpoint keys"),
              qp("channel", "online, phone, email, face_to_face, chat, other")]
    group = [qp("group_by", "org, location, team, employee, touchpoint, channel and one of day, week "
                            "(ISO), month, quarter (org time zone); comma-separated")]
    label = {"type": "object", "properties": {"id": {"type": ["integer", "null"]},
                                              "key": {"type": ["string", "null"]},
                                              "name": {"type": ["string", "null"]}}}
    schemas["GroupLabel"] = {"type": "object", "description": "One entry per group_by key: a dimension label "
                                                            "({id,key,name}) or a bucket label such as 2025-W10",
                             "additionalProperties": {"oneOf": [label, {"type": "string"}]}}
    num = {"type": ["number", "null"]}
    schemas["MetricRow"] = {"type": "object", "required": ["group", "count"], "properties": {
        "group": ref("GroupLabel"), "count": {"type": "integer"}, "nps_answers": {"type": "integer"},
        "promoters": {"type": "integer"}, "passives": {"type": "integer"}, "detractors": {"type": "integer"},
        "nps": num, "ci_low": num, "ci_high": num, "share_tens": num, "csat_answers": {"type": "integer"},
        "csat": num, "ces_answers": {"type": "integer"}, "ces_mean": num, "ces_easy_share": num, "mean": num,
        "distribution": {"type": "array", "items": {"type": "integer"}, "minItems": 11, "maxItems": 11}}}
    paths["/api/v1/metrics"] = {"get": op(
        "Measures by any slice: count, NPS with 95% CI (NpsInterval95: Wald after one pseudo-answer per category; docs/ranking.md), share of 10s, "
        "CSAT (% 4-5), CES mean and % 5-7, mean score, 0-10 distribution", "insight", "read",
        ok({"type": "object", "properties": {"measure": {"type": "string"}, "group_by": {"type": "array"},
                                             "rows": {"type": "array", "items": ref("MetricRow")}}}),
        params=[qp("measure", "all (default), nps, share_tens, csat, ces, mean, distribution")] + group + common,
        errors=(400, 401, 403))}
    paths["/api/v1/insights/consistency"] = {"get": op(
        "Consistency per group: stddev, IQR, share below a standard, spread between employees inside teams",
        "insight", "read", ok({"type": "object"}),
        params=group + common + [qp("standard", "scores below this count as below standard (default 7)"),
                                 qp("min_employee_responses", "default 5")], errors=(400, 401, 403))}
    paths["/api/v1/insights/ratchet"] = {"get": op(
        "Expectation ratchet: responses at or below the customer's best previous score minus the threshold",
        "insight", "read", ok({"type": "object"}),
        params=group + common + [qp("threshold", "default 3"), qp("limit", "disappointed responses listed (0..1000, default 100)")],
        errors=(400, 401, 403))}
    paths["/api/v1/insights/rankings"] = {"get": op(
        "Fair ranking: empirical-Bayes shrunk NPS with 95% credible interval; no rank below min_count",
        "insight", "read", ok({"type": "object"}),
        params=common + [qp("level", "employee (default), team, location"), qp("min_count", "default 10")],
        errors=(400, 401, 403))}
    paths["/api/v1/insights/drivers"] = {"get": op(
        "Key drivers: Pearson r, Johnson's relative weights, importance x performance quadrant",
        "insight", "read", ok({"type": "object"}), params=group + common + [qp("min_n", "default 30")],
        errors=(400, 401, 403))}
    paths["/api/v1/insights/comments"] = {"get": op(
        "Comment analysis (src/api/text_routes.cc): sentiment, themes with polarity, the themes that separate "
        "detractors from promoters (share difference with a 95% interval), and per group (touchpoint, team, or a "
        "day/week/month in the organisation's time zone for trends); the newest `limit` comments of the caller's scope",
        "insight", "read", ok({"type": "object", "properties": {
            "comments": {"type": "integer"}, "truncated": {"type": "boolean"},
            "detractor_comments": {"type": "integer"}, "promoter_comments": {"type": "integer"},
            "sentiment": {"type": "object"}, "themes": {"type": "array", "items": {"type": "object"}},
            "separating": {"type": "object", "properties": {
                "detractors": {"type": "array", "items": {"type": "string"}},
                "promoters": {"type": "array", "items": {"type": "string"}}}},
            "group_by": {"type": ["string", "null"]}, "groups": {"type": "array", "items": {"type": "object"}}}}),
        params=[qp("from", "submitted_at >= (date or date-time)"), qp("to", "submitted_at < (date or date-time)"),
                qp("touchpoint", "one touchpoint key"), qp("team", "one team key"),
                qp("group_by", "touchpoint, team, day, week or month"),
                qp("limit", "comments analysed, newest first (1..50000, default 10000)")],
        errors=(400, 401, 403))}
    settings_schema = {"type": "object", "properties": {
        "vocabulary": {"type": ["object", "null"], "description": "the organisation's themes and terms"},
        "model": {"type": ["object", "null"], "description": "{language, positive, negative, features}"},
        "updated_at": {"type": ["string", "null"]}}}
    settings = ok(settings_schema)
    paths["/api/v1/text/settings"] = {"get": op(
        "The organisation's text settings: its vocabulary and a summary of its learned model",
        "insight", "read", settings, errors=(401, 403))}
    paths["/api/v1/text/vocabulary"] = {
        "put": op("Replace the organisation's themes and terms (JSON, docs/text.md); a bad document is refused "
                  "naming the field", "insight", "admin", settings, body={"type": "object"},
                  errors=(400, 401, 403, 413)),
        "delete": op("Remove the organisation's vocabulary", "insight", "admin", settings, errors=(401, 403))}
    paths["/api/v1/text/model"] = {
        "post": op("Learn a sentiment model from the organisation's scored comments in one language "
                   "({language, from?, to?}): promoters' comments positive, detractors' negative; "
                   "422 below 20 of each", "insight", "admin", ok(settings_schema, "201", "Learned"), body={"type": "object"},
        errors=(400, 401, 403, 422)),
        "delete": op("Remove the learned model", "insight", "admin", settings, errors=(401, 403))}
