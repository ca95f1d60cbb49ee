/*
 * cliquet JNI glue: loading, the status mapping, buffers, library-wide
 * calls (init, version, free, utilities).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "cliquet_jni.h"
#include "org_cliquet_Native.h"

cqj_cache cqj;

/* A global reference to a class, or NULL with the exception pending. */
static jclass global_class(JNIEnv *env, const char *name)
{
    jclass local = (*env)->FindClass(env, name);
    jclass global;

    if (local == NULL) {
        return NULL;
    }
    global = (jclass)(*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    return global;
}

/* Looks up a class and one constructor; 0 with an exception pending. */
static int cache_class(JNIEnv *env, jclass *cls, jmethodID *init,
                       const char *name, const char *init_sig)
{
    *cls = global_class(env, name);
    if (*cls == NULL) {
        return 0;
    }
    if (init_sig == NULL) {
        return 1;
    }
    *init = (*env)->GetMethodID(env, *cls, "<init>", init_sig);
    return *init != NULL;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    JNIEnv *env;
    jmethodID unused;

    (void)reserved;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6) != JNI_OK) {
        return JNI_ERR;
    }
    if (!cache_class(env, &cqj.exception, &cqj.exception_init,
                     "org/cliquet/CliquetException", "(ILjava/lang/String;)V") ||
        !cache_class(env, &cqj.olm_decrypted, &cqj.olm_decrypted_init,
                     "org/cliquet/OlmDecrypted",
                     "([BLjava/lang/String;Ljava/lang/String;II)V") ||
        !cache_class(env, &cqj.megolm_decrypted, &cqj.megolm_decrypted_init,
                     "org/cliquet/MegolmDecrypted", "([BLjava/lang/String;JZZI)V") ||
        !cache_class(env, &cqj.olm_message, &cqj.olm_message_init,
                     "org/cliquet/OlmMessage", "(ILjava/lang/String;)V") ||
        !cache_class(env, &cqj.pk_message, &cqj.pk_message_init, "org/cliquet/PkMessage",
                     "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V") ||
        !cache_class(env, &cqj.string, &unused, "java/lang/String", NULL) ||
        !cache_class(env, &cqj.byte_array, &unused, "[B", NULL)) {
        return JNI_ERR;
    }
    return JNI_VERSION_1_6;
}

/* cliquet_jni.h */
void cqj_throw_status(JNIEnv *env, cliquet_status st)
{
    jstring name;
    jobject e;

    if ((*env)->ExceptionCheck(env)) {
        return; /* keep the first exception: it is the cause */
    }
    name = (*env)->NewStringUTF(env, cliquet_strerror(st));
    if (name == NULL) {
        return;
    }
    e = (*env)->NewObject(env, cqj.exception, cqj.exception_init, (jint)st, name);
    if (e != NULL) {
        (*env)->Throw(env, (jthrowable)e);
    }
}

/* cliquet_jni.h */
int cqj_ok(JNIEnv *env, cliquet_status st)
{
    if (st == CLIQUET_OK) {
        return 1;
    }
    cqj_throw_status(env, st);
    return 0;
}

/* cliquet_jni.h */
void cqj_throw_oom(JNIEnv *env)
{
    jclass c;

    if ((*env)->ExceptionCheck(env)) {
        return;
    }
    c = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
    if (c != NULL) {
        (*env)->ThrowNew(env, c, "cliquet JNI glue: malloc failed");
    }
}

/* cliquet_jni.h */
void *cqj_alloc(JNIEnv *env, size_t n)
{
    void *p = malloc(n == 0 ? 1 : n);

    if (p == NULL) {
        cqj_throw_oom(env);
    }
    return p;
}

/* cliquet_jni.h */
void cqj_free(void *p, size_t n)
{
    if (p != NULL) {
        cliquet_wipe(p, n);
        free(p);
    }
}

/* cliquet_jni.h */
int cqj_bytes_in(JNIEnv *env, jbyteArray a, cqj_buf *out)
{
    jsize n = a == NULL ? 0 : (*env)->GetArrayLength(env, a);

    out->len = (size_t)n;
    /* One byte more, as for texts: cqj_buf_free wipes len + 1. */
    out->p = (uint8_t *)cqj_alloc(env, out->len + 1);
    if (out->p == NULL) {
        out->len = 0;
        return 0;
    }
    if (n > 0) {
        (*env)->GetByteArrayRegion(env, a, 0, n, (jbyte *)out->p);
    }
    return 1;
}

