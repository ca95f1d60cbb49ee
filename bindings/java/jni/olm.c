/*
 * cliquet JNI glue: accounts, Olm sessions, and every object's pickles.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "cliquet_jni.h"
#include "org_cliquet_Native.h"

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_accountNew(JNIEnv *env, jclass cls)
{
    cliquet_account *a = NULL;

    (void)cls;
    return cqj_ok(env, cliquet_account_new(&a)) ? cqj_handle(a) : 0;
}

JNIEXPORT jobjectArray JNICALL Java_org_cliquet_Native_accountIdentityKeys(
    JNIEnv *env, jclass cls, jobject owner, jlong h)
{
    char curve[CLIQUET_KEY_BASE64_SIZE], ed[CLIQUET_KEY_BASE64_SIZE];
    const char *keys[2] = {curve, ed};

    (void)cls;
    (void)owner;
    if (!cqj_ok(env, cliquet_account_identity_keys(cqj_ptr(h), curve, ed))) {
        return NULL;
    }
    return cqj_texts_out(env, keys, 2);
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_accountSign(JNIEnv *env, jclass cls,
                                                             jobject owner, jlong h,
                                                             jbyteArray message)
{
    char sig[CLIQUET_SIGNATURE_BASE64_SIZE];
    cqj_buf m;
    cliquet_status st;

    (void)cls;
    (void)owner;
    if (!cqj_bytes_in(env, message, &m)) {
        return NULL;
    }
    st = cliquet_account_sign(cqj_ptr(h), sig, m.p, m.len);
    cqj_buf_free(&m);
    return cqj_ok(env, st) ? cqj_text_out(env, sig) : NULL;
}

JNIEXPORT jint JNICALL Java_org_cliquet_Native_accountGenerateOneTimeKeys(
    JNIEnv *env, jclass cls, jobject owner, jlong h, jint count)
{
    size_t evicted = 0;

    (void)cls;
    (void)owner;
    if (!cqj_ok(env, cliquet_account_generate_one_time_keys(cqj_ptr(h), (size_t)count,
                                                            &evicted))) {
        return 0;
    }
    return (jint)evicted; /* at most 100 */
}

JNIEXPORT jint JNICALL Java_org_cliquet_Native_accountMaxOneTimeKeys(JNIEnv *env,
                                                                    jclass cls,
                                                                    jobject owner, jlong h)
{
    size_t n = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_account_max_one_time_keys(cqj_ptr(h), &n)) ? (jint)n : 0;
}

JNIEXPORT jint JNICALL Java_org_cliquet_Native_accountOneTimeKeyCount(JNIEnv *env,
                                                                     jclass cls,
                                                                     jobject owner, jlong h)
{
    size_t n = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_account_one_time_key_count(cqj_ptr(h), &n)) ? (jint)n : 0;
}

JNIEXPORT jobjectArray JNICALL Java_org_cliquet_Native_accountOneTimeKey(
    JNIEnv *env, jclass cls, jobject owner, jlong h, jint i)
{
    char id[CLIQUET_KEY_ID_BASE64_SIZE], key[CLIQUET_KEY_BASE64_SIZE];
    const char *texts[2] = {id, key};

    (void)cls;
    (void)owner;
    if (!cqj_ok(env, cliquet_account_one_time_key(cqj_ptr(h), (size_t)i, id, key))) {
        return NULL;
    }
    return cqj_texts_out(env, texts, 2);
}

JNIEXPORT void JNICALL Java_org_cliquet_Native_accountMarkKeysAsPublished(JNIEnv *env,
                                                                         jclass cls,
                                                                         jobject owner,
                                                                         jlong h)
{
    (void)cls;
    (void)owner;
    (void)cqj_ok(env, cliquet_account_mark_keys_as_published(cqj_ptr(h)));
}

JNIEXPORT void JNICALL Java_org_cliquet_Native_accountGenerateFallbackKey(JNIEnv *env,
                                                                         jclass cls,
                                                                         jobject owner,
                                                                         jlong h)
{
    (void)cls;
    (void)owner;
    (void)cqj_ok(env, cliquet_account_generate_fallback_key(cqj_ptr(h)));
}

