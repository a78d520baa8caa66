"""Issue 16, part B: the promise board, the kept-rate report and the demo's
charter, through the real binary.

- The board (/promises): due today, overdue in the grace period (with the
  date it becomes broken), broken this week, and later; filtered by team,
  location (the promise's interaction's) and type (a standard's key or
  manual) through GET parameters, each kept in the links that drop one.
- The report: GET /api/v1/reports/promises?group_by=team|location|employee|
  type with hand-computed kept rates and their Wilson 95% intervals, a
  renegotiated promise counted by its final state, the 13-month trend; the
  page /promises/report.
- The demo: every organisation has a published charter with kept rates
  between 0 and 1, and no promise older than 30 days is left open."""
import datetime
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
from zoneinfo import ZoneInfo

from harness import BIN, Server, ServerTestCase, run_cli

AMS = ZoneInfo("Europe/Amsterdam")


def rfc(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def wilson(k, n):
    """The Wilson score 95% interval of k in n, by hand."""
    z = 1.959963984540054
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def section(body, sid):
    m = re.search(r'id="' + sid + r'".*?</section>', body, re.S)
    assert m, sid
    return m.group(0)


def wait_for(pred, timeout=30.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.2)
    return pred()


class PromiseBoardTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)

    def admin_cookie(self, org="acme"):
        headers, _ = self.login("admin@acme.example", org)
        return headers["Cookie"]

    def page(self, path, org="acme"):
        r = self.server.request("GET", path, headers={"Cookie": self.admin_cookie(org) + "; lang=en"})
        self.assertEqual(r.status, 200, r.body[:500])
        return r.body.decode()

    def interactions(self, org, rows):
        r = self.server.request("POST", "/api/v1/interactions", headers=self.key(org, "ingest"), body={
            "interactions": [dict(external_id=ext, occurred_at=rfc(self.now - datetime.timedelta(hours=3)),
                                  customer=cust, touchpoint="kassa", location=loc, team=team, employee=emp)
                             for ext, cust, loc, team, emp in rows]})
        self.assertIn(r.status, (200, 201), r.body)
        r = self.server.request("GET", "/api/v1/interactions?limit=1000", headers=self.key(org, "read"))
        self.assertEqual(r.status, 200, r.body)
        ids = {i["external_id"]: i["id"] for i in r.json()["interactions"]}
        return [ids[ext] for ext, _, _, _, _ in rows]

    def promise(self, org, **body):
        r = self.server.request("POST", "/api/v1/promises", headers=self.key(org, "ingest,read"), body=body)
        self.assertEqual(r.status, 201, r.body)
        return r.json()["id"]

    def test_1_board_columns_and_filters(self):
        now, h, d = self.now, datetime.timedelta(hours=1), datetime.timedelta(days=1)
        i_zwolle, i_kampen = self.interactions("acme", [
            ("b-1", "c1", "zwolle", "kassa", "e1"), ("b-2", "c2", "kampen", "bezorging", "e2")])
        r = self.server.request("POST", "/api/v1/promises/standards", headers=self.key("acme", "admin"), body={
            "key": "bezorgd", "touchpoint": "bestelling-online", "text": "Bezorgd in het tijdvak",
            "due_after_hours": 24, "business_hours": False})
        # The touchpoint must exist: name it once through ingest, then retry.
        if r.status != 201:
            self.server.request("POST", "/api/v1/interactions", headers=self.key("acme", "ingest"), body={
                "interactions": [{"external_id": "b-tp", "occurred_at": rfc(now - 20 * d),
                                  "touchpoint": "bestelling-online"}]})
            r = self.server.request("POST", "/api/v1/promises/standards", headers=self.key("acme", "admin"), body={
                "key": "bezorgd", "touchpoint": "bestelling-online", "text": "Bezorgd in het tijdvak",
                "due_after_hours": 24, "business_hours": False})
        self.assertEqual(r.status, 201, r.body)
        local = now.astimezone(AMS)
        midnight = datetime.datetime(local.year, local.month, local.day, tzinfo=AMS) + d
        today_due = now + (midnight - now) / 2
        self.promise("acme", text="Vandaag: offerte sturen", due_at=rfc(today_due), made_at=rfc(now - h),
                     team="kassa", employee="e1", interaction_id=i_zwolle)
        self.promise("acme", text="Over tijd: bezorging", type="bezorgd", made_at=rfc(now - 2 * d),
                     due_at=rfc(now - h), grace_seconds=86400, team="bezorging", employee="e2",
                     interaction_id=i_kampen)
        gone = self.promise("acme", text="Gebroken: bezorging", type="bezorgd", made_at=rfc(now - 3 * h),
                            due_at=rfc(now - 2 * h), grace_seconds=0, team="kassa", employee="e1",
                            interaction_id=i_zwolle)
        self.promise("acme", text="Later: terugbellen", due_at=rfc(now + 3 * d), team="bezorging",
                     employee="e2", interaction_id=i_kampen)
        self.assertTrue(wait_for(lambda: self.server.request(
            "GET", f"/api/v1/promises/{gone}", headers=self.key()).json()["status"] == "broken"))

        body = self.page("/promises")
        self.assertIn("Vandaag: offerte sturen", section(body, "due-today"))
        overdue = section(body, "overdue")
        self.assertIn("Over tijd: bezorging", overdue)
        self.assertIn("broken from", overdue)
        self.assertIn("Gebroken: bezorging", section(body, "broken-week"))
        self.assertIn("Later: terugbellen", section(body, "later"))
        self.assertIn('href="/promises/report"', body)

        def shown(path):
            b = self.page(path)
            return {t for t in ("Vandaag: offerte sturen", "Over tijd: bezorging", "Gebroken: bezorging",
                                "Later: terugbellen") if t in b}, b

        got, b = shown("/promises?team=kassa")
        self.assertEqual(got, {"Vandaag: offerte sturen", "Gebroken: bezorging"})
        self.assertIn('<option value="kassa" selected>', b)
        got, b = shown("/promises?location=kampen")
        self.assertEqual(got, {"Over tijd: bezorging", "Later: terugbellen"})
        got, _ = shown("/promises?type=manual")
        self.assertEqual(got, {"Vandaag: offerte sturen", "Later: terugbellen"})
        got, b = shown("/promises?type=bezorgd&location=zwolle")
        self.assertEqual(got, {"Gebroken: bezorging"})
        # Each filter's link drops it and keeps the other.
        self.assertIn('href="/promises?type=bezorgd"', b)
        self.assertIn('href="/promises?location=zwolle"', b)
        # A key the organisation does not have names nothing: dropped.
        got, _ = shown("/promises?team=nobody")
        self.assertEqual(len(got), 4)
        # A manager of another team sees none of them (the scope is the store's).
        headers, _ = self.login("mgr@acme.example")
        r = self.server.request("GET", "/promises?type=manual", headers=headers)
        self.assertEqual(r.status, 200)
        self.assertFalse(any(t in r.body.decode() for t in ("Vandaag: offerte sturen", "Later: terugbellen")))

    def test_2_kept_rate_by_team_location_employee_and_type(self):
        now, h, d = self.now, datetime.timedelta(hours=1), datetime.timedelta(days=1)
        i_a, i_b = self.interactions("globex", [
            ("g-1", "g1", "noord", "t-noord", "ea"), ("g-2", "g2", "zuid", "t-zuid", "eb")])
        # (team, employee, interaction, type, outcome)
        plan = ([("t-noord", "ea", i_a, "manual", "kept")] * 3 + [("t-noord", "ea", i_a, "manual", "broken")] +
                [("t-noord", "ea", i_a, "x", "open")] + [("t-zuid", "eb", i_b, "x", "kept")] +
                [("t-zuid", "eb", i_b, "x", "renegotiated-broken")] + [("t-zuid", "eb", i_b, "x", "renegotiated-kept")])
        for team, emp, inter, type_, outcome in plan:
            pid = self.promise("globex", text="Belofte", type=type_, made_at=rfc(now - h), due_at=rfc(now + d),
                               team=team, employee=emp, interaction_id=inter)
            if outcome.startswith("renegotiated"):
                r = self.server.request("POST", f"/api/v1/promises/{pid}/renegotiate",
                                        headers=self.key("globex", "ingest,read"),
                                        body={"due_at": rfc(now + 2 * d), "note": "klant akkoord"})
                self.assertEqual(r.status, 200, r.body)
            final = outcome.split("-")[-1]
            if final in ("kept", "broken"):
                r = self.server.request("POST", f"/api/v1/promises/{pid}/{final}",
                                        headers=self.key("globex", "ingest,read"))
                self.assertEqual(r.status, 200, r.body)

        def report(group_by):
            r = self.server.request("GET", f"/api/v1/reports/promises?group_by={group_by}",
                                    headers=self.key("globex", "read"))
            self.assertEqual(r.status, 200, r.body)
            j = r.json()
            self.assertEqual(j["group_by"], group_by)
            return j, {g["key"]: g for g in j["groups"]}

        # noord: 3 kept, 1 broken, 1 open; zuid: 2 kept (one after a new date), 1 broken (after one).
        want = {"t-noord": (5, 3, 1, 1), "t-zuid": (3, 2, 1, 0)}
        j, teams = report("team")
        for key, (made, kept, broken, open_) in want.items():
            g = teams[key]
            self.assertEqual((g["made"], g["kept"], g["broken"], g["open"]), (made, kept, broken, open_), key)
            self.assertAlmostEqual(g["kept_rate"], kept / (kept + broken), places=9)
            low, high = wilson(kept, kept + broken)
            self.assertAlmostEqual(g["kept_rate_low"], low, places=9)
            self.assertAlmostEqual(g["kept_rate_high"], high, places=9)
            self.assertEqual(len(g["trend"]), 13)
            self.assertTrue(g["trend"][-1]["partial"])
            self.assertFalse(any(m["partial"] for m in g["trend"][:-1]))
            self.assertEqual(sum(m["made"] for m in g["trend"]), made)
        total = j["trend_total"]
        self.assertEqual((total["made"], total["kept"], total["broken"]), (8, 5, 2))
        self.assertAlmostEqual(total["kept_rate"], 5 / 7, places=9)
        self.assertIn("by_team", j)  # the report's earlier fields stay
        _, locs = report("location")
        self.assertEqual((locs["noord"]["kept"], locs["noord"]["broken"]), (3, 1))
        self.assertEqual((locs["zuid"]["kept"], locs["zuid"]["broken"]), (2, 1))
        _, emps = report("employee")
        self.assertAlmostEqual(emps["ea"]["kept_rate"], 0.75, places=9)
        self.assertAlmostEqual(emps["eb"]["kept_rate"], 2 / 3, places=9)
        _, types = report("type")
        self.assertEqual((types["manual"]["made"], types["manual"]["kept_rate"]), (4, 0.75))
        self.assertEqual((types["x"]["made"], types["x"]["kept"], types["x"]["broken"], types["x"]["open"]),
                         (4, 2, 1, 1))
        r = self.server.request("GET", "/api/v1/reports/promises?group_by=shoe", headers=self.key("globex", "read"))
        self.assertEqual(r.status, 400, r.body)

        # The page: the groupings, the interval and the partial month.
        body = self.page("/promises/report")
        for sid in ("by-team", "by-location", "by-employee", "by-type", "trend", "under-promise"):
            section(body, sid)
        self.assertIn("running month", body)