/* cliquet_jni.h */
int cqj_text_in(JNIEnv *env, jstring s, cqj_buf *out)
{
    jsize chars, bytes;

    out->p = NULL;
    out->len = 0;
    if (s == NULL) {
        return 1;
    }
    chars = (*env)->GetStringLength(env, s);
    bytes = (*env)->GetStringUTFLength(env, s);
    out->p = (uint8_t *)cqj_alloc(env, (size_t)bytes + 1);
    if (out->p == NULL) {
        return 0;
    }
    /* Region copies write no NUL of their own in every VM: add it. */
    (*env)->GetStringUTFRegion(env, s, 0, chars, (char *)out->p);
    out->p[bytes] = 0;
    out->len = (size_t)bytes;
    if ((*env)->ExceptionCheck(env)) {
        cqj_buf_free(out);
        return 0;
    }
    return 1;
}

/* cliquet_jni.h */
void cqj_buf_free(cqj_buf *b)
{
    /* Every buffer holds one byte more than its length (a text's NUL). */
    cqj_free(b->p, b->len + 1);
    b->p = NULL;
    b->len = 0;
}

/* cliquet_jni.h */
jbyteArray cqj_bytes_out(JNIEnv *env, const uint8_t *p, size_t n)
{
    jbyteArray a;

    if (n > (size_t)INT32_MAX) {
        cqj_throw_oom(env);
        return NULL;
    }
    a = (*env)->NewByteArray(env, (jsize)n);
    if (a != NULL && n > 0) {
        (*env)->SetByteArrayRegion(env, a, 0, (jsize)n, (const jbyte *)p);
    }
    return a;
}

/* cliquet_jni.h */
jstring cqj_text_out(JNIEnv *env, const char *text)
{
    return (*env)->NewStringUTF(env, text);
}

/* cliquet_jni.h */
jobjectArray cqj_texts_out(JNIEnv *env, const char *const *texts, size_t n)
{
    jobjectArray a = (*env)->NewObjectArray(env, (jsize)n, cqj.string, NULL);
    size_t i;

    for (i = 0; a != NULL && i < n; i++) {
        jstring s = cqj_text_out(env, texts[i]);

        if (s == NULL) {
            return NULL;
        }
        (*env)->SetObjectArrayElement(env, a, (jsize)i, s);
        (*env)->DeleteLocalRef(env, s);
    }
    return a;
}

/* cliquet_jni.h */
void *cqj_ptr(jlong handle)
{
    return (void *)(intptr_t)handle;
}

/* cliquet_jni.h */
jlong cqj_handle(void *p)
{
    return (jlong)(intptr_t)p;
}

