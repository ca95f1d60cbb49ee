#!/bin/sh
# make install into a scratch DESTDIR, then build the README example with
# `pkg-config --cflags --libs cliquet` against what was installed, run it
# against the installed shared library, and check make uninstall removes
# every file. Usage: check_install.sh BUILD_DIR [SANITIZE]
set -eu
build=$1
: "${SOVERSION:?the Makefile passes the SONAME major}"
if [ "${2:-}" = 1 ] || [ "${2:-}" = thread ]; then
    echo "install: not checked in the sanitizer build (its libraries need the sanitizer runtimes)"
    exit 0
fi
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s --no-print-directory BUILD="$build" install DESTDIR="$dest" PREFIX=/usr >/dev/null
pc="env PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_PATH=$dest/usr/lib/pkgconfig pkg-config"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$dest/example" "$build/readme_example.c" \
    $($pc --cflags --libs cliquet)
LD_LIBRARY_PATH="$dest/usr/lib" "$dest/example" >/dev/null
ldd_out=$(LD_LIBRARY_PATH="$dest/usr/lib" ldd "$dest/example")
case "$ldd_out" in
    *"$dest/usr/lib/libcliquet.so.$SOVERSION"*) ;;
    *) echo "install: the example did not load the installed libcliquet.so.$SOVERSION"; exit 1 ;;
esac
make -s --no-print-directory BUILD="$build" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null
left=$(find "$dest/usr" -type f -o -type l)
if [ -n "$left" ]; then
    echo "install: make uninstall left files behind:"; echo "$left"; exit 1
fi
echo "install: make install/uninstall with DESTDIR and PREFIX, pkg-config and the installed library work"
