#!/bin/sh
# fuzz/run.sh [SECONDS] [TARGET...]: builds cliquet and every harness with
# clang, -fsanitize=fuzzer,address,undefined, then runs each harness for
# SECONDS (default 20) on a copy of its committed seed corpus, one after the
# other. Fails if any harness finds a crash, a leak, a timeout or a broken
# property, and also if the planted harness (fuzz/planted.c) does NOT crash:
# that one proves the setup finds bugs. With TARGET names (e.g.
# fuzz_base64) only those run; the planted check runs only when it is named
# or when no name is given.
#
# Output per target: executions, coverage (libFuzzer's cov/ft counters),
# corpus size, seconds. Crash inputs go to build/fuzz/artifacts/.
set -eu
cd "$(dirname "$0")/.."

secs=${1:-20}
[ $# -gt 0 ] && shift
B=build/fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
WARN="-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion \
-Wstrict-prototypes -Wmissing-prototypes -Wvla -Wcast-qual -Wformat=2 -Werror"
FZ_CFLAGS="-std=c11 -O1 -g -D_DEFAULT_SOURCE -Iinclude -iquote lib -iquote fuzz $WARN"
LIBS="$(pkg-config --libs libsodium 2>/dev/null || echo -lsodium) -lolm -lpthread -lm"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

echo "fuzz: building the library for fuzzing in $B (clang, fuzzer-no-link, ASan, UBSan)"
make -s --no-print-directory BUILD=$B CC=clang \
    CFLAGS="-fsanitize=fuzzer-no-link $SAN" $B/libcliquet.a

# The seeds are generated (fuzz/make_corpus.c). Regenerate them into
# build/fuzz/seeds, fuzz with those as well, and say which committed seeds
# are stale (a format changed: run sh fuzz/make_corpus.sh and commit).
sh fuzz/make_corpus.sh $B/seeds
stale=0
for f in $B/seeds/*/seed-*; do
    cmp -s "$f" "fuzz/corpus/${f#$B/seeds/}" || stale=$((stale + 1))
done
for f in fuzz/corpus/*/seed-*; do
    [ -e "$B/seeds/${f#fuzz/corpus/}" ] || stale=$((stale + 1))
done
if [ "$stale" -ne 0 ]; then
    echo "fuzz: WARNING: $stale committed seeds differ from what fuzz/make_corpus.c writes"
    echo "      today (run sh fuzz/make_corpus.sh and commit); fuzzing with both"
fi

if [ $# -gt 0 ]; then
    targets="$*"
else
    targets="$(cd fuzz && ls fuzz_*.c | sed 's/\.c$//') planted"
fi

mkdir -p $B/fuzz $B/artifacts
# The libolm drop-in's harnesses (fuzz_shim_*) build its sources in. They
# and the drop-in see include/ and bindings/libolm/include only: lib/ has an
# olm/olm.h of its own.
SHIM_CFLAGS="-std=c11 -O1 -g -D_DEFAULT_SOURCE -Iinclude -Ibindings/libolm/include -iquote fuzz $WARN"
# Emptied first: the harnesses link every object here, and one left from a
# source file since renamed would define its functions twice.
rm -rf $B/shim
mkdir -p $B/shim
for f in fuzz/shim_fixture.c bindings/libolm/src/*.c; do
    # shellcheck disable=SC2086 # flag lists
    clang $SHIM_CFLAGS -fsanitize=fuzzer-no-link $SAN -c -o "$B/shim/$(basename "$f" .c).o" "$f"
done
for t in $targets; do
    main="fuzz/$t.c"
    shim=""
    case $t in
    fuzz_shim_*)
        # shellcheck disable=SC2086
        clang $SHIM_CFLAGS -fsanitize=fuzzer-no-link $SAN -c -o "$B/shim/$t.o" "fuzz/$t.c"
        main="$B/shim/$t.o"
        shim=$(ls $B/shim/*.o | grep -v '/fuzz_shim_')
        ;;
    esac
    # shellcheck disable=SC2086 # $shim is a list of words
    clang $FZ_CFLAGS -fsanitize=fuzzer $SAN -o $B/fuzz/$t "$main" fuzz/common.c fuzz/fixtures.c fuzz/objects.c \
        $shim $B/libcliquet.a $LIBS
done

# FUZZ_BUILD_ONLY=1: the harnesses are built, nothing is run (fuzz/long.sh
# and fuzz/replay.sh run them their own way).
if [ "${FUZZ_BUILD_ONLY:-0}" = 1 ]; then
    exit 0
fi

status=0
summary=""
for t in $targets; do
    work=$B/corpus/$t
    mkdir -p "$work" "fuzz/corpus/$t" "$B/seeds/$t"
    log=$B/fuzz/$t.log
    echo "== $t: $secs s"
    rc=0
    $B/fuzz/$t -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=4096 -print_final_stats=1 -artifact_prefix=$B/artifacts/$t- \
        "$work" "fuzz/corpus/$t" "$B/seeds/$t" >"$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed 's/^#[0-9]* *[A-Z]* *//' || true)
    if [ "$t" = planted ]; then
        if [ "$rc" -ne 0 ] && grep -q 'ERROR: AddressSanitizer' "$log" \
            && grep -q 'planted.c' "$log"; then
            line="planted: crash found as required (exit $rc): $(grep -m1 'ERROR: AddressSanitizer' "$log")"
        else
            line="planted: FAILED: the planted crash was not found (exit $rc); see $log"
            status=1
        fi
    elif [ "$rc" -ne 0 ]; then
        line="$t: FAILED (exit $rc); log $log, input in $B/artifacts/"
        tail -40 "$log"
        status=1
    else
        line="$t: ok, ${execs:-?} executions, $last"
    fi
    echo "$line"
    summary="$summary
$line"
done
echo
echo "fuzz summary ($secs s per target):$summary"
exit $status