/* {key id, key}, or NULL without an exception when there is none. */
JNIEXPORT jobjectArray JNICALL Java_org_cliquet_Native_accountFallbackKey(
    JNIEnv *env, jclass cls, jobject owner, jlong h)
{
    char id[CLIQUET_KEY_ID_BASE64_SIZE], key[CLIQUET_KEY_BASE64_SIZE];
    const char *texts[2] = {id, key};
    int has = 0;

    (void)cls;
    (void)owner;
    if (!cqj_ok(env, cliquet_account_fallback_key(cqj_ptr(h), &has, id, key)) || !has) {
        return NULL;
    }
    return cqj_texts_out(env, texts, 2);
}

JNIEXPORT void JNICALL Java_org_cliquet_Native_accountForgetOldFallbackKey(JNIEnv *env,
                                                                          jclass cls,
                                                                          jobject owner,
                                                                          jlong h)
{
    (void)cls;
    (void)owner;
    (void)cqj_ok(env, cliquet_account_forget_old_fallback_key(cqj_ptr(h)));
}

/* ---- Olm sessions ---- */

/* config: a cliquet_session_config (Java's SessionConfig code; anything
 * else is cliquet's CLIQUET_ERR_INVALID_ARGUMENT). */
JNIEXPORT jlong JNICALL Java_org_cliquet_Native_sessionNewOutbound(
    JNIEnv *env, jclass cls, jobject owner, jlong account, jint config, jstring identity_key,
    jstring one_time_key)
{
    cliquet_session *s = NULL;
    cqj_buf ik, otk;
    cliquet_status st;

    (void)cls;
    (void)owner;
    if (!cqj_text_in(env, identity_key, &ik)) {
        return 0;
    }
    if (!cqj_text_in(env, one_time_key, &otk)) {
        cqj_buf_free(&ik);
        return 0;
    }
    st = cliquet_session_new_outbound_with_config(&s, cqj_ptr(account),
                                                  (cliquet_session_config)config,
                                                  (const char *)ik.p, ik.len,
                                                  (const char *)otk.p, otk.len);
    cqj_buf_free(&ik);
    cqj_buf_free(&otk);
    return cqj_ok(env, st) ? cqj_handle(s) : 0;
}

/* An org.cliquet.OlmDecrypted from a plaintext and its info. */
static jobject olm_decrypted(JNIEnv *env, const uint8_t *plaintext, size_t len,
                             const cliquet_olm_decrypt_info *info)
{
    jbyteArray p = cqj_bytes_out(env, plaintext, len);
    jstring sender, id;

    if (p == NULL) {
        return NULL;
    }
    sender = cqj_text_out(env, info->sender_key);
    if (sender == NULL) {
        return NULL;
    }
    id = cqj_text_out(env, info->session_id);
    if (id == NULL) {
        return NULL;
    }
    return (*env)->NewObject(env, cqj.olm_decrypted, cqj.olm_decrypted_init, p, sender, id,
                             (jint)info->evicted_message_keys, (jint)info->evicted_chains);
}

/* Stores a handle in out[0]; 0 with an exception pending. */
static int put_handle(JNIEnv *env, jlongArray out, void *p)
{
    jlong h = cqj_handle(p);

    (*env)->SetLongArrayRegion(env, out, 0, 1, &h);
    return !(*env)->ExceptionCheck(env);
}

