#!/bin/sh
# The shim against Debian's libolm, from outside:
#   1. the ABI: every function Debian's libolm headers declare is declared by
#      the shim's headers with the same prototype, exported by Debian's
#      libolm.so.3 and by the shim, and the shim exports nothing else;
#   2. the transcript: transcript.c, built against each library, prints the
#      same thing (results, errors, outputs, input buffers after each call);
#   3. conversations across the two libraries, from C and from python-olm
#      (interop.py).
# Usage: interop.sh <shim build dir> [1 when built with SANITIZE=1]
# Prints cmocka-style counts for test/run.sh. Run from the repository root.
set -u
dir=$1
sanitize=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { echo "[       OK ] $1"; passed=$((passed + 1)); }
ko() { echo "[  FAILED  ] $1"; failed=$((failed + 1)); }

# ---- 1. the ABI ---------------------------------------------------------------
printf '#include <olm/olm.h>\n#include <olm/pk.h>\n#include <olm/sas.h>\n' > "$tmp/all.c"
# gcc writes each declaration's prototype, parameter names dropped.
prototypes() {
    gcc -fsyntax-only "$@" -aux-info "$tmp/aux" "$tmp/all.c" &&
        sed -e 's#^/\* [^*]*\*/ ##' "$tmp/aux" | grep -E '[ *](_?olm_[a-z0-9_]*) \(' | sort
}
prototypes > "$tmp/debian.proto"
prototypes -Ibindings/libolm/include > "$tmp/shim.proto"
sed -E 's/.*[ *](_?olm_[a-z0-9_]*) \(.*/\1/' "$tmp/debian.proto" | sort -u > "$tmp/declared"
nm -D --defined-only /usr/lib/x86_64-linux-gnu/libolm.so.3 2>/dev/null |
    awk '{print $3}' | sort -u > "$tmp/debian.exports"
nm -D --defined-only "$dir/libolm.so.3" | awk '{print $3}' | sort -u > "$tmp/shim.exports"
n=$(wc -l < "$tmp/declared")
if [ "$n" -lt 140 ]; then
    ko "abi: only $n functions found in Debian's headers"
else
    ok "abi: $n functions declared in Debian's libolm headers"
fi
if diff "$tmp/debian.proto" "$tmp/shim.proto" > "$tmp/diff"; then
    ok "abi: the shim's headers declare the same $n prototypes"
else
    cat "$tmp/diff"
    ko "abi: prototypes differ"
fi
missing=$(comm -23 "$tmp/declared" "$tmp/debian.exports")
[ -z "$missing" ] && ok "abi: Debian's libolm.so.3 exports all $n" ||
    { echo "not in Debian's library: $missing"; ko "abi: Debian exports"; }
missing=$(comm -23 "$tmp/declared" "$tmp/shim.exports")
if [ -z "$missing" ]; then
    ok "abi: the shim exports all $n"
else
    echo "missing from the shim: $missing"
    ko "abi: shim exports"
fi
extra=$(comm -13 "$tmp/declared" "$tmp/shim.exports")
if [ -z "$extra" ]; then
    ok "abi: the shim exports nothing else"
else
    echo "exported beyond libolm's API: $extra"
    ko "abi: shim exports extra symbols"
fi
soname=$(readelf -d "$dir/libolm.so.3" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
needed=$(readelf -d "$dir/libolm.so.3" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')
echo "abi: SONAME $soname, needs $needed"
case "$soname:$needed" in
libolm.so.3:*libsodium*) ok "abi: SONAME libolm.so.3, cliquet linked in" ;;
*) ko "abi: SONAME or dependencies" ;;
esac
case "$needed" in *cliquet*|*libolm*) ko "abi: depends on another cliquet or libolm" ;; esac

# ---- 2. the transcript ----------------------------------------------------------
if "$dir/test/transcript_ref" > "$tmp/ref.txt" && "$dir/test/transcript_shim" > "$tmp/shim.txt"; then
    lines=$(wc -l < "$tmp/ref.txt")
    if diff "$tmp/ref.txt" "$tmp/shim.txt" > "$tmp/diff"; then
        ok "transcript: $lines lines, identical with Debian's libolm and with the shim"
    else
        head -40 "$tmp/diff"
        ko "transcript: the shim differs from Debian's libolm"
    fi
else
    ko "transcript: a program failed"
fi

# ---- 3. conversations -------------------------------------------------------------
# interop.py prints its own counts; its status is kept for the exit status.
py_status=0
if [ ! -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import olm' 2>/dev/null; then
    ko "interop: Debian's python3-olm is not installed (make deps)"
elif [ "$sanitize" = 1 ]; then
    # python3 is not built with the sanitizers: load their runtimes first.
    LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)" \
        ASAN_OPTIONS=detect_leaks=0 /usr/bin/python3 bindings/libolm/test/interop.py "$dir" all
    py_status=$?
else
    /usr/bin/python3 bindings/libolm/test/interop.py "$dir" all
    py_status=$?
fi

echo "[  PASSED  ] $passed test(s)."
if [ "$failed" -gt 0 ]; then
    echo "[  FAILED  ] $failed test(s), listed above."
fi
[ "$failed" -eq 0 ] && [ "$py_status" -eq 0 ]
