"""Issue 8: slow and hostile clients. Header, body and idle timeouts
(slowloris), header and body size limits, the connection limit, and a server
that keeps answering others quickly while 1,000 idle or trickling
connections are open."""
import os
import resource
import shutil
import socket
import tempfile
import time
import unittest

from harness import Server, run_cli


def read_until_closed(s, limit=10.0):
    """Reads until the server closes; returns (bytes, seconds waited)."""
    start = time.time()
    s.settimeout(limit)
    data = b""
    try:
        while True:
            part = s.recv(65536)
            if not part:
                break
            data += part
    except ConnectionResetError:
        pass
    except socket.timeout:
        return data, None  # still open after `limit`
    return data, time.time() - start


def status_of(data):
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0


class HostileClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = min(hard, 8192) if hard != resource.RLIM_INFINITY else 8192
        if soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        cls.tmp = tempfile.mkdtemp(prefix="beleving-hostile-")
        cls.data = os.path.join(cls.tmp, "data")
        run_cli("org", "create", "--slug", "acme", "--name", "Acme", data=cls.data)
        cls.server = Server(cls.data, extra_args=["--header-timeout", "2", "--body-timeout", "2",
                                                  "--idle-timeout", "2", "--max-header-bytes", "8192"])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def connect(self, port=None):
        return socket.create_connection(("127.0.0.1", port or self.server.port), timeout=10)

    def timed_health(self, port=None):
        start = time.time()
        s = self.connect(port)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        data, _ = read_until_closed(s, 10)
        s.close()
        self.assertEqual(status_of(data), 200, data[:200])
        return time.time() - start

    def test_slowloris_header_trickle_is_cut_at_the_header_timeout(self):
        s = self.connect()
        start = time.time()
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")
        closed_after = None
        for i in range(40):  # up to 10 s of one header line every 0.25 s
            try:
                s.sendall(b"X-Slow-%d: a\r\n" % i)
            except (BrokenPipeError, ConnectionResetError):
                closed_after = time.time() - start
                break
            s.settimeout(0.25)
            try:
                if s.recv(1024) == b"":
                    closed_after = time.time() - start
                    break
            except socket.timeout:
                pass
            except ConnectionResetError:
                closed_after = time.time() - start
                break
        s.close()
        self.assertIsNotNone(closed_after, "a trickling client was never disconnected")
        self.assertGreaterEqual(closed_after, 1.5)
        self.assertLess(closed_after, 4.5)
        self.assertLess(self.timed_health(), 1.0)

    def test_silent_connection_is_closed_after_the_header_timeout(self):
        s = self.connect()
        _, waited = read_until_closed(s, 8)
        s.close()
        self.assertIsNotNone(waited, "an idle new connection stayed open")
        self.assertLess(waited, 4.5)

    def test_body_trickle_gets_408(self):
        s = self.connect()
        s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000\r\n\r\n{\"email\":")
        data, waited = read_until_closed(s, 8)
        s.close()
        self.assertIsNotNone(waited)
        self.assertLess(waited, 4.5)
        self.assertEqual(status_of(data), 408, data[:300])

    def test_idle_keep_alive_is_closed_after_the_idle_timeout(self):
        s = self.connect()
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        s.settimeout(5)
        first = s.recv(65536)
        self.assertEqual(status_of(first), 200)
        _, waited = read_until_closed(s, 8)
        s.close()
        self.assertIsNotNone(waited, "an idle keep-alive connection stayed open")
        self.assertLess(waited, 4.5)

    def test_oversized_headers_get_431(self):
        s = self.connect()
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n")
        data, _ = read_until_closed(s, 8)
        s.close()
        self.assertEqual(status_of(data), 431, data[:300])

    def test_oversized_body_gets_413_before_it_is_read(self):
        s = self.connect()
        s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 5000000\r\n\r\n")
        data, _ = read_until_closed(s, 8)
        s.close()
        self.assertEqual(status_of(data), 413, data[:300])
        self.assertIn(b"application/problem+json", data)

    def test_chunked_body_over_the_limit_gets_413(self):
        s = self.connect()
        s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        try:
            for _ in range(40):
                s.sendall(b"4000\r\n" + b"a" * 0x4000 + b"\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        data, _ = read_until_closed(s, 8)
        s.close()
        self.assertEqual(status_of(data), 413, data[:300])

    def test_garbage_gets_400_or_close(self):
        s = self.connect()
        s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(200) + b"\r\n\r\n")
        data, waited = read_until_closed(s, 8)
        s.close()
        self.assertIsNotNone(waited)
        self.assertIn(status_of(data), (0, 400))

    def test_thousand_idle_and_trickling_connections_do_not_slow_others(self):
        tmp = tempfile.mkdtemp(prefix="beleving-hostile-many-")
        data = os.path.join(tmp, "data")
        server = Server(data, extra_args=["--header-timeout", "60"])
        socks = []
        try:
            baseline = [self.timed_health(server.port) for _ in range(10)]
            for i in range(1000):
                s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
                if i % 2:
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")  # trickling, never ends
                socks.append(s)
            for rnd in range(3):
                for i, s in enumerate(socks):
                    if i % 2:
                        s.sendall(b"X-T%d: b\r\n" % rnd)
            under_load = sorted(self.timed_health(server.port) for _ in range(50))
            p99 = under_load[int(len(under_load) * 0.99) - 1]
            print(f"\nhealth with 1000 idle/trickling connections open: median "
                  f"{under_load[25] * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms "
                  f"(baseline median {sorted(baseline)[5] * 1000:.1f} ms)")
            self.assertLess(under_load[25], 0.25)
            self.assertLess(p99, 1.0)
        finally:
            for s in socks:
                s.close()
            server.stop()
            shutil.rmtree(tmp, ignore_errors=True)

    def test_connection_limit_refuses_the_excess_and_recovers(self):
        tmp = tempfile.mkdtemp(prefix="beleving-hostile-limit-")
        data = os.path.join(tmp, "data")
        server = Server(data, extra_args=["--max-connections", "20", "--header-timeout", "60"])
        socks = []
        try:
            for _ in range(20):
                socks.append(socket.create_connection(("127.0.0.1", server.port), timeout=10))
            time.sleep(0.3)
            extra = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            try:
                extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            got, waited = read_until_closed(extra, 5)
            extra.close()
            self.assertIsNotNone(waited, "the connection over the limit was kept open")
            self.assertEqual(status_of(got), 0, "the connection over the limit was served")
            for s in socks[:5]:
                s.close()
            time.sleep(0.3)
            self.assertLess(self.timed_health(server.port), 1.0)
        finally:
            for s in socks:
                s.close()
            server.stop()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
