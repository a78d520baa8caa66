#!/usr/bin/env bash
# Side-by-side of `beleving bench` and the DuckDB peer on the same CSV.
#
#   bench/compare_peers.sh [--rows 10000000] [--dims full|scaled] [--repeat 3]
#                          [--bin build-engine/beleving] [--peers DIR]
#
# Uses ../shared/bench (read-only) through a writable copy in $PEERS
# (default /tmp/cxbench-peers): run_peers.sh generates or reuses the cached
# CSV under /tmp/cxbench/data and runs DuckDB into $PEERS/results/r<rows>-<dims>/
# (npm ci in the copy when node_modules is missing); then `beleving bench`
# writes its answers and timings into the same results folder, compare.py
# checks the answers against DuckDB's and bench/side_by_side.py prints the table.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
ROWS=10000000
DIMS=full
REPEAT=3
BIN="$REPO/build-engine/beleving"
SHARED="$REPO/../shared/bench"
PEERS="${PEERS:-/tmp/cxbench-peers}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2;;
    --dims) DIMS="$2"; shift 2;;
    --repeat) REPEAT="$2"; shift 2;;
    --bin) BIN="$2"; shift 2;;
    --peers) PEERS="$2"; shift 2;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    *) echo "unknown argument: $1" >&2; exit 2;;
  esac
done
[ -x "$BIN" ] || { echo "no beleving binary at $BIN (build it or pass --bin)" >&2; exit 2; }
if [ ! -f "$PEERS/run_peers.sh" ]; then
  mkdir -p "$PEERS"
  cp -r "$SHARED/." "$PEERS/"
  chmod -R u+w "$PEERS"
fi
"$PEERS/run_peers.sh" --rows "$ROWS" --dims "$DIMS" --engines duckdb --repeat "$REPEAT" \
  --keep-node-modules
CSV="${CXBENCH_CACHE:-/tmp/cxbench}/data/responses-r${ROWS}-s42-${DIMS}.csv"
RES="$PEERS/results/r${ROWS}-${DIMS}"
rm -rf "$RES/beleving"
/usr/bin/time -f "wall %e s, max RSS %M KB" -o "$RES/beleving-time.txt" \
  "$BIN" bench --csv "$CSV" --results "$RES" --repeat "$REPEAT"
STATUS=0
python3 "$SHARED/compare.py" "$RES/duckdb" "$RES/beleving" | tee "$RES/compare-duckdb-beleving.txt" || STATUS=1
echo
python3 "$HERE/side_by_side.py" "$RES/beleving/timings.jsonl" "$RES/duckdb/timings.jsonl"
exit $STATUS
