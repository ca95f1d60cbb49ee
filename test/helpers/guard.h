/*
 * Guard-page buffers for tests: n bytes that end exactly where a PROT_NONE
 * page begins, so a read or write one byte past the end faults at once
 * (under plain runs, ASan and valgrind alike). The bytes of the page before
 * the buffer are filled with a canary that cqt_guard_free checks, so a
 * write before the start is caught too. (libsodium's guarded allocations.)
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_GUARD_H
#define CQT_GUARD_H

#include <stddef.h>

/*
 * n bytes (n may be 0: the pointer is then the guard page itself) filled
 * with 0xA5, with no alignment beyond 1. Fails the running cmocka test if
 * the system refuses the mapping.
 */
void *cqt_guard_alloc(size_t n);

/* A guarded copy of the n bytes at src. */
void *cqt_guard_copy(const void *src, size_t n);

/*
 * Unmaps a buffer from cqt_guard_alloc of the same n. Returns 0, or -1 if
 * the canary before the buffer was overwritten. NULL does nothing.
 */
int cqt_guard_free(void *p, size_t n);

#endif /* CQT_GUARD_H */
