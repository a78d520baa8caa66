"""Issue 20 through real HTTP: moment outcomes set later by an event, the
outcome rate per group and per NPS band of the linked response on a known
data set, and an event for an unknown interaction refused with 422 naming
it."""
import unittest

from harness import ServerTestCase


class SlicingTest(ServerTestCase):
    orgs = ("acme", "globex", "slice", "segs")

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


if __name__ == "__main__":
    unittest.main()