JNIEXPORT jobject JNICALL Java_org_cliquet_Native_sessionNewInbound(
    JNIEnv *env, jclass cls, jobject owner, jlong account, jint config, jstring identity_key,
    jstring message, jlongArray out)
{
    cliquet_session *s = NULL;
    cliquet_olm_decrypt_info info;
    cqj_buf ik, msg;
    uint8_t *plain;
    size_t plain_len = 0;
    cliquet_status st;
    jobject r = NULL;

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
        st = cliquet_session_new_inbound_with_config(
            &s, cqj_ptr(account), (cliquet_session_config)config, (const char *)ik.p, ik.len,
            (const char *)msg.p, msg.len, plain, msg.len, &plain_len, &info);
        if (cqj_ok(env, st)) {
            r = olm_decrypted(env, plain, plain_len, &info);
            /* The session exists: it goes to Java, or is freed here. */
            if (r == NULL || !put_handle(env, out, s)) {
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

JNIEXPORT jboolean JNICALL Java_org_cliquet_Native_sessionMatchesInbound(
    JNIEnv *env, jclass cls, jobject owner, jlong h, jstring identity_key, jstring message)
{
    cqj_buf ik, msg;
    int matches = 0;
    cliquet_status st;

    (void)cls;
    (void)owner;
    if (!cqj_text_in(env, identity_key, &ik)) {
        return JNI_FALSE;
    }
    if (!cqj_text_in(env, message, &msg)) {
        cqj_buf_free(&ik);
        return JNI_FALSE;
    }
    st = cliquet_session_matches_inbound(cqj_ptr(h), (const char *)ik.p, ik.len,
                                         (const char *)msg.p, msg.len, &matches);
    cqj_buf_free(&ik);
    cqj_buf_free(&msg);
    return cqj_ok(env, st) && matches ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_sessionId(JNIEnv *env, jclass cls,
                                                           jobject owner, jlong h)
{
    char id[CLIQUET_KEY_BASE64_SIZE];

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_session_id(cqj_ptr(h), id)) ? cqj_text_out(env, id) : NULL;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_sessionTheirIdentityKey(JNIEnv *env,
                                                                         jclass cls,
                                                                         jobject owner,
                                                                         jlong h)
{
    char key[CLIQUET_KEY_BASE64_SIZE];

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_session_their_identity_key(cqj_ptr(h), key))
               ? cqj_text_out(env, key)
               : NULL;
}

JNIEXPORT jboolean JNICALL Java_org_cliquet_Native_sessionHasReceivedMessage(JNIEnv *env,
                                                                            jclass cls,
                                                                            jobject owner,
                                                                            jlong h)
{
    int yes = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_session_has_received_message(cqj_ptr(h), &yes)) && yes
               ? JNI_TRUE
               : JNI_FALSE;
}

JNIEXPORT jint JNICALL Java_org_cliquet_Native_sessionConfig(JNIEnv *env, jclass cls,
                                                            jobject owner, jlong h)
{
    cliquet_session_config config = CLIQUET_SESSION_CONFIG_V1;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_session_get_config(cqj_ptr(h), &config)) ? (jint)config : 0;
}

JNIEXPORT jint JNICALL Java_org_cliquet_Native_sessionMessageType(JNIEnv *env, jclass cls,
                                                                 jobject owner, jlong h)
{
    int type = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_session_message_type(cqj_ptr(h), &type)) ? (jint)type : 0;
}

JNIEXPORT jobject JNICALL Java_org_cliquet_Native_sessionEncrypt(JNIEnv *env, jclass cls,
                                                                jobject owner, jlong h,
                                                                jbyteArray plaintext)
{
    cqj_buf p;
    char *msg = NULL;
    size_t need = 0, len = 0;
    int type = 0;
    cliquet_status st;
    jobject r = NULL;
    jstring text;

    (void)cls;
    (void)owner;
    if (!cqj_bytes_in(env, plaintext, &p)) {
        return NULL;
    }
    /* Size query first: the capacity is exact and depends on the state. */
    st = cliquet_session_encrypt(cqj_ptr(h), &type, NULL, 0, &need, p.p, p.len);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        msg = (char *)cqj_alloc(env, need);
        if (msg == NULL) {
            cqj_buf_free(&p);
            return NULL;
        }
        st = cliquet_session_encrypt(cqj_ptr(h), &type, msg, need, &len, p.p, p.len);
    }
    cqj_buf_free(&p);
    if (cqj_ok(env, st)) {
        text = cqj_text_out(env, msg);
        if (text != NULL) {
            r = (*env)->NewObject(env, cqj.olm_message, cqj.olm_message_init, (jint)type,
                                  text);
        }
    }
    cqj_free(msg, need);
    return r;
}

