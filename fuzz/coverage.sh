#!/bin/sh
# fuzz/coverage.sh: line and region coverage of lib/ reached by the fuzz
# corpora (the committed seeds, the regenerated seeds and whatever earlier
# `make fuzz` runs added under build/fuzz/corpus). Builds the library and
# every harness with clang's source-based coverage (no sanitizers) into
# build/fuzz-cov, runs each harness once over its corpus (-runs=0), merges
# the profiles and prints llvm-cov's report per file of lib/. Not run by CI.
set -eu
cd "$(dirname "$0")/.."
B=build/fuzz-cov
COV="-fprofile-instr-generate -fcoverage-mapping"
LIBS="$(pkg-config --libs libsodium 2>/dev/null || echo -lsodium) -lolm -lpthread -lm"

make -s --no-print-directory BUILD=$B CC=clang CFLAGS="$COV" $B/libcliquet.a
[ -d build/fuzz/seeds ] || sh fuzz/make_corpus.sh build/fuzz/seeds
mkdir -p $B/fuzz $B/prof
rm -f $B/prof/*.profraw
objects=""
# The libolm drop-in's harnesses see include/ and its headers only (lib/
# has an olm/olm.h of its own): built apart, as fuzz/run.sh does.
SHIM_CF="-std=c11 -O1 -g -D_DEFAULT_SOURCE -Iinclude -Ibindings/libolm/include -iquote fuzz"
# Emptied first: the harnesses link every object here, and one left from a
# source file since renamed would define its functions twice.
rm -rf $B/shim
mkdir -p $B/shim
for f in fuzz/shim_fixture.c bindings/libolm/src/*.c; do
    # shellcheck disable=SC2086
    clang $SHIM_CF -fsanitize=fuzzer-no-link $COV -c -o "$B/shim/$(basename "$f" .c).o" "$f"
done
# FUZZ_COV_COMMITTED=1: the committed corpora alone (to compare before and
# after a corpus change); a per-harness total line goes to $B/per-harness.
: >$B/per-harness
for src in fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    main=$src
    shim=""
    case $t in
    fuzz_shim_*)
        # shellcheck disable=SC2086
        clang $SHIM_CF -fsanitize=fuzzer-no-link $COV -c -o "$B/shim/$t.o" "$src"
        main="$B/shim/$t.o"
        shim=$(ls $B/shim/*.o | grep -v '/fuzz_shim_')
        ;;
    esac
    # shellcheck disable=SC2086
    clang -std=c11 -O1 -g -D_DEFAULT_SOURCE -Iinclude -iquote lib -iquote fuzz \
        -fsanitize=fuzzer $COV -o $B/fuzz/$t "$main" fuzz/common.c fuzz/fixtures.c \
        fuzz/objects.c $shim $B/libcliquet.a $LIBS
    dirs=""
    if [ "${FUZZ_COV_COMMITTED:-0}" = 1 ]; then
        candidates="fuzz/corpus/$t"
    else
        candidates="fuzz/corpus/$t build/fuzz/seeds/$t build/fuzz/corpus/$t"
    fi
    for d in $candidates; do
        [ -d "$d" ] && dirs="$dirs $d"
    done
    # A crash here (none is expected: make fuzz would have found it) must
    # not hang the report: libFuzzer's crash handler can deadlock in malloc.
    LLVM_PROFILE_FILE="$B/prof/$t.profraw" timeout -s KILL 900 \
        $B/fuzz/$t -runs=0 $dirs >$B/fuzz/$t.log 2>&1 ||
        echo "coverage: $t exited with an error; see $B/fuzz/$t.log"
    objects="$objects -object $B/fuzz/$t"
    if [ -s "$B/prof/$t.profraw" ]; then
        llvm-profdata merge -sparse -o "$B/$t.profdata" "$B/prof/$t.profraw"
        # TOTAL's columns: regions (3), functions (3), lines (3), branches (3).
        # shellcheck disable=SC2046
        llvm-cov report "$B/fuzz/$t" -instr-profile="$B/$t.profdata" $(ls lib/*/*.c) \
            bindings/libolm/src/*.c |
            awk -v t="$t" '/^TOTAL/ {printf "%-26s lines %s of %s, branches %s\n", t, $10, $8, $13}' \
            >>$B/per-harness
    fi
done
llvm-profdata merge -sparse -o $B/fuzz.profdata $B/prof/*.profraw
# The first -object is given without the flag, as llvm-cov wants.
first=${objects# -object }
llvm-cov report $first -instr-profile=$B/fuzz.profdata $(ls lib/*/*.c)
echo
echo "line coverage of lib/ and bindings/libolm/src per harness:"
cat $B/per-harness
