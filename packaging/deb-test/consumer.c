/*
 * A program built against the installed libcliquet-dev with
 * `pkg-config --cflags --libs cliquet`. It calls only the three functions
 * whose shape is settled (the rest of the ABI is being rewritten).
 * Usage: consumer EXPECTED_VERSION; exit status 0 when all is as expected.
 */
#include <stdio.h>
#include <string.h>
#include <cliquet.h>

int main(int argc, char **argv)
{
    cliquet_status st;
    const char *version;

    if (argc != 2) {
        fprintf(stderr, "usage: consumer EXPECTED_VERSION\n");
        return 2;
    }
    st = cliquet_init();
    if (st != CLIQUET_OK) {
        fprintf(stderr, "consumer: cliquet_init: %s\n", cliquet_strerror(st));
        return 1;
    }
    /* The package's version and the library's own must be one. */
    version = cliquet_version_string();
    if (strcmp(version, argv[1]) != 0) {
        fprintf(stderr, "consumer: library says %s, package %s\n", version, argv[1]);
        return 1;
    }
    if (strcmp(cliquet_strerror(CLIQUET_OK), "CLIQUET_OK") != 0) {
        fprintf(stderr, "consumer: cliquet_strerror(CLIQUET_OK) is %s\n",
                cliquet_strerror(CLIQUET_OK));
        return 1;
    }
    printf("consumer: cliquet %s initialised\n", version);
    return 0;
}
