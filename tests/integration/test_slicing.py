"""Issue 20 through real HTTP: NPS by survey and by customer segment
(hand-computed), attribute changes that apply forward unless asked, moment outcomes set later by an event, the
outcome rate per group and per NPS band of the linked response on a known
data set, and an event for an unknown interaction refused with 422 naming
it."""
import unittest

from harness import ServerTestCase


class SlicingTest(ServerTestCase):
    orgs = ("acme", "globex", "slice", "segs", "metr", "hist")

    def ingest(self, path, collection, items, org="slice"):
        r = self.server.request("POST", path, body={collection: items},
                                headers=self.key(org, "ingest"))
        self.assertIn(r.status, (200, 201), r.body)
        return r.json()

    def interaction(self, ext, touchpoint, **over):
        i = {"external_id": ext, "occurred_at": "2026-03-02T09:00:00Z", "customer": "k-" + ext,
             "touchpoint": touchpoint, "channel": "face_to_face"}
        i.update(over)
        return i

    def scored(self, ext, nps):
        return {"external_id": "r-" + ext, "submitted_at": "2026-03-02T10:00:00Z",
                "customer": "k-" + ext, "touchpoint": None, "interaction": ext,
                "answers": {"nps": nps}}

    def test_outcome_rates_per_band_on_a_known_data_set(self):
        # winkel: six moments; web: one, bought at ingest with a value.
        self.ingest("/api/v1/interactions", "interactions", [
            self.interaction("o1", "winkel"), self.interaction("o2", "winkel"),
            self.interaction("o3", "winkel"), self.interaction("o4", "winkel"),
            self.interaction("o5", "winkel"),
            self.interaction("o6", "winkel", outcome="bought", value=10),
            self.interaction("o7", "web", outcome="bought", value=125.5)])
        self.ingest("/api/v1/responses", "responses", [
            self.scored("o1", 10), self.scored("o2", 9), self.scored("o3", 7),
            self.scored("o4", 3), self.scored("o5", 2), self.scored("o7", 10)])
        # Later, the shop's till says who bought (and who did not).
        r = self.server.request("POST", "/api/v1/interactions/outcomes", headers=self.key("slice", "ingest"), body={
            "outcomes": [
                {"interaction": "o1", "outcome": "bought", "value": 99.999, "at": "2026-03-02T11:00:00Z"},
                {"interaction": "o3", "outcome": "bought", "value": 20},
                {"interaction": "o4", "outcome": "not_bought"}]})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["recorded"], 3)

        r = self.server.request("GET", "/api/v1/insights/outcomes?group_by=touchpoint",
                                headers=self.key("slice", "read"))
        self.assertEqual(r.status, 200, r.body)
        rows = {row["group"]["touchpoint"]: row for row in r.json()["rows"]}
        w = rows["winkel"]
        # Bought: o1 (promoter), o3 (passive), o6 (no response) of six.
        self.assertEqual(w["interactions"], 6)
        self.assertAlmostEqual(w["outcome_rate"], 3 / 6)
        # Promoters o1 (bought), o2 (not): 1/2; passive o3: 1/1; detractors o4, o5: 0/2.
        self.assertAlmostEqual(w["by_band"]["promoter"], 0.5)
        self.assertAlmostEqual(w["by_band"]["passive"], 1.0)
        self.assertAlmostEqual(w["by_band"]["detractor"], 0.0)
        # Values to hundredths: 100.00 + 20 + 10.
        self.assertAlmostEqual(w["value"], 130.0)
        web = rows["web"]
        self.assertEqual((web["interactions"], web["outcome_rate"]), (1, 1.0))
        self.assertEqual(web["by_band"], {"detractor": None, "passive": None, "promoter": 1.0})
        self.assertAlmostEqual(web["value"], 125.5)

        # Another outcome: not_bought is o4 only, a detractor.
        r = self.server.request("GET", "/api/v1/insights/outcomes?group_by=touchpoint&outcome=not_bought",
                                headers=self.key("slice", "read"))
        w = {row["group"]["touchpoint"]: row for row in r.json()["rows"]}["winkel"]
        self.assertAlmostEqual(w["outcome_rate"], 1 / 6)
        self.assertAlmostEqual(w["by_band"]["detractor"], 0.5)
        self.assertAlmostEqual(w["by_band"]["promoter"], 0.0)

        # Another organisation sees none of it.
        r = self.server.request("GET", "/api/v1/insights/outcomes", headers=self.key("globex", "read"))
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["rows"], [])

    def test_unknown_interaction_is_refused_naming_it(self):
        self.ingest("/api/v1/interactions", "interactions", [self.interaction("u1", "balie")])
        r = self.server.request("POST", "/api/v1/interactions/outcomes", headers=self.key("slice", "ingest"), body={
            "outcomes": [{"interaction": "u1", "outcome": "bought"},
                         {"interaction": "nope", "outcome": "bought"}]})
        self.assertProblem(r, 422, "/outcomes/1/interaction")
        # All or nothing: u1 was not set either.
        r = self.server.request("GET", "/api/v1/insights/outcomes?group_by=touchpoint",
                                headers=self.key("slice", "read"))
        rows = {row["group"]["touchpoint"]: row for row in r.json()["rows"]}
        self.assertEqual(rows["balie"]["outcome_rate"], 0.0)
        # Another organisation's interaction is unknown too.
        r = self.server.request("POST", "/api/v1/interactions/outcomes", headers=self.key("globex", "ingest"),
                                body={"outcomes": [{"interaction": "u1", "outcome": "bought"}]})
        self.assertProblem(r, 422, "/outcomes/0/interaction")
        # A read key may not record outcomes; a bad outcome is the schema's 400.
        r = self.server.request("POST", "/api/v1/interactions/outcomes", headers=self.key("slice", "read"),
                                body={"outcomes": [{"interaction": "u1", "outcome": "bought"}]})
        self.assertEqual(r.status, 403, r.body)
        r = self.server.request("POST", "/api/v1/interactions/outcomes", headers=self.key("slice", "ingest"),
                                body={"outcomes": [{"interaction": "u1", "outcome": "Bought!"}]})
        self.assertProblem(r, 400, "/outcomes/0/outcome")

    def test_customer_attributes_through_the_api(self):
        admin = self.key("segs", "admin")
        r = self.server.request("POST", "/api/v1/customers", headers=admin,
                                body={"key": "k-a1", "attributes": {"segment": "zakelijk"}})
        self.assertEqual(r.status, 201, r.body)
        a1 = r.json()["id"]
        r = self.server.request("POST", "/api/v1/customers", headers=admin,
                                body={"key": "k-a2", "attributes": {"segment": "particulier"}})
        self.assertEqual(r.status, 201, r.body)
        a2 = r.json()["id"]
        self.ingest("/api/v1/interactions", "interactions", [
            self.interaction("a1", "kassa", outcome="bought"), self.interaction("a2", "kassa")],
            org="segs")

        def rates():
            r = self.server.request("GET", "/api/v1/insights/outcomes?group_by=customer.segment",
                                    headers=self.key("segs", "read"))
            self.assertEqual(r.status, 200, r.body)
            return {row["group"]["customer.segment"]: (row["interactions"], row["outcome_rate"])
                    for row in r.json()["rows"]}
        got = rates()
        self.assertEqual(got["zakelijk"], (1, 1.0))
        self.assertEqual(got["particulier"], (1, 0.0))
        # PATCH changes them; null removes a key.
        r = self.server.request("PATCH", f"/api/v1/customers/{a2}", headers=admin,
                                body={"attributes": {"segment": "zakelijk"}})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(rates()["zakelijk"], (2, 0.5))
        r = self.server.request("PATCH", f"/api/v1/customers/{a1}", headers=admin,
                                body={"attributes": {"segment": None}, "apply_to_history": True})
        self.assertEqual(r.status, 200, r.body)
        got = rates()
        self.assertEqual(got["zakelijk"], (1, 0.0))
        # Applied to history: a1 has no segment any more.
        self.assertEqual(got[None], (1, 1.0))
        # Keys are [a-z0-9_]{1,32}: the schema refuses others.
        r = self.server.request("PATCH", f"/api/v1/customers/{a1}", headers=admin,
                                body={"attributes": {"Segment!": "x"}})
        self.assertEqual(r.status, 400, r.body)

    def metrics(self, query, org):
        r = self.server.request("GET", "/api/v1/metrics?measure=nps&" + query, headers=self.key(org, "read"))
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def make_survey(self, org, key, name):
        doc = self.server.request("GET", "/api/v1/openapi.json").json()
        body = dict(doc["paths"]["/api/v1/surveys"]["post"]["requestBody"]["content"]["application/json"]["example"])
        body.update(key=key, name=name)
        r = self.server.request("POST", "/api/v1/surveys", headers=self.key(org, "admin"), body=body)
        self.assertEqual(r.status, 201, r.body)

    def resp(self, ext, nps, customer, survey=None, at="2026-03-02T10:00:00Z"):
        return {"external_id": ext, "submitted_at": at, "customer": customer, "survey": survey,
                "answers": {"nps": nps}}

    def test_two_surveys_and_segments_by_hand(self):
        org = "metr"
        self.make_survey(org, "relatie", "Relatieonderzoek")
        self.make_survey(org, "bezoek", "Na het bezoek")
        admin = self.key(org, "admin")
        for key, seg in (("z1", "zakelijk"), ("z2", "zakelijk"), ("p1", "particulier")):
            r = self.server.request("POST", "/api/v1/customers", headers=admin,
                                    body={"key": key, "attributes": {"segment": seg}})
            self.assertEqual(r.status, 201, r.body)
        self.ingest("/api/v1/responses", "responses", [
            # relatie: 10, 9, 3 -> P2 D1: NPS 100*(2-1)/3 = 33.3
            self.resp("m1", 10, "z1", "relatie"), self.resp("m2", 9, "p1", "relatie"),
            self.resp("m3", 3, "z2", "relatie"),
            # bezoek: 8, 2, 1, 10 -> P1 A1 D2: NPS 100*(1-2)/4 = -25
            self.resp("m4", 8, "z1", "bezoek"), self.resp("m5", 2, "z2", "bezoek"),
            self.resp("m6", 1, "p1", "bezoek"), self.resp("m7", 10, "anon", "bezoek")], org=org)
        total = self.metrics("", org)["rows"][0]
        self.assertEqual((total["count"], total["promoters"], total["detractors"]), (7, 3, 3))
        rows = {r["group"]["survey"]["key"]: r for r in self.metrics("group_by=survey", org)["rows"]}
        self.assertEqual(set(rows), {"relatie", "bezoek"})
        self.assertEqual(rows["relatie"]["group"]["survey"]["name"], "Relatieonderzoek")
        self.assertAlmostEqual(rows["relatie"]["nps"], 100 / 3)
        self.assertAlmostEqual(rows["bezoek"]["nps"], -25)
        # The same totals as without the grouping.
        for f in ("count", "promoters", "passives", "detractors", "nps_answers"):
            self.assertEqual(sum(r[f] for r in rows.values()), total[f], f)
        # Filter by survey.
        only = self.metrics("survey=relatie", org)["rows"][0]
        self.assertEqual((only["count"], only["promoters"], only["detractors"]), (3, 2, 1))
        # Segments: zakelijk m1 10, m3 3, m4 8, m5 2 -> P1 A1 D2: -25;
        # particulier m2 9, m6 1 -> P1 D1: 0; none: m7 10 -> 100.
        seg = {r["group"]["customer.segment"]: r for r in self.metrics("group_by=customer.segment", org)["rows"]}
        self.assertEqual(set(seg), {"zakelijk", "particulier", None})
        self.assertEqual(seg["zakelijk"]["count"], 4)
        self.assertAlmostEqual(seg["zakelijk"]["nps"], -25)
        self.assertAlmostEqual(seg["particulier"]["nps"], 0)
        self.assertAlmostEqual(seg[None]["nps"], 100)
        z = self.metrics("customer.segment=zakelijk", org)["rows"][0]
        self.assertEqual((z["count"], z["promoters"], z["passives"], z["detractors"]), (4, 1, 1, 2))
        # Both slices at once: zakelijk in relatie is m1 10, m3 3 -> 0.
        both = self.metrics("group_by=survey,customer.segment&customer.segment=zakelijk&survey=relatie", org)
        self.assertEqual(len(both["rows"]), 1)
        self.assertEqual(both["rows"][0]["group"]["customer.segment"], "zakelijk")
        self.assertAlmostEqual(both["rows"][0]["nps"], 0)
        # A value never used matches nothing; a key never used is refused as a grouping.
        self.assertEqual(self.metrics("customer.segment=overheid", org)["rows"][0]["count"], 0)
        r = self.server.request("GET", "/api/v1/metrics?group_by=customer.nope", headers=self.key(org, "read"))
        self.assertProblem(r, 400)
        r = self.server.request("GET", "/api/v1/metrics?customer.Bad=1", headers=self.key(org, "read"))
        self.assertProblem(r, 400, "/query/customer.Bad")
        # Another organisation sees none of these responses.
        self.assertEqual(self.metrics("", "globex")["rows"][0]["count"], 0)

    def test_attribute_change_applies_forward_unless_asked(self):
        org = "hist"
        admin = self.key(org, "admin")
        r = self.server.request("POST", "/api/v1/customers", headers=admin,
                                body={"key": "h1", "attributes": {"segment": "brons"}})
        self.assertEqual(r.status, 201, r.body)
        cid = r.json()["id"]
        self.ingest("/api/v1/responses", "responses", [self.resp("h-a", 10, "h1"), self.resp("h-b", 6, "h1")], org=org)
        r = self.server.request("PATCH", f"/api/v1/customers/{cid}", headers=admin,
                                body={"attributes": {"segment": "goud"}})
        self.assertEqual(r.status, 200, r.body)
        self.ingest("/api/v1/responses", "responses", [self.resp("h-c", 9, "h1", at="2026-03-03T10:00:00Z")], org=org)

        def by_segment():
            return {r["group"]["customer.segment"]: r["count"]
                    for r in self.metrics("group_by=customer.segment", org)["rows"]}
        # Forward only: the two earlier responses keep brons.
        self.assertEqual(by_segment(), {"brons": 2, "goud": 1})
        # Asked for: history follows.
        r = self.server.request("PATCH", f"/api/v1/customers/{cid}", headers=admin,
                                body={"apply_to_history": True})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(by_segment(), {"goud": 3})


if __name__ == "__main__":
    unittest.main()
