"""Issue 12: one scope for every door.

Over every role and scope kind (admin, consultant, manager by locations,
manager by teams, employee), the dashboard's headline figures equal the API's
for the same caller, and both equal what the caller's scope allows, computed
here from the responses the test itself sent. Before the scope type was one,
a manager scoped to a location saw her cases on the dashboard but no NPS
there, while the API gave her the numbers."""
import html
import os
import re
import time
import unittest

from harness import ServerTestCase, run_cli

# Teams belong to locations; employees to teams.
TEAMS = {"balie": "amersfoort", "verhuur": "amersfoort", "werkplaats": "utrecht"}
EMPLOYEES = {"e1": "balie", "e2": "balie", "e3": "verhuur", "e4": "verhuur", "e5": "werkplaats",
             "e6": "werkplaats"}


def nps(scores):
    if not scores:
        return None
    p = sum(1 for s in scores if s >= 9)
    d = sum(1 for s in scores if s <= 6)
    return 100.0 * (p - d) / len(scores)


def page_number(text):
    """'+42', '−7', '-7', '3.611' (Dutch) -> int."""
    t = text.strip().replace("\u2212", "-").replace(".", "").replace("\u00a0", "")
    m = re.search(r"[-+]?\d+", t)
    return int(m.group(0)) if m else None


def hero(body):
    """The NPS and its n from a page's headline card."""
    m = re.search(r'class="card hero"><div class="label">NPS</div><div class="value">(.*?)</div>'
                  r'<div class="sub">(.*?)</div>', body, re.S)
    if not m:
        return None, None
    value = page_number(re.sub(r"<[^>]+>", "", m.group(1)))
    n = re.search(r"n = ([\d.]+)", html.unescape(re.sub(r"<[^>]+>", "", m.group(2))))
    return value, (int(n.group(1).replace(".", "")) if n else None)


class ScopeEqualityTest(ServerTestCase):
    orgs = ("acme",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = dict(os.environ, BELEVING_PASSWORD=cls.password)
        run_cli("user", "add", "--org", "acme", "--email", "cons@acme.example", "--name", "Cor",
                "--role", "consultant", data=cls.data, env=env)
        run_cli("user", "add", "--org", "acme", "--email", "loc@acme.example", "--name", "Lot",
                "--role", "manager", "--location", "utrecht", data=cls.data, env=env)
        run_cli("user", "add", "--org", "acme", "--email", "e1@acme.example", "--name", "Eef",
                "--role", "employee", "--employee", "e1", data=cls.data, env=env)
        # Responses of the last days, spread over every team and employee.
        now = time.time()
        cls.sent = []
        for i in range(240):
            emp = f"e{1 + (i * 7) % 6}"
            team = EMPLOYEES[emp]
            score = (i * 5 + (3 if team == "werkplaats" else 0)) % 11
            at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 3600 * (1 + i % 400)))
            cls.sent.append({"external_id": f"s{i}", "submitted_at": at, "customer": f"c{i % 50}",
                             "touchpoint": "balie", "channel": "face_to_face",
                             "location": TEAMS[team], "team": team, "employee": emp,
                             "answers": {"nps": score}})
        for start in range(0, len(cls.sent), 100):
            r = cls.server.request("POST", "/api/v1/responses",
                                   body={"responses": cls.sent[start:start + 100]},
                                   headers={"Authorization": "Bearer " + cls.keys[("acme",
                                                                                   "ingest")]})
            assert r.status in (200, 201, 207), r.body

    def expected(self, allow):
        return [r["answers"]["nps"] for r in self.sent if allow(r)]

    def check_caller(self, email, allow, page, teams_seen):
        cookie, _ = self.login(email)
        scores = self.expected(allow)
        want = nps(scores)
        r = self.server.request("GET", "/api/v1/metrics?measure=nps", headers=cookie)
        self.assertEqual(r.status, 200, r.body)
        row = r.json()["rows"][0]
        self.assertEqual(row["nps_answers"], len(scores), email)
        self.assertAlmostEqual(row["nps"], want, places=6, msg=email)
        # The dashboard draws the same figures for the same caller.
        p = self.server.request("GET", page, headers=cookie)
        if p.status in (302, 303):
            p = self.server.request("GET", p.header("Location"), headers=cookie)
        self.assertEqual(p.status, 200, f"{email} {page}")
        value, n = hero(p.body.decode())
        self.assertEqual(value, round(want), f"{email} {page}: page NPS")
        if n is not None:
            self.assertEqual(n, len(scores), f"{email} {page}: page n")
        # Exactly the teams the scope allows, through the API.
        r = self.server.request("GET", "/api/v1/metrics?measure=nps&group_by=team", headers=cookie)
        self.assertEqual(r.status, 200, r.body)
        keys = {row["group"]["team"]["key"] if isinstance(row["group"].get("team"), dict)
                else row["group"].get("team") for row in r.json()["rows"]}
        self.assertEqual(keys, teams_seen, email)
        return cookie

    def test_admin(self):
        self.check_caller("admin@acme.example", lambda r: True, "/overview", set(TEAMS))

    def test_consultant(self):
        self.check_caller("cons@acme.example", lambda r: True, "/overview", set(TEAMS))

    def test_manager_by_teams(self):
        cookie = self.check_caller("mgr@acme.example", lambda r: r["team"] == "verhuur",
                                   "/overview", {"verhuur"})
        # The page of a team outside her scope is closed to her, her own open.
        admin, _ = self.login("admin@acme.example")
        teams = self.server.request("GET", "/api/v1/teams", headers=admin).json()
        ids = {t["key"]: t["id"] for t in (teams.get("teams") or teams.get("items"))}
        own = self.server.request("GET", f"/teams/{ids['verhuur']}", headers=cookie)
        self.assertEqual(own.status, 200)
        other = self.server.request("GET", f"/teams/{ids['werkplaats']}", headers=cookie)
        self.assertIn(other.status, (403, 404))

    def test_manager_by_locations(self):
        self.check_caller("loc@acme.example", lambda r: r["location"] == "utrecht", "/overview",
                          {"werkplaats"})

    def test_employee(self):
        self.check_caller("e1@acme.example", lambda r: r["employee"] == "e1", "/me", {"balie"})


if __name__ == "__main__":
    unittest.main()
