"""Issue 2: the foundation through the real binary over loopback HTTP."""
import json
import socket
import unittest

from harness import ServerTestCase, response, run_cli


def raw_exchange(port, head, chunks=()):
    """Sends a raw request (head, then optional chunked body) and returns the
    status and the raw response, tolerating the server closing early."""
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        s.sendall(head.encode())
        for c in chunks:
            s.sendall(b"%x\r\n" % len(c) + c + b"\r\n")
        if chunks:
            s.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    data = b""
    try:
        while True:
            part = s.recv(65536)
            if not part:
                break
            data += part
            if b"\r\n\r\n" in data and data.endswith(b"}"):
                break
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1") else 0
    return status, data


class IngestTest(ServerTestCase):
    def test_batch_of_10000_is_idempotent_and_tenant_isolated(self):
        batch = {"responses": [response(i, external_id=f"big{i}") for i in range(10000)]}
        r = self.server.request("POST", "/api/v1/responses", body=batch, headers=self.key("acme", "ingest"))
        self.assertIn(r.status, (200, 201), r.body)
        self.assertEqual(r.json(), {"accepted": 10000, "duplicates": 0})
        before = len(self.all_responses())
        r = self.server.request("POST", "/api/v1/responses", body=batch, headers=self.key("acme", "ingest"))
        self.assertIn(r.status, (200, 201), r.body)
        self.assertEqual(r.json(), {"accepted": 0, "duplicates": 10000})
        mine = self.all_responses()
        self.assertEqual(len(mine), before)
        ids = [x["id"] for x in mine]
        self.assertEqual(len(set(ids)), len(ids))
        # Another organisation sees none of them and gets 404 for their ids.
        theirs = self.all_responses("globex")
        self.assertFalse({x["id"] for x in theirs} & set(ids))
        for rid in ids[:20] + ids[-5:]:
            r = self.server.request("GET", f"/api/v1/responses/{rid}", headers=self.key("globex", "read"))
            self.assertProblem(r, 404)
        r = self.server.request("GET", f"/api/v1/responses/{ids[0]}", headers=self.key("acme", "read"))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["id"], ids[0])

    def test_contract_shape_and_pagination(self):
        one = {"external_id": "contract-1", "submitted_at": "2025-03-01T10:00:00Z", "customer": "c1",
               "touchpoint": "balie", "channel": "face_to_face", "location": "amersfoort",
               "team": "verhuur", "employee": "e17",
               "answers": {"nps": 9, "ces": 6, "certainty": 4, "flexibility": 5, "reliability": 4,
                           "customisation": 3, "complaint_speed": 5, "comment": "Top service"}}
        r = self.server.request("POST", "/api/v1/responses", body={"responses": [one]},
                                headers=self.key("acme", "ingest"))
        self.assertIn(r.status, (200, 201))
        self.assertEqual(r.json()["accepted"] + r.json()["duplicates"], 1)
        # Only the required fields.
        minimal = {"external_id": "contract-2", "submitted_at": "2025-03-02T10:00:00+01:00",
                   "answers": {"ces": 3}}
        r = self.server.request("POST", "/api/v1/responses", body={"responses": [minimal]},
                                headers=self.key("acme", "ingest"))
        self.assertIn(r.status, (200, 201), r.body)
        # Pagination: pages of 2 cover everything once.
        seen, cursor, pages = [], None, 0
        while True:
            path = "/api/v1/responses?limit=2" + (f"&cursor={cursor}" if cursor else "")
            doc = self.server.request("GET", path, headers=self.key("acme", "read")).json()
            seen += [x["id"] for x in doc["responses"]]
            pages += 1
            cursor = doc.get("next_cursor")
            if not cursor or pages > 20000:
                break
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(sorted(seen), seen)
        got = [x for x in self.all_responses() if x["external_id"] == "contract-1"][0]
        self.assertEqual(got["employee"], "e17")
        self.assertEqual(got["answers"]["nps"], 9)
        self.assertEqual(got["answers"]["comment"], "Top service")

    def test_unknown_keys_build_the_hierarchy(self):
        self.server.request("POST", "/api/v1/responses",
                            body={"responses": [response(1, external_id="h1", location="zeist",
                                                         team="werkplaats", employee="w1")]},
                            headers=self.key("acme", "ingest"))
        teams = self.server.request("GET", "/api/v1/teams?key=werkplaats",
                                    headers=self.key("acme", "read")).json()["teams"]
        self.assertEqual(teams[0]["location"], "zeist")
        emps = self.server.request("GET", "/api/v1/employees?key=w1",
                                   headers=self.key("acme", "read")).json()["employees"]
        self.assertEqual(emps[0]["team"], "werkplaats")


