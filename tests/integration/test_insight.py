"""Issue 3: the engine answers through the API, and sees a response as soon
as its ingest request returns. Issue 12: the insight routes are declared
(the document states what the server enforces), and the dashboard's insight
pages show the API's figures, in Dutch or English, for every role."""
import datetime
import html
import math
import os
import re
import unittest
import urllib.parse

from harness import ServerTestCase, response, run_cli


def nps_ci(p, a, d):
    """The engine's NpsInterval95: Wald after one pseudo-answer per category,
    widened to hold the observed NPS (docs/ranking.md)."""
    n = p + a + d
    nps = 100 * (p - d) / n
    m = n + 3
    pp, dd = (p + 1) / m, (d + 1) / m
    centre = 100 * (pp - dd)
    half = 1.959963984540054 * 100 * math.sqrt((pp + dd - (pp - dd) ** 2) / m)
    return nps, max(-100, min(nps, centre - half)), min(100, max(nps, centre + half))


class InsightTest(ServerTestCase):
    orgs = ("acme", "globex")

    def post(self, responses, org="acme"):
        r = self.server.request("POST", "/api/v1/responses", body={"responses": responses},
                                headers=self.key(org, "ingest"))
        self.assertIn(r.status, (200, 201), r.body)
        return r.json()

    def metrics(self, query, org="acme"):
        r = self.server.request("GET", "/api/v1/metrics?" + query, headers=self.key(org, "read"))
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def test_a_response_is_visible_when_ingest_returns(self):
        for i in range(30):
            before = self.metrics("measure=nps&team=visible")["rows"][0]["count"]
            self.post([response(i, external_id=f"vis{i}", team="visible", answers={"nps": 10})])
            after = self.metrics("measure=nps&team=visible")["rows"][0]
            self.assertEqual(after["count"], before + 1)
            self.assertEqual(after["nps"], 100)

    def test_hand_computed_groups_with_ci(self):
        scores = {"t-a": [10, 9, 8, 7, 6, 0], "t-b": [10, 10, 10]}
        batch = []
        for team, ss in scores.items():
            for j, s in enumerate(ss):
                batch.append(response(0, external_id=f"hc-{team}-{j}", team=team, customer=f"hc{j}",
                                      submitted_at="2025-06-02T10:00:00Z", answers={"nps": s, "csat": 5, "ces": 6}))
        self.post(batch)
        doc = self.metrics("group_by=team&team=t-a,t-b")
        rows = {r["group"]["team"]["key"]: r for r in doc["rows"]}
        a = rows["t-a"]
        self.assertEqual(a["count"], 6)
        self.assertEqual((a["promoters"], a["passives"], a["detractors"]), (2, 2, 2))
        nps, lo, hi = nps_ci(2, 2, 2)
        self.assertAlmostEqual(a["nps"], nps, places=9)
        self.assertAlmostEqual(a["ci_low"], lo, places=9)
        self.assertAlmostEqual(a["ci_high"], hi, places=9)
        self.assertAlmostEqual(a["share_tens"], 100 / 6, places=9)
        self.assertEqual(a["distribution"], [1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        self.assertAlmostEqual(a["mean"], 40 / 6, places=9)
        self.assertEqual(a["csat"], 100)
        self.assertEqual(a["ces_mean"], 6)
        b = rows["t-b"]
        self.assertEqual(b["nps"], 100)
        # All promoters: the interval does not collapse to a point.
        nps, lo, hi = nps_ci(3, 0, 0)
        self.assertAlmostEqual(b["ci_low"], lo, places=9)
        self.assertEqual(b["ci_high"], 100)
        self.assertLess(b["ci_low"], 0)

    def test_week_buckets_and_filters(self):
        self.post([response(0, external_id="wk1", team="wk", submitted_at="2025-03-02T23:30:00Z", answers={"nps": 9}),
                   # Monday 00:30 in Amsterdam is still Sunday in UTC: ISO week 10 locally.
                   response(0, external_id="wk2", team="wk", submitted_at="2025-03-02T23:30:00+00:00", answers={"nps": 3}),
                   response(0, external_id="wk3", team="wk", submitted_at="2025-03-01T12:00:00Z", answers={"nps": 10})])
        doc = self.metrics("measure=nps&group_by=week&team=wk")
        weeks = {r["group"]["week"]: r["count"] for r in doc["rows"]}
        self.assertEqual(weeks, {"2025-W09": 1, "2025-W10": 2})
        doc = self.metrics("measure=nps&team=wk&from=2025-03-02&to=2025-03-03")
        self.assertEqual(doc["rows"][0]["count"], 2)

    def test_tenant_isolation_and_bad_parameters(self):
        self.post([response(0, external_id="iso1", team="secret-team", answers={"nps": 0})])
        doc = self.metrics("measure=nps&team=secret-team", org="globex")
        self.assertEqual(doc["rows"][0]["count"], 0)
        total = self.metrics("measure=nps", org="globex")["rows"][0]["count"]
        self.assertEqual(total, 0)
        for q, field in [("group_by=colour", "/query/group_by"), ("measure=vibes", "/query/measure"),
                         ("from=yesterday", "/query/from"), ("channel=pigeon", "/query/channel")]:
            r = self.server.request("GET", "/api/v1/metrics?" + q, headers=self.key("acme", "read"))
            self.assertProblem(r, 400, field)
        r = self.server.request("GET", "/api/v1/insights/rankings?level=planet", headers=self.key("acme", "read"))
        self.assertProblem(r, 400, "/query/level")

    def test_analyses_answer(self):
        batch = []
        # Customer c-r: a 10, then a 6: disappointed.
        batch.append(response(0, external_id="rat1", customer="c-r", team="rt", submitted_at="2025-01-01T10:00:00Z", answers={"nps": 10}))
        batch.append(response(0, external_id="rat2", customer="c-r", team="rt", submitted_at="2025-02-01T10:00:00Z", answers={"nps": 6}))
        batch.append(response(0, external_id="rat3", customer="c-s", team="rt", submitted_at="2025-02-01T10:00:00Z", answers={"nps": 6}))
        self.post(batch)
        h = self.key("acme", "read")
        doc = self.server.request("GET", "/api/v1/insights/ratchet?team=rt", headers=h).json()
        self.assertEqual(doc["rows"][0]["with_prev"], 1)
        self.assertEqual(doc["rows"][0]["disappointed"], 1)
        self.assertEqual(doc["disappointed"][0]["best_previous"], 10)
        self.assertEqual(doc["disappointed"][0]["score"], 6)
        doc = self.server.request("GET", "/api/v1/insights/consistency?group_by=team&team=rt", headers=h).json()
        row = doc["rows"][0]
        self.assertEqual(row["count"], 3)
        self.assertAlmostEqual(row["stddev"], math.sqrt(((10 - 22 / 3) ** 2 + 2 * (6 - 22 / 3) ** 2) / 3), places=9)
        doc = self.server.request("GET", "/api/v1/insights/rankings?level=team&min_count=2", headers=h).json()
        self.assertTrue(any(r["team"]["key"] == "rt" for r in doc["rows"]))
        for r in doc["rows"]:
            self.assertLessEqual(r["ci_low"], r["nps"])
            self.assertLessEqual(r["nps"], r["ci_high"])
            if r["count"] < 2:
                self.assertIsNone(r["rank"])
        r = self.server.request("GET", "/api/v1/insights/drivers", headers=h)
        self.assertEqual(r.status, 200)

    def test_fair_score_is_the_same_for_admin_and_manager(self):
        # Four teams; the manager (mgr@acme.example) sees only "verhuur".
        # The prior is the organisation's, so verhuur's fair score must not
        # depend on who asks.
        batch = []
        plan = {"verhuur": [10, 10, 9, 8, 3, 0, 10], "fair-b": [10] * 12 + [2],
                "fair-c": [5] * 9 + [9, 9], "fair-d": [9, 7, 7, 0, 0, 10]}
        for team, ss in plan.items():
            for j, s in enumerate(ss):
                batch.append(response(0, external_id=f"fair-{team}-{j}", team=team,
                                      submitted_at="2024-06-03T10:00:00Z", answers={"nps": s}))
        self.post(batch)
        q = "/api/v1/insights/rankings?level=team&min_count=1&from=2024-06-01&to=2024-07-01"
        admin = self.server.request("GET", q, headers=self.key("acme", "read"))
        self.assertEqual(admin.status, 200, admin.body)
        cookie, _ = self.login("mgr@acme.example")
        mgr = self.server.request("GET", q, headers=cookie)
        self.assertEqual(mgr.status, 200, mgr.body)
        a, m = admin.json(), mgr.json()
        self.assertEqual(sorted(r["team"]["key"] for r in a["rows"]),
                         ["fair-b", "fair-c", "fair-d", "verhuur"])
        self.assertEqual([r["team"]["key"] for r in m["rows"]], ["verhuur"])
        self.assertEqual(m["prior"], a["prior"])
        self.assertGreater(a["prior"]["pseudo_answers"], 0)
        av = next(r for r in a["rows"] if r["team"]["key"] == "verhuur")
        mv = m["rows"][0]
        for field in ("count", "nps", "ci_low", "ci_high", "raw_nps"):
            self.assertEqual(mv[field], av[field], field)
        self.assertNotEqual(av["nps"], av["raw_nps"])  # it was shrunk
        self.assertEqual(mv["rank"], 1)  # first of the rows she sees

    def test_employee_sees_only_own_scores(self):
        self.post([response(0, external_id="own1", employee="e17", team="own", answers={"nps": 10}),
                   response(0, external_id="own2", employee="e99", team="own", answers={"nps": 0})])
        cookie, _ = self.login("emp@acme.example")
        doc = self.server.request("GET", "/api/v1/metrics?measure=nps&team=own", headers=cookie).json()
        self.assertEqual(doc["rows"][0]["count"], 1)
        self.assertEqual(doc["rows"][0]["nps"], 100)

    # --- the declarations (issue 12)

    INSIGHT_PATHS = ("/api/v1/metrics", "/api/v1/insights/consistency", "/api/v1/insights/ratchet",
                     "/api/v1/insights/rankings", "/api/v1/insights/drivers",
                     "/api/v1/insights/comments", "/api/v1/text/settings",
                     "/api/v1/text/vocabulary", "/api/v1/text/model")

    def operations(self):
        doc = self.server.request("GET", "/api/v1/openapi.json").json()
        for path in self.INSIGHT_PATHS:
            for method, op in doc["paths"][path].items():
                yield path, method, op, doc

    @staticmethod
    def sample(schema):
        """A value the schema accepts, as query text."""
        if "oneOf" in schema:
            return InsightTest.sample(schema["oneOf"][0])
        if schema.get("type") == "array":
            return InsightTest.sample(schema["items"])
        if "enum" in schema:
            return schema["enum"][0]
        if schema.get("format") == "date":
            return "2025-01-01"
        if schema.get("type") == "integer":
            return str(schema["minimum"])
        return "k1"

    @staticmethod
    def breaking(schema):
        """(value, what it breaks) for each constraint the schema documents."""
        if "oneOf" in schema:
            return [("yesterday", "format")]
        if schema.get("type") == "array":
            return [(",".join(["x"] * (schema["maxItems"] + 1)) if "enum" not in schema["items"]
                     else "nope", "items")]
        if "enum" in schema:
            return [("nope", "enum")]
        if schema.get("type") == "integer":
            return [(str(schema["minimum"] - 1), "minimum"), (str(schema["maximum"] + 1), "maximum"),
                    ("1.5", "type")]
        return [("", "minLength"), ("x" * (schema["maxLength"] + 1), "maxLength")]

    def test_every_insight_operation_is_declared_and_enforced(self):
        ids = set()
        admin = self.key("acme", "admin")
        for path, method, op, doc in self.operations():
            self.assertRegex(op["operationId"], r"^[a-z][A-Za-z]+$")
            self.assertNotIn(op["operationId"], ids)
            ids.add(op["operationId"])
            params = [p for p in op.get("parameters", []) if p["in"] == "query"]
            for p in params:
                if p["name"] in ("from", "to"):
                    formats = [s.get("format") for s in p["schema"]["oneOf"]]
                    self.assertEqual(formats, ["date", "date-time"], (path, p))
            if method != "get":
                continue
            # Every parameter at once, from the document's own schemas: accepted.
            # A family of parameters (x-name-pattern, customer.KEY): one of its names.
            query = {p.get("x-example-name", p["name"]): self.sample(p["schema"]) for p in params}
            query.pop("to", None)  # from alone: a valid period
            # The analyses' group_by is a pattern (survey, customer.KEY), not an enum.
            if any(p["name"] == "group_by" and "pattern" in str(p["schema"]) for p in params):
                query["group_by"] = "survey"
            r = self.server.request("GET", path + "?" + urllib.parse.urlencode(query), headers=admin)
            self.assertEqual(r.status, 200, (path, query, r.body))
            # Each documented constraint broken alone: a documented 400 naming the parameter.
            for p in params:
                for value, what in self.breaking(p["schema"]):
                    name = p.get("x-example-name", p["name"])
                    q = urllib.parse.urlencode({name: value})
                    r = self.server.request("GET", f"{path}?{q}", headers=admin)
                    self.assertIn(str(r.status), op["responses"], (path, name, what))
                    self.assertProblem(r, 400, "/query/" + name)
            r = self.server.request("GET", path + "?bogus=1", headers=admin)
            self.assertProblem(r, 400, "/query/bogus")
        self.assertEqual(len(ids), 11)
        enums = {p["name"]: p["schema"] for _, _, op, _ in self.operations()
                 for p in op.get("parameters", [])}
        self.assertEqual(enums["measure"]["enum"][0], "all")
        self.assertEqual(enums["channel"]["items"]["enum"],
                         ["online", "phone", "email", "face_to_face", "chat", "other"])

    def conforms(self, value, schema, doc, where):
        """Checks `value` against an OpenAPI 3.1 schema of the document
        ($ref, type, required, properties, items, enum, oneOf, lengths)."""
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            return self.conforms(value, doc["components"]["schemas"][name], doc, where)
        if "oneOf" in schema:
            fits = 0
            for s in schema["oneOf"]:
                try:
                    self.conforms(value, s, doc, where)
                    fits += 1
                except AssertionError:
                    pass
            self.assertEqual(fits, 1, (where, value))
            return
        types = schema.get("type")
        if types is not None:
            types = types if isinstance(types, list) else [types]
            kind = ("null" if value is None else "boolean" if isinstance(value, bool)
                    else "integer" if isinstance(value, int)
                    else "number" if isinstance(value, float)
                    else "string" if isinstance(value, str)
                    else "array" if isinstance(value, list) else "object")
            ok = kind in types or (kind == "integer" and "number" in types)
            self.assertTrue(ok, (where, kind, types, value))
        if "enum" in schema:
            self.assertIn(value, schema["enum"], where)
        if isinstance(value, dict):
            for field in schema.get("required", []):
                self.assertIn(field, value, where)
            props = schema.get("properties", {})
            for k, v in value.items():
                if k in props:
                    self.conforms(v, props[k], doc, f"{where}/{k}")
                elif schema.get("additionalProperties") is False:
                    self.fail(f"{where}/{k}: not in the schema")
                elif isinstance(schema.get("additionalProperties"), dict):
                    self.conforms(v, schema["additionalProperties"], doc, f"{where}/{k}")
        if isinstance(value, list):
            self.assertGreaterEqual(len(value), schema.get("minItems", 0), where)
            self.assertLessEqual(len(value), schema.get("maxItems", len(value)), where)
            for i, v in enumerate(value):
                if "items" in schema:
                    self.conforms(v, schema["items"], doc, f"{where}/{i}")

    def test_every_insight_answer_matches_its_schema(self):
        batch = []
        for i in range(120):
            batch.append(response(i, external_id=f"shape{i}", team=f"shape-t{i % 3}",
                                  location=f"shape-l{i % 2}", employee=f"shape-e{i % 5}",
                                  touchpoint=f"shape-p{i % 2}", customer=f"shape-c{i % 20}",
                                  channel=["phone", "online", "email"][i % 3],
                                  submitted_at=f"2025-0{1 + i % 6}-1{i % 10}T10:00:00Z",
                                  answers={"nps": (i * 7) % 11, "csat": 1 + i % 5, "ces": 1 + i % 7,
                                           "certainty": 1 + (i * 3) % 5, "trust": 1 + i % 5,
                                           "comment": ["Lang moeten wachten aan de balie",
                                                       "Heel vriendelijk geholpen", "Prima"][i % 3]}))
        self.post(batch)
        doc = self.server.request("GET", "/api/v1/openapi.json").json()
        h = self.key("acme", "read")
        period = "from=2025-01-01&to=2025-07-01"
        queries = {
            "/api/v1/metrics": ["", "group_by=team,month", "group_by=channel&measure=ces",
                                "group_by=location,touchpoint&measure=distribution"],
            "/api/v1/insights/consistency": ["group_by=team", "group_by=employee,week"],
            "/api/v1/insights/ratchet": ["", "group_by=touchpoint&threshold=1"],
            "/api/v1/insights/rankings": ["level=team&min_count=1", "level=location",
                                          "level=employee&min_count=5"],
            "/api/v1/insights/drivers": ["min_n=10", "group_by=team&min_n=10"],
            "/api/v1/insights/comments": ["", "group_by=team", "group_by=month&limit=50"],
            "/api/v1/text/settings": [""],
        }
        for path, qs in queries.items():
            ref = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            for q in qs:
                r = self.server.request("GET", f"{path}?{period}&{q}" if "insights" in path or
                                        "metrics" in path else path, headers=h)
                self.assertEqual(r.status, 200, (path, q, r.body))
                answer = r.json()
                self.conforms(answer, ref, doc, f"{path}?{q}")
                # Something to check: rows, groups or analysed comments.
                if "/insights/comments" in path:
                    self.assertGreater(answer["comments"], 0, q)
                    self.assertEqual(bool(answer["groups"]), "group_by" in q, q)
                elif "rows" in answer:
                    self.assertTrue(answer["rows"], (path, q))
                elif "groups" in answer:
                    self.assertTrue(answer["groups"], (path, q))
        # A problem answers with the Problem schema, named for its operation.
        r = self.server.request("GET", "/api/v1/metrics?group_by=planet", headers=h)
        self.assertIn("400", doc["paths"]["/api/v1/metrics"]["get"]["responses"])
        self.conforms(r.json(), {"$ref": "#/components/schemas/Problem"}, doc, "problem")

    def test_text_bodies_follow_their_schemas(self):
        doc = self.server.request("GET", "/api/v1/openapi.json").json()
        admin = self.key("globex", "admin")
        put = doc["paths"]["/api/v1/text/vocabulary"]["put"]
        example = put["requestBody"]["content"]["application/json"]["example"]
        r = self.server.request("PUT", "/api/v1/text/vocabulary", body=example, headers=admin)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["vocabulary"], example)
        for bad, field in [({"themes": [{"key": "Parking!", "terms": {"nl": ["p"]}}]}, "/themes/0/key"),
                           ({"themes": [{"key": "p"}]}, "/themes/0/terms"),
                           ({"terms": {"fr": {"positive": ["x"]}}}, "/terms/fr"),
                           ({"terms": {"nl": {"scores": {"x": 2}}}}, "/terms/nl/scores/x"),
                           ({"colour": 1}, "/colour")]:
            r = self.server.request("PUT", "/api/v1/text/vocabulary", body=bad, headers=admin)
            self.assertProblem(r, 400, field)
        model = doc["paths"]["/api/v1/text/model"]["post"]
        self.assertIn("422", model["responses"])
        r = self.server.request("POST", "/api/v1/text/model", body={"language": "nl"}, headers=admin)
        self.assertProblem(r, 422, "/language")
        for bad, field in [({"language": "dutch"}, "/language"), ({}, "/language"),
                           ({"language": "nl", "from": "gisteren"}, "/from"),
                           ({"language": "nl", "colour": 1}, "/colour")]:
            r = self.server.request("POST", "/api/v1/text/model", body=bad, headers=admin)
            self.assertProblem(r, 400, field)
        # Each change is audited with the key as actor; refused ones are not.
        r = self.server.request("DELETE", "/api/v1/text/vocabulary", headers=admin)
        self.assertEqual(r.status, 200, r.body)
        log = self.server.request("GET", "/api/v1/audit-log", headers=admin).json()["entries"]
        text = [(e["action"], e["subject"]) for e in log if e["subject"].startswith("text_")]
        self.assertEqual(text, [("delete", "text_vocabulary"), ("update", "text_vocabulary")])
        self.assertTrue(all(e["actor"].startswith("apikey:") for e in log
                            if e["subject"].startswith("text_")))


def ago(days):
    t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class InsightPagesTest(ServerTestCase):
    """The insight pages for every role and scope kind, in Dutch and English."""
    orgs = ("acme",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        batch = []
        teams = [("verhuur", "amersfoort"), ("werkplaats", "utrecht"), ("verkoop", "utrecht")]
        channels = ["face_to_face", "phone", "online"]
        for i in range(1200):
            team, location = teams[i % 3]
            batch.append(response(i, external_id=f"pg{i}", team=team, location=location,
                                  employee="e17" if i % 5 == 0 else f"e{i % 13}",
                                  touchpoint=["balie", "telefoon", "web"][i % 3],
                                  channel=channels[i % 3], submitted_at=ago(1 + i % 80),
                                  answers={"nps": (i * 7) % 11, "certainty": 1 + i % 5,
                                           "trust": 1 + (i * 3) % 5,
                                           "comment": ["Lang moeten wachten aan de balie",
                                                       "Heel vriendelijk geholpen",
                                                       "Prima"][i % 3]}))
        for start in range(0, len(batch), 500):
            r = cls.server.request("POST", "/api/v1/responses",
                                   body={"responses": batch[start:start + 500]},
                                   headers={"Authorization": "Bearer " + cls.keys[("acme", "ingest")]})
            assert r.status in (200, 201), r.body
        cls.server.stop()
        env = dict(os.environ, BELEVING_PASSWORD=cls.password)
        run_cli("user", "add", "--org", "acme", "--email", "loc@acme.example", "--name", "Lot",
                "--role", "manager", "--location", "utrecht", data=cls.data, env=env)
        run_cli("user", "add", "--org", "acme", "--email", "con@acme.example", "--name", "Cor",
                "--role", "consultant", data=cls.data, env=env)
        from harness import Server
        cls.server = Server(cls.data)
        source = os.environ.get("BELEVING_SOURCE", os.path.join(os.path.dirname(__file__), "../.."))
        cls.catalogue = []
        for name in ("insight.tsv", "common.tsv"):
            with open(os.path.join(source, "resources", "i18n", name), encoding="utf-8") as f:
                for line in f:
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) == 3 and not line.startswith("#"):
                        cls.catalogue.append(parts)

    def get(self, cookie, path, lang):
        sep = "&" if "?" in path else "?"
        r = self.server.request("GET", f"{path}{sep}lang={lang}", headers=cookie)
        self.assertEqual(r.status, 200, (path, r.status))
        return r.body.decode()

    @staticmethod
    def visible(page):
        """The text a person reads: no tags, no attributes, no customers' comments."""
        page = re.sub(r"<article class=\"comment\">.*?</article>", " ", page, flags=re.S)
        page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", " ", page))

    def fragments(self, text):
        """The literal parts of a catalogue text long enough to be telling."""
        return [f.strip() for f in re.split(r"\{[a-z_]+\}", text) if len(f.strip()) >= 9]

    def assert_one_language(self, page, lang, where):
        text = self.visible(page)
        for key, nl, en in self.catalogue:
            if nl == en or key == "nav.language_name":  # the switch names the other language
                continue
            foreign, own = (en, nl) if lang == "nl" else (nl, en)
            for frag in self.fragments(foreign):
                if frag in own:
                    continue
                self.assertNotIn(frag, text, f"{where}: {key} in the other language")
        for code in ("face_to_face", "low_priority", "complaint_speed", "broken_promise",
                     "waiting_time", "user:", "(none)"):
            self.assertNotIn(code, text, where)
        if lang == "nl":
            self.assertIsNone(re.search(r"\b[Dd]etractors?\b|\b[Pp]romoters?\b", text), where)

    def pages(self, cookie):
        teams = self.get(cookie, "/teams", "nl")
        team = re.search(r'href="(/teams/\d+)"', teams).group(1)
        person = re.search(r'href="(/people/\d+)"', teams).group(1)
        moments = self.get(cookie, "/moments", "nl")
        moment = re.search(r'href="(/moments/\d+)"', moments).group(1)
        return ["/overview", "/overview?period=week", "/moments", moment, "/teams", team, person,
                "/comments?days=365", "/comments?band=detractor&days=30"]

    def test_every_page_in_dutch_and_english_for_every_role(self):
        for email in ("admin@acme.example", "mgr@acme.example", "loc@acme.example",
                      "con@acme.example"):
            cookie, _ = self.login(email)
            for path in self.pages(cookie):
                for lang in ("nl", "en"):
                    self.assert_one_language(self.get(cookie, path, lang), lang,
                                             f"{email} {path} {lang}")
        cookie, _ = self.login("emp@acme.example")
        r = self.server.request("GET", "/me", headers=cookie)
        self.assertEqual(r.status, 303)
        documented = self.server.request("GET", "/api/v1/openapi.json").json()["paths"]["/me"]["get"]
        self.assertNotIn("200", documented["responses"])
        self.assertIn("/people/", documented["responses"]["303"]["description"])
        own = r.header("Location")
        for lang in ("nl", "en"):
            self.assert_one_language(self.get(cookie, own, lang), lang, f"employee {own} {lang}")

    def test_dutch_numbers_dates_months_and_plurals(self):
        cookie, _ = self.login("admin@acme.example")
        nl = self.get(cookie, "/overview", "nl")
        en = self.get(cookie, "/overview", "en")
        self.assertIn(">1.200<", nl)
        self.assertIn(">1,200<", en)
        self.assertRegex(self.visible(nl), r"\d+ criticasters")
        months_nl = re.search(r'data-months="([^"]+)"', nl).group(1)
        self.assertIn("mrt", html.unescape(months_nl))
        self.assertIn("Mar", html.unescape(re.search(r'data-months="([^"]+)"', en).group(1)))
        self.assertIn('data-decimal=","', nl)
        self.assertIn('data-thousands="."', nl)
        self.assertRegex(self.get(cookie, "/comments?days=365", "nl"),
                         r"<time datetime=\"[\d-]+\">\d{1,2}-\d{1,2}-20\d\d</time>")
        self.assertRegex(self.get(cookie, "/comments?days=365", "en"),
                         r"<time datetime=\"[\d-]+\">\d{1,2} [A-Z][a-z]{2} 20\d\d</time>")
        # A bad query parameter is a 400 page, not a silent default.
        r = self.server.request("GET", "/overview?period=year", headers=cookie)
        self.assertEqual(r.status, 400)
        r = self.server.request("GET", "/comments?days=12", headers=cookie)
        self.assertEqual(r.status, 400)

    def found(self, page):
        m = re.search(r"([\d.,]+) comments? found", self.visible(page))
        return int(m.group(1).replace(",", ""))

    def test_comment_counts_cover_the_whole_selection_and_export_as_csv(self):
        """Issue 13: counts over every selected comment (not the first 50),
        theme and sentiment filters in the URL, the same selection as CSV."""
        cookie, _ = self.login("admin@acme.example")
        page = self.get(cookie, "/comments?days=365", "en")
        self.assertEqual(self.found(page), 1200)
        self.assertEqual(len(re.findall(r'<article class="comment">', page)), 50)
        self.assertIn('rel="next" href="/comments?days=365&amp;page=2"', page)
        last = self.get(cookie, "/comments?days=365&page=24", "en")
        self.assertEqual(len(re.findall(r'<article class="comment">', last)), 50)
        self.assertNotIn('rel="next"', last)
        by_sentiment = sum(self.found(self.get(cookie, f"/comments?days=365&sentiment={s}", "en"))
                           for s in ("negative", "neutral", "positive"))
        self.assertEqual(by_sentiment, 1200)
        theme = re.search(r'<a class="theme" href="(/comments\?[^"]*theme=[a-z_]+)"', page).group(1)
        themed = self.get(cookie, html.unescape(theme), "en")
        self.assertLess(self.found(themed), 1200)
        self.assertGreaterEqual(self.found(themed), 400)
        r = self.server.request("GET", "/comments.csv?days=365&sentiment=negative&lang=en", headers=cookie)
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/csv"))
        self.assertIn("attachment", r.header("Content-Disposition"))
        rows = r.body.decode("utf-8-sig").split("\r\n")
        self.assertEqual(rows[0], '"Date","Score","Touchpoint","Team","Sentiment","Themes","Comment"')
        negative = self.found(self.get(cookie, "/comments?days=365&sentiment=negative", "en"))
        self.assertEqual(len([x for x in rows[1:] if x]), negative)
        # The manager's scope holds for the counts and the export alike.
        mgr, _ = self.login("mgr@acme.example")
        self.assertEqual(self.found(self.get(mgr, "/comments?days=365", "en")), 400)
        r = self.server.request("GET", "/comments.csv?days=365", headers=mgr)
        self.assertEqual(len([x for x in r.body.decode("utf-8-sig").split("\r\n")[1:] if x]), 400)
        r = self.server.request("GET", "/comments?sentiment=angry", headers=cookie)
        self.assertEqual(r.status, 400)

    def hero(self, page):
        m = re.search(r'class="card hero">.*?<span class="nps [a-z]+">(-?\d+)</span>', page, re.S)
        return int(m.group(1))

    def answers(self, page):
        m = re.search(r"(?:Antwoorden|Responses)</div><div class=\"value\">([\d.,]+)<", page)
        return int(m.group(1).replace(".", "").replace(",", ""))

    def test_overview_figures_equal_the_api_for_the_same_caller(self):
        since = urllib.parse.quote(ago(365))
        expected = {"admin@acme.example": 1200, "con@acme.example": 1200,
                    "mgr@acme.example": 400, "loc@acme.example": 800}
        for email, n in expected.items():
            cookie, _ = self.login(email)
            api = self.server.request("GET", f"/api/v1/metrics?measure=nps&from={since}",
                                      headers=cookie).json()["rows"][0]
            page = self.get(cookie, "/overview", "nl")
            self.assertEqual(api["nps_answers"], n, email)
            self.assertEqual(self.answers(page), n, email)
            self.assertEqual(self.hero(page), round(api["nps"]), email)
        # The employee: her own page shows what the API shows her.
        cookie, _ = self.login("emp@acme.example")
        own = self.server.request("GET", "/me", headers=cookie).header("Location")
        api = self.server.request("GET", f"/api/v1/metrics?measure=nps&from={since}",
                                  headers=cookie).json()["rows"][0]
        self.assertEqual(api["nps_answers"], 240)
        self.assertEqual(self.hero(self.get(cookie, own, "nl")), round(api["nps"]))
        self.assertEqual(self.server.request("GET", "/overview", headers=cookie).status, 403)


if __name__ == "__main__":
    unittest.main()
