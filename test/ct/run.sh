#!/bin/sh
# The constant-time check (make ct). For each compiler and optimisation
# level: builds lib/core, lib/crypto, the protocol layers (lib/olm,
# lib/megolm, lib/pk, lib/pickle, lib/sas, lib/ecies) and the API layer
# (lib/api: test/ct/ct_api.c's cases) with the Makefile's own flags in
# build/ct-<cc><level>, links test/ct/ct_check.c against them, runs its
# primitives and protocols modes under valgrind's memcheck (and the
# sha-standin mode, with test/ct/sha_standin.c linked in), and compares the
# errors memcheck counted inside each checked call with test/ct/expected.txt.
# It also runs the two deliberately leaky modes and fails unless memcheck
# catches both.
# docs/constant-time.md says what this proves and how to read a failure.
#
# Environment: CT_CCS (default "gcc clang"), CT_OPTS (default
# "-O0 -O2 -O3 -Os") to narrow a run while debugging.
set -u
cd "$(dirname "$0")/../.." || exit 1

CCS=${CT_CCS:-"gcc clang"}
OPTS=${CT_OPTS:-"-O0 -O2 -O3 -Os"}
EXPECTED=test/ct/expected.txt
SODIUM_CFLAGS=$(pkg-config --cflags libsodium 2>/dev/null)
SODIUM_LIBS=$(pkg-config --libs libsodium 2>/dev/null || echo -lsodium)

passed=0
failed=0
skipped=0

# row CC OPT NAME EXPECTED OBSERVED VERDICT [NOTE]
row() {
    printf 'ct %-5s %-3s %-34s expected %-3s observed %-4s %s%s\n' \
        "$1" "$2" "$3" "$4" "$5" "$6" "${7:+ ($7)}"
    case $6 in
    pass) passed=$((passed + 1)) ;;
    skip) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1)) ;;
    esac
}

# The valgrind log of one case: from its marker to the next one.
show_case_log() {
    awk -v want="ct-case $2" '
        /\*\*[0-9]+\*\* ct-case / { on = (index($0, want) > 0 && substr($0, index($0, want)) == want); next }
        on { sub(/^==[0-9]+== ?/, ""); print "    | " $0 }
    ' "$1" | head -n 60
}

# expected_for NAME CONFIG: the count expected.txt gives, with a
# CONFIG=N override (e.g. gcc-O0=3) taking precedence; empty if unlisted.
expected_for() {
    awk -v name="$1" -v config="$2" '
        /^[ \t]*#/ || NF < 2 { next }
        $1 == name {
            n = $2
            for (i = 3; i <= NF && $i != "#"; i++) {
                split($i, kv, "=")
                if (kv[1] == config) n = kv[2]
            }
            print n; exit
        }
    ' "$EXPECTED"
}

build_config() { # CC OPT DIR
    objs=""
    for src in lib/core/*.c lib/crypto/*.c lib/olm/*.c lib/megolm/*.c \
               lib/pk/*.c lib/pickle/*.c lib/sas/*.c lib/ecies/*.c lib/api/*.c; do
        objs="$objs $3/${src%.c}.o"
    done
    # From scratch: make tracks sources, not flags, and a build is cheap.
    rm -rf "$3"
    mkdir -p "$3"
    # DWARF 4: valgrind 3.19 cannot read clang 14's default DWARF 5 and
    # gives up on the whole program.
    # shellcheck disable=SC2086 # objs is a list of paths without spaces
    # SANITIZE= : a sanitizer build cannot run under valgrind, whatever
    # the calling make was given.
    make --no-print-directory -j2 BUILD="$3" OPT="$2" CC="$1" SANITIZE= \
        CFLAGS="${CFLAGS:-} -gdwarf-4" $objs \
        >"$3/build.log" 2>&1 || return 1
    rm -f "$3/libct.a"
    # shellcheck disable=SC2086
    ar rcs "$3/libct.a" $objs || return 1
    # shellcheck disable=SC2086
    "$1" -std=c11 "$2" -g -gdwarf-4 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Iinclude -iquote lib \
        $SODIUM_CFLAGS -o "$3/ct_check" test/ct/ct_check.c test/ct/ct_api.c test/ct/ct_api_more.c \
        "$3/libct.a" $SODIUM_LIBS -lpthread >>"$3/build.log" 2>&1 || return 1
    # ct_check_standin: test/ct/sha_standin.c's portable compression in
    # place of SHA-NI (linked first, so libct.a's sha256_ni.o stays out),
    # for the sha-standin mode.
    # shellcheck disable=SC2086
    "$1" -std=c11 "$2" -g -gdwarf-4 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Iinclude -iquote lib \
        $SODIUM_CFLAGS -o "$3/ct_check_standin" test/ct/ct_check.c test/ct/ct_api.c \
        test/ct/ct_api_more.c test/ct/sha_standin.c "$3/libct.a" $SODIUM_LIBS -lpthread >>"$3/build.log" 2>&1
}

# run_mode DIR MODE: runs ct_check MODE under memcheck (ct_check_standin
# for the sha-standin mode); sets vg_rc.
run_mode() {
    bin=ct_check
    [ "$2" = sha-standin ] && bin=ct_check_standin
    valgrind --tool=memcheck --error-exitcode=99 --track-origins=yes \
        --error-limit=no --log-file="$1/$2.vg.log" \
        "$1/$bin" "$2" >"$1/$2.out" 2>&1
    vg_rc=$?
}

# Total errors in memcheck's closing summary.
summary_errors() {
    sed -n 's/.*ERROR SUMMARY: \([0-9][0-9]*\) errors.*/\1/p' "$1" | tail -n 1
}

