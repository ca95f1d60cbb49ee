#!/bin/sh
# make deb: cliquet's Debian packages, built with `dpkg-buildpackage -us -uc -b`
# in a copy of the tree (so the package build's `make clean` leaves the
# working tree's build/ alone), then checked with lintian: no error and no
# warning may remain (overrides in debian/*.lintian-overrides give reasons).
# Usage: deb-build.sh OUTDIR   (the .deb files land in OUTDIR)
set -eu
out=$1
version=$(make -s --no-print-directory print-VERSION)
src=$out/cliquet-$version

rm -rf "$out"
mkdir -p "$src"
# The tracked files as they are now, uncommitted edits and new files not
# ignored included; from a
# tarball without .git, everything but build/.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - | tar -xf - -C "$src"
else
    tar --exclude=./build -cf - . | tar -xf - -C "$src"
fi

start=$(date +%s)
# At most two jobs: the machine's cores are shared.
if ! (cd "$src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-parallel=2}" \
        dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1; then
    tail -n 40 "$out/build.log"
    echo "deb: dpkg-buildpackage failed (whole log: $out/build.log)"
    exit 1
fi
built=$(date +%s)
tests=$(grep -E '^tests: [0-9]+ passed' "$out/build.log" | tail -n 1)
echo "deb: dpkg-buildpackage -us -uc -b: $((built - start)) s (make test inside: ${tests:-no count found})"

changes=$(ls "$out"/cliquet_"$version"_*.changes)
if ! lintian --fail-on error,warning --display-info "$changes" > "$out/lintian.log" 2>&1; then
    cat "$out/lintian.log"
    echo "deb: lintian found errors or warnings"
    exit 1
fi
# Info tags are shown, not fatal: each has a reason in docs/packaging.md.
grep -E '^[EWI]: ' "$out/lintian.log" || true
echo "deb: lintian: no errors, no warnings ($(($(date +%s) - built)) s)"
ls "$out"/*.deb | sed 's/^/deb:   /'