class DemoCharterTest(unittest.TestCase):
    """The demo: a published charter per organisation, kept rates in 0..1, and
    nothing older than 30 days left open."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="beleving-demo-charter-")
        cls.data = os.path.join(cls.tmp, "data")
        start = time.time()
        subprocess.run([BIN, "demo", "--data", cls.data, "--no-serve"], check=True,
                       capture_output=True, text=True)
        cls.took = time.time() - start
        cls.keys = {}
        for slug in ("autohuis-van-dijk", "fysio-oost", "supermarkt-de-linde"):
            out = run_cli("apikey", "create", "--org", slug, "--scopes", "read", data=cls.data)
            cls.keys[slug] = out.stdout.strip().splitlines()[-1]
        cls.server = Server(cls.data)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop(check_statuses=False)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def get(self, slug, path):
        r = self.server.request("GET", path, headers={"Authorization": "Bearer " + self.keys[slug]})
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def test_charters_published_kept_rates_and_nothing_old_left_open(self):
        print(f"\ndemo built in {self.took:.1f} s")
        cutoff = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=30)
        for slug in self.keys:
            charter = self.get(slug, "/api/v1/charter")
            self.assertTrue(charter["published"], slug)
            self.assertTrue(charter["items"], slug)
            for item in charter["items"]:
                self.assertIsNotNone(item["kept_rate"], (slug, item))
                self.assertGreaterEqual(item["kept_rate"], 0, (slug, item))
                self.assertLessEqual(item["kept_rate"], 1, (slug, item))
                self.assertGreater(item["made"], 0, (slug, item))
            r = self.server.request("GET", f"/charter/{slug}")
            self.assertEqual(r.status, 200)
            report = self.get(slug, "/api/v1/reports/promises?group_by=type")
            total = report["trend_total"]
            self.assertGreater(total["made"], 100, slug)
            # Mostly kept, a few broken over the year.
            self.assertGreater(total["broken"], 0, slug)
            self.assertGreater(total["kept_rate"], 0.8, slug)
            self.assertLess(total["kept_rate"], 1, slug)
            self.assertTrue(any(g["kept"] > 0 for g in report["groups"]))
            for status in ("open", "renegotiated"):
                page = self.get(slug, f"/api/v1/promises?status={status}&limit=1000")
                for p in page["promises"]:
                    made = datetime.datetime.strptime(p["made_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
                        tzinfo=datetime.timezone.utc)
                    self.assertGreater(made, cutoff, (slug, p))
            kept = self.get(slug, "/api/v1/promises?status=kept&limit=1000")["promises"]
            self.assertTrue(kept)
            if slug != "supermarkt-de-linde":  # the till is kept by a person
                by_interaction = [p for p in kept if p.get("kept_evidence") == "interaction"]
                self.assertGreater(len(by_interaction), len(kept) / 2, slug)


if __name__ == "__main__":
    unittest.main()
