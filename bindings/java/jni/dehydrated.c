/*
 * cliquet JNI glue: an account as a dehydrated device (MSC3814;
 * docs/dehydrated-devices.md).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "cliquet_jni.h"
#include "org_cliquet_Native.h"

/* { ciphertext, nonce } in a new String[2]; NULL with an exception. */
JNIEXPORT jobjectArray JNICALL Java_org_cliquet_Native_accountToDehydratedDevice(
    JNIEnv *env, jclass cls, jobject owner, jlong h, jbyteArray key)
{
    char nonce[CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE];
    const char *texts[2];
    cqj_buf k;
    char *ct = NULL;
    size_t need = 0, len = 0;
    cliquet_status st;
    jobjectArray r = NULL;

    (void)cls;
    (void)owner;
    if (!cqj_bytes_in(env, key, &k)) {
        return NULL;
    }
    /* Size query first: it also answers a key of the wrong length and an
     * account without its seed. */
    st = cliquet_account_to_dehydrated_device(cqj_ptr(h), NULL, 0, &need, nonce, k.p, k.len);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        ct = (char *)cqj_alloc(env, need);
        st = ct == NULL ? CLIQUET_ERR_NO_MEMORY
                        : cliquet_account_to_dehydrated_device(cqj_ptr(h), ct, need, &len,
                                                               nonce, k.p, k.len);
    }
    cqj_buf_free(&k);
    if (ct != NULL && cqj_ok(env, st)) {
        texts[0] = ct;
        texts[1] = nonce;
        r = cqj_texts_out(env, texts, 2);
    } else if (ct == NULL && st != CLIQUET_ERR_NO_MEMORY) {
        (void)cqj_ok(env, st); /* the query's own failure */
    }
    cqj_free(ct, need);
    return r;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_accountFromDehydratedDevice(
    JNIEnv *env, jclass cls, jstring ciphertext, jstring nonce, jbyteArray key)
{
    cliquet_account *a = NULL;
    cqj_buf c, n, k;
    cliquet_status st;

    (void)cls;
    if (!cqj_text_in(env, ciphertext, &c)) {
        return 0;
    }
    if (!cqj_text_in(env, nonce, &n)) {
        cqj_buf_free(&c);
        return 0;
    }
    if (!cqj_bytes_in(env, key, &k)) {
        cqj_buf_free(&c);
        cqj_buf_free(&n);
        return 0;
    }
    st = cliquet_account_from_dehydrated_device(&a, (const char *)c.p, c.len,
                                                (const char *)n.p, n.len, k.p, k.len);
    cqj_buf_free(&c);
    cqj_buf_free(&n);
    cqj_buf_free(&k);
    return cqj_ok(env, st) ? cqj_handle(a) : 0;
}
