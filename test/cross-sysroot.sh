#!/bin/sh
# Unpacks Debian packages of another architecture into a private directory
# (make deps ARCH=...; arch.mk says why these are not installed). Skips the
# work when the same versions are already unpacked there.
# Usage: cross-sysroot.sh ARCH SYSROOT PACKAGE...
set -eu
arch=$1
sysroot=$2
shift 2
want=""
for p in "$@"; do
    v=$(apt-cache policy "$p:$arch" | sed -n 's/^ *Candidate: //p')
    if [ -z "$v" ] || [ "$v" = "(none)" ]; then
        echo "deps: no $p for $arch in the package lists (apt-get update?)"
        exit 1
    fi
    want="$want $p=$v"
done
if [ -f "$sysroot/.packages" ] && [ "$(cat "$sysroot/.packages")" = "$want" ]; then
    exit 0
fi
echo "deps: unpacking$want ($arch) into $sysroot"
rm -rf "$sysroot"
mkdir -p "$sysroot/.debs"
for pv in $want; do
    # apt-get says on stderr that root downloads unsandboxed; only a failure matters.
    (cd "$sysroot/.debs" && apt-get download -qq "${pv%%=*}:$arch=${pv#*=}" 2>/dev/null) ||
        { echo "deps: apt-get download ${pv%%=*}:$arch=${pv#*=} failed"; exit 1; }
done
for deb in "$sysroot"/.debs/*.deb; do
    dpkg-deb -x "$deb" "$sysroot"
done
rm -rf "$sysroot/.debs"
echo "$want" > "$sysroot/.packages"