JNIEXPORT jobject JNICALL Java_org_cliquet_Native_sessionDecrypt(JNIEnv *env, jclass cls,
                                                                jobject owner, jlong h,
                                                                jint type, jstring message)
{
    cliquet_olm_decrypt_info info;
    cqj_buf msg;
    uint8_t *plain;
    size_t len = 0;
    jobject r = NULL;

    (void)cls;
    (void)owner;
    if (!cqj_text_in(env, message, &msg)) {
        return NULL;
    }
    plain = (uint8_t *)cqj_alloc(env, msg.len);
    if (plain != NULL) {
        if (cqj_ok(env, cliquet_session_decrypt(cqj_ptr(h), (int)type, (const char *)msg.p,
                                                msg.len, plain, msg.len, &len, &info))) {
            r = olm_decrypted(env, plain, len, &info);
        }
        cqj_free(plain, msg.len);
    }
    cqj_buf_free(&msg);
    return r;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_sessionUnpickleLibolm(
    JNIEnv *env, jclass cls, jbyteArray key, jstring pickle, jstring identity_key)
{
    cliquet_session *s = NULL;
    cqj_buf k, p, ik;
    cliquet_status st;

    (void)cls;
    if (!cqj_bytes_in(env, key, &k)) {
        return 0;
    }
    if (!cqj_text_in(env, pickle, &p)) {
        cqj_buf_free(&k);
        return 0;
    }
    if (!cqj_text_in(env, identity_key, &ik)) {
        cqj_buf_free(&k);
        cqj_buf_free(&p);
        return 0;
    }
    st = cliquet_session_unpickle_libolm(&s, k.p, k.len, (const char *)p.p, p.len,
                                         (const char *)ik.p, ik.len);
    cqj_buf_free(&k);
    cqj_buf_free(&p);
    cqj_buf_free(&ik);
    return cqj_ok(env, st) ? cqj_handle(s) : 0;
}

/* ---- Pickles of every object ---- */

/* Formats: as org.cliquet.Native numbers them. */
enum { FORMAT_NATIVE = 0, FORMAT_LIBOLM = 1, FORMAT_LIBOLM_LOSSY = 2 };

/* One pickle call of any object; the size rule as cliquet.h says. */
static cliquet_status pickle_call(jint kind, jint format, void *obj, char *out,
                                  size_t cap, size_t *len, const uint8_t *key,
                                  size_t key_len)
{
    switch (kind * 4 + format) {
    case CQJ_ACCOUNT * 4 + FORMAT_NATIVE:
        return cliquet_account_pickle(obj, out, cap, len, key, key_len);
    case CQJ_ACCOUNT * 4 + FORMAT_LIBOLM:
        return cliquet_account_pickle_libolm(obj, out, cap, len, key, key_len);
    case CQJ_SESSION * 4 + FORMAT_NATIVE:
        return cliquet_session_pickle(obj, out, cap, len, key, key_len);
    case CQJ_SESSION * 4 + FORMAT_LIBOLM:
        return cliquet_session_pickle_libolm(obj, out, cap, len, key, key_len);
    case CQJ_OUTBOUND_GROUP * 4 + FORMAT_NATIVE:
        return cliquet_outbound_group_session_pickle(obj, out, cap, len, key, key_len);
    case CQJ_OUTBOUND_GROUP * 4 + FORMAT_LIBOLM:
        return cliquet_outbound_group_session_pickle_libolm(obj, out, cap, len, key,
                                                            key_len);
    case CQJ_INBOUND_GROUP * 4 + FORMAT_NATIVE:
        return cliquet_inbound_group_session_pickle(obj, out, cap, len, key, key_len);
    case CQJ_INBOUND_GROUP * 4 + FORMAT_LIBOLM:
        return cliquet_inbound_group_session_pickle_libolm(obj, out, cap, len, key,
                                                           key_len);
    case CQJ_INBOUND_GROUP * 4 + FORMAT_LIBOLM_LOSSY:
        return cliquet_inbound_group_session_pickle_libolm_lossy(obj, out, cap, len, key,
                                                                 key_len);
    case CQJ_PK_DECRYPTION * 4 + FORMAT_NATIVE:
        return cliquet_pk_decryption_pickle(obj, out, cap, len, key, key_len);
    case CQJ_PK_DECRYPTION * 4 + FORMAT_LIBOLM:
        return cliquet_pk_decryption_pickle_libolm(obj, out, cap, len, key, key_len);
    default:
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
}

/* One unpickle call of any object (not a libolm session: see above). Each
 * case fills a pointer of its own type, then hands it over as void *. */
static cliquet_status unpickle_call(jint kind, jint format, void **out,
                                    const uint8_t *key, size_t key_len,
                                    const char *pickle, size_t len)
{
    cliquet_account *a = NULL;
    cliquet_session *s = NULL;
    cliquet_outbound_group_session *o = NULL;
    cliquet_inbound_group_session *i = NULL;
    cliquet_pk_decryption *d = NULL;
    cliquet_status st;

    switch (kind * 4 + format) {
    case CQJ_ACCOUNT * 4 + FORMAT_NATIVE:
        st = cliquet_account_unpickle(&a, key, key_len, pickle, len);
        break;
    case CQJ_ACCOUNT * 4 + FORMAT_LIBOLM:
        st = cliquet_account_unpickle_libolm(&a, key, key_len, pickle, len);
        break;
    case CQJ_SESSION * 4 + FORMAT_NATIVE:
        st = cliquet_session_unpickle(&s, key, key_len, pickle, len);
        break;
    case CQJ_OUTBOUND_GROUP * 4 + FORMAT_NATIVE:
        st = cliquet_outbound_group_session_unpickle(&o, key, key_len, pickle, len);
        break;
    case CQJ_OUTBOUND_GROUP * 4 + FORMAT_LIBOLM:
        st = cliquet_outbound_group_session_unpickle_libolm(&o, key, key_len, pickle, len);
        break;
    case CQJ_INBOUND_GROUP * 4 + FORMAT_NATIVE:
        st = cliquet_inbound_group_session_unpickle(&i, key, key_len, pickle, len);
        break;
    case CQJ_INBOUND_GROUP * 4 + FORMAT_LIBOLM:
        st = cliquet_inbound_group_session_unpickle_libolm(&i, key, key_len, pickle, len);
        break;
    case CQJ_PK_DECRYPTION * 4 + FORMAT_NATIVE:
        st = cliquet_pk_decryption_unpickle(&d, key, key_len, pickle, len);
        break;
    case CQJ_PK_DECRYPTION * 4 + FORMAT_LIBOLM:
        st = cliquet_pk_decryption_unpickle_libolm(&d, key, key_len, pickle, len);
        break;
    default:
        return CLIQUET_ERR_INVALID_ARGUMENT;
    }
    /* At most one of them is set, and only on success. */
    *out = a != NULL ? (void *)a
         : s != NULL ? (void *)s
         : o != NULL ? (void *)o
         : i != NULL ? (void *)i
                     : (void *)d;
    return st;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_pickle(JNIEnv *env, jclass cls,
                                                        jint kind, jint format,
                                                        jobject owner, jlong h,
                                                        jbyteArray key)
{
    cqj_buf k;
    char *out = NULL;
    size_t need = 0, len = 0;
    cliquet_status st;
    jstring r = NULL;

    (void)cls;
    (void)owner;
    if (!cqj_bytes_in(env, key, &k)) {
        return NULL;
    }
    st = pickle_call(kind, format, cqj_ptr(h), NULL, 0, &need, k.p, k.len);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        out = (char *)cqj_alloc(env, need);
        if (out == NULL) {
            cqj_buf_free(&k);
            return NULL;
        }
        st = pickle_call(kind, format, cqj_ptr(h), out, need, &len, k.p, k.len);
    }
    cqj_buf_free(&k);
    if (cqj_ok(env, st)) {
        r = cqj_text_out(env, out);
    }
    cqj_free(out, need);
    return r;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_unpickle(JNIEnv *env, jclass cls,
                                                        jint kind, jint format,
                                                        jbyteArray key, jstring pickle)
{
    void *obj = NULL;
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
    st = unpickle_call(kind, format, &obj, k.p, k.len, (const char *)p.p, p.len);
    cqj_buf_free(&k);
    cqj_buf_free(&p);
    return cqj_ok(env, st) ? cqj_handle(obj) : 0;
}
