#!/bin/sh
# fuzz/make_corpus.sh [OUT_DIR]: builds fuzz/make_corpus.c against the
# fuzzing build of the library (build/fuzz) and writes every seed corpus,
# OUT_DIR/<target>/seed-* (default OUT_DIR: fuzz/corpus, the committed
# seeds). Other files in the corpus directories (committed crash inputs,
# named regress-*) are left alone.
set -eu
cd "$(dirname "$0")/.."
out=${1:-fuzz/corpus}
B=build/fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
WARN="-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion \
-Wstrict-prototypes -Wmissing-prototypes -Wvla -Wcast-qual -Wformat=2 -Werror"
LIBS="$(pkg-config --libs libsodium 2>/dev/null || echo -lsodium) -lolm -lpthread -lm"

make -s --no-print-directory BUILD=$B CC=clang \
    CFLAGS="-fsanitize=fuzzer-no-link $SAN" $B/libcliquet.a
mkdir -p $B/fuzz
clang -std=c11 -O1 -g -D_DEFAULT_SOURCE -Iinclude -iquote lib -iquote fuzz $WARN \
    -fsanitize=fuzzer-no-link $SAN -o $B/fuzz/make_corpus \
    fuzz/make_corpus.c fuzz/common.c fuzz/fixtures.c fuzz/objects.c $B/libcliquet.a $LIBS
rm -f "$out"/*/seed-*
$B/fuzz/make_corpus "$out"
