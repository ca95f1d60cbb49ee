#!/bin/sh
# make dist: the release artefacts, in OUTDIR (build/dist).
#
#   cliquet-VERSION.tar.gz  `git archive` of HEAD: committed files only, the
#                           same bytes for the same commit (gzip -n, and git
#                           dates every file with the commit's time)
#   binding artefacts       from each bindings/<name>/dist.sh that exists
#                           (the hook; docs/packaging.md gives its contract)
#   SHA256SUMS              the SHA-256 of every file above, checked once
#                           written
#
# The tarball is smoke-tested: its file list must be HEAD's, and the library
# it holds must build and install into a scratch DESTDIR.
# Usage: dist.sh OUTDIR
set -eu
out=$1
version=$(make -s --no-print-directory print-VERSION)
name=cliquet-$version

say() { echo "dist: $*"; }
die() { echo "dist: FAIL: $*"; exit 1; }

git rev-parse --verify -q HEAD >/dev/null || die "make dist needs a git checkout with a commit"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    say "note: uncommitted changes are not in the tarball (it is HEAD, $(git rev-parse --short HEAD))"
fi

rm -rf "$out"
mkdir -p "$out"
git archive --format=tar --prefix="$name/" HEAD | gzip -n -9 > "$out/$name.tar.gz"
say "$out/$name.tar.gz: HEAD $(git rev-parse --short HEAD), $(wc -c < "$out/$name.tar.gz") bytes"

# Smoke test: every file of HEAD and nothing else; the library builds and installs.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tar -xzf "$out/$name.tar.gz" -C "$scratch"
git ls-tree -r --name-only HEAD | sort > "$scratch/expected"
(cd "$scratch/$name" && find . -type f -o -type l) | sed 's|^\./||' | sort > "$scratch/got"
cmp -s "$scratch/expected" "$scratch/got" || {
    diff "$scratch/expected" "$scratch/got" | head -n 20; die "the tarball's files are not HEAD's"; }
make -s -C "$scratch/$name" -j2 install DESTDIR="$scratch/root" PREFIX=/usr >/dev/null 2>"$scratch/make.log" ||
    { cat "$scratch/make.log"; die "the tarball does not build and install"; }
for f in usr/include/cliquet.h usr/lib/libcliquet.so.$(make -s --no-print-directory print-SOVERSION) usr/lib/libcliquet.a \
         usr/lib/pkgconfig/cliquet.pc usr/lib/libolm.so.3; do
    [ -e "$scratch/root/$f" ] || die "the tarball's make install did not install /$f"
done
say "the tarball holds HEAD's $(wc -l < "$scratch/expected") files and builds and installs"

# Binding artefacts: each hook builds its own from the tree, without the
# network, into OUTDIR, and smoke-tests them (installs into a scratch place
# and imports) before it returns 0.
out_abs=$(cd "$out" && pwd)
for hook in bindings/*/dist.sh; do
    [ -f "$hook" ] || continue
    before=$(ls "$out" | wc -l)
    sh "$hook" "$out_abs" "$version" || die "$hook failed"
    say "$hook: $(($(ls "$out" | wc -l) - before)) artefact(s)"
done

(cd "$out" && sha256sum -- * > SHA256SUMS && sha256sum --quiet -c SHA256SUMS) ||
    die "SHA256SUMS"
say "$out/SHA256SUMS:"
sed 's/^/dist:   /' "$out/SHA256SUMS"
