/*
 * cliquet JNI glue: Megolm outbound and inbound group sessions.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "cliquet_jni.h"
#include "org_cliquet_Native.h"

/* config, here and below: a cliquet_session_config (Java's SessionConfig
 * code; anything else is cliquet's CLIQUET_ERR_INVALID_ARGUMENT). */
JNIEXPORT jlong JNICALL Java_org_cliquet_Native_outboundGroupNew(JNIEnv *env, jclass cls,
                                                                jint config)
{
    cliquet_outbound_group_session *s = NULL;
    cliquet_status st;

    (void)cls;
    st = cliquet_outbound_group_session_new_with_config(&s, (cliquet_session_config)config);
    return cqj_ok(env, st) ? cqj_handle(s) : 0;
}

JNIEXPORT jint JNICALL Java_org_cliquet_Native_outboundGroupConfig(JNIEnv *env, jclass cls,
                                                                  jobject owner, jlong h)
{
    cliquet_session_config config = CLIQUET_SESSION_CONFIG_V1;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_outbound_group_session_get_config(cqj_ptr(h), &config))
               ? (jint)config
               : 0;
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

/* A session from a session key, or from an export when import is true. */
static cliquet_status inbound_new(cliquet_inbound_group_session **s, jint config,
                                  const cqj_buf *k, jboolean import)
{
    cliquet_session_config c = (cliquet_session_config)config;

    return import ? cliquet_inbound_group_session_import_with_config(s, c, (const char *)k->p,
                                                                     k->len)
                  : cliquet_inbound_group_session_new_with_config(s, c, (const char *)k->p,
                                                                  k->len);
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_inboundGroupNew(JNIEnv *env, jclass cls,
                                                               jstring key, jboolean import,
                                                               jint config)
{
    cliquet_inbound_group_session *s = NULL;
    cqj_buf k;
    cliquet_status st;

    (void)cls;
    if (!cqj_text_in(env, key, &k)) {
        return 0;
    }
    st = inbound_new(&s, config, &k, import);
    cqj_buf_free(&k);
    return cqj_ok(env, st) ? cqj_handle(s) : 0;
}

/* As inboundGroupNew, the key given as ASCII bytes (a byte[] the caller can wipe). */
JNIEXPORT jlong JNICALL Java_org_cliquet_Native_inboundGroupNewBytes(JNIEnv *env, jclass cls,
                                                                    jbyteArray key,
                                                                    jboolean import,
                                                                    jint config)
{
    cliquet_inbound_group_session *s = NULL;
    cqj_buf k;
    cliquet_status st;

    (void)cls;
    if (!cqj_bytes_in(env, key, &k)) {
        return 0;
    }
    st = inbound_new(&s, config, &k, import);
    cqj_buf_free(&k);
    return cqj_ok(env, st) ? cqj_handle(s) : 0;
}

JNIEXPORT jint JNICALL Java_org_cliquet_Native_inboundGroupConfig(JNIEnv *env, jclass cls,
                                                                 jobject owner, jlong h)
{
    cliquet_session_config config = CLIQUET_SESSION_CONFIG_V1;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_inbound_group_session_get_config(cqj_ptr(h), &config))
               ? (jint)config
               : 0;
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

/* The export from index on, or at the first known index when index is -1
 * (Java checks -1 <= index <= 2^32 - 1). */
static cliquet_status export_at(const cliquet_inbound_group_session *s, jlong index,
                                char out[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE])
{
    return index < 0 ? cliquet_inbound_group_session_export_at_first_known_index(s, out)
                     : cliquet_inbound_group_session_export(s, (uint32_t)index, out);
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
    if (cqj_ok(env, export_at(cqj_ptr(h), index, out))) {
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
    if (cqj_ok(env, export_at(cqj_ptr(h), index, out))) {
        r = cqj_bytes_out(env, (const uint8_t *)out, strlen(out));
    }
    cliquet_wipe(out, sizeof out);
    return r;
}

/*
 * Decrypts through cliquet_inbound_group_session_decrypt_checked, which is
 * cliquet_inbound_group_session_decrypt plus what the replay record says of
 * the message (CLIQUET_REPLAY_OFF with the record off): one path for both.
 */
JNIEXPORT jobject JNICALL Java_org_cliquet_Native_inboundGroupDecrypt(JNIEnv *env,
                                                                     jclass cls,
                                                                     jobject owner, jlong h,
                                                                     jstring message)
{
    cliquet_megolm_decrypt_info info;
    cliquet_megolm_replay replay = CLIQUET_REPLAY_OFF;
    cqj_buf msg;
    uint8_t *plain;
    size_t len = 0;
    jobject r = NULL;
    jbyteArray p;
    jstring id;
    cliquet_status st;

    (void)cls;
    (void)owner;
    if (!cqj_text_in(env, message, &msg)) {
        return NULL;
    }
    plain = (uint8_t *)cqj_alloc(env, msg.len);
    if (plain != NULL) {
        st = cliquet_inbound_group_session_decrypt_checked(cqj_ptr(h), (const char *)msg.p,
                                                           msg.len, plain, msg.len, &len,
                                                           &info, &replay);
        if (cqj_ok(env, st)) {
            p = cqj_bytes_out(env, plain, len);
            id = p == NULL ? NULL : cqj_text_out(env, info.session_id);
            if (id != NULL) {
                r = (*env)->NewObject(env, cqj.megolm_decrypted, cqj.megolm_decrypted_init, p,
                                      id, (jlong)info.message_index,
                                      info.verified ? JNI_TRUE : JNI_FALSE,
                                      info.imported ? JNI_TRUE : JNI_FALSE, (jint)replay);
            }
        }
        cqj_free(plain, msg.len);
    }
    cqj_buf_free(&msg);
    return r;
}

/* ---- Comparing, merging, advancing; the replay record (ABI 1.1) ---- */

JNIEXPORT jint JNICALL Java_org_cliquet_Native_inboundGroupCompare(JNIEnv *env, jclass cls,
                                                                  jobject a, jlong ha,
                                                                  jobject b, jlong hb)
{
    cliquet_session_ordering ordering = CLIQUET_SESSION_UNCONNECTED;

    (void)cls;
    (void)a;
    (void)b;
    return cqj_ok(env, cliquet_inbound_group_session_compare(cqj_ptr(ha), cqj_ptr(hb),
                                                             &ordering))
               ? (jint)ordering
               : -1;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_inboundGroupMerge(JNIEnv *env, jclass cls,
                                                                 jobject a, jlong ha, jobject b,
                                                                 jlong hb)
{
    cliquet_inbound_group_session *s = NULL;

    (void)cls;
    (void)a;
    (void)b;
    return cqj_ok(env, cliquet_inbound_group_session_merge(&s, cqj_ptr(ha), cqj_ptr(hb)))
               ? cqj_handle(s)
               : 0;
}

JNIEXPORT jboolean JNICALL Java_org_cliquet_Native_inboundGroupAdvanceTo(JNIEnv *env,
                                                                        jclass cls,
                                                                        jobject owner, jlong h,
                                                                        jlong index)
{
    int advanced = 0;

    (void)cls;
    (void)owner;
    /* Java checks 0 <= index <= 2^32 - 1. */
    return cqj_ok(env, cliquet_inbound_group_session_advance_to(cqj_ptr(h), (uint32_t)index,
                                                                &advanced)) &&
                   advanced
               ? JNI_TRUE
               : JNI_FALSE;
}

JNIEXPORT void JNICALL Java_org_cliquet_Native_inboundGroupSetReplayDetection(
    JNIEnv *env, jclass cls, jobject owner, jlong h, jboolean on)
{
    (void)cls;
    (void)owner;
    (void)cqj_ok(env, cliquet_inbound_group_session_set_replay_detection(cqj_ptr(h),
                                                                          on ? 1 : 0));
}

/* { on (0 or 1), entries, evicted } in a new long[3]; NULL with an exception. */
JNIEXPORT jlongArray JNICALL Java_org_cliquet_Native_inboundGroupReplayDetection(
    JNIEnv *env, jclass cls, jobject owner, jlong h)
{
    int on = 0;
    size_t entries = 0;
    uint32_t evicted = 0;
    jlong v[3];
    jlongArray r;

    (void)cls;
    (void)owner;
    if (!cqj_ok(env, cliquet_inbound_group_session_replay_detection(cqj_ptr(h), &on, &entries,
                                                                    &evicted))) {
        return NULL;
    }
    v[0] = on ? 1 : 0;
    v[1] = (jlong)entries; /* at most CLIQUET_MEGOLM_REPLAY_MAX_ENTRIES */
    v[2] = (jlong)evicted;
    r = (*env)->NewLongArray(env, 3);
    if (r != NULL) {
        (*env)->SetLongArrayRegion(env, r, 0, 3, v);
    }
    return r;
}
