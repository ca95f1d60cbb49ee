#!/bin/sh
# The ABI check (docs/abi.md): compares the built libcliquet.so.N and
# libolm.so.3 with the baselines committed beside this script.
#
#   check.sh check BUILD_DIR SONAME   fail on a removed symbol or an ABI change
#                                     that abidiff calls incompatible
#   check.sh update BUILD_DIR SONAME  rewrite the baselines (a deliberate ABI
#                                     change, in the same commit)
#   check.sh selftest BUILD_DIR SONAME  prove the check fails: a build with one
#                                     exported function renamed must be refused
set -eu
mode=$1
build=$2
soname=$3
here=$(dirname "$0")
shim=$build/bindings/libolm/libolm.so.3

command -v abidiff >/dev/null || { echo "abi: abidiff missing (Debian: abigail-tools)"; exit 1; }

# The exported functions, one a line, sorted: what a program can link to.
exports() {
    nm -D --defined-only "$1" | awk '$2 == "T" {print $3}' | sort
}

# The ABI dump of the public types and functions only, without source
# locations or paths (an edited comment must not change the baseline).
dump() {
    abidw --headers-dir "$2" --drop-private-types --no-corpus-path --no-show-locs \
        --no-comp-dir-path --suppressions "$here/internal.suppr" "$1"
}

# Compares one library with its baseline: 0 when compatible.
compare() {
    lib=$1 name=$2 headers=$3
    # Baseline files are named NAME.symbols / NAME.abi, e.g. libcliquet-1
    status=0
    exports "$lib" > "$tmp/$name.symbols"
    removed=$(comm -23 "$here/$name.symbols" "$tmp/$name.symbols")
    added=$(comm -13 "$here/$name.symbols" "$tmp/$name.symbols")
    if [ -n "$removed" ]; then
        echo "abi: $name: exported functions removed or renamed:"; echo "$removed" | sed 's/^/  /'
        status=1
    fi
    if [ -n "$added" ]; then
        echo "abi: $name: new exported functions (compatible; record them with make abi-baseline):"
        echo "$added" | sed 's/^/  /'
    fi
    dump "$lib" "$headers" > "$tmp/$name.abi"
    # abidiff's exit status is a bit field: 4 an ABI change, 8 an incompatible one.
    rc=0
    abidiff --no-added-syms "$here/$name.abi" "$tmp/$name.abi" > "$tmp/$name.diff" || rc=$?
    if [ $((rc & 8)) -ne 0 ] || [ $((rc & 3)) -ne 0 ]; then
        echo "abi: $name: abidiff reports an incompatible change (exit $rc):"
        sed 's/^/  /' "$tmp/$name.diff"
        status=1
    elif [ $((rc & 4)) -ne 0 ]; then
        echo "abi: $name: abidiff reports a compatible change:"
        sed 's/^/  /' "$tmp/$name.diff"
    fi
    return $status
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $mode in
update)
    exports "$build/libcliquet.so.$soname" > "$here/libcliquet-$soname.symbols"
    dump "$build/libcliquet.so.$soname" include > "$here/libcliquet-$soname.abi"
    exports "$shim" > "$here/libolm-3.symbols"
    dump "$shim" bindings/libolm/include > "$here/libolm-3.abi"
    echo "abi: baselines rewritten in $here"
    ;;
check)
    ok=0
    for f in "libcliquet-$soname" libolm-3; do
        [ -s "$here/$f.symbols" ] && [ -s "$here/$f.abi" ] ||
            { echo "abi: no baseline $here/$f.{symbols,abi} (make abi-baseline)"; exit 1; }
    done
    compare "$build/libcliquet.so.$soname" "libcliquet-$soname" include || ok=1
    compare "$shim" libolm-3 bindings/libolm/include || ok=1
    [ $ok -eq 0 ] || exit 1
    echo "abi: libcliquet.so.$soname ($(wc -l < "$here/libcliquet-$soname.symbols") functions) and libolm.so.3 ($(wc -l < "$here/libolm-3.symbols") functions) match their baselines"
    ;;
selftest)
    # One exported function renamed, as a careless change would: the check
    # must refuse the build.
    renamed=$build/abi-selftest
    make -s --no-print-directory BUILD="$renamed" \
        CFLAGS="-Dcliquet_session_id=cliquet_session_identifier" \
        "$renamed/libcliquet.so.$soname" >/dev/null
    if compare "$renamed/libcliquet.so.$soname" "libcliquet-$soname" include > "$tmp/selftest.out" 2>&1; then
        cat "$tmp/selftest.out"
        echo "abi: selftest FAILED: a renamed export passed the check"
        exit 1
    fi
    grep -q "cliquet_session_id" "$tmp/selftest.out" || { cat "$tmp/selftest.out"; exit 1; }
    echo "abi: selftest: a build with cliquet_session_id renamed is refused"
    ;;
*)
    echo "usage: check.sh check|update|selftest BUILD_DIR SONAME"; exit 2 ;;
esac
