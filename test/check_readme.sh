#!/bin/sh
# Compiles and runs the C example in README.md against the static library, so
# the README cannot drift from the API. Usage: check_readme.sh BUILD_DIR [SANITIZE]
set -eu
build=$1
san=
# A sanitizer build's library needs the sanitizer runtimes linked in
# (SANITIZE=1: ASan and UBSan; thread: ThreadSanitizer, make test TSAN=1).
if [ "${2:-}" = 1 ]; then
    san="-fsanitize=address,undefined"
elif [ "${2:-}" = thread ]; then
    san="-fsanitize=thread"
fi
src=$build/readme_example.c
awk '/^## A short example/ {on=1} on && /^```c$/ {code=1; next} code && /^```$/ {exit} code {print}' \
    README.md > "$src"
[ -s "$src" ] || { echo "readme: no C example found"; exit 1; }
# CC and TEST_RUNNER: a cross build's compiler and emulator (arch.mk).
${CC:-cc} -std=c11 -Wall -Wextra -Werror $san -Iinclude -o "$build/readme_example" "$src" \
    "$build/libcliquet.a" $(pkg-config --libs libsodium) -lpthread
${TEST_RUNNER:-} "$build/readme_example" >/dev/null
echo "readme: the README example compiles and runs"
