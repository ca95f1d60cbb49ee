#!/bin/sh
# fuzz/long.sh [SECONDS] [TARGET...]: make fuzz-long. Every harness (not
# planted) for SECONDS (default 600, FUZZ_SECONDS in make) of one core
# each, FUZZ_JOBS (default 2) harnesses at a time, each resuming from its
# committed corpus (fuzz/corpus/<target>/) and its last long run's
# (build/fuzz/long/<target>/). Afterwards each long run's corpus is merged
# into the committed one with -merge=1: only inputs that add coverage are
# added, the committed ones stay (the seeds keep their names). Commit the
# growth. Fails if a harness crashes, leaks, times out or breaks a
# property (input in build/fuzz/artifacts/).
#
# The budget is CPU time, not wall time: each harness runs under
# `ulimit -S -t SECONDS` and stops when the kernel sends it SIGXCPU, so a run
# that shares the machine (FUZZ_NICE=19 lets it take only idle cores)
# still gets its full SECONDS of one core. FUZZ_WALL (default 4 x SECONDS)
# caps the wall time of one harness; a harness stopped by that cap before
# its budget is reported as short. The CPU time each harness used (user +
# system, from /usr/bin/time) is printed too.
set -eu
cd "$(dirname "$0")/.."

secs=${1:-600}
[ $# -gt 0 ] && shift
jobs=${FUZZ_JOBS:-2}
nice=${FUZZ_NICE:-0}
wall=${FUZZ_WALL:-$((secs * 4))}
B=build/fuzz

FUZZ_BUILD_ONLY=1 sh fuzz/run.sh 0 "$@" >/dev/null
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
if [ $# -gt 0 ]; then
    targets="$*"
else
    targets=$(cd fuzz && ls fuzz_*.c | sed 's/\.c$//')
fi

run_one() {
    t=$1
    mkdir -p "$B/long/$t" "fuzz/corpus/$t" "$B/artifacts"
    rc=0
    # SIGXCPU (exit 128 + 24) is the budget spent: the expected end.
    (
        ulimit -c 0
        ulimit -S -t "$secs"
        exec /usr/bin/time -f "cpu %U %S" -o "$B/long/$t.cpu" nice -n "$nice" \
            "$B/fuzz/$t" -max_total_time="$wall" -timeout=10 -rss_limit_mb=2048 \
            -max_len=4096 -print_final_stats=1 -artifact_prefix="$B/artifacts/$t-" \
            "$B/long/$t" "fuzz/corpus/$t"
    ) >"$B/long/$t.log" 2>&1 || rc=$?
    if grep -q 'Command terminated by signal 24' "$B/long/$t.cpu"; then
        rc=0
    fi
    echo "$rc" >"$B/long/$t.rc"
}

mkdir -p "$B/long"
running=0
for t in $targets; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait
        running=0
    fi
done
wait

status=0
echo "fuzz-long: $secs CPU-seconds per harness, $jobs at a time (nice $nice)"
for t in $targets; do
    before=$(find "fuzz/corpus/$t" -type f | wc -l)
    rc=$(cat "$B/long/$t.rc")
    last=$(grep -E '^#[0-9]+' "$B/long/$t.log" | tail -1 | sed 's/^#[0-9]* *[A-Z]* *//' || true)
    execs=$(grep -E '^#[0-9]+' "$B/long/$t.log" | tail -1 | sed 's/^#\([0-9]*\).*/\1/')
    cpu=$(awk '/^cpu /{printf "%.0f", $2 + $3}' "$B/long/$t.cpu")
    if [ "$rc" -ne 0 ]; then
        echo "$t: FAILED (exit $rc); log $B/long/$t.log, input in $B/artifacts/"
        tail -30 "$B/long/$t.log"
        status=1
        continue
    fi
    "$B/fuzz/$t" -merge=1 -timeout=10 -rss_limit_mb=2048 "fuzz/corpus/$t" "$B/long/$t" \
        >"$B/long/$t.merge.log" 2>&1
    after=$(find "fuzz/corpus/$t" -type f | wc -l)
    # The kernel's CPU limit (SIGXCPU) is the budget spent; getrusage's
    # user + system, printed, reads a few percent under it.
    short=""
    grep -q 'Command terminated by signal 24' "$B/long/$t.cpu" ||
        short=" (SHORT of the budget: stopped by the wall cap of $wall s)"
    echo "$t: ok, ${cpu:-?} CPU-s$short, ${execs:-?} executions, $last; committed corpus $before -> $after"
done
exit $status
