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
for src in fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    clang -std=c11 -O1 -g -D_DEFAULT_SOURCE -Iinclude -iquote lib -iquote fuzz \
        -fsanitize=fuzzer $COV -o $B/fuzz/$t "$src" fuzz/common.c fuzz/fixtures.c \
        fuzz/objects.c $B/libcliquet.a $LIBS
    dirs=""
    for d in fuzz/corpus/$t build/fuzz/seeds/$t build/fuzz/corpus/$t; do
        [ -d "$d" ] && dirs="$dirs $d"
    done
    # A crash here (none is expected: make fuzz would have found it) must
    # not hang the report: libFuzzer's crash handler can deadlock in malloc.
    LLVM_PROFILE_FILE="$B/prof/$t.profraw" timeout -s KILL 900 \
        $B/fuzz/$t -runs=0 $dirs >$B/fuzz/$t.log 2>&1 ||
        echo "coverage: $t exited with an error; see $B/fuzz/$t.log"
    objects="$objects -object $B/fuzz/$t"
done
llvm-profdata merge -sparse -o $B/fuzz.profdata $B/prof/*.profraw
# The first -object is given without the flag, as llvm-cov wants.
first=${objects# -object }
llvm-cov report $first -instr-profile=$B/fuzz.profdata $(ls lib/*/*.c)
