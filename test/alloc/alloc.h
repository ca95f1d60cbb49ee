/*
 * A counting, failing allocator for the hostile-input tests. The programs
 * that use it are linked with -Wl,--wrap=malloc,calloc,realloc,free
 * (hostile.mk), so every allocation made by libcliquet.a (and the shim's
 * objects, linked in statically) and by the test itself comes here first;
 * libsodium's and libc's own allocations do not.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CQT_ALLOC_H
#define CQT_ALLOC_H

#include <stddef.h>

typedef struct cqt_alloc_stats {
    size_t calls;   /* allocations asked for (malloc, calloc, realloc) */
    size_t failed;  /* of them, refused */
    size_t largest; /* the largest size asked for */
    long live;      /* allocations made minus pointers freed */
} cqt_alloc_stats;

/*
 * Starts counting from zero. The fail_at-th allocation from now (1 is the
 * next one) is refused, 0 refuses none; any allocation above refuse_above
 * bytes is refused too (and counted), so that a test can ask for a huge
 * size without the machine giving it.
 */
void cqt_alloc_begin(size_t fail_at, size_t refuse_above);

/* Stops counting and returns what was counted since cqt_alloc_begin. */
cqt_alloc_stats cqt_alloc_end(void);

/*
 * The zeroisation check (test_zeroise.c). While scanning is on, every block
 * allocated is remembered with the size asked for; when it is freed (or
 * moved by realloc) all those bytes are read, and a block holding any
 * non-zero byte is counted dirty. Blocks allocated before scanning began are
 * not known and are counted as untracked when freed.
 */
typedef struct cqt_scan_stats {
    size_t freed;       /* tracked blocks freed (or moved by realloc) */
    size_t dirty;       /* of them, not all zero */
    size_t untracked;   /* frees of blocks allocated while not scanning */
    size_t last_size;   /* the last dirty block: its size, */
    size_t last_offset; /* and where its first non-zero byte was */
    size_t overflow;    /* allocations the table had no room for */
} cqt_scan_stats;

void cqt_scan_begin(void);
/* The counts so far (scanning goes on). */
cqt_scan_stats cqt_scan_now(void);
/* Stops scanning: the counts, and how many tracked blocks are still live. */
cqt_scan_stats cqt_scan_end(size_t *live);

#endif /* CQT_ALLOC_H */
