#!/bin/sh
# Runs one program of another architecture under qemu-user, without relying
# on binfmt_misc: make ARCH=... sets it as TEST_RUNNER (arch.mk).
# Usage: qemu-run.sh QEMU CPU TRIPLET SYSROOT [qemu options] PROGRAM [ARGS...]
#
# -L points qemu at the cross toolchain's root, so the program's ELF
# interpreter is the cross glibc's ld.so. That ld.so must load the libc.so.6
# it was built with, which is also there: without /usr/TRIPLET/lib first on
# the search path, it would take the multiarch libc6:<arch> of /lib/TRIPLET,
# a different Debian build of glibc (s390x programs then die of "stack
# smashing detected" before main). SYSROOT holds the test-only libraries
# (arch.mk), Debian's libolm.so.3 among them; an LD_LIBRARY_PATH from the
# caller (test/check_install.sh: an installed drop-in libolm.so.3) comes
# before both.
set -eu
qemu=$1
cpu=$2
triplet=$3
sysroot=$4
shift 4
path=/usr/$triplet/lib:$sysroot/usr/lib/$triplet
exec "$qemu" -cpu "$cpu" -L "/usr/$triplet" \
    -E "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$path" "$@"
