/*
 * cliquet JNI glue: Megolm outbound and inbound group sessions.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "cliquet_jni.h"
#include "org_cliquet_Native.h"

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_outboundGroupNew(JNIEnv *env, jclass cls)
{
    cliquet_outbound_group_session *s = NULL;

    (void)cls;
    return cqj_ok(env, cliquet_outbound_group_session_new(&s)) ? cqj_handle(s) : 0;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_outboundGroupId(JNIEnv *env, jclass cls,
                                                                 jobject owner, jlong h)
{
    char id[CLIQUET_KEY_BASE64_SIZE];

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_outbound_group_session_id(cqj_ptr(h), id))
               ? cqj_text_out(env, id)
               : NULL;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_outboundGroupMessageIndex(JNIEnv *env,
                                                                         jclass cls,
                                                                         jobject owner,
                                                                         jlong h)
{
    uint32_t index = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_outbound_group_session_message_index(cqj_ptr(h), &index))
               ? (jlong)index
               : 0;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_outboundGroupKey(JNIEnv *env, jclass cls,
                                                                  jobject owner, jlong h)
{
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    jstring r = NULL;

    (void)cls;
    (void)owner;
    if (cqj_ok(env, cliquet_outbound_group_session_key(cqj_ptr(h), key))) {
        r = cqj_text_out(env, key);
    }
    cliquet_wipe(key, sizeof key);
    return r;
}

/* The session key as ASCII bytes in a byte[] the caller can wipe. */
JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_outboundGroupKeyBytes(JNIEnv *env,
                                                                          jclass cls,
                                                                          jobject owner,
                                                                          jlong h)
{
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    jbyteArray r = NULL;

    (void)cls;
    (void)owner;
    if (cqj_ok(env, cliquet_outbound_group_session_key(cqj_ptr(h), key))) {
        r = cqj_bytes_out(env, (const uint8_t *)key, strlen(key));
    }
    cliquet_wipe(key, sizeof key);
    return r;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_outboundGroupEncrypt(JNIEnv *env,
                                                                      jclass cls,
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
    st = cliquet_outbound_group_session_encrypt(cqj_ptr(h), NULL, 0, &need, p.p, p.len);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        msg = (char *)cqj_alloc(env, need);
        if (msg == NULL) {
            cqj_buf_free(&p);
            return NULL;
        }
        st = cliquet_outbound_group_session_encrypt(cqj_ptr(h), msg, need, &len, p.p, p.len);
    }
    cqj_buf_free(&p);
    if (cqj_ok(env, st)) {
        r = cqj_text_out(env, msg);
    }
    cqj_free(msg, need);
    return r;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_inboundGroupNew(JNIEnv *env, jclass cls,
                                                               jstring key, jboolean import)
{
    cliquet_inbound_group_session *s = NULL;
    cqj_buf k;
    cliquet_status st;

    (void)cls;
    if (!cqj_text_in(env, key, &k)) {
        return 0;
    }
    st = import ? cliquet_inbound_group_session_import(&s, (const char *)k.p, k.len)
                : cliquet_inbound_group_session_new(&s, (const char *)k.p, k.len);
    cqj_buf_free(&k);
    return cqj_ok(env, st) ? cqj_handle(s) : 0;
}

/* As inboundGroupNew, the key given as ASCII bytes (a byte[] the caller can wipe). */
JNIEXPORT jlong JNICALL Java_org_cliquet_Native_inboundGroupNewBytes(JNIEnv *env, jclass cls,
                                                                    jbyteArray key,
                                                                    jboolean import)
{
    cliquet_inbound_group_session *s = NULL;
    cqj_buf k;
    cliquet_status st;

    (void)cls;
    if (!cqj_bytes_in(env, key, &k)) {
        return 0;
    }
    st = import ? cliquet_inbound_group_session_import(&s, (const char *)k.p, k.len)
                : cliquet_inbound_group_session_new(&s, (const char *)k.p, k.len);
    cqj_buf_free(&k);
    return cqj_ok(env, st) ? cqj_handle(s) : 0;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_inboundGroupId(JNIEnv *env, jclass cls,
                                                                jobject owner, jlong h)
{
    char id[CLIQUET_KEY_BASE64_SIZE];

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_inbound_group_session_id(cqj_ptr(h), id))
               ? cqj_text_out(env, id)
               : NULL;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_inboundGroupFirstKnownIndex(JNIEnv *env,
                                                                           jclass cls,
                                                                           jobject owner,
                                                                           jlong h)
{
    uint32_t index = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_inbound_group_session_first_known_index(cqj_ptr(h), &index))
               ? (jlong)index
               : 0;
}

JNIEXPORT jboolean JNICALL Java_org_cliquet_Native_inboundGroupIsVerified(JNIEnv *env,
                                                                         jclass cls,
                                                                         jobject owner,
                                                                         jlong h)
{
    int yes = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_inbound_group_session_is_verified(cqj_ptr(h), &yes)) && yes
               ? JNI_TRUE
               : JNI_FALSE;
}

