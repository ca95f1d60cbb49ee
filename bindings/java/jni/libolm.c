/*
 * cliquet JNI glue: what org.matrix.olm needs to behave as libolm's
 * Android SDK does, over include/cliquet_libolm.h (the same header the
 * libolm drop-in uses). New code has the cliquet.h form of each call.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "cliquet_jni.h"
#include "cliquet_libolm.h"
#include "org_cliquet_Native.h"

/* libolm's inbound session: the account keeps the one-time key until
 * libolmRemoveOneTimeKey. The plaintext of the pre-key message is given
 * back now (it cannot be decrypted twice); the handle goes to out[0]. */
JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_libolmNewInboundKeepKey(
    JNIEnv *env, jclass cls, jobject owner, jlong account, jstring identity_key,
    jstring message, jlongArray out)
{
    cliquet_session *s = NULL;
    cqj_buf ik, msg;
    uint8_t *plain;
    size_t len = 0;
    jbyteArray r = NULL;
    jlong handle;

    (void)cls;
    (void)owner;
    if (!cqj_text_in(env, identity_key, &ik)) {
        return NULL;
    }
    if (!cqj_text_in(env, message, &msg)) {
        cqj_buf_free(&ik);
        return NULL;
    }
    plain = (uint8_t *)cqj_alloc(env, msg.len);
    if (plain != NULL) {
        if (cqj_ok(env, cliquet_session_new_inbound_keep_key(
                            &s, cqj_ptr(account), (const char *)ik.p, ik.len,
                            (const char *)msg.p, msg.len, plain, msg.len, &len))) {
            r = cqj_bytes_out(env, plain, len);
            if (r != NULL) {
                handle = cqj_handle(s);
                (*env)->SetLongArrayRegion(env, out, 0, 1, &handle);
            }
            if (r == NULL || (*env)->ExceptionCheck(env)) {
                cliquet_session_free(s);
                r = NULL;
            }
        }
        cqj_free(plain, msg.len);
    }
    cqj_buf_free(&ik);
    cqj_buf_free(&msg);
    return r;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_libolmRemoveOneTimeKey(
    JNIEnv *env, jclass cls, jobject account_owner, jlong account, jobject session_owner,
    jlong session)
{
    uint32_t id = 0;

    (void)cls;
    (void)account_owner;
    (void)session_owner;
    return cqj_ok(env, cliquet_account_remove_one_time_key(cqj_ptr(account), cqj_ptr(session),
                                                           &id))
               ? (jlong)id
               : 0;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_libolmDescribe(JNIEnv *env, jclass cls,
                                                                jobject owner, jlong h)
{
    char *out = NULL;
    size_t need = 0, len = 0;
    cliquet_status st;
    jstring r = NULL;

    (void)cls;
    (void)owner;
    st = cliquet_session_describe(cqj_ptr(h), NULL, 0, &need);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        out = (char *)cqj_alloc(env, need);
        if (out == NULL) {
            return NULL;
        }
        st = cliquet_session_describe(cqj_ptr(h), out, need, &len);
    }
    if (cqj_ok(env, st)) {
        r = cqj_text_out(env, out);
    }
    cqj_free(out, need);
    return r;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_libolmUnpickleSessionAsInbound(
    JNIEnv *env, jclass cls, jbyteArray key, jstring pickle)
{
    cliquet_session *s = NULL;
    cqj_buf k, p;
    cliquet_status st;

    (void)cls;
    if (!cqj_bytes_in(env, key, &k)) {
        return 0;
    }
    if (!cqj_text_in(env, pickle, &p)) {
        cqj_buf_free(&k);
        return 0;
    }
    st = cliquet_session_unpickle_libolm_as_inbound(&s, k.p, k.len, (const char *)p.p, p.len);
    cqj_buf_free(&k);
    cqj_buf_free(&p);
    return cqj_ok(env, st) ? cqj_handle(s) : 0;
}