class RejectionTest(ServerTestCase):
    """Every bad request: 4xx problem+json naming the field, nothing stored."""

    def count(self):
        return len(self.all_responses())

    def post(self, body=None, raw=None, headers=None):
        h = self.key("acme", "ingest")
        h.update(headers or {})
        if raw is not None:
            h.setdefault("Content-Type", "application/json")
        return self.server.request("POST", "/api/v1/responses", body=body, raw=raw, headers=h)

    def test_malformed_json(self):
        n = self.count()
        doc = self.assertProblem(self.post(raw='{"responses": [{"external_id": "x",'), 400)
        self.assertIn("line 1", doc["detail"])
        self.assertEqual(self.count(), n)

    def test_wrong_types_name_the_field(self):
        n = self.count()
        self.assertProblem(self.post({"responses": [response(1, answers={"nps": "nine"})]}), 400,
                           "/responses/0/answers/nps")
        self.assertProblem(self.post({"responses": [response(1), response(2, submitted_at="gisteren")]}),
                           400, "/responses/1/submitted_at")
        self.assertProblem(self.post({"responses": [response(1, answers={"nps": 11})]}), 400,
                           "/responses/0/answers/nps")
        self.assertProblem(self.post({"responses": [response(1, channel="pigeon")]}), 400,
                           "/responses/0/channel")
        self.assertProblem(self.post({"responses": [response(1, answers={})]}), 400,
                           "/responses/0/answers")
        self.assertProblem(self.post({"responses": "all"}), 400, "/responses")
        self.assertEqual(self.count(), n)

    def test_unknown_fields(self):
        n = self.count()
        self.assertProblem(self.post({"responses": [response(1, colour="blue")]}), 400,
                           "/responses/0/colour")
        self.assertProblem(self.post({"responses": [response(1)], "extra": 1}), 400, "/extra")
        self.assertEqual(self.count(), n)

    def test_a_bad_item_rejects_the_whole_batch(self):
        n = self.count()
        batch = [response(i, external_id=f"atomic{i}") for i in range(50)]
        batch[49]["answers"] = {"nps": -1}
        self.assertProblem(self.post({"responses": batch}), 400, "/responses/49/answers/nps")
        self.assertEqual(self.count(), n)
        # A batch that fails in storage (unknown survey) also stores nothing.
        batch = [response(i, external_id=f"atomic{i}") for i in range(10)]
        batch[9]["survey"] = "nope"
        self.assertProblem(self.post({"responses": batch}), 400, "/responses/9/survey")
        self.assertEqual(self.count(), n)

    def test_oversized_body_and_batch(self):
        n = self.count()
        # Announced too large: answered 413 before the body is read.
        status, body = raw_exchange(self.server.port,
                                    "POST /api/v1/responses HTTP/1.1\r\nHost: x\r\n"
                                    f"Authorization: {self.key('acme', 'ingest')['Authorization']}\r\n"
                                    "Content-Type: application/json\r\nContent-Length: 40000000\r\n\r\n")
        self.assertEqual(status, 413, body)
        self.assertIn(b"application/problem+json", body)
        # Chunked without a length: cut off at the limit.
        chunk = b'{"external_id":"' + b"x" * 60000 + b'"},'
        status, body = raw_exchange(self.server.port,
                                    "POST /api/v1/responses HTTP/1.1\r\nHost: x\r\n"
                                    f"Authorization: {self.key('acme', 'ingest')['Authorization']}\r\n"
                                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                                    chunks=[chunk] * 700)
        self.assertEqual(status, 413, body)
        too_many = {"responses": [response(i, external_id=f"tm{i}") for i in range(10001)]}
        self.assertProblem(self.post(too_many), 413, "/responses")
        self.assertEqual(self.count(), n)

    def test_huge_header_is_rejected(self):
        r = self.server.request("GET", "/healthz", headers={"X-Big": "a" * 40000})
        self.assertProblem(r, 431)

    def test_auth_failures(self):
        n = self.count()
        r = self.server.request("POST", "/api/v1/responses", body={"responses": [response(1)]})
        self.assertProblem(r, 401)
        r = self.server.request("POST", "/api/v1/responses", body={"responses": [response(1)]},
                                headers={"Authorization": "Bearer blv_nope_nope-nope-nope-nope"})
        self.assertProblem(r, 401)
        # A read-only key cannot ingest.
        r = self.server.request("POST", "/api/v1/responses", body={"responses": [response(1)]},
                                headers=self.key("acme", "read"))
        self.assertProblem(r, 403)
        # An ingest-only key cannot read.
        r = self.server.request("GET", "/api/v1/responses", headers=self.key("acme", "ingest"))
        self.assertProblem(r, 403)
        self.assertEqual(self.count(), n)

    def test_wrong_tenant_cannot_touch_foreign_ids(self):
        h = self.key("acme", "admin")
        r = self.server.request("POST", "/api/v1/locations", body={"key": "secret-site", "name": "Geheim"},
                                headers=h)
        self.assertEqual(r.status, 201, r.body)
        loc = r.json()["id"]
        g = self.key("globex", "admin")
        self.assertProblem(self.server.request("GET", f"/api/v1/locations/{loc}", headers=g), 404)
        self.assertProblem(self.server.request("PATCH", f"/api/v1/locations/{loc}", body={"name": "x"},
                                               headers=g), 404)
        self.assertProblem(self.server.request("DELETE", f"/api/v1/locations/{loc}", headers=g), 404)
        r = self.server.request("GET", f"/api/v1/locations/{loc}", headers=h)
        self.assertEqual(r.json()["name"], "Geheim")

    def test_sessions_roles_and_csrf(self):
        n = self.count()
        cookie, csrf = self.login("admin@acme.example")
        # A cookie-authenticated write without the CSRF token is refused.
        h = dict(cookie)
        r = self.server.request("POST", "/api/v1/responses", body={"responses": [response(1, external_id="csrf1")]},
                                headers=h)
        self.assertProblem(r, 403, "/headers/x-csrf-token")
        h["X-CSRF-Token"] = "wrong"
        self.assertProblem(self.server.request("POST", "/api/v1/responses",
                                               body={"responses": [response(1, external_id="csrf1")]},
                                               headers=h), 403)
        self.assertEqual(self.count(), n)
        h["X-CSRF-Token"] = csrf
        r = self.server.request("POST", "/api/v1/responses", body={"responses": [response(1, external_id="csrf1")]},
                                headers=h)
        self.assertIn(r.status, (200, 201), r.body)
        # An employee cannot create locations or list customers.
        ecookie, ecsrf = self.login("emp@acme.example")
        eh = dict(ecookie, **{"X-CSRF-Token": ecsrf})
        self.assertProblem(self.server.request("POST", "/api/v1/locations", body={"key": "x"}, headers=eh), 403)
        self.assertProblem(self.server.request("GET", "/api/v1/customers", headers=eh), 403)
        # ... and sees only their own feedback (employee e17).
        seen = self.server.request("GET", "/api/v1/responses?limit=1000", headers=eh).json()["responses"]
        self.assertTrue(all(x["employee"] == "e17" for x in seen))
        # Session cookies are HttpOnly and SameSite.
        r = self.server.request("POST", "/api/v1/session",
                                body={"email": "admin@acme.example", "password": self.password})
        cookie_attrs = r.header("Set-Cookie")
        self.assertIn("HttpOnly", cookie_attrs)
        self.assertIn("SameSite=Lax", cookie_attrs)
        # Log-in fixation: every log-in gets a new token.
        r2 = self.server.request("POST", "/api/v1/session",
                                 body={"email": "admin@acme.example", "password": self.password})
        self.assertNotEqual(r.header("Set-Cookie").split(";")[0], r2.header("Set-Cookie").split(";")[0])



