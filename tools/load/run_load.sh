#!/usr/bin/env bash
# Load test on loopback (issue 8): wrk against
#   1. the ingest endpoint (POST /api/v1/responses, batches with unique ids),
#   2. a public page of beleving (PAGE, default /healthz: the survey page
#      /s/TOKEN can be given as PAGE=/s/<token> with DATA=<dir> holding it),
#   3. nginx serving a static file of the same size, as the reference for
#      what HTTP can do on this machine.
# Reports requests/s, errors, p50/p99 latency and the server's RSS before
# and after. Not part of CI (60 s per run); DURATION=10 for a smoke run.
#   tools/load/run_load.sh                 # build/beleving, 60 s each
#   DURATION=10 BIN=build-x/beleving tools/load/run_load.sh
#   SKIP_INGEST=1 DATA=dir PAGE=/s/<token> tools/load/run_load.sh   # a survey page
#     (token from `beleving invite create --data dir ...`)
#   PAGES_FILE=paths.txt ...   # many links: each request the next path of the file
#   SERVE_ARGS="--survey-page-cache 0" ...   # extra `serve` flags (here: no page cache)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${BIN:-$ROOT/build/beleving}
DURATION=${DURATION:-60}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
INGEST_CONNS=${INGEST_CONNS:-16}
PAGES_FILE=${PAGES_FILE:-}
if [ -n "$PAGES_FILE" ]; then PAGE=$(head -1 "$PAGES_FILE"); fi
PAGE=${PAGE:-/healthz}
SERVE_ARGS=${SERVE_ARGS:-}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=${PORT:-$(free_port)}
NGINX_PORT=${NGINX_PORT:-$(free_port)}
command -v wrk >/dev/null || { echo "wrk is missing (make deps)"; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is missing (make deps)"; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

TMP=$(mktemp -d /tmp/beleving-load.XXXXXX)
SERVER_PID=""
NGINX_STARTED=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$NGINX_STARTED" ] && "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

DATA=${DATA:-$TMP/data}
if [ ! -f "$DATA/beleving.db" ]; then
  "$BIN" org create --data "$DATA" --slug load --name Load >/dev/null
fi
KEY=$("$BIN" apikey create --data "$DATA" --org "$(sqlite3 "$DATA/beleving.db" 'SELECT slug FROM orgs ORDER BY id LIMIT 1')" \
  --scopes ingest | tail -1)

"$BIN" serve --data "$DATA" --listen "127.0.0.1:$PORT" $SERVE_ARGS >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q "listening on port" "$TMP/serve.out" 2>/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2 / 1024 " MiB"}' "/proc/$SERVER_PID/status"; }

# nginx with a temporary config on loopback, serving a static file as large
# as the beleving page.
mkdir -p "$TMP/nginx/html" "$TMP/nginx/logs"
curl -s "http://127.0.0.1:$PORT$PAGE" >"$TMP/nginx/html/page"
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes $THREADS;
error_log $TMP/nginx/logs/error.log;
pid $TMP/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TMP/nginx/html;
    location / { default_type application/json; }
  }
}
CONF
mkdir -p "$TMP/nginx/tmp"
# nginx workers run as an unprivileged user: let them read the page.
chmod o+rx "$TMP" "$TMP/nginx" "$TMP/nginx/html"
chmod o+r "$TMP/nginx/html/page"
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf"
NGINX_STARTED=1
sleep 0.3

summary() {  # name, wrk output file
  local rps p50 p99 errs
  rps=$(awk '/Requests\/sec/ {print $2}' "$2")
  p50=$(awk '$1 == "50%" {print $2}' "$2")
  p99=$(awk '$1 == "99%" {print $2}' "$2")
  errs=$(awk '/Socket errors|Non-2xx/ {printf "%s ", $0}' "$2")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${errs:-none}"
}

echo "RSS of beleving before: $(rss)"
if [ -z "${SKIP_INGEST:-}" ]; then
  BELEVING_KEY=$KEY BATCH=${BATCH:-10} RUN_ID=$(date +%s) wrk -t"$THREADS" -c"$INGEST_CONNS" \
    -d"${DURATION}s" --latency -s tools/load/ingest.lua "http://127.0.0.1:$PORT" >"$TMP/ingest.txt" 2>&1
else
  echo "(ingest skipped)" >"$TMP/ingest.txt"
fi
echo "RSS of beleving after ingest: $(rss)"
PAGE_SCRIPT=()
[ -n "$PAGES_FILE" ] && PAGE_SCRIPT=(-s tools/load/pages.lua)
PAGES_FILE=$PAGES_FILE wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "${PAGE_SCRIPT[@]}" \
  "http://127.0.0.1:$PORT$PAGE" >"$TMP/page.txt" 2>&1
echo "RSS of beleving after the page run: $(rss)"
wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$NGINX_PORT/page" >"$TMP/nginx.txt" 2>&1

STORED=$(sqlite3 "$DATA/beleving.db" 'SELECT count(*) FROM responses')
echo
echo "duration ${DURATION}s each, $THREADS wrk threads; $(nproc) cores; page $PAGE ($(wc -c <"$TMP/nginx/html/page") bytes)${PAGES_FILE:+, $(wc -l <"$PAGES_FILE") links in turn}; serve flags: ${SERVE_ARGS:-none}"
echo "| run | requests/s | p50 | p99 | errors |"
echo "| --- | --- | --- | --- | --- |"
summary "ingest POST /api/v1/responses (batch ${BATCH:-10}, $INGEST_CONNS conns)" "$TMP/ingest.txt"
summary "beleving GET $PAGE ($CONNS conns)" "$TMP/page.txt"
summary "nginx static file ($CONNS conns)" "$TMP/nginx.txt"
echo "responses stored: $STORED"
if grep -q "unexpected status" "$TMP/ingest.txt"; then
  echo "ingest errors:"; grep "unexpected status" "$TMP/ingest.txt" | sort | uniq -c | head
fi
for f in ingest page nginx; do echo "--- $f"; cat "$TMP/$f.txt"; done
