#!/bin/sh
# make coverage: line and branch coverage of lib/ under the whole test
# suite (every test program and the libolm shim's tests), built without
# optimisation and with gcov instrumentation in $BUILD (build/coverage).
#
#   sh test/coverage.sh BUILD TEST_PROGRAMS...
#
# Writes $BUILD/coverage/lib.info (lcov), an HTML report in
# $BUILD/coverage/html/index.html, a per-file table, and one summary line;
# fails if line or branch coverage is below the floor in test/coverage-floor
# (ratchet it up when the numbers rise; never down).
set -u
BUILD=$1
shift
OUT=$BUILD/coverage
FLOOR_FILE=test/coverage-floor
RC="--rc lcov_branch_coverage=1"

mkdir -p "$OUT"
# Counts from an earlier run would add up with this one's.
lcov $RC --quiet --zerocounters --directory "$BUILD/lib" >/dev/null
find "$BUILD" -name '*.gcda' -delete

# One fixed seed for the property tests, so that the numbers, and the floor
# they are held to, do not move from run to run (CLIQUET_SEED overrides).
CLIQUET_SEED=${CLIQUET_SEED:-1}
export CLIQUET_SEED
sh test/run.sh "$@" >"$OUT/tests.log" 2>&1
tests_rc=$?
tail -1 "$OUT/tests.log"
if [ $tests_rc -ne 0 ]; then
    echo "coverage: the test suite failed (see $OUT/tests.log)"
    exit 1
fi

lcov $RC --quiet --capture --directory "$BUILD/lib" --base-directory . \
    --output-file "$OUT/all.info" >/dev/null 2>"$OUT/lcov.log" || {
    cat "$OUT/lcov.log"; exit 1; }
lcov $RC --quiet --extract "$OUT/all.info" "$(pwd)/lib/*" \
    --output-file "$OUT/lib.info" >/dev/null
genhtml $RC --quiet --branch-coverage --title "cliquet lib/" \
    --output-directory "$OUT/html" "$OUT/lib.info" >/dev/null

# Per file: lines hit/found, branches hit/found, from the tracefile.
awk -F'[:,]' -v root="$(pwd)/" '
    /^SF:/ { f = substr($0, 4); sub(root, "", f) }
    /^LF:/ { lf = $2 } /^LH:/ { lh = $2 }
    /^BRF:/ { bf = $2 } /^BRH:/ { bh = $2 }
    /^end_of_record/ {
        printf "%-28s lines %5.1f%% (%d/%d)  branches %5.1f%% (%d/%d)\n", f,
            lf ? 100 * lh / lf : 100, lh, lf, bf ? 100 * bh / bf : 100, bh, bf
        LF += lf; LH += lh; BF += bf; BH += bh; lf = lh = bf = bh = 0
    }
    END {
        printf "coverage: lib/ lines %.1f%% (%d/%d), branches %.1f%% (%d/%d)\n",
            100 * LH / LF, LH, LF, 100 * BH / BF, BH, BF > "/dev/stderr"
    }' "$OUT/lib.info" 2>"$OUT/summary.txt" | tee "$OUT/files.txt"
cat "$OUT/summary.txt"
echo "coverage: report in $OUT/html/index.html"

lines=$(sed -n 's/.*lines \([0-9.]*\)%.*/\1/p' "$OUT/summary.txt")
branches=$(sed -n 's/.*branches \([0-9.]*\)%.*/\1/p' "$OUT/summary.txt")
floor_lines=$(sed -n 's/^lines \([0-9.]*\)$/\1/p' "$FLOOR_FILE")
floor_branches=$(sed -n 's/^branches \([0-9.]*\)$/\1/p' "$FLOOR_FILE")
if awk -v a="$lines" -v b="$floor_lines" -v c="$branches" -v d="$floor_branches" \
        'BEGIN { exit !(a + 0 >= b + 0 && c + 0 >= d + 0) }'; then
    echo "coverage: at or above the floor (lines $floor_lines%, branches $floor_branches%)"
else
    echo "coverage: BELOW the floor (lines $floor_lines%, branches $floor_branches%)"
    exit 1
fi
