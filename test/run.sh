#!/bin/sh
# Runs each test program given, prints its output, and closes with one line
# that adds up every suite's cmocka counts. Exits non-zero if any test failed
# or any program crashed.
set -u
passed=0
failed=0
broken=0
# TEST_RUNNER, if set, runs each program (make memcheck: valgrind).
for t in "$@"; do
    # shellcheck disable=SC2086 # the runner is a command and its options
    out=$(${TEST_RUNNER:-} "$t" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "run.sh: $t exited with status $rc"
        broken=$((broken + 1))
        failed=$((failed + 1))
    fi
done
echo
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
