"""Issue 8: crash safety. Batches are posted continuously from two clients
while the server is killed with SIGKILL at random moments and restarted.

Afterwards, on the SQLite file itself:
  * every acknowledged (2xx) batch is present, each response exactly once;
  * every batch is atomic: all of its responses or none (also the ones whose
    answer never arrived because the server died);
  * PRAGMA integrity_check says ok.

BELEVING_CRASH_KILLS sets the number of kills (default 50; the documented
long run in docs/reliability.md used 1000)."""
import http.client
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

from harness import BIN, run_cli

KILLS = int(os.environ.get("BELEVING_CRASH_KILLS", "50"))
BATCH = 5
WRITERS = 2


class CrashSafetyTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="beleving-crash-")
        self.data = os.path.join(self.tmp, "data")
        run_cli("org", "create", "--slug", "acme", "--name", "Acme", data=self.data)
        out = run_cli("apikey", "create", "--org", "acme", "--scopes", "ingest,read", data=self.data)
        self.key = out.stdout.strip().splitlines()[-1]
        self.lock = threading.Lock()
        self.port = None
        self.acked = set()      # batch numbers answered with 2xx
        self.attempted = set()  # every batch number sent
        self.rejected = []      # unexpected 4xx/5xx answers
        self.next_batch = 0
        self.stop_writers = False

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start_server(self):
        err = open(os.path.join(self.tmp, "server.log"), "a")
        proc = subprocess.Popen([BIN, "serve", "--data", self.data, "--listen", "127.0.0.1:0"],
                                stdout=subprocess.PIPE, stderr=err, text=True)
        err.close()
        deadline = time.time() + 60
        while time.time() < deadline:
            line = proc.stdout.readline()
            m = re.search(r"listening on port (\d+)", line or "")
            if m:
                return proc, int(m.group(1))
            if not line and proc.poll() is not None:
                break
        proc.kill()
        with open(os.path.join(self.tmp, "server.log")) as f:
            raise AssertionError("server did not restart after a kill:\n" + f.read()[-3000:])

    def writer(self):
        while not self.stop_writers:
            with self.lock:
                port = self.port
                if port is None:
                    n = None
                else:
                    n = self.next_batch
                    self.next_batch += 1
                    self.attempted.add(n)
            if n is None:
                time.sleep(0.005)
                continue
            body = json.dumps({"responses": [
                {"external_id": f"b{n}-{k}", "submitted_at": "2025-03-01T10:00:00Z",
                 "customer": f"c{n % 50}", "touchpoint": "balie", "team": "verhuur",
                 "answers": {"nps": (n + k) % 11, "comment": f"batch {n} item {k}"}}
                for k in range(BATCH)]})
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("POST", "/api/v1/responses", body=body,
                             headers={"Content-Type": "application/json",
                                      "Authorization": "Bearer " + self.key})
                r = conn.getresponse()
                payload = r.read()
            except (OSError, http.client.HTTPException):
                continue  # the server died: this batch is unacknowledged
            finally:
                conn.close()
            if 200 <= r.status < 300:
                with self.lock:
                    self.acked.add(n)
            else:
                self.rejected.append((n, r.status, payload[:200]))

    def test_sigkill_during_ingest_loses_no_acknowledged_batch(self):
        rng = random.Random(os.environ.get("BELEVING_CRASH_SEED", "8"))
        threads = [threading.Thread(target=self.writer, daemon=True) for _ in range(WRITERS)]
        for t in threads:
            t.start()
        started = time.time()
        try:
            for _ in range(KILLS):
                proc, port = self.start_server()
                with self.lock:
                    self.port = port
                time.sleep(rng.uniform(0.02, 0.4))
                with self.lock:
                    self.port = None
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                proc.stdout.close()
        finally:
            self.stop_writers = True
            for t in threads:
                t.join(timeout=30)
        elapsed = time.time() - started
        self.assertEqual(self.rejected, [], "only 2xx or a dead connection are expected")
        self.assertGreater(len(self.acked), KILLS, "the writers got too few batches through")

        db = sqlite3.connect(os.path.join(self.data, "beleving.db"))
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        per_batch = {}
        for (ext,) in db.execute("SELECT external_id FROM responses"):
            m = re.fullmatch(r"b(\d+)-(\d+)", ext)
            self.assertIsNotNone(m, ext)
            per_batch.setdefault(int(m.group(1)), []).append(int(m.group(2)))
        db.close()
        for n, items in per_batch.items():
            self.assertIn(n, self.attempted)
            self.assertEqual(sorted(items), list(range(BATCH)), f"batch {n} is not all-or-nothing")
        missing = sorted(self.acked - set(per_batch))
        self.assertEqual(missing, [], "acknowledged batches lost after SIGKILL")
        unacked_committed = len(set(per_batch) - self.acked)
        print(f"\ncrash safety: {KILLS} kills in {elapsed:.1f}s, {len(self.attempted)} batches sent, "
              f"{len(self.acked)} acknowledged, {unacked_committed} committed without an answer, "
              f"{len(self.attempted) - len(per_batch)} not committed; integrity ok")

        # The server comes back with exactly the stored responses.
        proc, port = self.start_server()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/healthz")
            self.assertEqual(conn.getresponse().status, 200)
            conn.close()
        finally:
            proc.terminate()
            proc.wait()
            proc.stdout.close()


if __name__ == "__main__":
    unittest.main()
