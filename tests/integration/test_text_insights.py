"""Issue 7, Deliver 5: comment analysis through the API (GET /api/v1/insights/comments):
sentiment and theme trends per touchpoint, team and period, and the themes that separate
detractors from promoters, on a small data set whose answer is known."""
import unittest

from harness import ServerTestCase, response

WAIT = "Veel te lang moeten wachten aan de balie."
FRIENDLY = "Heel vriendelijk geholpen, top!"


class TextInsightsTest(ServerTestCase):
    orgs = ("acme", "globex", "initech")

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


    def test_organisation_vocabulary_and_a_model_learned_from_its_scores(self):
        # initech: detractors name the car park, promoters the coffee corner; neither is an
        # opinion word, so the lexicon alone reads them as neutral.
        batch = []
        for i in range(25):
            batch.append(response(300 + i, external_id=f"i-d{i}", answers={"nps": i % 7,
                                  "comment": "De parkeerplaats"}))
            batch.append(response(400 + i, external_id=f"i-p{i}", answers={"nps": 9 + i % 2,
                                  "comment": "De koffiehoek"}))
        r = self.server.request("POST", "/api/v1/responses", body={"responses": batch},
                                headers=self.key("initech", "ingest"))
        self.assertIn(r.status, (200, 201), r.body)
        admin = self.key("initech", "admin")
        before = self.get("", org="initech").json()
        self.assertEqual(before["comments"], 50)
        self.assertEqual(before["sentiment"]["neutral"], 50)

        # The organisation's own theme.
        vocabulary = {"themes": [{"key": "parking", "label": {"nl": "Parkeren", "en": "Parking"},
                                  "terms": {"nl": ["parkeerplaats"], "en": ["car park"]}}]}
        r = self.server.request("PUT", "/api/v1/text/vocabulary", body=vocabulary, headers=admin)
        self.assertEqual(r.status, 200, r.body)
        themes = {t["theme"]: t for t in self.get("", org="initech").json()["themes"]}
        self.assertEqual(themes["parking"]["mentions"], 25)
        bad = {"themes": [{"key": "ok", "terms": {"nl": ["a", 3]}}]}
        self.assertProblem(self.server.request("PUT", "/api/v1/text/vocabulary", body=bad,
                                               headers=admin), 400, "/themes/0/terms/nl/1")
        self.assertEqual(self.server.request("PUT", "/api/v1/text/vocabulary", body=vocabulary,
                                             headers=self.key("initech", "read")).status, 403)

        # A model learned from initech's own scores reads the topics.
        self.assertProblem(self.server.request("POST", "/api/v1/text/model",
                                               body={"language": "en"}, headers=admin), 422, "/language")
        self.assertProblem(self.server.request("POST", "/api/v1/text/model",
                                               body={"language": "fr"}, headers=admin), 400, "/language")
        r = self.server.request("POST", "/api/v1/text/model", body={"language": "nl"}, headers=admin)
        self.assertEqual(r.status, 201, r.body)
        self.assertEqual((r.json()["model"]["positive"], r.json()["model"]["negative"]), (25, 25))
        after = self.get("", org="initech").json()
        self.assertEqual(after["sentiment"]["negative"], 25)
        self.assertEqual(after["sentiment"]["positive"], 25)
        self.assertIn("parking", after["separating"]["detractors"])
        settings = self.server.request("GET", "/api/v1/text/settings",
                                       headers=self.key("initech", "read")).json()
        self.assertEqual(settings["model"]["language"], "nl")
        self.assertEqual(settings["vocabulary"], vocabulary)

        # acme is untouched by initech's settings.
        acme = self.server.request("GET", "/api/v1/text/settings", headers=self.key("acme", "read"))
        self.assertEqual(acme.json()["vocabulary"], None)
        self.assertEqual(acme.json()["model"], None)

        # Removing the model brings the lexicon's reading back.
        r = self.server.request("DELETE", "/api/v1/text/model", headers=admin)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.get("", org="initech").json()["sentiment"]["neutral"], 50)


if __name__ == "__main__":
    unittest.main()
