"""Issue 7, Deliver 5: comment analysis through the API (GET /api/v1/insights/comments):
sentiment and theme trends per touchpoint, team and period, and the themes that separate
detractors from promoters, on a small data set whose answer is known."""
import unittest

from harness import ServerTestCase, response

WAIT = "Veel te lang moeten wachten aan de balie."
FRIENDLY = "Heel vriendelijk geholpen, top!"


class TextInsightsTest(ServerTestCase):
    orgs = ("acme", "globex")

    def get(self, query, org="acme"):
        return self.server.request("GET", "/api/v1/insights/comments?" + query,
                                   headers=self.key(org, "ingest,read"))

    def seed(self):
        """20 detractors at the counter in March complaining about the wait (team verhuur);
        20 promoters on the phone in April praising friendliness (team service)."""
        if getattr(TextInsightsTest, "_seeded", False):
            return
        batch = []
        for i in range(20):
            batch.append(response(i, external_id=f"d{i}", touchpoint="balie", team="verhuur",
                                  submitted_at="2025-03-05T10:00:00Z",
                                  answers={"nps": i % 7, "comment": WAIT}))
            batch.append(response(100 + i, external_id=f"p{i}", touchpoint="telefoon", team="service",
                                  submitted_at="2025-04-07T10:00:00Z",
                                  answers={"nps": 9 + i % 2, "comment": FRIENDLY}))
        r = self.server.request("POST", "/api/v1/responses", body={"responses": batch},
                                headers=self.key("acme", "ingest,read"))
        self.assertIn(r.status, (200, 201), r.body)
        TextInsightsTest._seeded = True

    def test_themes_sentiment_and_separators(self):
        self.seed()
        r = self.get("")
        self.assertEqual(r.status, 200, r.body)
        doc = r.json()
        self.assertEqual(doc["comments"], 40)
        self.assertFalse(doc["truncated"])
        self.assertEqual((doc["detractor_comments"], doc["promoter_comments"]), (20, 20))
        themes = {t["theme"]: t for t in doc["themes"]}
        wait = themes["waiting_time"]
        self.assertEqual(wait["mentions"], 20)
        self.assertEqual(wait["negative"], 20)
        self.assertEqual(wait["detractor_share"], 1.0)
        self.assertEqual(wait["promoter_share"], 0.0)
        self.assertGreater(wait["difference_ci"][0], 0)
        self.assertEqual(themes["friendliness"]["mentions"], 20)
        self.assertGreater(themes["friendliness"]["sentiment"], 0)
        self.assertEqual(doc["separating"]["detractors"][0], "waiting_time")
        self.assertEqual(doc["separating"]["promoters"][0], "friendliness")
        s = doc["sentiment"]
        self.assertEqual(s["positive"] + s["negative"] + s["neutral"], 40)
        self.assertEqual(s["negative"], 20)

    def test_groups_by_touchpoint_team_and_month(self):
        self.seed()
        by_tp = {g["group"]: g for g in self.get("group_by=touchpoint").json()["groups"]}
        self.assertEqual(set(by_tp), {"balie", "telefoon"})
        self.assertEqual(by_tp["balie"]["comments"], 20)
        self.assertLess(by_tp["balie"]["sentiment"], 0)
        self.assertGreater(by_tp["telefoon"]["sentiment"], 0)
        self.assertEqual(by_tp["balie"]["themes"][0]["theme"], "waiting_time")
        by_team = {g["group"]: g for g in self.get("group_by=team").json()["groups"]}
        self.assertEqual(by_team["service"]["comments"], 20)
        months = self.get("group_by=month").json()["groups"]
        self.assertEqual([g["group"] for g in months], ["2025-03", "2025-04"])
        # Filters: one touchpoint, a period.
        self.assertEqual(self.get("touchpoint=balie").json()["comments"], 20)
        self.assertEqual(self.get("from=2025-04-01&to=2025-05-01").json()["comments"], 20)
        self.assertEqual(self.get("touchpoint=nope").json()["comments"], 0)
        r = self.get("group_by=month&limit=5").json()
        self.assertEqual(r["comments"], 5)
        self.assertTrue(r["truncated"])

    def test_other_organisation_sees_none_and_bad_input_is_named(self):
        self.seed()
        self.assertEqual(self.get("", org="globex").json()["comments"], 0)
        self.assertProblem(self.get("group_by=colour"), 400, "/query/group_by")
        self.assertProblem(self.get("from=gisteren"), 400, "/query/from")
        self.assertProblem(self.get("limit=0"), 400, "/query/limit")
        r = self.server.request("GET", "/api/v1/insights/comments")
        self.assertEqual(r.status, 401)

    def test_a_manager_sees_the_comments_of_their_team_only(self):
        self.seed()
        cookie, _ = self.login("mgr@acme.example")
        r = self.server.request("GET", "/api/v1/insights/comments", headers=cookie)
        self.assertEqual(r.status, 200, r.body)
        doc = r.json()
        self.assertEqual(doc["comments"], 20)
        self.assertEqual(doc["promoter_comments"], 0)


if __name__ == "__main__":
    unittest.main()
