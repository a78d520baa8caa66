"""Issue 20, every measure and analysis: the survey and customer.KEY filters
and groupings on consistency and the expectation ratchet (hand-computed), and
benchmarks inside the organisation on /api/v1/metrics (compare=org): the
organisation's own NPS and the best comparable group with enough answers."""
import unittest

from harness import ServerTestCase


class SlicingAnalysesTest(ServerTestCase):
    orgs = ("acme", "globex", "ana", "bench")

    def ingest(self, org, items):
        r = self.server.request("POST", "/api/v1/responses", body={"responses": items},
                                headers=self.key(org, "ingest"))
        self.assertIn(r.status, (200, 201), r.body)

    def get(self, org, path):
        r = self.server.request("GET", path, headers=self.key(org, "read"))
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def make_survey(self, org, key):
        doc = self.server.request("GET", "/api/v1/openapi.json").json()
        body = dict(doc["paths"]["/api/v1/surveys"]["post"]["requestBody"]["content"]["application/json"]["example"])
        body.update(key=key, name=key.title())
        r = self.server.request("POST", "/api/v1/surveys", headers=self.key(org, "admin"), body=body)
        self.assertEqual(r.status, 201, r.body)

    def test_consistency_and_ratchet_by_survey_and_segment(self):
        org = "ana"
        self.make_survey(org, "relatie")
        self.make_survey(org, "bezoek")
        for key, seg in (("z1", "zakelijk"), ("z2", "zakelijk"), ("p1", "particulier")):
            r = self.server.request("POST", "/api/v1/customers", headers=self.key(org, "admin"),
                                    body={"key": key, "attributes": {"segment": seg}})
            self.assertEqual(r.status, 201, r.body)

        def resp(ext, customer, nps, survey, day):
            return {"external_id": ext, "submitted_at": f"2026-03-0{day}T10:00:00Z",
                    "customer": customer, "survey": survey, "answers": {"nps": nps}}
        self.ingest(org, [
            resp("a1", "z1", 10, "relatie", 1), resp("a2", "z1", 6, "relatie", 2),
            resp("a3", "z1", 8, "bezoek", 3), resp("a4", "p1", 9, "relatie", 1),
            resp("a5", "p1", 3, "bezoek", 2), resp("a6", "z2", 4, "relatie", 1),
            resp("a7", "z2", 10, "bezoek", 2)])

        # Consistency by segment within one survey: zakelijk 10 6 4, particulier 9.
        c = self.get(org, "/api/v1/insights/consistency?group_by=customer.segment&survey=relatie")
        rows = {r["group"]["customer.segment"]: r for r in c["rows"]}
        self.assertEqual(set(rows), {"zakelijk", "particulier"})
        self.assertEqual(rows["zakelijk"]["count"], 3)
        self.assertAlmostEqual(rows["zakelijk"]["mean"], 20 / 3)
        self.assertEqual(rows["particulier"]["count"], 1)
        self.assertAlmostEqual(rows["particulier"]["mean"], 9)
        # By survey within one segment: relatie 10 6 4, bezoek 8 10.
        c = self.get(org, "/api/v1/insights/consistency?group_by=survey&customer.segment=zakelijk")
        rows = {r["group"]["survey"]["key"]: r for r in c["rows"]}
        self.assertAlmostEqual(rows["relatie"]["mean"], 20 / 3)
        self.assertAlmostEqual(rows["bezoek"]["mean"], 9)
        self.assertEqual(rows["bezoek"]["count"], 2)

        # Ratchet (2 points below the best earlier score), by segment:
        # z1 6 (best 10) and 8 (best 10) disappoint, z2 10 (best 4) does not:
        # zakelijk 3 with an earlier score, 2 disappointed; p1 3 (best 9): 1 of 1.
        rt = self.get(org, "/api/v1/insights/ratchet?threshold=2&group_by=customer.segment")
        rows = {r["group"]["customer.segment"]: r for r in rt["rows"]}
        self.assertEqual((rows["zakelijk"]["with_prev"], rows["zakelijk"]["disappointed"]), (3, 2))
        self.assertEqual((rows["particulier"]["with_prev"], rows["particulier"]["disappointed"]), (1, 1))
        rt = self.get(org, "/api/v1/insights/ratchet?threshold=2&customer.segment=particulier")
        self.assertEqual(rt["disappointed_total"], 1)
        # A survey filter narrows the fair ranking's input too; unknown keys match nothing.
        self.assertEqual(self.get(org, "/api/v1/insights/consistency?survey=nope")["rows"], [])
        r = self.server.request("GET", "/api/v1/insights/drivers?group_by=customer.nope",
                                headers=self.key(org, "read"))
        self.assertProblem(r, 400)
        r = self.server.request("GET", "/api/v1/insights/rankings?customer.Bad=x",
                                headers=self.key(org, "read"))
        self.assertProblem(r, 400, "/query/customer.Bad")

    def test_benchmarks_inside_the_organisation(self):
        org = "bench"
        items = []

        def add(touchpoint, location, scores):
            for s in scores:
                items.append({"external_id": f"b{len(items)}", "submitted_at": "2026-03-02T10:00:00Z",
                              "customer": f"c{len(items)}", "touchpoint": touchpoint,
                              "location": location, "answers": {"nps": s}})
        add("kassa", "amsterdam", [10] * 6 + [0] * 6)   # NPS 0, 12 answers
        add("kassa", "breda", [10] * 10)                # NPS 100, 10 answers
        add("kassa", "cuijk", [9] * 2)                  # NPS 100, too few (2 < 10)
        add("web", "amsterdam", [10] * 5 + [7] * 5)     # NPS 50, no other location
        self.ingest(org, items)
        m = self.get(org, "/api/v1/metrics?measure=nps&group_by=touchpoint,location&compare=org")
        # The whole slice: 34 answers, 23 promoters, 6 detractors.
        self.assertEqual(m["benchmark"]["org"]["nps_answers"], 34)
        self.assertAlmostEqual(m["benchmark"]["org"]["nps"], 100 * 17 / 34)
        self.assertEqual(m["benchmark"]["peer"], "location")
        self.assertEqual(m["benchmark"]["min_nps_answers"], 10)
        best = {(r["group"]["touchpoint"]["key"], r["group"]["location"]["key"]): r["benchmark"]
                for r in m["rows"]}
        for b in best.values():
            self.assertAlmostEqual(b["org_nps"], 50)
        self.assertEqual(best[("kassa", "amsterdam")]["best"]["group"]["location"]["key"], "breda")
        self.assertAlmostEqual(best[("kassa", "amsterdam")]["best"]["nps"], 100)
        self.assertEqual(best[("kassa", "amsterdam")]["best"]["nps_answers"], 10)
        # Breda's best other location is Amsterdam: Cuijk has too few answers.
        self.assertEqual(best[("kassa", "breda")]["best"]["group"]["location"]["key"], "amsterdam")
        self.assertEqual(best[("kassa", "cuijk")]["best"]["group"]["location"]["key"], "breda")
        self.assertIsNone(best[("web", "amsterdam")]["best"])
        # Without compare the rows are as before.
        m = self.get(org, "/api/v1/metrics?measure=nps&group_by=touchpoint,location")
        self.assertNotIn("benchmark", m)
        self.assertNotIn("benchmark", m["rows"][0])
        # No peer key: only the organisation's figure.
        m = self.get(org, "/api/v1/metrics?measure=nps&group_by=touchpoint&compare=org")
        self.assertIsNone(m["benchmark"]["peer"])
        self.assertTrue(all(r["benchmark"]["best"] is None for r in m["rows"]))


if __name__ == "__main__":
    unittest.main()
