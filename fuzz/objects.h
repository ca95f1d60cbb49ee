/*
 * fuzz/objects.h: the five picklable objects behind one table, so that the
 * unpickling harnesses treat them alike: unpickle (native and libolm),
 * pickle again, and read the core state to compare.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef CLIQUET_FUZZ_OBJECTS_H
#define CLIQUET_FUZZ_OBJECTS_H

#include <stddef.h>
#include <stdint.h>

#include "cliquet.h"
#include "cliquet_libolm.h"
#include "cliquet_random.h"

#define FZ_OBJECTS 5

typedef struct fz_object {
    const char *name;
    uint8_t native_type;      /* CQ_PICKLE_TYPE_* */
    uint32_t libolm_version;  /* the current raw version in libolm's format */
    size_t state_size;
    cliquet_status (*unpickle)(void **out, const char *text, size_t n);
    cliquet_status (*unpickle_libolm)(void **out, const uint8_t *key,
                                      size_t key_len, const char *text,
                                      size_t n);
    cliquet_status (*pickle)(const void *o, char *out, size_t cap,
                             size_t *len);
    cliquet_status (*pickle_libolm)(const void *o, char *out, size_t cap,
                                    size_t *len, const uint8_t *key,
                                    size_t key_len);
    const void *(*state)(const void *o);
    void (*release)(void *o);
    /* libolm's own reader on a copy of the text: 1 if it accepts it. */
    int (*libolm_accepts)(const uint8_t *key, size_t key_len,
                          const char *text, size_t n);
} fz_object;

extern const fz_object fz_objects[FZ_OBJECTS];

/* The peer identity key given to cliquet_session_unpickle_libolm. */
extern const char fz_session_peer_key[(CLIQUET_KEY_BASE64_SIZE - 1) + 1];

#endif /* CLIQUET_FUZZ_OBJECTS_H */
