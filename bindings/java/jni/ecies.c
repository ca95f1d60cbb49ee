/*
 * cliquet JNI glue: the ECIES secure channel (MSC4108; docs/ecies.md).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "cliquet_jni.h"
#include "org_cliquet_Native.h"

/* info NULL: vodozemac's Ecies::new() (the MSC4108 prefix); otherwise
 * Ecies::with_info(info), an empty prefix included. */
JNIEXPORT jlong JNICALL Java_org_cliquet_Native_eciesNew(JNIEnv *env, jclass cls,
                                                        jbyteArray info)
{
    cliquet_ecies_channel *c = NULL;
    cqj_buf i;
    cliquet_status st;

    (void)cls;
    if (info == NULL) {
        return cqj_ok(env, cliquet_ecies_channel_new(&c)) ? cqj_handle(c) : 0;
    }
    if (!cqj_bytes_in(env, info, &i)) {
        return 0;
    }
    st = cliquet_ecies_channel_new_with_info(&c, (const char *)i.p, i.len);
    cqj_buf_free(&i);
    return cqj_ok(env, st) ? cqj_handle(c) : 0;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_eciesPublicKey(JNIEnv *env, jclass cls,
                                                                jobject owner, jlong h)
{
    char key[CLIQUET_KEY_BASE64_SIZE];

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_ecies_channel_public_key(cqj_ptr(h), key))
               ? cqj_text_out(env, key)
               : NULL;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_eciesEstablishOutbound(
    JNIEnv *env, jclass cls, jobject owner, jlong h, jstring their_key, jbyteArray plaintext)
{
    cqj_buf k, p;
    char *msg = NULL;
    size_t need = 0, len = 0;
    cliquet_status st;
    jstring r = NULL;

    (void)cls;
    (void)owner;
    if (!cqj_text_in(env, their_key, &k)) {
        return NULL;
    }
    if (!cqj_bytes_in(env, plaintext, &p)) {
        cqj_buf_free(&k);
        return NULL;
    }
    /* Size query first (it also answers a used channel or a bad key). */
    st = cliquet_ecies_channel_establish_outbound(cqj_ptr(h), (const char *)k.p, k.len, NULL,
                                                  0, &need, p.p, p.len);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        msg = (char *)cqj_alloc(env, need);
        st = msg == NULL ? CLIQUET_ERR_NO_MEMORY
                         : cliquet_ecies_channel_establish_outbound(
                               cqj_ptr(h), (const char *)k.p, k.len, msg, need, &len, p.p,
                               p.len);
    }
    cqj_buf_free(&k);
    cqj_buf_free(&p);
    if (msg != NULL && cqj_ok(env, st)) {
        r = cqj_text_out(env, msg);
    } else if (msg == NULL && st != CLIQUET_ERR_NO_MEMORY) {
        (void)cqj_ok(env, st); /* the query's own failure */
    }
    cqj_free(msg, need);
    return r;
}

/* A message in, its plaintext out as a byte[] the caller can wipe:
 * establish_inbound (inbound true) or decrypt. The plaintext capacity of
 * the message's length is always enough (cliquet.h). */
static jbyteArray decrypt_text(JNIEnv *env, jlong h, jstring message, int inbound)
{
    cqj_buf msg;
    uint8_t *plain;
    size_t len = 0;
    cliquet_status st;
    jbyteArray r = NULL;

    if (!cqj_text_in(env, message, &msg)) {
        return NULL;
    }
    plain = (uint8_t *)cqj_alloc(env, msg.len);
    if (plain != NULL) {
        st = inbound ? cliquet_ecies_channel_establish_inbound(
                           cqj_ptr(h), (const char *)msg.p, msg.len, plain, msg.len, &len)
                     : cliquet_ecies_channel_decrypt(cqj_ptr(h), (const char *)msg.p,
                                                     msg.len, plain, msg.len, &len);
        if (cqj_ok(env, st)) {
            r = cqj_bytes_out(env, plain, len);
        }
        cqj_free(plain, msg.len);
    }
    cqj_buf_free(&msg);
    return r;
}

JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_eciesEstablishInbound(JNIEnv *env,
                                                                          jclass cls,
                                                                          jobject owner,
                                                                          jlong h,
                                                                          jstring message)
{
    (void)cls;
    (void)owner;
    return decrypt_text(env, h, message, 1);
}

JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_eciesDecrypt(JNIEnv *env, jclass cls,
                                                                 jobject owner, jlong h,
                                                                 jstring message)
{
    (void)cls;
    (void)owner;
    return decrypt_text(env, h, message, 0);
}

JNIEXPORT jint JNICALL Java_org_cliquet_Native_eciesCheckCode(JNIEnv *env, jclass cls,
                                                             jobject owner, jlong h)
{
    unsigned code = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_ecies_channel_check_code(cqj_ptr(h), &code)) ? (jint)code : -1;
}

JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_eciesCheckCodeBytes(JNIEnv *env,
                                                                        jclass cls,
                                                                        jobject owner,
                                                                        jlong h)
{
    uint8_t code[CLIQUET_ECIES_CHECK_CODE_BYTES];
    jbyteArray r = NULL;

    (void)cls;
    (void)owner;
    if (cqj_ok(env, cliquet_ecies_channel_check_code_bytes(cqj_ptr(h), code))) {
        r = cqj_bytes_out(env, code, sizeof code);
    }
    cliquet_wipe(code, sizeof code);
    return r;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_eciesEncrypt(JNIEnv *env, jclass cls,
                                                              jobject owner, jlong h,
                                                              jbyteArray plaintext)
{
    cqj_buf p;
    char *msg = NULL;
    size_t need = 0, len = 0;
    cliquet_status st;
    jstring r = NULL;

    (void)cls;
    (void)owner;
    if (!cqj_bytes_in(env, plaintext, &p)) {
        return NULL;
    }
    /* The capacity depends on the plaintext's length only. */
    st = cliquet_ecies_channel_encrypt(cqj_ptr(h), NULL, 0, &need, p.p, p.len);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        msg = (char *)cqj_alloc(env, need);
        if (msg == NULL) {
            cqj_buf_free(&p);
            return NULL;
        }
        st = cliquet_ecies_channel_encrypt(cqj_ptr(h), msg, need, &len, p.p, p.len);
    }
    cqj_buf_free(&p);
    if (cqj_ok(env, st)) {
        r = cqj_text_out(env, msg);
    }
    cqj_free(msg, need);
    return r;
}
