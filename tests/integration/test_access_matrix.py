"""Issue 8: access control as a generated matrix over every API route (from
`beleving routes`) x role (anonymous, API key scopes, session roles) x own or
foreign organisation; session fixation, CSRF, login brute force, security
headers on every response, and no secret in any log line."""
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

from harness import BIN, Response, Server, response, run_cli

PASSWORD = "correct horse battery"
MARKER = "GLOBEXSECRET"

# Which access levels each caller passes (src/api/app.cc Allowed + principal.cc).
PASSES = {
    "anonymous": {"public"},
    "key:ingest": {"public", "authenticated", "ingest"},
    "key:read": {"public", "authenticated", "read"},
    "key:admin": {"public", "authenticated", "read", "ingest", "manage", "admin"},
    "session:admin": {"public", "authenticated", "read", "ingest", "manage", "admin"},
    "session:manager": {"public", "authenticated", "read", "manage"},
    "session:employee": {"public", "authenticated", "read"},
    "session:consultant": {"public", "authenticated", "read", "ingest", "manage"},
}


class LoggedServer(Server):
    """harness.Server with stderr kept in a file, to read the log lines."""

    def __init__(self, data_dir, log_path):
        self.log_path = log_path
        self.data = data_dir
        self._log = open(log_path, "w")
        self.proc = subprocess.Popen([BIN, "serve", "--data", data_dir, "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE, stderr=self._log, text=True)
        self.port = None
        while self.port is None:
            line = self.proc.stdout.readline()
            if not line and self.proc.poll() is not None:
                raise AssertionError("server exited")
            m = re.search(r"listening on port (\d+)", line or "")
            if m:
                self.port = int(m.group(1))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self._log.close()


class AccessMatrixTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="beleving-access-")
        cls.data = os.path.join(cls.tmp, "data")
        cls.keys = {}
        cls.secrets = [PASSWORD]
        for slug in ("acme", "globex"):
            run_cli("org", "create", "--slug", slug, "--name", slug.title(), data=cls.data)
            for scopes in ("ingest", "read", "admin"):
                out = run_cli("apikey", "create", "--org", slug, "--scopes", scopes, data=cls.data)
                cls.keys[(slug, scopes)] = out.stdout.strip().splitlines()[-1]
                cls.secrets.append(cls.keys[(slug, scopes)])
        env = dict(os.environ, BELEVING_PASSWORD=PASSWORD)
        for email, role, extra in (("admin@acme.example", "admin", []),
                                   ("mgr@acme.example", "manager", ["--team", "verhuur"]),
                                   ("emp@acme.example", "employee", ["--employee", "e1"]),
                                   ("con@acme.example", "consultant", []),
                                   ("victim@acme.example", "admin", [])):
            run_cli("user", "add", "--org", "acme", "--email", email, "--name", role.title(),
                    "--role", role, *extra, data=cls.data, env=env)
        routes = run_cli("routes", data=cls.data).stdout.split("\n")
        cls.routes = [tuple(line.split()) for line in routes if len(line.split()) == 4]
        cls.log = os.path.join(cls.tmp, "server.log")
        cls.server = LoggedServer(cls.data, cls.log)
        cls.seed()
        cls.sessions = {}
        for role in ("admin", "manager", "employee", "consultant"):
            email = {"admin": "admin@acme.example", "manager": "mgr@acme.example",
                     "employee": "emp@acme.example", "consultant": "con@acme.example"}[role]
            cls.sessions[role] = cls.login(email)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def login(cls, email, cookie=None):
        r = cls.server.request("POST", "/api/v1/session",
                               body={"email": email, "password": PASSWORD, "org": "acme"},
                               headers={"Cookie": cookie} if cookie else None)
        assert r.status == 201, r.body
        token = r.header("Set-Cookie").split(";")[0]
        csrf = r.json()["csrf_token"]
        cls.secrets += [token.split("=", 1)[1], csrf]
        return token, csrf

    @classmethod
    def seed(cls):
        for slug in ("acme", "globex"):
            admin = {"Authorization": "Bearer " + cls.keys[(slug, "admin")]}
            tag = MARKER if slug == "globex" else "acme"
            for res, body in (("locations", {"key": "loc1", "name": f"{tag} Locatie"}),
                              ("teams", {"key": "verhuur", "name": f"{tag} Team"}),
                              ("employees", {"key": "e1", "name": f"{tag} Medewerker"}),
                              ("touchpoints", {"key": "balie", "name": f"{tag} Balie"}),
                              ("customers", {"key": "k1", "name": f"{tag} Klant",
                                             "email": f"{tag.lower()}@example.nl"})):
                cls.server.request("POST", f"/api/v1/{res}", body=body, headers=admin)
            items = [response(i, external_id=f"{slug}-{i}", customer="k1", employee="e1",
                              answers={"nps": i % 11, "comment": f"{tag} opmerking"})
                     for i in range(5)]
            r = cls.server.request("POST", "/api/v1/responses", body={"responses": items}, headers=admin)
            assert r.status in (200, 201), r.body
            r = cls.server.request("POST", "/api/v1/interactions", headers=admin, body={
                "interactions": [{"external_id": f"{slug}-int", "occurred_at": "2025-03-01T10:00:00Z",
                                  "customer": "k1"}]})
            assert r.status in (200, 201), r.body
        db = sqlite3.connect(os.path.join(cls.data, "beleving.db"))
        cls.org_ids = dict(db.execute("SELECT slug, id FROM orgs"))
        cls.tables = {}
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            cols = [c[1] for c in db.execute(f"PRAGMA table_info('{name}')")]
            if "org_id" in cols and "id" in cols:
                ids = {}
                for slug, oid in cls.org_ids.items():
                    row = db.execute(f"SELECT id FROM \"{name}\" WHERE org_id = ? ORDER BY id LIMIT 1",
                                     (oid,)).fetchone()
                    ids[slug] = row[0] if row else None
                cls.tables[name] = ids
        db.close()

    def caller_headers(self, caller, org="acme"):
        if caller == "anonymous":
            return {}
        kind, what = caller.split(":")
        if kind == "key":
            return {"Authorization": "Bearer " + self.keys[(org, what)]}
        token, csrf = self.sessions[what]
        return {"Cookie": token, "X-CSRF-Token": csrf}

    def path_for(self, pattern, org):
        return self.fill(pattern, org)[0]

    def fill(self, pattern, org):
        """Fills {params}: ids of a row of `org` in the table the path names.
        Returns (path, whether every param is a real row of `org`)."""
        real = True
        parts = pattern.split("/")
        out = []
        for i, p in enumerate(parts):
            if p.startswith("{") and p.endswith("}"):
                table = parts[i - 1].replace("-", "_") if i > 0 else ""
                rid = self.tables.get(table, {}).get(org)
                real = real and bool(rid)
                out.append(str(rid) if rid else ("999999999" if p == "{id}" else "nonexistent"))
            else:
                out.append(p)
        return "/".join(out), real

    def check_headers(self, r, what):
        csp = r.header("Content-Security-Policy") or ""
        self.assertIn("frame-ancestors", csp, what)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff", what)
        self.assertTrue(r.header("Referrer-Policy"), what)

    def test_matrix(self):
        self.assertGreater(len(self.routes), 20, "beleving routes printed too few routes")
        counts = {"denied": 0, "allowed": 0, "foreign": 0, "unknown_id_2xx": []}
        for method, pattern, access, surface in self.routes:
            if method not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                continue
            has_params = "{" in pattern
            writes = method != "GET"
            for caller, passes in PASSES.items():
                allowed = access in passes and (surface != "page" or caller.startswith("session:"))
                what = f"{caller} {method} {pattern} ({access})"
                if not allowed:
                    r = self.server.request(method, self.path_for(pattern, "acme"),
                                            body={} if writes else None,
                                            headers=self.caller_headers(caller))
                    self.check_headers(r, what)
                    if surface == "page" and not caller.startswith("session:"):
                        # Pages are for people: no session, to the log-in page.
                        self.assertEqual(r.status, 303, f"{what} must go to /login: {r.status}")
                        self.assertTrue(r.header("Location").startswith("/login"), what)
                    else:
                        self.assertEqual(r.status, 401 if caller == "anonymous" else 403,
                                         f"{what} must be refused: {r.status} {r.body[:200]}")
                    counts["denied"] += 1
                    continue
                if access == "public" or pattern == "/api/v1/session":
                    continue  # public pages: below; the session itself: own tests
                if not writes:
                    r = self.server.request("GET", self.path_for(pattern, "acme"),
                                            headers=self.caller_headers(caller))
                    self.check_headers(r, what)
                    self.assertNotIn(r.status, (401,), what)
                    self.assertLess(r.status, 500, f"{what}: {r.body[:300]}")
                    self.assertNotIn(MARKER.encode(), r.body, f"{what} leaks another organisation")
                    counts["allowed"] += 1
                if has_params:
                    # Another organisation's ids: never 2xx, never their data.
                    path, real = self.fill(pattern, "globex")
                    r = self.server.request(method, path, body={} if writes else None,
                                            headers=self.caller_headers(caller))
                    self.check_headers(r, what)
                    if real:
                        self.assertIn(r.status, (400, 401, 403, 404, 405, 409, 422),
                                      f"{what} with a foreign id: {r.status} {r.body[:300]}")
                    else:
                        # No row of that kind in the other organisation: an id
                        # that exists nowhere. Not an error, never a leak.
                        self.assertLess(r.status, 500, f"{what}: {r.body[:300]}")
                        if 200 <= r.status < 300:
                            counts["unknown_id_2xx"].append(f"{method} {pattern}")
                    self.assertNotIn(MARKER.encode(), r.body, f"{what} leaks another organisation")
                    counts["foreign"] += 1
        counts["unknown_id_2xx"] = sorted(set(counts["unknown_id_2xx"]))
        print(f"\naccess matrix: {len(self.routes)} routes, {counts}")
        self.assertGreater(counts["denied"], 50)
        self.assertGreater(counts["foreign"], 10)
        # The foreign data is still there, untouched by the write attempts.
        r = self.server.request("GET", "/api/v1/responses?limit=1000",
                                headers=self.caller_headers("key:read", "globex"))
        self.assertEqual(len(r.json()["responses"]), 5)

    def test_public_routes_are_open(self):
        for method, pattern, access, surface in self.routes:
            if access != "public" or method != "GET":
                continue
            r = self.server.request("GET", self.path_for(pattern, "acme"))
            self.check_headers(r, pattern)
            self.assertNotIn(r.status, (401, 403), f"public {pattern}: {r.status}")
            self.assertLess(r.status, 500, pattern)
        r = self.server.request("GET", "/no/such/page")
        self.check_headers(r, "404")

    def test_session_fixation_and_logout(self):
        planted = "beleving_session=attacker-chosen-token-0123456789abcdef"
        r = self.server.request("GET", "/api/v1/session", headers={"Cookie": planted})
        self.assertEqual(r.status, 401)
        token, csrf = self.login("victim@acme.example", cookie=planted)
        self.assertNotEqual(token, planted, "log-in promoted a planted cookie")
        r = self.server.request("GET", "/api/v1/session", headers={"Cookie": planted})
        self.assertEqual(r.status, 401, "the planted cookie became a session")
        r = self.server.request("GET", "/api/v1/session", headers={"Cookie": token})
        self.assertEqual(r.status, 200, r.body)
        again, _ = self.login("victim@acme.example", cookie=token)
        self.assertNotEqual(again, token, "every log-in issues a new token")
        # Log-out invalidates the token on the server, not just in the browser.
        r = self.server.request("DELETE", "/api/v1/session",
                                headers={"Cookie": token, "X-CSRF-Token": csrf})
        self.assertIn(r.status, (200, 204), r.body)
        r = self.server.request("GET", "/api/v1/session", headers={"Cookie": token})
        self.assertEqual(r.status, 401, "a logged-out token still works")

    def test_csrf_is_required_for_cookie_writes(self):
        token, csrf = self.sessions["admin"]
        body = {"responses": [response(1, external_id="csrf-x")]}
        for headers in ({"Cookie": token}, {"Cookie": token, "X-CSRF-Token": "wrong"},
                        {"Cookie": token, "X-CSRF-Token": ""}):
            r = self.server.request("POST", "/api/v1/responses", body=body, headers=headers)
            self.assertEqual(r.status, 403, r.body)
        r = self.server.request("PUT", "/api/v1/retention", body={"months": 12},
                                headers={"Cookie": token})
        self.assertEqual(r.status, 403)
        r = self.server.request("PUT", "/api/v1/retention", body={"months": None},
                                headers={"Cookie": token, "X-CSRF-Token": csrf})
        self.assertEqual(r.status, 200, r.body)
        # API keys are not cookies: no CSRF token needed.
        r = self.server.request("POST", "/api/v1/responses", body=body,
                                headers={"Authorization": "Bearer " + self.keys[("acme", "ingest")]})
        self.assertIn(r.status, (200, 201))

    def test_zz_no_secret_in_the_log(self):
        # Runs last (name order): the log holds the whole class's requests.
        self.server.request("POST", "/api/v1/session",
                            body={"email": "admin@acme.example", "password": "wrong " + PASSWORD})
        self.server.request("GET", "/api/v1/responses",
                            headers={"Authorization": "Bearer blv_fake_" + "x" * 32})
        with open(self.log) as f:
            log = f.read()
        for secret in self.secrets:
            self.assertNotIn(secret, log, "a secret is in the server log")


class BruteForceTest(unittest.TestCase):
    def test_login_brute_force_gets_429(self):
        tmp = tempfile.mkdtemp(prefix="beleving-brute-")
        data = os.path.join(tmp, "data")
        try:
            run_cli("org", "create", "--slug", "acme", "--name", "Acme", data=data)
            env = dict(os.environ, BELEVING_PASSWORD=PASSWORD)
            run_cli("user", "add", "--org", "acme", "--email", "a@acme.example", "--name", "A",
                    "--role", "admin", data=data, env=env)
            server = Server(data)
            try:
                statuses = [server.request("POST", "/api/v1/session", body={
                    "email": "a@acme.example", "password": f"guess {i}"}).status for i in range(30)]
                self.assertEqual(statuses[0], 401)
                self.assertIn(429, statuses)
                first = statuses.index(429)
                self.assertLessEqual(first, 20)
                self.assertTrue(all(s == 429 for s in statuses[first:]), statuses)
                # Even the right password is refused while throttled.
                r = server.request("POST", "/api/v1/session",
                                   body={"email": "a@acme.example", "password": PASSWORD})
                self.assertEqual(r.status, 429)
            finally:
                server.stop()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
