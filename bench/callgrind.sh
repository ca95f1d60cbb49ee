#!/bin/sh
# Instructions per operation for cliquet, libolm and the floor, counted by
# valgrind's callgrind (repeatable whatever the load on the machine).
#   sh bench/callgrind.sh [BENCH_BINARY] [N]
# Each operation below runs N times per implementation (bench --count);
# callgrind collects only inside measured_cliquet/_libolm/_floor.
# SPDX-License-Identifier: Apache-2.0
set -eu
bin=${1:-build/benchmark/bench}
n=${2:-20}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

printf '%-46s %14s %14s %14s %8s %8s\n' "operation (instructions/op)" cliquet libolm floor olm/cq cq/floor
for op in "account creation" "outbound session" "inbound session + first decrypt" \
          "Olm ping-pong 256 B (per message)" "Megolm encrypt 256 B" \
          "Megolm decrypt 256 B" "Megolm encrypt 4 KiB" "Megolm decrypt 4 KiB" \
          "Megolm decrypt 1,000 ahead" "pickle+unpickle account, 50 OTKs (native)" \
          "pickle+unpickle session (native)" \
          "pickle+unpickle inbound group (native)" "PK decrypt (backup entry, 449 B)"; do
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" \
        --toggle-collect=measured_cliquet --toggle-collect=measured_libolm \
        --toggle-collect=measured_floor "$bin" --count "$op" "$n" >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$out/cg" 2>/dev/null >"$out/txt"
    get() {
        # "1,234,567 (12.3%)  bench/bench.c:measured_x [...]" -> 1234567
        awk -v f="$1" '$0 ~ f" " || $0 ~ f"$" || $0 ~ f" \\[" {gsub(",", "", $1); print $1; exit}' "$out/txt"
    }
    c=$(get measured_cliquet); l=$(get measured_libolm); f=$(get measured_floor)
    awk -v op="$op" -v c="$c" -v l="$l" -v f="$f" -v n="$n" 'BEGIN {
        printf "%-46s %14.0f %14.0f %14.0f %7.2fx %7.2fx\n", op, c / n, l / n, f / n, l / c, c / f }'
done
