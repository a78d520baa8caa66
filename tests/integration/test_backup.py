"""Issue 8: `beleving backup` during continuous ingest and `beleving restore`
into a new directory; the restored copy serves, holds at least every batch
acknowledged before the backup started, only whole batches, and is intact."""
import http.client
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
import unittest

from harness import Server, run_cli

BATCH = 20


class BackupTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="beleving-backup-")
        self.data = os.path.join(self.tmp, "data")
        run_cli("org", "create", "--slug", "acme", "--name", "Acme", data=self.data)
        out = run_cli("apikey", "create", "--org", "acme", "--scopes", "ingest,read", data=self.data)
        self.key = out.stdout.strip().splitlines()[-1]
        self.server = Server(self.data)
        self.lock = threading.Lock()
        self.acked = []
        self.stop = False

    def tearDown(self):
        self.server.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def post(self, port, n):
        body = json.dumps({"responses": [
            {"external_id": f"b{n}-{k}", "submitted_at": "2025-03-01T10:00:00Z",
             "customer": f"c{n % 30}", "answers": {"nps": k % 11, "comment": "prima"}}
            for k in range(BATCH)]})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/api/v1/responses", body=body,
                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.key})
        r = conn.getresponse()
        r.read()
        conn.close()
        return r.status

    def writer(self, start):
        n = start
        while not self.stop:
            status = self.post(self.server.port, n)
            if 200 <= status < 300:
                with self.lock:
                    self.acked.append(n)
            n += 2

    def test_backup_during_ingest_then_restore_and_serve(self):
        threads = [threading.Thread(target=self.writer, args=(i,), daemon=True) for i in range(2)]
        for t in threads:
            t.start()
        while True:
            with self.lock:
                if len(self.acked) >= 30:
                    before = set(self.acked)
                    break
            time.sleep(0.01)
        backup = os.path.join(self.tmp, "backup.db")
        out = run_cli("backup", "--to", backup, data=self.data)
        self.assertIn("backup written", out.stdout)
        with self.lock:
            during = len(self.acked) - len(before)
        self.stop = True
        for t in threads:
            t.join(timeout=30)

        # A second backup to the same file is refused; restoring over the
        # running server's directory is refused.
        again = run_cli("backup", "--to", backup, data=self.data, check=False)
        self.assertNotEqual(again.returncode, 0)
        busy = run_cli("restore", "--from", backup, "--force", data=self.data, check=False)
        self.assertNotEqual(busy.returncode, 0)
        self.assertIn("in use by a running server", busy.stderr)

        restored = os.path.join(self.tmp, "restored")
        run_cli("restore", "--from", backup, data=restored)
        again = run_cli("restore", "--from", backup, data=restored, check=False)
        self.assertNotEqual(again.returncode, 0, "restore over an existing database needs --force")

        db = sqlite3.connect(os.path.join(restored, "beleving.db"))
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        per_batch = {}
        for (ext,) in db.execute("SELECT external_id FROM responses"):
            n, k = map(int, re.fullmatch(r"b(\d+)-(\d+)", ext).groups())
            per_batch.setdefault(n, set()).add(k)
        db.close()
        for n, items in per_batch.items():
            self.assertEqual(items, set(range(BATCH)), f"batch {n} is partly in the backup")
        self.assertFalse(before - set(per_batch), "batches acknowledged before the backup are missing")
        print(f"\nbackup: {len(before)} batches acknowledged before, {during} during the backup, "
              f"{len(per_batch)} in the copy")

        # The restored directory serves the same responses.
        server = Server(restored)
        try:
            total, cursor = 0, None
            while True:
                path = "/api/v1/responses?limit=1000" + (f"&cursor={cursor}" if cursor else "")
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                conn.request("GET", path, headers={"Authorization": "Bearer " + self.key})
                r = conn.getresponse()
                self.assertEqual(r.status, 200)
                doc = json.loads(r.read())
                conn.close()
                total += len(doc["responses"])
                cursor = doc.get("next_cursor")
                if not cursor:
                    break
            self.assertEqual(total, len(per_batch) * BATCH)
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
