#!/bin/sh
# make install into a scratch DESTDIR, then build the README example with
# `pkg-config --cflags --libs cliquet` against what was installed, run it
# against the installed shared library, and check make uninstall removes
# every file. Usage: check_install.sh BUILD_DIR [SANITIZE]
# A cross build (make ARCH=...) sets CC and TEST_RUNNER: the example is built
# with the cross compiler and run, and its libraries listed, under qemu.
set -eu
build=$1
if [ "${2:-}" = 1 ]; then
    echo "install: not checked in the sanitizer build (its libraries need the sanitizer runtimes)"
    exit 0
fi
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s --no-print-directory BUILD="$build" install DESTDIR="$dest" PREFIX=/usr >/dev/null
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
    *"$dest/usr/lib/libcliquet.so.0"*) ;;
    *) echo "install: the example did not load the installed libcliquet.so.0"; exit 1 ;;
esac
make -s --no-print-directory BUILD="$build" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null
left=$(find "$dest/usr" -type f -o -type l)
if [ -n "$left" ]; then
    echo "install: make uninstall left files behind:"; echo "$left"; exit 1
fi
echo "install: make install/uninstall with DESTDIR and PREFIX, pkg-config and the installed library work"
