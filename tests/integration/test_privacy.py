"""Issue 8: privacy (AVG/GDPR). Export everything about one customer (API and
CLI), erase their personal data while scores stay for statistics, the
retention policy applied by the background job, and the audit log."""
import datetime
import json
import os
import sqlite3
import time
import unittest

from harness import ServerTestCase, run_cli

SECRET_BITS = ("Piet Jansen", "piet@example.nl", "+31612345678", "Kerkstraat", "boos")


class PrivacyTest(ServerTestCase):
    def admin(self, org="acme"):
        return self.key(org, "admin")

    def ingest(self, items):
        r = self.server.request("POST", "/api/v1/responses", body={"responses": items},
                                headers=self.key("acme", "ingest"))
        self.assertIn(r.status, (200, 201), r.body)

    def create_customer(self, key, **fields):
        r = self.server.request("POST", "/api/v1/customers", body={"key": key, **fields},
                                headers=self.admin())
        self.assertEqual(r.status, 201, r.body)
        return r.json()["id"]

    def test_export_erase_and_audit(self):
        cid = self.create_customer("priv1", name="Piet Jansen", email="piet@example.nl",
                                   phone="+31612345678")
        self.ingest([{"external_id": f"priv-{i}", "submitted_at": "2025-03-01T10:00:00Z",
                      "customer": "priv1", "team": "verhuur",
                      "answers": {"nps": 3 + i, "comment": "Piet was boos",
                                  "adres": "Kerkstraat 1"}} for i in range(3)]
                    + [{"external_id": "other-1", "submitted_at": "2025-03-01T10:00:00Z",
                        "customer": "someone-else", "answers": {"nps": 9}}])
        r = self.server.request("POST", "/api/v1/interactions", headers=self.key("acme", "ingest"),
                                body={"interactions": [{"external_id": "priv-int-1",
                                                        "occurred_at": "2025-03-01T09:00:00Z",
                                                        "customer": "priv1"}]})
        self.assertIn(r.status, (200, 201), r.body)

        # Export through the API: only admins of the same organisation.
        r = self.server.request("GET", f"/api/v1/customers/{cid}/export", headers=self.admin())
        self.assertEqual(r.status, 200, r.body)
        doc = r.json()
        self.assertEqual(doc["customer"]["name"], "Piet Jansen")
        self.assertEqual(doc["customer"]["email"], "piet@example.nl")
        self.assertEqual(len(doc["tables"]["responses"]), 3)
        self.assertEqual(doc["tables"]["responses"][0]["comment"], "Piet was boos")
        self.assertEqual(len(doc["tables"]["interactions"]), 1)
        self.assertProblem(self.server.request("GET", f"/api/v1/customers/{cid}/export",
                                               headers=self.key("acme", "read")), 403)
        self.assertProblem(self.server.request("GET", f"/api/v1/customers/{cid}/export",
                                               headers=self.admin("globex")), 404)
        self.assertProblem(self.server.request("POST", f"/api/v1/customers/{cid}/erase",
                                               headers=self.admin("globex")), 404)

        # The same through the CLI.
        out = run_cli("customer", "export", "--org", "acme", "--customer", "priv1", data=self.data)
        cli_doc = json.loads(out.stdout)
        self.assertEqual(cli_doc["customer"], doc["customer"])
        self.assertEqual(cli_doc["tables"], doc["tables"])

        before = len(self.all_responses())
        r = self.server.request("POST", f"/api/v1/customers/{cid}/erase", headers=self.admin())
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["key"], f"erased-{cid}")
        self.assertEqual(r.json()["responses_anonymised"], 3)

        # Scores stay, linked to the erased stub; the personal data is gone.
        self.assertEqual(len(self.all_responses()), before)
        r = self.server.request("GET", f"/api/v1/responses?customer=erased-{cid}",
                                headers=self.key("acme", "read"))
        kept = r.json()["responses"]
        self.assertEqual(sorted(x["answers"]["nps"] for x in kept), [3, 4, 5])
        for x in kept:
            self.assertNotIn("comment", x["answers"])
            self.assertNotIn("adres", x["answers"])
        r = self.server.request("GET", f"/api/v1/customers/{cid}/export", headers=self.admin())
        self.assertEqual(r.json()["customer"]["key"], f"erased-{cid}")
        self.assertIsNone(r.json()["customer"]["name"])
        self.assertIsNotNone(r.json()["customer"]["erased_at"])
        db = sqlite3.connect(os.path.join(self.data, "beleving.db"))
        dump = "\n".join(db.iterdump())
        db.close()
        for bit in SECRET_BITS:
            self.assertNotIn(bit, dump, f"{bit!r} is still stored after erasure")
        # Erasing twice is harmless.
        r = self.server.request("POST", f"/api/v1/customers/{cid}/erase", headers=self.admin())
        self.assertEqual(r.status, 200, r.body)

        # The audit log names who exported and erased.
        r = self.server.request("GET", "/api/v1/audit-log?limit=1000", headers=self.admin())
        self.assertEqual(r.status, 200, r.body)
        seen = {(e["action"], e["subject"]) for e in r.json()["entries"]}
        self.assertIn(("export", f"customer:{cid}"), seen)
        self.assertIn(("erase", f"customer:{cid}"), seen)
        self.assertTrue(all(e["actor"] for e in r.json()["entries"]))
        # Written by the service with the caller's actor: the admin key, and the
        # operator for the export through the CLI.
        about = [e for e in r.json()["entries"] if e["subject"] == f"customer:{cid}"]
        self.assertEqual([e["action"] for e in about if e["actor"].startswith("cli:")],
                         ["export"], about)
        self.assertTrue(all(e["actor"].startswith(("apikey:", "cli:")) for e in about), about)
        self.assertProblem(self.server.request("GET", "/api/v1/audit-log",
                                               headers=self.key("acme", "read")), 403)
        r = self.server.request("GET", "/api/v1/audit-log", headers=self.admin("globex"))
        self.assertFalse([e for e in r.json()["entries"] if e["subject"] == f"customer:{cid}"])

    def test_cli_erase(self):
        self.create_customer("priv2", name="Klaas Vaak", email="klaas@example.nl")
        self.ingest([{"external_id": "priv2-1", "submitted_at": "2025-04-01T10:00:00Z",
                      "customer": "priv2", "answers": {"nps": 8, "comment": "Klaas tevreden"}}])
        out = run_cli("customer", "erase", "--org", "acme", "--customer", "priv2", data=self.data)
        self.assertIn("1 responses", out.stdout)
        missing = run_cli("customer", "export", "--org", "acme", "--customer", "priv2",
                          data=self.data, check=False)
        self.assertEqual(missing.returncode, 2, "the key is gone after erasure")
        db = sqlite3.connect(os.path.join(self.data, "beleving.db"))
        dump = "\n".join(db.iterdump())
        db.close()
        self.assertNotIn("Klaas", dump)
        # The same service as the API: the erasure is audited, with the operator as actor.
        r = self.server.request("GET", "/api/v1/audit-log?limit=1000", headers=self.admin())
        erased = [e for e in r.json()["entries"] if e["action"] == "erase"]
        self.assertTrue(erased, "the CLI erasure is not in the audit log")
        self.assertTrue(erased[0]["actor"].startswith("cli:"), erased[0])

    def test_retention_policy_anonymises_inactive_customers(self):
        r = self.server.request("GET", "/api/v1/retention", headers=self.admin())
        self.assertEqual(r.json(), {"months": None})
        self.assertProblem(self.server.request("PUT", "/api/v1/retention", body={"months": 0},
                                               headers=self.admin()), 400, "/months")
        self.assertProblem(self.server.request("PUT", "/api/v1/retention", body={"months": "x"},
                                               headers=self.admin()), 400, "/months")
        self.assertProblem(self.server.request("PUT", "/api/v1/retention", body={"months": 6},
                                               headers=self.key("acme", "read")), 403)
        old = self.create_customer("old-cust", name="Oud Klant")
        new = self.create_customer("new-cust", name="Nieuw Klant")
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.ingest([{"external_id": "ret-old", "submitted_at": "2023-01-01T10:00:00Z",
                      "customer": "old-cust", "answers": {"nps": 2, "comment": "lang geleden"}},
                     {"external_id": "ret-new", "submitted_at": now,
                      "customer": "new-cust", "answers": {"nps": 10, "comment": "net nu"}}])
        r = self.server.request("PUT", "/api/v1/retention", body={"months": 24}, headers=self.admin())
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.server.request("GET", "/api/v1/retention",
                                             headers=self.admin()).json(), {"months": 24})
        deadline = time.time() + 20
        while time.time() < deadline:
            doc = self.server.request("GET", f"/api/v1/customers/{old}/export",
                                      headers=self.admin()).json()
            if doc["customer"]["key"] == f"erased-{old}":
                break
            time.sleep(0.2)
        self.assertEqual(doc["customer"]["key"], f"erased-{old}", "the retention job did not run")
        self.assertIsNone(doc["customer"]["name"])
        self.assertIsNone(doc["tables"]["responses"][0]["comment"])
        self.assertEqual(doc["tables"]["responses"][0]["nps"], 2)
        doc = self.server.request("GET", f"/api/v1/customers/{new}/export", headers=self.admin()).json()
        self.assertEqual(doc["customer"]["name"], "Nieuw Klant")
        self.assertEqual(doc["tables"]["responses"][0]["comment"], "net nu")
        r = self.server.request("PUT", "/api/v1/retention", body={"months": None}, headers=self.admin())
        self.assertEqual(r.json(), {"months": None})


if __name__ == "__main__":
    unittest.main()
