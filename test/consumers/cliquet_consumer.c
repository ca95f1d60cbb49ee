/*
 * A client of the installed libcliquet (test/check_install.sh builds it with
 * CMake and with pkg-config). Only calls that any ABI revision keeps:
 * start-up, the version and the status names.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include <cliquet.h>

int main(void)
{
    cliquet_status st = cliquet_init();

    if (st != CLIQUET_OK) {
        fprintf(stderr, "cliquet_init: %s\n", cliquet_strerror(st));
        return 1;
    }
    if (strcmp(cliquet_strerror(CLIQUET_OK), "CLIQUET_OK") != 0) {
        fprintf(stderr, "cliquet_strerror(CLIQUET_OK) is %s\n", cliquet_strerror(CLIQUET_OK));
        return 1;
    }
    printf("cliquet %s\n", cliquet_version_string());
    return 0;
}
