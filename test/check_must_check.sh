#!/bin/sh
# ABI 1.0, point 8: every function of the public headers that returns a
# cliquet_status is CLIQUET_MUST_CHECK, and ignoring one fails a -Werror
# build. Usage: check_must_check.sh
set -eu
missing=$(cat include/cliquet.h include/cliquet_random.h include/cliquet_libolm.h |
    tr '\n' ' ' | sed 's/;/;\n/g' |
    grep -E 'CLIQUET_API[^;]*cliquet_status[[:space:]]+cliquet_' |
    grep -v 'CLIQUET_MUST_CHECK' | sed -E 's/.*(cliquet_[a-z0-9_]+)\(.*/\1/' || true)
if [ -n "$missing" ]; then
    echo "must-check: these return a status without CLIQUET_MUST_CHECK:"; echo "$missing"
    exit 1
fi
count=$(cat include/cliquet.h include/cliquet_random.h include/cliquet_libolm.h |
    tr '\n' ' ' | sed 's/;/;\n/g' | grep -cE 'CLIQUET_MUST_CHECK cliquet_status[[:space:]]+cliquet_')
# A caller that drops a status must not compile.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/ignored.c" <<'C'
#include <cliquet.h>
int main(void)
{
    cliquet_outbound_group_session *s = NULL;
    cliquet_outbound_group_session_new(&s); /* status dropped */
    cliquet_outbound_group_session_free(s);
    return 0;
}
C
if cc -std=c11 -Wall -Werror -Iinclude -c -o "$tmp/ignored.o" "$tmp/ignored.c" 2>/dev/null; then
    echo "must-check: a dropped status compiled without an error"; exit 1
fi
echo "must-check: all $count status-returning functions are CLIQUET_MUST_CHECK; a dropped status fails the build"
