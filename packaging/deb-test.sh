#!/bin/sh
# make deb-test: build cliquet's Debian packages, install them all with
# `apt-get install ./*.deb` (the drop-in libolm3-cliquet then replaces
# Debian's libolm3 system-wide), test what was installed, and put Debian's
# libolm back. Run as root on Debian 12. Usage: deb-test.sh OUTDIR
#
# Before: packages built (make test runs inside) and lintian-clean; the ABI
#   check seen failing on a symbols file with one symbol too few or too
#   many; Debian's libolm3, libolm-dev and python3-olm downloaded into
#   OUTDIR/restore, so going back needs neither the network nor a mirror
#   that still has them; python3-olm on Debian's libolm writes pickles and
#   undelivered messages.
# While installed (kept short: other programs on the machine use libolm):
#   python3-olm, unchanged, runs on the drop-in: it loads Debian's pickles,
#   decrypts, talks on, does fresh Olm and Megolm round trips, writes its own
#   pickles; a C program built with `pkg-config --cflags --libs cliquet`
#   runs on libcliquet.so.N (and once against libcliquet.a), and so does
#   one built with CMake's find_package(cliquet); a libolm program built
#   with olm.pc and one built with find_package(Olm) run on the drop-in.
# After: one apt transaction purges every cliquet package and reinstalls
#   Debian's at the versions found at the start, with their auto/manual
#   marks; no file of ours is left; dpkg --verify passes; Debian's libolm
#   reads the drop-in's pickles. An EXIT trap does the same restore when
#   anything fails or the script is interrupted.
set -eu
out=$1
here=$(pwd)
version=$(make -s --no-print-directory print-VERSION)
so=$(make -s --no-print-directory print-SOVERSION)
shim_version=$(sed -n 's/^SHIM_VERSION *:= *//p' bindings/libolm/libolm.mk)
libdir=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)
debian_pkgs="libolm3 libolm-dev python3-olm"
# No Recommends: make deps installs without them, and going back must add
# nothing that was not there (libolm3 recommends libjs-katex).
apt="apt-get -y -q --no-install-recommends -o DPkg::Lock::Timeout=600"
export DEBIAN_FRONTEND=noninteractive
PY=/usr/bin/python3

start=
# Inside the replaced window, each line says how long it has lasted so far.
say() { echo "deb-test: ${start:+[+$(($(date +%s) - start)) s] }$*"; }
die() { echo "deb-test: FAIL: $*"; exit 1; }
# dpkg's two-letter state: "ii" installed, "rc" removed with config left,
# "un" or "" not there.
state() { dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | cut -c1-2; }
pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }
# loads PROGRAM SONAME: the program resolves SONAME to the file in $libdir
# (ldd may name it through /lib, a link to /usr/lib).
loads() {
    got=$(ldd "$1" | awk -v so="$2" '$1 == so {print $3}')
    [ -n "$got" ] && [ "$(readlink -f "$got")" = "$(readlink -f "$libdir/$2")" ]
}
# Every package dpkg knows, with version and state: the same before and after.
snapshot() {
    dpkg-query -W -f='${Package}:${Architecture} ${Version} ${db:Status-Abbrev}\n' |
        awk '$3 != "un"' | sort
}

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages)"

# --- The machine as we found it -----------------------------------------
# cliquet packages still installed mean an earlier run was killed before its
# trap could run: put Debian's libolm back first.
leftover=$(dpkg-query -W -f='${Package} ${Source} ${db:Status-Abbrev}\n' |
    awk '$2 == "cliquet" && $3 != "un" {printf " %s-", $1}')
if [ -n "$leftover" ]; then
    say "cliquet packages left by an earlier run: restoring Debian's libolm first"
    # Installing by name marks packages manual: keep the marks of those still
    # there, and give libolm3, which only the drop-in could have replaced,
    # the mark a dependency has.
    # shellcheck disable=SC2086
    marks=$(apt-mark showauto $debian_pkgs | tr '\n' ' ')
    # shellcheck disable=SC2086
    $apt install --purge $debian_pkgs $leftover >/dev/null
    # shellcheck disable=SC2086
    apt-mark auto libolm3 $marks >/dev/null
fi
for p in $debian_pkgs; do
    [ "$(state "$p")" = ii ] || die "Debian's $p is not installed (make deps installs it)"
done
v_libolm3=$(pkg_version libolm3)
v_libolm_dev=$(pkg_version libolm-dev)
v_python3_olm=$(pkg_version python3-olm)
auto_marked=$(apt-mark showauto $debian_pkgs | tr '\n' ' ')
debian_lib=$(readlink -f "$libdir/libolm.so.3")
say "Debian's libolm3 $v_libolm3, libolm-dev $v_libolm_dev, python3-olm $v_python3_olm"