JNIEXPORT jboolean JNICALL Java_org_cliquet_Native_inboundGroupIsImported(JNIEnv *env,
                                                                         jclass cls,
                                                                         jobject owner,
                                                                         jlong h)
{
    int yes = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_inbound_group_session_is_imported(cqj_ptr(h), &yes)) && yes
               ? JNI_TRUE
               : JNI_FALSE;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_inboundGroupExport(JNIEnv *env,
                                                                    jclass cls,
                                                                    jobject owner, jlong h,
                                                                    jlong index)
{
    char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE];
    jstring r = NULL;

    (void)cls;
    (void)owner;
    /* Java checks 0 <= index <= 2^32 - 1. */
    if (cqj_ok(env, cliquet_inbound_group_session_export(cqj_ptr(h), (uint32_t)index, out))) {
        r = cqj_text_out(env, out);
    }
    cliquet_wipe(out, sizeof out);
    return r;
}

/* The export as ASCII bytes in a byte[] the caller can wipe. */
JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_inboundGroupExportBytes(
    JNIEnv *env, jclass cls, jobject owner, jlong h, jlong index)
{
    char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE];
    jbyteArray r = NULL;

    (void)cls;
    (void)owner;
    if (cqj_ok(env, cliquet_inbound_group_session_export(cqj_ptr(h), (uint32_t)index, out))) {
        r = cqj_bytes_out(env, (const uint8_t *)out, strlen(out));
    }
    cliquet_wipe(out, sizeof out);
    return r;
}

JNIEXPORT jobject JNICALL Java_org_cliquet_Native_inboundGroupDecrypt(JNIEnv *env,
                                                                     jclass cls,
                                                                     jobject owner, jlong h,
                                                                     jstring message)
{
    cliquet_megolm_decrypt_info info;
    cqj_buf msg;
    uint8_t *plain;
    size_t len = 0;
    jobject r = NULL;
    jbyteArray p;
    jstring id;

    (void)cls;
    (void)owner;
    if (!cqj_text_in(env, message, &msg)) {
        return NULL;
    }
    plain = (uint8_t *)cqj_alloc(env, msg.len);
    if (plain != NULL) {
        if (cqj_ok(env, cliquet_inbound_group_session_decrypt(cqj_ptr(h), (const char *)msg.p,
                                                              msg.len, plain, msg.len, &len,
                                                              &info))) {
            p = cqj_bytes_out(env, plain, len);
            id = p == NULL ? NULL : cqj_text_out(env, info.session_id);
            if (id != NULL) {
                r = (*env)->NewObject(env, cqj.megolm_decrypted, cqj.megolm_decrypted_init, p,
                                      id, (jlong)info.message_index,
                                      info.verified ? JNI_TRUE : JNI_FALSE,
                                      info.imported ? JNI_TRUE : JNI_FALSE);
            }
        }
        cqj_free(plain, msg.len);
    }
    cqj_buf_free(&msg);
    return r;
}
