"""Issue 18, for operators: GET /metrics in the Prometheus text format, behind
its own token; absent when no token is configured."""
import re
import unittest

from harness import Server, ServerTestCase, response

TOKEN = "s3cret-metrics-token-for-the-test"
SAMPLE = re.compile(r'^(?P<name>[a-z_]+)(?P<labels>\{[a-z_]+="(?:[^"\\]|\\.)*"'
                    r'(?:,[a-z_]+="(?:[^"\\]|\\.)*")*\})? (?P<value>-?[0-9.e+-]+|\+Inf|NaN)$')


def parse(text):
    """{(name, labels): value} and the families' TYPE lines; fails on a line
    that is not the text format."""
    samples, types, helps = {}, {}, set()
    for line in text.splitlines():
        if line.startswith("# HELP "):
            name = line.split()[2]
            assert name not in helps, "HELP twice: " + name
            helps.add(name)
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split()
            assert name not in types, "TYPE twice: " + name
            types[name] = kind
            continue
        m = SAMPLE.match(line)
        assert m, "not a sample line: " + repr(line)
        labels = tuple(re.findall(r'([a-z_]+)="((?:[^"\\]|\\.)*)"', m.group("labels") or ""))
        samples[(m.group("name"), labels)] = float(m.group("value"))
    return samples, types


class OperatorMetricsTest(ServerTestCase):
    server_args = ("--metrics-token", TOKEN)

    def metrics(self):
        r = self.server.request("GET", "/metrics", headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(r.header("Content-Type").startswith("text/plain; version=0.0.4"))
        return parse(r.body.decode())

    def test_the_token_is_required_and_is_not_an_api_key(self):
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                        self.key("acme", "admin")):
            r = self.server.request("GET", "/metrics", headers=headers)
            self.assertProblem(r, 401)
            self.assertIn("Bearer", r.header("WWW-Authenticate"))
        # ... and the metrics token opens nothing else.
        r = self.server.request("GET", "/api/v1/metrics?measure=nps",
                                headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(r.status, 401, r.body)

    def test_requests_ingest_jobs_engine_and_pool_are_counted(self):
        before, types = self.metrics()
        ingested = before[("beleving_ingested_responses_total", ())]
        batch = [response(9000 + i) for i in range(3)]
        r = self.server.request("POST", "/api/v1/responses", body={"responses": batch},
                                headers=self.key())
        self.assertIn(r.status, (200, 201), r.body)
        again = self.server.request("POST", "/api/v1/responses", body={"responses": batch},
                                    headers=self.key())
        self.assertIn(again.status, (200, 201), again.body)  # duplicates: not counted twice
        bad = self.server.request("POST", "/api/v1/responses", body={"responses": "x"},
                                  headers=self.key())
        self.assertEqual(bad.status, 400)
        after, types = self.metrics()

        self.assertEqual(after[("beleving_ingested_responses_total", ())], ingested + 3)
        self.assertGreaterEqual(after[("beleving_engine_responses", ())], 3)
        self.assertGreater(after[("beleving_engine_memory_bytes", ())], 0)
        route = (("method", "POST"), ("route", "/api/v1/responses"))
        ok = before.get(("beleving_http_requests_total", route + (("code", "2xx"),)), 0)
        self.assertEqual(after[("beleving_http_requests_total", route + (("code", "2xx"),))], ok + 2)
        self.assertGreaterEqual(after[("beleving_http_requests_total", route + (("code", "4xx"),))], 1)
        count = after[("beleving_http_request_duration_seconds_count", route)]
        self.assertEqual(after[("beleving_http_request_duration_seconds_bucket", route + (("le", "+Inf"),))],
                         count)
        buckets = [v for (name, labels), v in sorted(after.items())
                   if name == "beleving_http_request_duration_seconds_bucket" and labels[:2] == route]
        self.assertEqual(len(buckets), 13)
        self.assertEqual(types["beleving_http_request_duration_seconds"], "histogram")
        self.assertEqual(types["beleving_http_requests_total"], "counter")
        for state in ("pending", "due", "running", "dead"):
            self.assertGreaterEqual(after[("beleving_jobs", (("state", state),))], 0)
        self.assertGreaterEqual(after[("beleving_jobs_oldest_due_age_seconds", ())], 0)
        self.assertEqual(after[("beleving_db_readers", (("use", "busy"),))] +
                         after[("beleving_db_readers", (("use", "idle"),))], 4)
        self.assertEqual(after[("beleving_metrics_errors", ())], 0)
        self.assertGreaterEqual(after[("beleving_uptime_seconds", ())], 0)


class NoTokenNoMetricsTest(unittest.TestCase):
    def test_without_a_token_there_is_no_metrics_route(self):
        import shutil
        import tempfile
        tmp = tempfile.mkdtemp(prefix="beleving-test-")
        try:
            server = Server(tmp + "/data")
            try:
                r = server.request("GET", "/metrics", headers={"Authorization": "Bearer x"})
                self.assertEqual(r.status, 404)
            finally:
                server.stop()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
