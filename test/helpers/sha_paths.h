/*
 * Runs a cmocka group once on each SHA-256 path: libsodium's, then the
 * CPU's SHA-256 instructions where the CPU has them (the protocol tests
 * whose output is fixed by libolm or a standard then hold for both).
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_SHA_PATHS_H
#define CQT_SHA_PATHS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

/*
 * Calls cliquet_init() (0 failures reported as -1 if it fails), then runs
 * tests[0..n) with setup and teardown under the group name
 * "NAME [sha-256: PATH]" once per path, and restores the default
 * selection. Returns the total number of failed tests, as
 * cmocka_run_group_tests does.
 */
int cqt_run_on_sha256_paths(const char *name, const struct CMUnitTest *tests,
                            size_t n, CMFixtureFunction setup,
                            CMFixtureFunction teardown);

#endif /* CQT_SHA_PATHS_H */
