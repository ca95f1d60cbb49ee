/*
 * One cmocka group on each SHA-256 path (sha_paths.h).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>

#include "cliquet.h"
#include "crypto/crypto.h"
#include "helpers/sha_paths.h"

/* sha_paths.h */
int cqt_run_on_sha256_paths(const char *name, const struct CMUnitTest *tests,
                            size_t n, CMFixtureFunction setup,
                            CMFixtureFunction teardown)
{
    static const cq_sha256_impl paths[] = { CQ_SHA256_LIBSODIUM,
                                            CQ_SHA256_HARDWARE };
    char group[128];
    int failures = 0;
    size_t i;

    if (cliquet_init() != CLIQUET_OK) {
        return -1;
    }
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        if (cq_sha256_select(paths[i]) != CLIQUET_OK) {
            printf("%s: SHA-256 instructions: not run, this CPU has none\n", name);
            continue;
        }
        snprintf(group, sizeof group, "%s [sha-256: %s]", name,
                 cq_sha256_impl_name(paths[i]));
        failures += _cmocka_run_group_tests(group, tests, n, setup, teardown);
    }
    cq_sha256_init_selection();
    return failures;
}
