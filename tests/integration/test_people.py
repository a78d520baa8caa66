"""Issue 14 through real HTTP, the Contract routes: anonymous pulse answers
sent in (422 naming an unknown team), pulse results hidden below 5 answers
and not recoverable by narrowing the period (tried), and eNPS beside the
customers' NPS with their correlation across teams on a hand-computed data
set."""
import itertools
import unittest

from harness import ServerTestCase


def scores(promoters, detractors, n):
    return [10] * promoters + [3] * detractors + [8] * (n - promoters - detractors)


class PeopleContractTest(ServerTestCase):
    orgs = ("acme", "globex", "pulse", "corr")

    def pulse(self, org, team, day, values):
        r = self.server.request("POST", "/api/v1/pulse/answers", headers=self.key(org, "ingest"), body={
            "answers": [{"team": team, "answered_at": day + "T09:00:00Z", "enps": v} for v in values]})
        self.assertIn(r.status, (200, 201), r.body)
        self.assertEqual(r.json(), {"accepted": len(values)})

    def responses(self, org, team, values):
        items = [{"external_id": "%s-%s-%d" % (org, team, i), "submitted_at": "2026-11-10T10:00:00Z",
                  "team": team, "answers": {"nps": v}} for i, v in enumerate(values)]
        r = self.server.request("POST", "/api/v1/responses", headers=self.key(org, "ingest"),
                                body={"responses": items})
        self.assertIn(r.status, (200, 201), r.body)

    def results(self, org, query=""):
        r = self.server.request("GET", "/api/v1/pulse/results?group_by=team" + query,
                                headers=self.key(org, "read"))
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def test_answers_refuse_an_unknown_team_naming_the_field(self):
        self.responses("pulse", "kassa", [9])
        r = self.server.request("POST", "/api/v1/pulse/answers", headers=self.key("pulse", "ingest"), body={
            "answers": [{"team": "kassa", "answered_at": "2026-11-02T09:00:00Z", "enps": 8},
                        {"team": "nergens", "answered_at": "2026-11-02T09:00:00Z", "enps": 8}]})
        self.assertProblem(r, 422, "/answers/1/team")
        r = self.server.request("POST", "/api/v1/pulse/answers", headers=self.key("pulse", "read"), body={
            "answers": [{"team": "kassa", "answered_at": "2026-11-02T09:00:00Z", "enps": 8}]})
        self.assertEqual(r.status, 403, r.body)
        # Answers carry no identity: an employee field is refused.
        r = self.server.request("POST", "/api/v1/pulse/answers", headers=self.key("pulse", "ingest"), body={
            "answers": [{"team": "kassa", "answered_at": "2026-11-02T09:00:00Z", "enps": 8,
                         "employee": "hanna"}]})
        self.assertEqual(r.status, 400, r.body)

    def test_fewer_than_five_never_shown_whatever_the_period(self):
        for team in ("klein", "groot"):
            self.responses("pulse", team, [9])
        self.pulse("pulse", "klein", "2026-11-04", [10, 10, 0, 5])
        self.pulse("pulse", "groot", "2026-10-20", [0, 0, 0])
        for d in range(2, 8):
            self.pulse("pulse", "groot", "2026-11-0%d" % d, [10 if d % 2 else 6])
        r = self.results("pulse")
        groups = {g["team"]: g for g in r["groups"]}
        self.assertNotIn("klein", groups)
        self.assertEqual(groups["groot"]["n"], 6)
        self.assertEqual(groups["groot"]["enps"], 0.0)
        self.assertLessEqual(groups["groot"]["ci_low"], 0.0)
        self.assertGreaterEqual(groups["groot"]["ci_high"], 0.0)
        self.assertGreaterEqual(r["suppressed"], 1)
        # Try narrowing: periods at dates and times around the answers.
        edges = ["2026-10-01", "2026-10-20", "2026-10-21T00:00:00Z", "2026-11-01", "2026-11-03",
                 "2026-11-04T09:00:00Z", "2026-11-05", "2026-12-01"]
        for a, b in itertools.combinations(edges, 2):
            r = self.results("pulse", "&from=%s&to=%s" % (a, b))
            for g in r["groups"]:
                self.assertGreaterEqual(g["n"], 5, (a, b))
                self.assertNotEqual(g["team"], "klein", (a, b))
                self.assertEqual(g["n"], 6, (a, b))  # never October's 3, never 9
        # A late answer is held back until five have arrived.
        self.pulse("pulse", "groot", "2026-11-20", [0])
        self.assertEqual({g["team"]: g["n"] for g in self.results("pulse")["groups"]}["groot"], 6)
        r = self.server.request("GET", "/api/v1/pulse/results?group_by=location", headers=self.key("pulse", "read"))
        self.assertEqual(r.status, 400, r.body)

    def test_enps_beside_nps_with_correlation(self):
        # Hand-computed (as src/people/pulse_test.cc): eNPS -20, 0, 20, 40 and
        # NPS -10, 30, 10, 50 give r = 0.8 over 4 teams; e lacks pulse
        # answers, f lacks customer answers.
        data = {"a": (2, 4, 10, 2, 3, 10), "b": (3, 3, 10, 5, 2, 10), "c": (4, 2, 10, 3, 2, 10),
                "d": (5, 1, 10, 6, 1, 10), "e": (2, 1, 4, 5, 1, 10), "f": (5, 1, 10, 2, 1, 4)}
        for team, (pp, pd, pn, cp, cd, cn) in data.items():
            self.responses("corr", team, scores(cp, cd, cn))
            self.pulse("corr", team, "2026-11-05", scores(pp, pd, pn))
        r = self.server.request("GET", "/api/v1/insights/people?from=2026-11-01&to=2026-12-01",
                                headers=self.key("corr", "read"))
        self.assertEqual(r.status, 200, r.body)
        body = r.json()
        teams = {t["team"]: t for t in body["teams"]}
        self.assertEqual(sorted(teams), ["a", "b", "c", "d"])
        for team, enps, nps in (("a", -20, -10), ("b", 0, 30), ("c", 20, 10), ("d", 40, 50)):
            self.assertAlmostEqual(teams[team]["enps"], enps)
            self.assertAlmostEqual(teams[team]["nps"], nps)
            self.assertEqual((teams[team]["pulse_n"], teams[team]["responses_n"]), (10, 10))
        self.assertAlmostEqual(body["correlation"]["enps_nps"], 0.8)
        self.assertEqual(body["correlation"]["teams"], 4)
        self.assertAlmostEqual(body["correlation"]["ci_low"], -0.696953, places=5)
        self.assertAlmostEqual(body["correlation"]["ci_high"], 0.995600, places=5)
        # Another organisation sees none of it.
        r = self.server.request("GET", "/api/v1/insights/people", headers=self.key("pulse", "read"))
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["correlation"]["teams"], 0)


if __name__ == "__main__":
    unittest.main()
