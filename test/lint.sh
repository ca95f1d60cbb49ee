#!/bin/sh
# make lint: four static analysers over the C sources of LINT_DIRS.
#
#   cppcheck      (warning, style, performance, portability)
#   clang-tidy    (the checks of .clang-tidy: bugprone, cert, clang-analyzer, misc)
#   gcc -fanalyzer
#   scan-build    (clang's static analyzer, as a compiler wrapper)
#
# Every finding fails the run. A finding that is wrong is suppressed where it
# is, with its reason on the same or the line above:
#   cppcheck:   /* cppcheck-suppress <id> ; reason */
#   clang-tidy: /* NOLINT(<check>): reason */  or  NOLINTNEXTLINE(<check>)
#   the two analyzers have no inline suppressions: rewrite the code instead.
#
# Usage: sh test/lint.sh [tool...]   (default: all four; LINT_DIRS and
# BUILD from the environment). Reports go to $BUILD/lint/.
set -u

# The default scope is the internal layers; lib/api and bindings/libolm/src
# (the public ABI and the libolm shim) join it with LINT_DIRS once their
# findings are fixed: make lint LINT_DIRS="... lib/api bindings/libolm/src".
LINT_DIRS=${LINT_DIRS:-"lib/core lib/crypto lib/olm lib/megolm lib/pk lib/sas lib/pickle"}
BUILD=${BUILD:-build}
OUT=$BUILD/lint
TOOLS=${*:-"cppcheck clang-tidy analyzer scan-build"}

# The flags the files are built with (the Makefile's), minus -Werror where a
# tool's own warnings must be counted rather than stop the compile.
SODIUM_CFLAGS=$(pkg-config --cflags libsodium 2>/dev/null)
LIB_DEFS="-std=c11 -D_DEFAULT_SOURCE -Iinclude -iquote lib $SODIUM_CFLAGS"
# The shim sees include/ and its own headers only, never lib/ (whose
# "olm/olm.h" would shadow libolm's): the Makefile's SHIM_CFLAGS.
SHIM_DEFS="-std=c11 -D_DEFAULT_SOURCE -Iinclude -Ibindings/libolm/include $SODIUM_CFLAGS"

defs_for() {
    case $1 in
        bindings/*) echo "$SHIM_DEFS" ;;
        *) echo "$LIB_DEFS" ;;
    esac
}

files=""
for d in $LINT_DIRS; do
    for f in "$d"/*.c; do
        [ -f "$f" ] && files="$files $f"
    done
done
mkdir -p "$OUT"
failed=""

# cppcheck's checks, all of warning, style, performance and portability but
# one: variableScope ("the scope of x can be reduced"). The house style
# declares a function's variables at its top, so that the one exit path
# wipes every secret temporary; narrowing scopes would scatter the wipes.
run_cppcheck() {
    rc=0
    : >"$OUT/cppcheck.txt"
    for f in $files; do
        case $f in
            bindings/*) inc="-Iinclude -Ibindings/libolm/include -Ibindings/libolm/src" ;;
            *) inc="-Iinclude -Ilib -I$(dirname "$f")" ;;
        esac
        cppcheck --quiet --std=c11 --enable=warning,style,performance,portability \
            --inline-suppr --error-exitcode=1 --suppress=missingIncludeSystem \
            --suppress=variableScope -D_DEFAULT_SOURCE $inc \
            --template='{file}:{line}: {severity} ({id}): {message}' \
            "$f" >>"$OUT/cppcheck.txt" 2>&1 || rc=1
    done
    return $rc
}

run_clang_tidy() {
    rc=0
    : >"$OUT/clang-tidy.txt"
    for f in $files; do
        clang-tidy --quiet "$f" -- $(defs_for "$f") >>"$OUT/clang-tidy.txt" 2>/dev/null || rc=1
    done
    # clang-tidy exits 0 on warnings; any "warning:" or "error:" line counts.
    if grep -qE '(warning|error):' "$OUT/clang-tidy.txt"; then rc=1; fi
    return $rc
}

run_analyzer() {
    rc=0
    : >"$OUT/analyzer.txt"
    for f in $files; do
        gcc $(defs_for "$f") -O1 -fanalyzer -c "$f" -o /dev/null >>"$OUT/analyzer.txt" 2>&1 || rc=1
    done
    if grep -qE '(warning|error):' "$OUT/analyzer.txt"; then rc=1; fi
    return $rc
}

run_scan_build() {
    rc=0
    : >"$OUT/scan-build.txt"
    for f in $files; do
        scan-build --status-bugs -o "$OUT/scan-build" clang $(defs_for "$f") -c "$f" -o /dev/null \
            >>"$OUT/scan-build.txt" 2>&1 || rc=1
    done
    if grep -qE '(warning|error):' "$OUT/scan-build.txt"; then rc=1; fi
    return $rc
}

for tool in $TOOLS; do
    case $tool in
        cppcheck) run_cppcheck ;;
        clang-tidy) run_clang_tidy ;;
        analyzer) run_analyzer ;;
        scan-build) run_scan_build ;;
        *) echo "lint: unknown tool $tool"; exit 2 ;;
    esac
    status=$?
    report=$OUT/$tool.txt
    count=$(grep -cE '(warning|error|style|performance|portability)[: (]' "$report" 2>/dev/null)
    if [ $status -ne 0 ]; then
        failed="$failed $tool"
        echo "lint: $tool: FAILED ($count findings, $report):"
        grep -E '(warning|error|style|performance|portability)[: (]' "$report" | sed 's/^/  /'
    else
        echo "lint: $tool: 0 findings"
    fi
done
echo "lint: $(echo $files | wc -w) files in: $LINT_DIRS"
if [ -n "$failed" ]; then
    echo "lint: FAILED:$failed"
    exit 1
fi
echo "lint: ok"
