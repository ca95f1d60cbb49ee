/*
 * A libolm client, unchanged, built against the installed drop-in
 * (test/check_install.sh builds it with CMake's Olm::Olm and with
 * pkg-config's olm). It prints the version the library reports, which tells
 * the drop-in (3.2.16) from Debian's libolm (3.2.13).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>

#include <olm/olm.h>

int main(void)
{
    uint8_t major = 0, minor = 0, patch = 0;

    olm_get_library_version(&major, &minor, &patch);
    printf("olm %u.%u.%u\n", (unsigned)major, (unsigned)minor, (unsigned)patch);
    return major == 3 ? 0 : 1;
}
