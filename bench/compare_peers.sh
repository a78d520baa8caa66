#!/usr/bin/env bash
# Side-by-side of `beleving bench` and the DuckDB peer on the same CSV.
#
#   bench/compare_peers.sh [--rows 10000000] [--dims full|scaled] [--repeat 3]
#                          [--bin build-engine/beleving] [--peers DIR] [--extended]
#
# Uses ../shared/bench (read-only) through a writable copy in $PEERS
# (default /tmp/cxbench-peers): run_peers.sh generates or reuses the cached
# CSV under /tmp/cxbench/data and runs DuckDB into $PEERS/results/r<rows>-<dims>/
# (npm ci in the copy when node_modules is missing); then `beleving bench`
# writes its answers and timings into the same results folder, compare.py
# checks the answers against DuckDB's and bench/side_by_side.py prints the table.
# --extended (issue 20, point 5): bench/extend_csv.py adds survey and segment
# columns to the CSV (cached as <csv>-ext.csv); bench/run_duckdb_ext.mjs loads
# that file into DuckDB with both columns materialised and runs Q1..Q8 (q7, q8
# from bench/queries); `beleving bench` loads the same file; results in
# $PEERS/results/r<rows>-<dims>-ext/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
ROWS=10000000
DIMS=full
REPEAT=3
BIN="$REPO/build-engine/beleving"
SHARED="${SHARED:-$REPO/../shared/bench}"  # env SHARED=... from a worktree
PEERS="${PEERS:-/tmp/cxbench-peers}"
EXTENDED=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2;;
    --dims) DIMS="$2"; shift 2;;
    --repeat) REPEAT="$2"; shift 2;;
    --bin) BIN="$2"; shift 2;;
    --peers) PEERS="$2"; shift 2;;
    --extended) EXTENDED=1; shift;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    *) echo "unknown argument: $1" >&2; exit 2;;
  esac
done
[ -x "$BIN" ] || { echo "no beleving binary at $BIN (build it or pass --bin)" >&2; exit 2; }
if [ ! -f "$PEERS/run_peers.sh" ]; then
  mkdir -p "$PEERS"
  cp -r "$SHARED/." "$PEERS/"
  chmod -R u+w "$PEERS"
fi
CSV="${CXBENCH_CACHE:-/tmp/cxbench}/data/responses-r${ROWS}-s42-${DIMS}.csv"
RES="$PEERS/results/r${ROWS}-${DIMS}"
if [ "$EXTENDED" = 0 ]; then
  "$PEERS/run_peers.sh" --rows "$ROWS" --dims "$DIMS" --engines duckdb --repeat "$REPEAT" \
    --keep-node-modules
else
  # the CSV (generated with the same gen.py arguments as run_peers.sh uses)
  # and node_modules, then the extended copy of the CSV
  if [ ! -s "$CSV" ]; then
    mkdir -p "$(dirname "$CSV")"
    python3 "$PEERS/gen.py" --rows "$ROWS" --seed 42 --dims "$DIMS" --out "$CSV"
  fi
  if [ ! -f "$PEERS/peers/duckdb/node_modules/@duckdb/node-api/package.json" ]; then
    (cd "$PEERS/peers/duckdb" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  EXT="${CSV%.csv}-ext.csv"
  [ -s "$EXT" ] || python3 "$HERE/extend_csv.py" "$CSV" "$EXT"
  CSV="$EXT"
  RES="$RES-ext"
  rm -rf "$RES/duckdb"
  mkdir -p "$RES/duckdb" "${CXBENCH_CACHE:-/tmp/cxbench}/db"
  cp "$HERE/run_duckdb_ext.mjs" "$PEERS/peers/duckdb/"
  DB="${CXBENCH_CACHE:-/tmp/cxbench}/db/duckdb-ext-r${ROWS}-${DIMS}.duckdb"
  /usr/bin/time -f "wall %e s, max RSS %M KB" -o "$RES/duckdb/time.txt" \
    node "$PEERS/peers/duckdb/run_duckdb_ext.mjs" --csv "$CSV" --db "$DB" --out "$RES/duckdb" \
    --query-dirs "$PEERS/queries:$HERE/queries" --repeat "$REPEAT" --threads 2 \
    --canon "$PEERS/canon.py"
  rm -f "$DB" "$DB.wal"
fi
rm -rf "$RES/beleving"
/usr/bin/time -f "wall %e s, max RSS %M KB" -o "$RES/beleving-time.txt" \
  "$BIN" bench --csv "$CSV" --results "$RES" --repeat "$REPEAT"
STATUS=0
python3 "$SHARED/compare.py" "$RES/duckdb" "$RES/beleving" | tee "$RES/compare-duckdb-beleving.txt" || STATUS=1
echo
python3 "$HERE/side_by_side.py" "$RES/beleving/timings.jsonl" "$RES/duckdb/timings.jsonl"
exit $STATUS
