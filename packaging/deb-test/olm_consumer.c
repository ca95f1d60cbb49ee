/*
 * A program built against the installed libolm-cliquet-dev (the drop-in's
 * headers, olm.pc or the CMake package Olm) that asks libolm.so.3 its
 * version. Usage: olm_consumer EXPECTED_VERSION (e.g. 3.2.16).
 */
#include <stdio.h>
#include <string.h>
#include <olm/olm.h>

int main(int argc, char **argv)
{
    uint8_t major = 0, minor = 0, patch = 0;
    char got[32];

    if (argc != 2) {
        fprintf(stderr, "usage: olm_consumer EXPECTED_VERSION\n");
        return 2;
    }
    olm_get_library_version(&major, &minor, &patch);
    snprintf(got, sizeof got, "%u.%u.%u", (unsigned)major, (unsigned)minor, (unsigned)patch);
    if (strcmp(got, argv[1]) != 0) {
        fprintf(stderr, "olm_consumer: libolm.so.3 says %s, expected %s\n", got, argv[1]);
        return 1;
    }
    printf("olm_consumer: libolm %s\n", got);
    return 0;
}
