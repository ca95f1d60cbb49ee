#!/bin/sh
# Runs each test program given, prints its output, and closes with one line
# that adds up every suite's cmocka counts. Exits non-zero if any test failed
# or any program crashed.
set -u
passed=0
failed=0
broken=0
skipped=""
# TEST_RUNNER, if set, runs each program (make memcheck: valgrind; make
# ARCH=...: qemu-user). TEST_SKIP names programs (by file name) that are not
# run here, for the reason in TEST_SKIP_WHY (make ARCH=...: see arch.mk).
for t in "$@"; do
    case " ${TEST_SKIP:-} " in
        *" ${t##*/} "*)
            echo "run.sh: skipped $t"
            skipped="$skipped ${t##*/}"
            continue ;;
    esac
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
if [ -n "$skipped" ]; then
    echo "run.sh: not run:$skipped (${TEST_SKIP_WHY:-no reason given})"
fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