# run_cases CC OPT DIR MODE: runs one mode of ct_check. Every case it ran
# must be listed in expected.txt, and memcheck's total must equal the sum of
# the cases' counts (an error outside every measured window, in the harness
# itself, would be missed by the per-case counts).
run_cases() {
    cc=$1 opt=$2 dir=$3 mode=$4 config="$1$2"
    run_mode "$dir" "$mode"
    out="$dir/$mode.out" log="$dir/$mode.vg.log"
    if ! grep -q "^done $mode\$" "$out"; then
        row "$cc" "$opt" "(ct_check $mode)" - - FAIL "did not finish, exit $vg_rc"
        sed 's/^/    | /' "$out" | tail -n 20
        return
    fi
    sum=0
    for name in $(sed -n 's/^case \([^ ]*\) .*/\1/p' "$out"); do
        sum=$((sum + $(grep "^case $name " "$out" | cut -d' ' -f3)))
        if [ -z "$(expected_for "$name" "$config")" ]; then
            row "$cc" "$opt" "$name" - "$(grep "^case $name " "$out" | cut -d' ' -f3)" FAIL "not in $EXPECTED"
        fi
    done
    total=$(summary_errors "$log")
    if [ "${total:-x}" != "$sum" ]; then
        row "$cc" "$opt" "(errors outside cases)" "$sum" "${total:-?}" FAIL "see $log"
    elif { [ "$total" -gt 0 ] && [ "$vg_rc" -ne 99 ]; } ||
         { [ "$total" -eq 0 ] && [ "$vg_rc" -ne 0 ]; }; then
        row "$cc" "$opt" "(valgrind exit code)" - "$vg_rc" FAIL "inconsistent with $total errors"
    fi
}

# judge_cases CC OPT DIR: every case expected.txt lists must have run (in
# one of the modes) with a correct result and exactly the expected count.
judge_cases() {
    cc=$1 opt=$2 dir=$3 config="$1$2"
    for name in $(awk '!/^[ \t]*#/ && NF >= 2 { print $1 }' "$EXPECTED"); do
        want=$(expected_for "$name" "$config")
        line=$(cat "$dir/primitives.out" "$dir/protocols.out" "$dir/sha-standin.out" 2>/dev/null | grep "^case $name ")
        group=${name%%/*}
        skipline=$(cat "$dir/primitives.out" "$dir/protocols.out" "$dir/sha-standin.out" 2>/dev/null | grep "^skip $group ")
        if [ -z "$line" ] && [ -n "$skipline" ]; then
            row "$cc" "$opt" "$name" "$want" - skip "$(echo "$skipline" | cut -d' ' -f3-)"
            continue
        fi
        if [ -z "$line" ]; then
            row "$cc" "$opt" "$name" "$want" - FAIL "case did not run"
            continue
        fi
        got=$(echo "$line" | cut -d' ' -f3)
        result=$(echo "$line" | cut -d' ' -f4)
        if [ "$result" = blind ]; then
            row "$cc" "$opt" "$name" "$want" "$got" FAIL "output not tainted: the case proves nothing"
        elif [ "$result" != ok ]; then
            row "$cc" "$opt" "$name" "$want" "$got" FAIL "wrong result"
        elif [ "$got" != "$want" ]; then
            row "$cc" "$opt" "$name" "$want" "$got" FAIL "secret-dependent branch or index count changed"
            for mode in primitives protocols sha-standin; do
                show_case_log "$dir/$mode.vg.log" "$name"
            done
        else
            row "$cc" "$opt" "$name" "$want" "$got" pass
        fi
    done
}

# check_leak CC OPT DIR MODE CASE KIND: memcheck must report KIND.
check_leak() {
    run_mode "$3" "$4"
    got=$(sed -n "s|^case $5 \([0-9]*\) .*|\1|p" "$3/$4.out")
    if ! grep -q "^done $4\$" "$3/$4.out"; then
        row "$1" "$2" "$5" ">0" - FAIL "did not finish, exit $vg_rc"
    elif [ "$vg_rc" -ne 99 ] || [ "${got:-0}" -eq 0 ] ||
         ! grep -q "$6" "$3/$4.vg.log"; then
        row "$1" "$2" "$5" ">0" "${got:-0}" FAIL "memcheck missed a deliberate leak: the check is blind"
    else
        row "$1" "$2" "$5" ">0" "$got" pass "caught: $6"
    fi
}

if ! command -v valgrind >/dev/null 2>&1; then
    echo "ct: valgrind is missing (make deps installs it)"
    echo "ct: 0 passed, 1 failed"
    exit 1
fi

start=$(date +%s)
for cc in $CCS; do
    for opt in $OPTS; do
        dir="build/ct-$cc$opt"
        if ! command -v "$cc" >/dev/null 2>&1; then
            row "$cc" "$opt" "(compiler)" - - FAIL "$cc not found"
            continue
        fi
        if ! build_config "$cc" "$opt" "$dir"; then
            row "$cc" "$opt" "(build)" - - FAIL "see $dir/build.log"
            tail -n 20 "$dir/build.log" | sed 's/^/    | /'
            continue
        fi
        run_cases "$cc" "$opt" "$dir" primitives
        run_cases "$cc" "$opt" "$dir" protocols
        run_cases "$cc" "$opt" "$dir" sha-standin
        judge_cases "$cc" "$opt" "$dir"
        check_leak "$cc" "$opt" "$dir" leak-sbox leak/sbox \
            "Use of uninitialised value of size"
        check_leak "$cc" "$opt" "$dir" leak-memcmp leak/memcmp \
            "Conditional jump or move depends on uninitialised value"
    done
done

echo "ct: compilers: $CCS; levels: $OPTS; $(($(date +%s) - start)) s"
if [ "$skipped" -gt 0 ]; then
    echo "ct: $passed passed, $failed failed, $skipped skipped"
else
    echo "ct: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