# --- Build ---------------------------------------------------------------
sh packaging/deb-build.sh "$out"
debs=$(ls "$here/$out"/*.deb)
ours=$(for d in $debs; do dpkg-deb -f "$d" Package; done | tr '\n' ' ')
check=$out/check
restore_dir=$here/$out/restore
mkdir -p "$check" "$restore_dir"

# --- The ABI check can fail ---------------------------------------------
# debian/check-abi on the libraries just built: it passes with the symbols
# files as they are, and fails with one symbol left out or one made up.
abi=$check/abi
built_libs=$here/$out/cliquet-$version/debian/tmp$libdir
mkdir -p "$abi/debian"
abi_check() { (cd "$abi" && sh "$here/debian/check-abi" "$built_libs") >"$abi/log" 2>&1; }
for f in debian/*.symbols; do
    rm -f "$abi"/debian/*.symbols
    cp debian/*.symbols "$abi/debian/"
    abi_check || { cat "$abi/log"; die "check-abi fails on the package just built"; }
    sed -i '3d' "$abi/$f"
    ! abi_check || die "check-abi missed a symbol $f does not list"
    cp "$f" "$abi/$f"
    echo " made_up_symbol@Base $version" >> "$abi/$f"
    ! abi_check || die "check-abi missed a symbol in $f that the library lacks"
done
say "debian/check-abi fails on a symbol added or removed, for each symbols file"

# --- Debian's packages kept at hand, Debian's pickles written ------------
(
    cd "$restore_dir"
    # apt fetches as the _apt user when it can write here.
    if id _apt >/dev/null 2>&1; then chown _apt "$restore_dir"; fi
    apt-get download -q "libolm3=$v_libolm3" "libolm-dev=$v_libolm_dev" \
        "python3-olm=$v_python3_olm" >/dev/null
) || die "could not download Debian's libolm3/libolm-dev/python3-olm: not replacing them"
restore_debs=$(ls "$restore_dir"/*.deb)
# In apt's cache too, so that going back takes these files, not the network.
cp $restore_debs /var/cache/apt/archives/
$PY packaging/deb-test/olm_check.py write "$debian_lib" "$check/debian-store.json"

# --- The replaced window -------------------------------------------------
restored=no
restore() {
    [ "$restored" = no ] || return 0
    removals=
    for p in $ours; do
        case "$(state "$p")" in un|"") ;; *) removals="$removals $p-" ;; esac
    done
    wanted=no
    [ "$(pkg_version libolm3)" = "$v_libolm3" ] && [ "$(state libolm3)" = ii ] || wanted=yes
    [ "$(pkg_version libolm-dev)" = "$v_libolm_dev" ] && [ "$(state libolm-dev)" = ii ] || wanted=yes
    [ "$(pkg_version python3-olm)" = "$v_python3_olm" ] && [ "$(state python3-olm)" = ii ] || wanted=yes
    if [ -n "$removals" ] || [ "$wanted" = yes ]; then
        say "restoring Debian's libolm3, libolm-dev, python3-olm; purging$removals"
        # One transaction: the drop-in goes and Debian's libolm comes back together.
        # An interrupted dpkg run is finished first (dpkg --configure -a), then
        # the transaction is tried once more.
        # shellcheck disable=SC2086
        if ! $apt install --purge --allow-downgrades $restore_debs $removals >"$here/$out/restore.log" 2>&1 &&
           ! { dpkg --configure -a && $apt install --purge --allow-downgrades $restore_debs $removals; } \
               >>"$here/$out/restore.log" 2>&1; then
            cat "$here/$out/restore.log"
            echo "deb-test: RESTORE FAILED; by hand: apt-get install --purge $restore_debs $removals"
            return 1
        fi
    fi
    # shellcheck disable=SC2086
    apt-mark manual $debian_pkgs >/dev/null
    # shellcheck disable=SC2086
    [ -z "$auto_marked" ] || apt-mark auto $auto_marked >/dev/null
    restored=yes
}
trap 'st=$?; restore || st=1; exit $st' EXIT
trap 'exit 130' INT TERM HUP

snapshot > "$check/packages.before"
start=$(date +%s)
# shellcheck disable=SC2086
$apt install $debs >"$here/$out/install.log" 2>&1 || { cat "$here/$out/install.log"; die "apt-get install ./*.deb"; }
say "installed: $ours"
for p in $ours; do [ "$(state "$p")" = ii ] || die "$p is not installed"; done
for p in libolm3 libolm-dev; do [ "$(state "$p")" != ii ] || die "Debian's $p is still installed"; done
[ "$(state python3-olm)" = ii ] || die "apt removed python3-olm: the drop-in's Provides did not satisfy it"
owner=$(dpkg -S "$libdir/libolm.so.3" | cut -d: -f1)
[ "$owner" = libolm3-cliquet ] || die "$libdir/libolm.so.3 belongs to $owner"

say "libolm.so.3 is the drop-in's; python3-olm still installed"
# python3-olm, untouched, on the drop-in.
$PY packaging/deb-test/olm_check.py check "$libdir/libolm.so.$shim_version" \
    "$check/debian-store.json" "$check/dropin-store.json"

# A C program against the installed libcliquet-dev: shared, then static.
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$check/consumer" packaging/deb-test/consumer.c \
    $(pkg-config --cflags --libs cliquet)
"$check/consumer" "$version"
loads "$check/consumer" "libcliquet.so.$so" || die "the consumer did not load $libdir/libcliquet.so.$so"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$check/consumer-static" packaging/deb-test/consumer.c \
    $(pkg-config --cflags cliquet) "$libdir/libcliquet.a" $(pkg-config --libs libsodium) -lpthread
"$check/consumer-static" "$version"
say "pkg-config cliquet: a consumer runs on libcliquet.so.$so and on libcliquet.a"

# libolm programs against libolm-cliquet-dev: olm.pc, then CMake.
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$check/olm_consumer" packaging/deb-test/olm_consumer.c \
    $(pkg-config --cflags --libs olm)
"$check/olm_consumer" "$shim_version"
loads "$check/olm_consumer" libolm.so.3 || die "olm_consumer did not load $libdir/libolm.so.3"

# cmake_consumer NAME [CMAKE ARGS]: configure and build packaging/deb-test/cmake-NAME.
cmake_consumer() {
    name=$1; shift
    { cmake -S "packaging/deb-test/cmake-$name" -B "$check/cmake-$name" "$@" &&
        cmake --build "$check/cmake-$name"; } >"$check/cmake-$name.log" 2>&1 ||
        { cat "$check/cmake-$name.log"; die "the CMake package $name"; }
}
cmake_consumer olm
"$check/cmake-olm/olm_consumer" "$shim_version"
loads "$check/cmake-olm/olm_consumer" libolm.so.3 || die "the CMake olm_consumer did not load the drop-in"
cmake_consumer cliquet -DCLIQUET_VERSION="$version"
"$check/cmake-cliquet/consumer" "$version"
loads "$check/cmake-cliquet/consumer" "libcliquet.so.$so" ||
    die "the CMake consumer did not load libcliquet.so.$so"
say "olm.pc, find_package(Olm) and find_package(cliquet): programs build and run on the installed libraries"

restore
window=$(($(date +%s) - start))
start=
# The part of that when Debian's libolm3 was not installed, from dpkg's log:
# its last removal and the install that followed.
gap=$(awk -v p="libolm3:$(dpkg --print-architecture)" '
    $3 == "remove" && $4 == p {removed = $1 " " $2; back = ""}
    $3 == "install" && $4 == p && removed != "" && back == "" {back = $1 " " $2}
    END {if (back != "") print removed "|" back}' /var/log/dpkg.log 2>/dev/null || true)
if [ -n "$gap" ]; then
    gap=$(($(date -d "${gap#*|}" +%s) - $(date -d "${gap%|*}" +%s)))
    say "Debian's libolm3 was replaced for $window s (absent for $gap s of those, by dpkg's log)"
else
    say "Debian's libolm3 was replaced for $window s"
fi

# --- Back to Debian's libolm --------------------------------------------
[ "$(pkg_version libolm3)" = "$v_libolm3" ] && [ "$(state libolm3)" = ii ] || die "libolm3 not back"
[ "$(pkg_version libolm-dev)" = "$v_libolm_dev" ] && [ "$(state libolm-dev)" = ii ] || die "libolm-dev not back"
[ "$(pkg_version python3-olm)" = "$v_python3_olm" ] && [ "$(state python3-olm)" = ii ] || die "python3-olm not back"
# shellcheck disable=SC2086
dpkg --verify $debian_pkgs || die "dpkg --verify: Debian's libolm files differ from its packages"
for p in $ours; do
    case "$(state "$p")" in un|"") ;; *) die "$p left in state $(state "$p")" ;; esac
done
# Every file or link our packages held is gone, or belongs to a Debian package.
left=
for d in $debs; do
    for f in $(dpkg-deb --fsys-tarfile "$d" | tar -t | sed -n 's|^\./|/|; /[^/]$/p'); do
        if [ -e "$f" ] || [ -L "$f" ]; then
            [ -n "$(dpkg -S "$f" 2>/dev/null)" ] || left="$left $f"
        fi
    done
done
[ -z "$left" ] || die "left behind:$left"
snapshot > "$check/packages.after"
if ! diff -u "$check/packages.before" "$check/packages.after"; then
    die "the installed packages differ from before (or another apt run overlapped)"
fi
[ "$(readlink -f "$libdir/libolm.so.3")" = "$debian_lib" ] || die "libolm.so.3 is not Debian's again"
auto_now=$(apt-mark showauto $debian_pkgs | tr '\n' ' ')
[ "$auto_now" = "$auto_marked" ] || die "auto marks were '$auto_marked', now '$auto_now'"
$PY packaging/deb-test/olm_check.py read "$debian_lib" "$check/dropin-store.json"
say "purged cleanly; Debian's libolm3, libolm-dev and python3-olm are back as they were"
say "all checks passed"
