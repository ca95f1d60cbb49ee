/*
 * cliquet JNI glue: what every glue file shares.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The glue translates, nothing more: Java arrays and strings in, cliquet
 * calls, Java objects out. Its rules, kept by every function:
 *
 *   - every input is copied out of the Java heap with Get...Region into a
 *     buffer of our own (never Get...Elements, whose copy the VM may keep),
 *     and every such buffer is wiped (cliquet_wipe) before it is freed,
 *     secret or not;
 *   - every cliquet status is checked; a failure throws exactly one Java
 *     exception, built in one place (cqj_throw_status), and the function
 *     returns at once with nothing half done;
 *   - after any JNI call that can throw, the glue returns before making
 *     another JNI call (no exception is left pending across calls);
 *   - local references are few and bounded (the one loop, over a String[],
 *     deletes each as it goes), and the VM frees them when the native
 *     method returns.
 *
 * Handles are the C object pointers stored in a Java long; Java never
 * passes a handle of 0 (a closed object is refused on the Java side).
 */
#ifndef CLIQUET_JNI_H
#define CLIQUET_JNI_H

#include <jni.h>
#include <stddef.h>
#include <stdint.h>

#include "cliquet.h"

/* Object kinds, as org.cliquet.Native numbers them. */
enum {
    CQJ_ACCOUNT = 1,
    CQJ_SESSION = 2,
    CQJ_OUTBOUND_GROUP = 3,
    CQJ_INBOUND_GROUP = 4,
    CQJ_PK_ENCRYPTION = 5,
    CQJ_PK_DECRYPTION = 6,
    CQJ_PK_SIGNING = 7,
    CQJ_SAS = 8,
    CQJ_ECIES = 9
};

/* A native copy of a Java input: wiped and freed by cqj_buf_free. */
typedef struct cqj_buf {
    uint8_t *p;
    size_t len;
} cqj_buf;

/* Classes and constructors looked up once in JNI_OnLoad. */
typedef struct cqj_cache {
    jclass exception;      /* org.cliquet.CliquetException */
    jmethodID exception_init;
    jclass olm_decrypted;  /* org.cliquet.OlmDecrypted */
    jmethodID olm_decrypted_init;
    jclass megolm_decrypted;
    jmethodID megolm_decrypted_init;
    jclass olm_message;
    jmethodID olm_message_init;
    jclass pk_message;
    jmethodID pk_message_init;
    jclass string;
    jclass byte_array;
} cqj_cache;

extern cqj_cache cqj;

/* 1 when st is CLIQUET_OK; otherwise throws CliquetException, returns 0. */
int cqj_ok(JNIEnv *env, cliquet_status st);

/* Throws CliquetException for st (not CLIQUET_OK). The one place where a
 * status becomes a Java exception. */
void cqj_throw_status(JNIEnv *env, cliquet_status st);

/* Throws java.lang.OutOfMemoryError (a failed malloc in the glue). */
void cqj_throw_oom(JNIEnv *env);

/* malloc of n bytes (at least 1); NULL with OutOfMemoryError thrown. */
void *cqj_alloc(JNIEnv *env, size_t n);

/* Wipes n bytes and frees; NULL does nothing. */
void cqj_free(void *p, size_t n);

/* Copies a byte[] (NULL gives an empty buffer) into out. 1 on success; 0
 * with an exception thrown. */
int cqj_bytes_in(JNIEnv *env, jbyteArray a, cqj_buf *out);

/* Copies a String's UTF-8 bytes (NULL gives p NULL, len 0: "absent")
 * into out, NUL-terminated. 1 on success; 0 with an exception thrown. */
int cqj_text_in(JNIEnv *env, jstring s, cqj_buf *out);

/* Wipes and frees a buffer from cqj_bytes_in or cqj_text_in. */
void cqj_buf_free(cqj_buf *b);

/* A new byte[] holding n bytes of p; NULL with an exception thrown. */
jbyteArray cqj_bytes_out(JNIEnv *env, const uint8_t *p, size_t n);

/* A new String from a NUL-terminated ASCII text (base64 or a status
 * name); NULL with an exception thrown. */
jstring cqj_text_out(JNIEnv *env, const char *text);

/* A new String[n] from texts; NULL with an exception thrown. */
jobjectArray cqj_texts_out(JNIEnv *env, const char *const *texts, size_t n);

/* The C object behind a handle, and back. */
void *cqj_ptr(jlong handle);
jlong cqj_handle(void *p);

#endif /* CLIQUET_JNI_H */
