#!/bin/sh
# proofs/wp.sh: WP on lib/core's contracts, one line per file with its goals
# proved/total; exits non-zero if any goal is left unproved. Provers: Z3
# and CVC4 from Debian through Why3 (Alt-Ergo is not packaged in Debian 12).
# -wp-rte adds a goal for every possible runtime error (out-of-bounds
# access, signed overflow, invalid shift) besides the contracts' own.
# The Typed+cast memory model lets memcpy's void * view of a byte buffer
# meet the uint8_t * one. Logs are kept in $PROOFS_LOG_DIR (build/proofs).
# SPDX-License-Identifier: Apache-2.0
set -u
logdir=${PROOFS_LOG_DIR:-build/proofs}
mkdir -p "$logdir"
why3 config detect >/dev/null 2>&1 || true
status=0
# One frama-c run per file, all of lib/core parsed each time (so that calls
# between files use the callee's proved contract), goals selected by the
# functions the file defines.
core="lib/core/varint.c lib/core/bytes.c lib/core/ct.c"
for f in lib/core/core.h $core; do
    name=$(basename "$f")
    log=$logdir/wp-$name.log
    fns=$(sed -n 's/^[a-z].* \**\(cq_[a-z0-9_]*\)(.*/\1/p' "$f" | grep -v ';' | sort -u | paste -sd, -)
    if [ "$f" = lib/core/core.h ]; then
        fns=$(sed -n 's/^static inline .* \(cq_[a-z0-9_]*\)(.*/\1/p' "$f" | paste -sd, -)
    fi
    start=$(date +%s)
    frama-c -machdep x86_64 \
        -cpp-extra-args="-Iproofs/include -Iinclude -iquote lib -Ilib -D_DEFAULT_SOURCE" \
        $core -wp -wp-rte -wp-model Typed+cast -wp-prover z3,cvc4 \
        -wp-timeout 20 -wp-par 2 -wp-fct "$fns" >"$log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    line=$(sed -n 's/^\[wp\] Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\1 \2/p' "$log")
    proved=${line% *}
    total=${line#* }
    if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
        printf 'wp   %-28s FAILED to run (frama-c exit %s), see %s\n' "$f" "$rc" "$log"
        status=1
        continue
    fi
    printf 'wp   %-28s %3s/%-3s goals proved  %ss  (%s)\n' "$f" "$proved" "$total" "$secs" "$fns"
    if [ "$proved" != "$total" ]; then
        grep '\[Failed\]\|\[Timeout\]\|\[Unknown\]' "$log" | sed 's/^/     /'
        status=1
    fi
done
exit $status
