#!/bin/sh
# make install into a scratch DESTDIR, then build the README example with
# `pkg-config --cflags --libs cliquet` against what was installed, run it
# against the installed shared library, build the consumers of
# test/consumers with pkg-config and with CMake's find_package (cliquet and
# the drop-in's Olm) and run them, and check make uninstall removes every
# file. Usage: check_install.sh BUILD_DIR [SANITIZE]
# A cross build (make ARCH=...) sets CC and TEST_RUNNER: the example is built
# with the cross compiler and run, and its libraries listed, under qemu.
set -eu
build=$1
: "${SOVERSION:?the Makefile passes the SONAME major}"
if [ "${2:-}" = 1 ] || [ "${2:-}" = thread ]; then
    echo "install: not checked in the sanitizer build (its libraries need the sanitizer runtimes)"
    exit 0
fi
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
# The same build installed under another PREFIX first: the .pc files must
# follow the PREFIX of each install, not the one they were first made with.
make -s --no-print-directory BUILD="$build" install DESTDIR="$dest/other" PREFIX=/opt/cq >/dev/null
make -s --no-print-directory BUILD="$build" install DESTDIR="$dest" PREFIX=/usr >/dev/null
for f in cliquet olm; do
    grep -qx 'prefix=/opt/cq' "$dest/other/opt/cq/lib/pkgconfig/$f.pc"
    grep -qx 'prefix=/usr' "$dest/usr/lib/pkgconfig/$f.pc" || {
        echo "install: $f.pc does not follow PREFIX=/usr"
        exit 1
    }
done
pc="env PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_PATH=$dest/usr/lib/pkgconfig pkg-config"
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -Wall -Werror -o "$dest/example" "$build/readme_example.c" \
    $($pc --cflags --libs cliquet)
LD_LIBRARY_PATH="$dest/usr/lib" ${TEST_RUNNER:-} "$dest/example" >/dev/null
# ldd is the dynamic loader with LD_TRACE_LOADED_OBJECTS set; under qemu the
# variable goes to the emulated program only (-E), not to qemu itself.
if [ -n "${TEST_RUNNER:-}" ]; then
    ldd_out=$(LD_LIBRARY_PATH="$dest/usr/lib" $TEST_RUNNER -E LD_TRACE_LOADED_OBJECTS=1 \
        "$dest/example")
else
    ldd_out=$(LD_LIBRARY_PATH="$dest/usr/lib" ldd "$dest/example")
fi
case "$ldd_out" in
    *"$dest/usr/lib/libcliquet.so.$SOVERSION"*) ;;
    *) echo "install: the example did not load the installed libcliquet.so.$SOVERSION"; exit 1 ;;
esac

# The consumers: cliquet_consumer must report this version, olm_consumer the
# drop-in's (Debian's libolm.so.3 reports its own, 3.2.13).
version=$(make -s --no-print-directory print-VERSION)
shim_version=$(sed -n 's/^SHIM_VERSION *:= *//p' bindings/libolm/libolm.mk)
consumers_run() { # DIR HOW
    out=$(LD_LIBRARY_PATH="$dest/usr/lib" ${TEST_RUNNER:-} "$1/cliquet_consumer") &&
        [ "$out" = "cliquet $version" ] ||
        { echo "install: cliquet_consumer ($2) said: $out"; exit 1; }
    out=$(LD_LIBRARY_PATH="$dest/usr/lib" ${TEST_RUNNER:-} "$1/olm_consumer") &&
        [ "$out" = "olm $shim_version" ] ||
        { echo "install: olm_consumer ($2) said: $out (not the drop-in $shim_version)"; exit 1; }
}
mkdir "$dest/pc"
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -Wall -Werror -o "$dest/pc/cliquet_consumer" \
    test/consumers/cliquet_consumer.c $($pc --cflags --libs cliquet)
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -Wall -Werror -o "$dest/pc/olm_consumer" \
    test/consumers/olm_consumer.c $($pc --cflags --libs olm)
consumers_run "$dest/pc" pkg-config
# CMake takes the compiler and its options apart.
# shellcheck disable=SC2086
set -- ${CC:-cc}
cmake_cc=$1
shift
cmake -S test/consumers -B "$dest/cmake" -DCMAKE_PREFIX_PATH="$dest/usr" \
    -DCLIQUET_VERSION="$version" \
    -DCMAKE_C_COMPILER="$cmake_cc" -DCMAKE_C_FLAGS="$*" >"$dest/cmake.log" 2>&1 &&
    cmake --build "$dest/cmake" >>"$dest/cmake.log" 2>&1 ||
    { cat "$dest/cmake.log"; echo "install: the CMake consumers did not build"; exit 1; }
# Debian's libolm-dev has an OlmConfig.cmake too: the installed one must win.
for p in cliquet Olm; do
    grep -qx "${p}_DIR:PATH=$dest/usr/lib/cmake/$p" "$dest/cmake/CMakeCache.txt" ||
        { echo "install: find_package($p) did not take the installed package"; exit 1; }
done
consumers_run "$dest/cmake" CMake

make -s --no-print-directory BUILD="$build" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null
left=$(find "$dest/usr" -type f -o -type l)
if [ -n "$left" ]; then
    echo "install: make uninstall left files behind:"; echo "$left"; exit 1
fi
echo "install: make install/uninstall with DESTDIR and PREFIX, pkg-config and the installed library work"
echo "install: consumers of cliquet $version and Olm $shim_version (drop-in) built with pkg-config and with CMake (find_package, cliquet::cliquet, Olm::Olm) run"