class LoginThrottleTest(ServerTestCase):
    def test_login_is_rate_limited(self):
        statuses = []
        for _ in range(12):
            r = self.server.request("POST", "/api/v1/session",
                                    body={"email": "mgr@acme.example", "password": "wrong password"})
            statuses.append(r.status)
        self.assertEqual(statuses[0], 401)
        self.assertEqual(statuses[-1], 429)
        self.assertProblem(r, 429)


class ApiDocumentTest(ServerTestCase):
    def test_every_route_is_in_the_openapi_document(self):
        doc = self.server.request("GET", "/api/v1/openapi.json").json()
        self.assertEqual(doc["openapi"][:3], "3.1")
        routes = run_cli("routes", data=self.data).stdout.strip().splitlines()
        self.assertGreater(len(routes), 20)
        documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops
                      if m in ("get", "post", "put", "patch", "delete")}
        served = set()
        for line in routes:
            method, pattern, _access, _surface = line.split()
            served.add((method, pattern))
            self.assertIn((method, pattern), documented, f"{method} {pattern} is not in openapi.json")
        for m, p in documented:
            self.assertIn((m, p), served, f"openapi.json documents {m} {p}, which is not served")

    def test_health(self):
        r = self.server.request("GET", "/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        self.assertIn("frame-ancestors 'none'", r.header("Content-Security-Policy"))


if __name__ == "__main__":
    unittest.main()
