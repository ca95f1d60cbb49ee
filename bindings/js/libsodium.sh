#!/bin/sh
# bindings/js/libsodium.sh OUT_DIR: libsodium for WebAssembly, from
# Debian 12's source package (libsodium 1.0.18-1+deb12u1), built with emcc.
#
# The sources come through apt's ordinary client, with a private sources
# list of deb-src lines and private state directories under OUT_DIR, so the
# system's apt configuration is neither needed nor touched. Each file is
# checked against the SHA-256 pinned below before it is used; Debian's
# patch (its series) is applied. Writes OUT_DIR/libsodium.a and
# OUT_DIR/include/ (sodium.h and the generated version.h).
set -eu

out=$1
EMCC=${EMCC:-emcc}
EMAR=${EMAR:-emar}
version=1.0.18
debver=1.0.18-1+deb12u1

# The three files of the source package, as Debian 12 publishes them.
pins="d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4  libsodium_1.0.18.orig.tar.gz
f410474e46346b06b162defa05b1be26906aeed6cf309e3d4ebe30b4d1350733  libsodium_1.0.18-1+deb12u1.debian.tar.xz
2c23c57b5a9385dab5a1916014c9b5f2cdd7dadeb8a35b28c1bfb603ce7095c4  libsodium_1.0.18-1+deb12u1.dsc"

mkdir -p "$out/apt/lists/partial" "$out/apt/cache/archives/partial" "$out/dl"
out=$(cd "$out" && pwd)

if ! (cd "$out/dl" && printf '%s\n' "$pins" | sha256sum --quiet -c - >/dev/null 2>&1); then
    cat > "$out/apt/sources.list" <<LIST
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian-security bookworm-security main
LIST
    opts="-o Dir::Etc::SourceList=$out/apt/sources.list -o Dir::Etc::SourceParts=/dev/null
          -o Dir::State::Lists=$out/apt/lists -o Dir::Cache=$out/apt/cache
          -o APT::Sandbox::User=root"
    # shellcheck disable=SC2086
    apt-get $opts -qq update
    # shellcheck disable=SC2086
    (cd "$out/dl" && apt-get $opts -qq source --download-only "libsodium=$debver")
    (cd "$out/dl" && printf '%s\n' "$pins" | sha256sum --quiet -c -)
fi

src=$out/libsodium-$version
rm -rf "$src" "$out/debian"
tar -xzf "$out/dl/libsodium_$version.orig.tar.gz" -C "$out"
tar -xJf "$out/dl/libsodium_$debver.debian.tar.xz" -C "$out"
for p in $(grep -v '^#' "$out/debian/patches/series"); do
    patch -s -d "$src" -p1 < "$out/debian/patches/$p"
done

# version.h as libsodium's configure would write it (ABI 10.3, full build).
sed -e "s/@VERSION@/$version/" -e 's/@SODIUM_LIBRARY_VERSION_MAJOR@/10/' \
    -e 's/@SODIUM_LIBRARY_VERSION_MINOR@/3/' -e 's/@SODIUM_LIBRARY_MINIMAL_DEF@//' \
    "$src/src/libsodium/include/sodium/version.h.in" \
    > "$src/src/libsodium/include/sodium/version.h"

# As libsodium's own dist-build/emscripten.sh configures it: no assembly,
# no threads, no stack protector. No HAVE_*INTRIN_H is defined, so the x86
# SIMD files compile to nothing and the portable code is used.
# randombytes.c is left out: bindings/js/src/randombytes_js.c replaces it
# (whole buffers from crypto.getRandomValues, not 4 bytes per call).
objs=$out/obj
rm -rf "$objs" && mkdir -p "$objs"
find "$src/src/libsodium" -name '*.c' ! -path '*/randombytes/*' | sort > "$out/sources"
xargs -P 2 -I{} sh -c '
    o="$0/$(echo "$1" | sed -e "s|.*/src/libsodium/||" -e "s|/|_|g" -e "s|\.c$|.o|")"
    $2 -O2 -DCONFIGURED=1 -DNATIVE_LITTLE_ENDIAN=1 \
       -I"$3/src/libsodium/include/sodium" -I"$3/src/libsodium/include" \
       -Wno-unused-function -c "$1" -o "$o"' "$objs" {} "$EMCC" "$src" < "$out/sources"
rm -f "$out/libsodium.a"
$EMAR rcs "$out/libsodium.a" "$objs"/*.o
rm -rf "$out/include" && cp -r "$src/src/libsodium/include" "$out/include"
echo "libsodium $debver for wasm: $(wc -l < "$out/sources") files -> $out/libsodium.a"
