#!/usr/bin/env bash
# Builds the libFuzzer targets (src/**/*_fuzz.cc) with clang-14 and
# ASan+UBSan in build/fuzz, then runs each for FUZZ_SECONDS (default 20)
# seeded by tests/fuzz/corpus/<target>/. New interesting inputs go to a
# scratch corpus (the checked-in seeds stay as they are); a crash fails the
# run and leaves its input as build/fuzz/crash-<target>-*.
#   tools/fuzz/run_fuzzers.sh            # all targets, 20 s each
#   FUZZ_SECONDS=600 tools/fuzz/run_fuzzers.sh time_format_fuzz
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${FUZZ_BUILD:-build/fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-20}
JOBS=${JOBS:-$(nproc)}

CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBELEVING_FUZZ=ON >/dev/null
ninja -C "$BUILD" -j "$JOBS"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(find src -name '*_fuzz.cc' -printf '%f\n' | sed 's/\.cc$//' | sort)
fi
failed=0
for t in "${targets[@]}"; do
  seeds="$ROOT/tests/fuzz/corpus/$t"
  scratch="$BUILD/corpus/$t"
  mkdir -p "$scratch" "$seeds"
  echo "== $t (${SECONDS_EACH}s)"
  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$BUILD/$t" -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$BUILD/crash-$t-" "$scratch" "$seeds" \
      >"$BUILD/$t.log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$BUILD/$t.log" | tr '\n' ' '
    echo
  else
    echo "FAILED: $t (see $BUILD/$t.log)"
    tail -40 "$BUILD/$t.log"
    failed=$((failed + 1))
  fi
done
total=${#targets[@]}
echo "fuzz: $((total - failed)) passed, $failed failed"
exit $((failed > 0))
