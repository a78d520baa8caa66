"""Issue 16: promises made and kept, through the real binary over loopback
HTTP. The Contract (kept_by on standard promises, kept automatically by a
later interaction; GET /charter/SLUG and `beleving charter publish`) and the
Must show: "terugbellen binnen 4 uur" kept by a phone call within four
business hours, broken after the grace period when none comes, the kept
rate and the charter page; overdue during the grace period; a renegotiated
promise keeps its history; compensation; the under-promise figures on a
known data set.

Time: interactions are back-dated to a working day of the last week (the
history rule lets moments up to 14 days old into the loop), so the
organisation's business hours decide the deadlines exactly, without
waiting for the wall clock."""
import datetime
import time
import unittest
from zoneinfo import ZoneInfo

from harness import ServerTestCase, run_cli

AMS = ZoneInfo("Europe/Amsterdam")
DAY = 86400


def rfc(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def working_day():
    """09:00 in Amsterdam on a Tuesday, Wednesday or Thursday 2..9 days ago."""
    today = datetime.datetime.now(AMS).date()
    for k in range(2, 10):
        d = today - datetime.timedelta(days=k)
        if d.isoweekday() in (2, 3, 4):
            return datetime.datetime(d.year, d.month, d.day, 9, 0, tzinfo=AMS)
    raise AssertionError("unreachable")


def wait_for(pred, timeout=30.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.2)
    return pred()


def nps_interval95(p, n_, d):
    """engine/measures.h NpsInterval95, for the expected figures."""
    n = p + n_ + d
    pp, dd = (p + 1) / (n + 3), (d + 1) / (n + 3)
    centre = 100 * (pp - dd)
    half = 1.959963984540054 * (100 ** 2 * (pp + dd - (pp - dd) ** 2) / (n + 3)) ** 0.5
    low, high = centre - half, centre + half
    if n:
        obs = 100 * (p - d) / n
        low, high = min(low, obs), max(high, obs)
    return max(low, -100), min(high, 100)


class PromisesTest(ServerTestCase):
    def admin(self):
        return self.key("acme", "admin")

    def promises(self, org="acme"):
        r = self.server.request("GET", "/api/v1/promises?limit=1000", headers=self.key(org, "read"))
        self.assertEqual(r.status, 200, r.body)
        return r.json()["promises"]

    def customers(self, *keys):
        """The customers exist once an interaction names them."""
        now = datetime.datetime.now(datetime.timezone.utc)
        r = self.server.request("POST", "/api/v1/interactions", headers=self.key("acme", "ingest"), body={
            "interactions": [{"external_id": f"hello-{k}", "occurred_at": rfc(now), "customer": k}
                             for k in keys]})
        self.assertIn(r.status, (200, 201), r.body)

    def by_customer(self, customer, type_=None):
        return [p for p in self.promises() if p["customer"] == customer and
                (type_ is None or p["type"] == type_)]

    def test_1_callback_kept_by_phone_or_broken_after_grace_and_the_charter(self):
        r = self.server.request("POST", "/api/v1/promises/standards", headers=self.admin(),
                                body={"key": "terugbellen", "touchpoint": "balie", "text": "terugbellen binnen 4 uur",
                                      "kept_by": {"channel": "phone", "touchpoint": "telefoon"},
                                      "due_after_hours": 4})
        self.assertProblem(r, 400)
        r = self.server.request("POST", "/api/v1/promises/standards", headers=self.admin(),
                                body={"key": "terugbellen", "touchpoint": "balie", "text": "terugbellen binnen 4 uur",
                                      "kept_by": {"channel": "pigeon"}, "due_after_hours": 4})
        self.assertProblem(r, 400)
        r = self.server.request("POST", "/api/v1/promises/standards", headers=self.admin(),
                                body={"key": "terugbellen", "touchpoint": "balie", "text": "terugbellen binnen 4 uur",
                                      "kept_by": {"channel": "phone"}, "due_after_hours": 4,
                                      "grace_seconds": 1800, "compensation": "een bos bloemen"})
        self.assertEqual(r.status, 201, r.body)
        self.assertEqual(r.json()["kept_by"], {"channel": "phone"})
        self.assertEqual(r.json()["grace_seconds"], 1800)

        # The charter is not public yet.
        r = self.server.request("GET", "/charter/acme")
        self.assertEqual(r.status, 404)
        self.assertIn("text/html", r.header("Content-Type"))

        day = working_day()
        r = self.server.request("POST", "/api/v1/interactions", headers=self.key("acme", "ingest"), body={
            "interactions": [
                {"external_id": "visit-anne", "occurred_at": rfc(day), "customer": "anne",
                 "touchpoint": "balie", "team": "verhuur", "employee": "e17"},
                {"external_id": "visit-bert", "occurred_at": rfc(day), "customer": "bert",
                 "touchpoint": "balie", "team": "verhuur", "employee": "e17"},
                # Anne is called back two hours later; Bert gets an e-mail only.
                {"external_id": "call-anne", "occurred_at": rfc(day + datetime.timedelta(hours=2)),
                 "customer": "anne", "touchpoint": "telefoon", "channel": "phone"},
                {"external_id": "mail-bert", "occurred_at": rfc(day + datetime.timedelta(hours=2)),
                 "customer": "bert", "touchpoint": "mail", "channel": "email"}]})
        self.assertIn(r.status, (200, 201), r.body)

        anne = wait_for(lambda: [p for p in self.by_customer("anne", "terugbellen") if p["status"] == "kept"])
        self.assertEqual(len(anne), 1, self.promises())
        anne = anne[0]
        self.assertEqual(anne["text"], "terugbellen binnen 4 uur")
        self.assertEqual(parse(anne["due_at"]), day + datetime.timedelta(hours=4))
        self.assertEqual(parse(anne["settled_at"]), day + datetime.timedelta(hours=2))
        self.assertEqual(anne["kept_evidence"], "interaction")
        self.assertIsNotNone(anne["kept_interaction_id"])
        self.assertEqual(anne["state"], "kept")

        bert = wait_for(lambda: [p for p in self.by_customer("bert", "terugbellen") if p["status"] == "broken"])
        self.assertEqual(len(bert), 1, self.promises())
        bert = bert[0]
        self.assertIsNotNone(bert["broken_case_id"])
        self.assertIsNone(bert["kept_evidence"])
        r = self.server.request("GET", f"/api/v1/cases/{bert['broken_case_id']}", headers=self.key("acme", "read"))
        self.assertEqual(r.json()["type"], "broken_promise")

        # Compensation: only for a broken promise.
        r = self.server.request("POST", f"/api/v1/promises/{anne['id']}/compensate", headers=self.key(),
                                body={"compensation": "bloemen"})
        self.assertProblem(r, 409)
        r = self.server.request("POST", f"/api/v1/promises/{bert['id']}/compensate", headers=self.key(),
                                body={"compensation": "een bos bloemen"})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["compensation"], "een bos bloemen")
        self.assertIsNotNone(r.json()["compensated_at"])

        # The kept rate: one of two.
        r = self.server.request("GET", "/api/v1/reports/promises", headers=self.key("acme", "read"))
        row = [t for t in r.json()["by_type"] if t["key"] == "terugbellen"][0]
        self.assertEqual((row["kept"], row["broken"]), (1, 1))
        self.assertAlmostEqual(row["kept_rate"], 0.5)
        r = self.server.request("GET", "/api/v1/charter", headers=self.key("acme", "read"))
        self.assertEqual(r.status, 200, r.body)
        item = [i for i in r.json()["items"] if i["standard"]["key"] == "terugbellen"][0]
        self.assertEqual((item["made"], item["kept"], item["broken"]), (2, 1, 1))
        self.assertFalse(r.json()["published"])

        # Published by the CLI: the page in Dutch and in English.
        out = run_cli("charter", "publish", "--org", "acme", data=self.data)
        self.assertIn('"charter_public":true', out.stdout)
        r = self.server.request("GET", "/charter/acme", headers={"Accept-Language": "nl-NL,nl;q=0.9"})
        self.assertEqual(r.status, 200, r.body)
        page = r.body.decode()
        self.assertIn("terugbellen binnen 4 uur", page)
        self.assertIn("50% nagekomen", page)
        self.assertIn("2 keer beloofd", page)
        self.assertIn('lang="nl"', page)
        self.assertNotIn("<script", page)
        r = self.server.request("GET", "/charter/acme?lang=en")
        self.assertIn("50% kept", r.body.decode())
        self.assertIn('lang="en"', r.body.decode())
        r = self.server.request("GET", "/charter/acme", headers={"Accept-Language": "en-GB,en;q=0.8"})
        self.assertIn("50% kept", r.body.decode())
        self.assertEqual(self.server.request("GET", "/charter/globex").status, 404)
        self.assertEqual(self.server.request("GET", "/charter/nobody").status, 404)
        # Unpublished by an admin through the API.
        r = self.server.request("PUT", "/api/v1/charter/published", headers=self.admin(),
                                body={"published": False})
        self.assertEqual(r.status, 200, r.body)
        self.assertFalse(r.json()["published"])
        r = self.server.request("PUT", "/api/v1/charter/published", headers=self.key("acme", "read"),
                                body={"published": True})
        self.assertProblem(r, 403)
        self.assertEqual(self.server.request("GET", "/charter/acme").status, 404)
        run_cli("charter", "publish", "--org", "acme", data=self.data)
        self.assertEqual(self.server.request("GET", "/charter/acme").status, 200)
        run_cli("charter", "unpublish", "--org", "acme", data=self.data)
        self.assertEqual(self.server.request("GET", "/charter/acme").status, 404)

    def test_2_overdue_in_grace_renegotiated_keeps_history_kept_by_api(self):
        self.customers("carla", "dirk")
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        # Past due a minute ago, a day's grace: overdue, not broken.
        r = self.server.request("POST", "/api/v1/promises", headers=self.key(), body={
            "text": "Offerte sturen", "made_at": rfc(now - datetime.timedelta(hours=2)),
            "due_at": rfc(now - datetime.timedelta(minutes=1)), "customer": "carla", "grace_seconds": DAY})
        self.assertEqual(r.status, 201, r.body)
        late = r.json()
        self.assertEqual((late["status"], late["state"]), ("open", "overdue"))
        # No grace: the tick breaks it (and so has passed the late one too).
        r = self.server.request("POST", "/api/v1/promises", headers=self.key(), body={
            "text": "Pas sturen", "made_at": rfc(now - datetime.timedelta(hours=2)),
            "due_at": rfc(now - datetime.timedelta(minutes=1)), "customer": "dirk", "grace_seconds": 0})
        gone = r.json()
        self.assertTrue(wait_for(lambda: self.server.request(
            "GET", f"/api/v1/promises/{gone['id']}", headers=self.key()).json()["status"] == "broken"))
        r = self.server.request("GET", f"/api/v1/promises/{late['id']}", headers=self.key())
        self.assertEqual((r.json()["status"], r.json()["state"]), ("open", "overdue"))

        # Renegotiated with the customer's agreement: the history keeps the old due time.
        new_due = now + datetime.timedelta(days=3)
        r = self.server.request("POST", f"/api/v1/promises/{late['id']}/renegotiate", headers=self.key(),
                                body={"due_at": rfc(new_due), "note": "Carla akkoord aan de telefoon"})
        self.assertEqual(r.status, 200, r.body)
        r = self.server.request("GET", f"/api/v1/promises/{late['id']}", headers=self.key())
        doc = r.json()
        self.assertEqual((doc["status"], doc["state"]), ("renegotiated", "renegotiated"))
        self.assertEqual(len(doc["history"]), 1)
        self.assertEqual(parse(doc["history"][0]["old_due_at"]), now - datetime.timedelta(minutes=1))
        self.assertEqual(doc["history"][0]["note"], "Carla akkoord aan de telefoon")

        # The organisation's own system says it is kept: evidence "api".
        r = self.server.request("POST", f"/api/v1/promises/{late['id']}/kept", headers=self.key())
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["kept_evidence"], "api")
        r = self.server.request("GET", f"/api/v1/promises/{late['id']}", headers=self.key())
        self.assertEqual(len(r.json()["history"]), 1)

    def test_3_under_promise_figures_on_a_known_data_set(self):
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        h = datetime.timedelta(hours=1)
        d = datetime.timedelta(days=1)
        # (customer, made, due, grace, next NPS); kept now by the API unless broken.
        plan = [("u-early-1", now - 10 * d, now + 5 * d, 0, 10),    # 5 days early
                ("u-early-2", now - 4 * d, now + 3 * d, 0, 9),      # 3 days early
                ("u-ontime", now - d, now + 600 * h / 3600, 0, 7),  # 10 minutes before: on time
                ("u-late", now - 2 * d, now - h, DAY, 3),           # an hour late, in the grace period
                ("u-broken", now - 2 * d, now - d, 0, 2)]           # broken by the tick
        self.customers(*[c for c, _, _, _, _ in plan])
        ids = {}
        for cust, made, due, grace, _ in plan:
            r = self.server.request("POST", "/api/v1/promises", headers=self.key(), body={
                "text": "Offerte binnen de week", "type": "offerte", "made_at": rfc(made), "due_at": rfc(due),
                "customer": cust, "grace_seconds": grace})
            self.assertEqual(r.status, 201, r.body)
            ids[cust] = r.json()["id"]
        self.assertTrue(wait_for(lambda: self.server.request(
            "GET", f"/api/v1/promises/{ids['u-broken']}", headers=self.key()).json()["status"] == "broken"))
        kept_at = {}
        for cust in ("u-early-1", "u-early-2", "u-ontime", "u-late"):
            r = self.server.request("POST", f"/api/v1/promises/{ids[cust]}/kept", headers=self.key())
            self.assertEqual(r.status, 200, r.body)
            kept_at[cust] = parse(r.json()["settled_at"])
        time.sleep(1.1)  # the next responses come after the promises were settled (whole seconds)
        after = datetime.datetime.now(datetime.timezone.utc)
        r = self.server.request("POST", "/api/v1/responses", headers=self.key("acme", "ingest"), body={
            "responses": [{"external_id": f"next-{c}", "submitted_at": rfc(after), "customer": c,
                           "answers": {"nps": nps}} for c, _, _, _, nps in plan]})
        self.assertIn(r.status, (200, 201), r.body)

        r = self.server.request("GET", "/api/v1/reports/promises/under-promise", headers=self.key("acme", "read"))
        self.assertEqual(r.status, 200, r.body)
        row = [t for t in r.json()["types"] if t["type"] == "offerte"][0]
        self.assertEqual(row["kept"], 4)
        early = sorted((due - kept_at[c]).total_seconds() for c, _, due, _, _ in plan if c in kept_at)
        self.assertAlmostEqual(row["mean_early_seconds"], sum(early) / 4, delta=1)
        self.assertAlmostEqual(row["median_early_seconds"], (early[1] + early[2]) / 2, delta=1)
        # Promised 15, 7, 1 day + 10 min, 2 days - 1 hour; roughly 4 days early on average.
        self.assertAlmostEqual(row["mean_early_seconds"], (5 * DAY + 3 * DAY + 600 - 3600) / 4, delta=30)
        self.assertAlmostEqual(row["mean_promised_seconds"],
                               (15 * DAY + 7 * DAY + DAY + 600 + 2 * DAY - 3600) / 4, delta=1)
        expect = {"nps_kept_early": (2, 0, 0), "nps_kept_on_time": (0, 1, 0), "nps_late": (0, 0, 1),
                  "nps_broken": (0, 0, 1)}
        for key, (p, n_, dd) in expect.items():
            g = row[key]
            self.assertEqual((g["promoters"], g["passives"], g["detractors"]), (p, n_, dd), key)
            self.assertEqual(g["responses"], p + n_ + dd)
            self.assertAlmostEqual(g["nps"], 100 * (p - dd) / (p + n_ + dd), places=6)
            low, high = nps_interval95(p, n_, dd)
            self.assertAlmostEqual(g["nps_ci_low"], low, places=6, msg=key)
            self.assertAlmostEqual(g["nps_ci_high"], high, places=6, msg=key)


if __name__ == "__main__":
    unittest.main()
