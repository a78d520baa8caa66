"""Test harness: runs the real `beleving` binary on a free loopback port with a
temporary data directory, and speaks HTTP to it (python3 stdlib only)."""
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

# Every status a suite sees must be documented for its operation (issue 12).
CHECK_STATUSES = os.environ.get("BELEVING_CHECK_STATUSES", "1") != "0"

BIN = os.environ.get("BELEVING_BIN", os.path.join(os.path.dirname(__file__), "../../build/beleving"))


def run_cli(*args, data=None, check=True, env=None, input=None):
    cmd = [BIN] + list(args)
    if data is not None:
        cmd += ["--data", data]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, input=input, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} failed ({p.returncode}): {p.stderr}{p.stdout}")
    return p


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class Server:
    """One running `beleving serve` on 127.0.0.1:<free port>."""

    def __init__(self, data_dir, extra_args=(), env=None):
        self.data = data_dir
        args = [BIN, "serve", "--data", data_dir, "--listen", "127.0.0.1:0", *extra_args]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env)
        self.port = None
        self.seen = set()  # (method, path, status) of every request
        deadline = time.time() + 120
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                if self.proc.poll() is not None:
                    raise AssertionError("server exited: " + self.proc.stderr.read())
                continue
            m = re.search(r"listening on port (\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            raise AssertionError("server did not start")

    def request(self, method, path, body=None, headers=None, raw=None, timeout=120):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        hdrs = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        if isinstance(data, str):
            data = data.encode()
        conn.request(method, path, body=data, headers=hdrs)
        r = conn.getresponse()
        out = Response(r.status, r.getheaders(), r.read())
        conn.close()
        self.__dict__.setdefault("seen", set()).add((method, path.split("?")[0], out.status))
        return out

    def undocumented_statuses(self):
        """(method, path, status) the server answered that the OpenAPI document
        does not list for the operation (issue 12: every status code the
        integration suites see is documented)."""
        if self.proc.poll() is not None or not getattr(self, "seen", None):
            return []
        doc = self.request("GET", "/api/v1/openapi.json")
        if doc.status != 200:
            return [("GET", "/api/v1/openapi.json", doc.status)]
        paths = doc.json()["paths"]
        patterns = [(re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(p)) + "$"), p)
                    for p in paths]
        out = []
        for method, path, status in sorted(self.seen):
            if status in (404, 405) or path.startswith("/assets/"):
                continue  # no route: nothing to document it on
            ops = [paths[p].get(method.lower()) for rx, p in patterns if rx.match(path)]
            ops = [o for o in ops if o]
            if ops and not any(str(status) in o.get("responses", {}) for o in ops):
                out.append((method, path, status))
        return out

    def stop(self, check_statuses=True):
        undocumented = self.undocumented_statuses() if check_statuses and CHECK_STATUSES else []
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()
        if undocumented:
            raise AssertionError("statuses the OpenAPI document does not list for the operation: " +
                                 ", ".join(f"{m} {p} -> {s}" for m, p, s in undocumented))


class ServerTestCase(unittest.TestCase):
    """Per class: a data dir with organisations `acme` and `globex`, keys, users."""

    orgs = ("acme", "globex")
    server_args = ()  # extra `serve` flags for this class's server

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="beleving-test-")
        cls.data = os.path.join(cls.tmp, "data")
        cls.keys = {}
        for slug in cls.orgs:
            run_cli("org", "create", "--slug", slug, "--name", slug.title(), data=cls.data)
            for scopes in ("ingest", "read", "ingest,read", "admin"):
                out = run_cli("apikey", "create", "--org", slug, "--scopes", scopes, data=cls.data)
                cls.keys[(slug, scopes)] = out.stdout.strip().splitlines()[-1]
        cls.password = "correct horse battery"
        env = dict(os.environ, BELEVING_PASSWORD=cls.password)
        run_cli("user", "add", "--org", "acme", "--email", "admin@acme.example", "--name", "Ada",
                "--role", "admin", data=cls.data, env=env)
        run_cli("user", "add", "--org", "acme", "--email", "emp@acme.example", "--name", "Eve",
                "--role", "employee", "--employee", "e17", data=cls.data, env=env)
        run_cli("user", "add", "--org", "acme", "--email", "mgr@acme.example", "--name", "Max",
                "--role", "manager", "--team", "verhuur", data=cls.data, env=env)
        cls.server = Server(cls.data, extra_args=cls.server_args)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def key(self, org="acme", scopes="ingest,read"):
        return {"Authorization": "Bearer " + self.keys[(org, scopes)]}

    def login(self, email, org=None):
        body = {"email": email, "password": self.password}
        if org:
            body["org"] = org
        r = self.server.request("POST", "/api/v1/session", body=body)
        self.assertEqual(r.status, 201, r.body)
        cookie = r.header("Set-Cookie").split(";")[0]
        return {"Cookie": cookie}, r.json()["csrf_token"]

    def assertProblem(self, r, status, field=None):
        self.assertEqual(r.status, status, r.body)
        self.assertEqual(r.header("Content-Type"), "application/problem+json")
        doc = r.json()
        self.assertEqual(doc["status"], status)
        self.assertTrue(doc["title"])
        self.assertIn("detail", doc)
        if field is not None:
            self.assertEqual(doc.get("field"), field, doc)
        return doc

    def all_responses(self, org="acme"):
        out, cursor = [], None
        while True:
            path = "/api/v1/responses?limit=1000" + (f"&cursor={cursor}" if cursor else "")
            r = self.server.request("GET", path, headers=self.key(org, "read"))
            self.assertEqual(r.status, 200, r.body)
            doc = r.json()
            out += doc["responses"]
            cursor = doc.get("next_cursor")
            if not cursor:
                return out


def response(i, **over):
    r = {"external_id": f"r{i}", "submitted_at": "2025-03-01T10:00:00Z", "customer": f"c{i % 97}",
         "touchpoint": "balie", "channel": "face_to_face", "location": "amersfoort",
         "team": "verhuur", "employee": f"e{i % 13}",
         "answers": {"nps": i % 11, "ces": 1 + i % 7, "certainty": 1 + i % 5, "comment": "Top service"}}
    r.update(over)
    return r
