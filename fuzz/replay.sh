#!/bin/sh
# fuzz/replay.sh [TARGET...]: every input of the committed corpora
# (fuzz/corpus/<target>/) run once through its harness, as a regression
# test: fails if any input crashes, leaks, times out or breaks a property.
# Builds the harnesses first (fuzz/run.sh with FUZZ_BUILD_ONLY=1).
set -eu
cd "$(dirname "$0")/.."
B=build/fuzz

FUZZ_BUILD_ONLY=1 sh fuzz/run.sh 0 "$@" >/dev/null
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
if [ $# -gt 0 ]; then
    targets="$*"
else
    targets=$(cd fuzz && ls fuzz_*.c | sed 's/\.c$//')
fi
status=0
total=0
for t in $targets; do
    n=$(find "fuzz/corpus/$t" -type f 2>/dev/null | wc -l)
    total=$((total + n))
    [ "$n" -gt 0 ] || { echo "$t: no committed corpus"; continue; }
    # -runs=0: the corpus is executed once (libFuzzer's INITED pass), no fuzzing.
    if "$B/fuzz/$t" -runs=0 -timeout=10 -rss_limit_mb=2048 \
        "fuzz/corpus/$t" >"$B/fuzz/$t.replay.log" 2>&1; then
        echo "$t: $n inputs replayed, ok"
    else
        echo "$t: FAILED replaying its corpus; see $B/fuzz/$t.replay.log"
        tail -30 "$B/fuzz/$t.replay.log"
        status=1
    fi
done
echo "fuzz replay: $total committed inputs"
exit $status
