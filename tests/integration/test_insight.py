"""Issue 3: the engine answers through the API, and sees a response as soon
as its ingest request returns."""
import math
import unittest

from harness import ServerTestCase, response


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


if __name__ == "__main__":
    unittest.main()