JNIEXPORT jint JNICALL Java_org_cliquet_Native_init(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return (jint)cliquet_init();
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_statusName(JNIEnv *env, jclass cls,
                                                            jint code)
{
    (void)cls;
    return cqj_text_out(env, cliquet_strerror((cliquet_status)code));
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_version(JNIEnv *env, jclass cls)
{
    (void)cls;
    return cqj_text_out(env, cliquet_version_string());
}

JNIEXPORT jboolean JNICALL Java_org_cliquet_Native_aesHardware(JNIEnv *env, jclass cls)
{
    cliquet_aes_impl impl = CLIQUET_AES_BITSLICED;

    (void)cls;
    return cqj_ok(env, cliquet_aes_implementation(&impl)) && impl == CLIQUET_AES_HARDWARE
               ? JNI_TRUE
               : JNI_FALSE;
}

JNIEXPORT void JNICALL Java_org_cliquet_Native_free(JNIEnv *env, jclass cls, jint kind,
                                                   jlong handle)
{
    void *p = cqj_ptr(handle);

    (void)env;
    (void)cls;
    switch (kind) {
    case CQJ_ACCOUNT:
        cliquet_account_free((cliquet_account *)p);
        break;
    case CQJ_SESSION:
        cliquet_session_free((cliquet_session *)p);
        break;
    case CQJ_OUTBOUND_GROUP:
        cliquet_outbound_group_session_free((cliquet_outbound_group_session *)p);
        break;
    case CQJ_INBOUND_GROUP:
        cliquet_inbound_group_session_free((cliquet_inbound_group_session *)p);
        break;
    case CQJ_PK_ENCRYPTION:
        cliquet_pk_encryption_free((cliquet_pk_encryption *)p);
        break;
    case CQJ_PK_DECRYPTION:
        cliquet_pk_decryption_free((cliquet_pk_decryption *)p);
        break;
    case CQJ_PK_SIGNING:
        cliquet_pk_signing_free((cliquet_pk_signing *)p);
        break;
    case CQJ_SAS:
        cliquet_sas_free((cliquet_sas *)p);
        break;
    case CQJ_ECIES:
        cliquet_ecies_channel_free((cliquet_ecies_channel *)p);
        break;
    default:
        break;
    }
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_sha256(JNIEnv *env, jclass cls,
                                                        jbyteArray message)
{
    char digest[CLIQUET_SHA256_BASE64_SIZE];
    cqj_buf m;
    cliquet_status st;

    (void)cls;
    if (!cqj_bytes_in(env, message, &m)) {
        return NULL;
    }
    st = cliquet_sha256_base64(digest, m.p, m.len);
    cqj_buf_free(&m);
    return cqj_ok(env, st) ? cqj_text_out(env, digest) : NULL;
}

JNIEXPORT void JNICALL Java_org_cliquet_Native_ed25519Verify(JNIEnv *env, jclass cls,
                                                            jstring key, jbyteArray message,
                                                            jstring signature)
{
    cqj_buf k, m, s;
    cliquet_status st;

    (void)cls;
    if (!cqj_text_in(env, key, &k)) {
        return;
    }
    if (!cqj_bytes_in(env, message, &m)) {
        cqj_buf_free(&k);
        return;
    }
    if (!cqj_text_in(env, signature, &s)) {
        cqj_buf_free(&k);
        cqj_buf_free(&m);
        return;
    }
    st = cliquet_ed25519_verify((const char *)k.p, k.len, m.p, m.len, (const char *)s.p,
                                s.len);
    cqj_buf_free(&k);
    cqj_buf_free(&m);
    cqj_buf_free(&s);
    (void)cqj_ok(env, st);
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_base64Encode(JNIEnv *env, jclass cls,
                                                              jbyteArray data)
{
    cqj_buf in;
    char *out = NULL;
    size_t need = 0, len = 0;
    cliquet_status st;
    jstring r = NULL;

    (void)cls;
    if (!cqj_bytes_in(env, data, &in)) {
        return NULL;
    }
    st = cliquet_base64_encode(NULL, 0, &need, in.p, in.len);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        out = (char *)cqj_alloc(env, need);
        st = out == NULL ? CLIQUET_ERR_NO_MEMORY
                         : cliquet_base64_encode(out, need, &len, in.p, in.len);
    }
    if (out != NULL && cqj_ok(env, st)) {
        r = cqj_text_out(env, out);
    } else if (out == NULL && st != CLIQUET_ERR_NO_MEMORY) {
        (void)cqj_ok(env, st);
    }
    cqj_free(out, need);
    cqj_buf_free(&in);
    return r;
}

JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_base64Decode(JNIEnv *env, jclass cls,
                                                                 jstring text)
{
    cqj_buf in;
    uint8_t *out;
    size_t cap, len = 0;
    cliquet_status st;
    jbyteArray r = NULL;

    (void)cls;
    if (!cqj_text_in(env, text, &in)) {
        return NULL;
    }
    cap = in.len / 4 * 3 + 2;
    out = (uint8_t *)cqj_alloc(env, cap);
    if (out != NULL) {
        st = cliquet_base64_decode(out, cap, &len, (const char *)in.p, in.len);
        if (cqj_ok(env, st)) {
            r = cqj_bytes_out(env, out, len);
        }
        cqj_free(out, cap);
    }
    cqj_buf_free(&in);
    return r;
}
