/*
 * cliquet JNI glue: legacy key backup (PK encryption and decryption), PK
 * signing, SAS.
 * SPDX-License-Identifier: Apache-2.0
 */
#include "cliquet_jni.h"
#include "org_cliquet_Native.h"

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_pkEncryptionNew(JNIEnv *env, jclass cls,
                                                               jstring recipient)
{
    cliquet_pk_encryption *e = NULL;
    cqj_buf k;
    cliquet_status st;

    (void)cls;
    if (!cqj_text_in(env, recipient, &k)) {
        return 0;
    }
    st = cliquet_pk_encryption_new(&e, (const char *)k.p, k.len);
    cqj_buf_free(&k);
    return cqj_ok(env, st) ? cqj_handle(e) : 0;
}

/* An org.cliquet.PkMessage from the three texts; NULL with an exception. */
static jobject pk_message(JNIEnv *env, const char *ciphertext, const char *mac,
                          const char *ephemeral)
{
    jstring c = cqj_text_out(env, ciphertext), m, e;

    if (c == NULL) {
        return NULL;
    }
    m = cqj_text_out(env, mac);
    if (m == NULL) {
        return NULL;
    }
    e = cqj_text_out(env, ephemeral);
    if (e == NULL) {
        return NULL;
    }
    return (*env)->NewObject(env, cqj.pk_message, cqj.pk_message_init, c, m, e);
}

JNIEXPORT jobject JNICALL Java_org_cliquet_Native_pkEncrypt(JNIEnv *env, jclass cls,
                                                           jobject owner, jlong h,
                                                           jbyteArray plaintext)
{
    char mac[CLIQUET_PK_LEGACY_MAC_BASE64_SIZE], eph[CLIQUET_KEY_BASE64_SIZE];
    cqj_buf p;
    char *ct = NULL;
    size_t need = 0, len = 0;
    cliquet_status st;
    jobject r = NULL;

    (void)cls;
    (void)owner;
    if (!cqj_bytes_in(env, plaintext, &p)) {
        return NULL;
    }
    st = cliquet_pk_encrypt_legacy_backup(cqj_ptr(h), NULL, 0, &need, mac, eph, p.p, p.len);
    if (st == CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        ct = (char *)cqj_alloc(env, need);
        if (ct == NULL) {
            cqj_buf_free(&p);
            return NULL;
        }
        st = cliquet_pk_encrypt_legacy_backup(cqj_ptr(h), ct, need, &len, mac, eph, p.p,
                                              p.len);
    }
    cqj_buf_free(&p);
    if (cqj_ok(env, st)) {
        r = pk_message(env, ct, mac, eph);
    }
    cqj_free(ct, need);
    return r;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_pkDecryptionNew(JNIEnv *env, jclass cls,
                                                               jbyteArray private_key)
{
    cliquet_pk_decryption *d = NULL;
    cqj_buf k;
    cliquet_status st;

    (void)cls;
    if (private_key == NULL) {
        return cqj_ok(env, cliquet_pk_decryption_new(&d)) ? cqj_handle(d) : 0;
    }
    if (!cqj_bytes_in(env, private_key, &k)) {
        return 0;
    }
    /* Java checks the length: exactly CLIQUET_PK_PRIVATE_KEY_BYTES. */
    st = k.len == CLIQUET_PK_PRIVATE_KEY_BYTES
             ? cliquet_pk_decryption_new_from_private_key(&d, k.p)
             : CLIQUET_ERR_BAD_KEY_LENGTH;
    cqj_buf_free(&k);
    return cqj_ok(env, st) ? cqj_handle(d) : 0;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_pkDecryptionPublicKey(JNIEnv *env,
                                                                       jclass cls,
                                                                       jobject owner, jlong h)
{
    char key[CLIQUET_KEY_BASE64_SIZE];

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_pk_decryption_public_key(cqj_ptr(h), key))
               ? cqj_text_out(env, key)
               : NULL;
}

JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_pkDecryptionPrivateKey(JNIEnv *env,
                                                                           jclass cls,
                                                                           jobject owner,
                                                                           jlong h)
{
    uint8_t key[CLIQUET_PK_PRIVATE_KEY_BYTES];
    jbyteArray r = NULL;

    (void)cls;
    (void)owner;
    if (cqj_ok(env, cliquet_pk_decryption_private_key(cqj_ptr(h), key))) {
        r = cqj_bytes_out(env, key, sizeof key);
    }
    cliquet_wipe(key, sizeof key);
    return r;
}

JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_pkDecrypt(JNIEnv *env, jclass cls,
                                                              jobject owner, jlong h,
                                                              jstring ciphertext, jstring mac,
                                                              jstring ephemeral)
{
    cqj_buf c, m, e;
    uint8_t *plain;
    size_t len = 0;
    jbyteArray r = NULL;

    (void)cls;
    (void)owner;
    if (!cqj_text_in(env, ciphertext, &c)) {
        return NULL;
    }
    if (!cqj_text_in(env, mac, &m)) {
        cqj_buf_free(&c);
        return NULL;
    }
    if (!cqj_text_in(env, ephemeral, &e)) {
        cqj_buf_free(&c);
        cqj_buf_free(&m);
        return NULL;
    }
    plain = (uint8_t *)cqj_alloc(env, c.len);
    if (plain != NULL) {
        if (cqj_ok(env, cliquet_pk_decrypt_legacy_backup(
                            cqj_ptr(h), plain, c.len, &len, (const char *)e.p, e.len,
                            (const char *)m.p, m.len, (const char *)c.p, c.len))) {
            r = cqj_bytes_out(env, plain, len);
        }
        cqj_free(plain, c.len);
    }
    cqj_buf_free(&c);
    cqj_buf_free(&m);
    cqj_buf_free(&e);
    return r;
}

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_pkSigningNew(JNIEnv *env, jclass cls,
                                                            jbyteArray seed)
{
    cliquet_pk_signing *s = NULL;
    cqj_buf k;
    cliquet_status st;

    (void)cls;
    if (seed == NULL) {
        return cqj_ok(env, cliquet_pk_signing_new(&s)) ? cqj_handle(s) : 0;
    }
    if (!cqj_bytes_in(env, seed, &k)) {
        return 0;
    }
    st = k.len == CLIQUET_PK_SIGNING_SEED_BYTES ? cliquet_pk_signing_new_from_seed(&s, k.p)
                                                : CLIQUET_ERR_BAD_KEY_LENGTH;
    cqj_buf_free(&k);
    return cqj_ok(env, st) ? cqj_handle(s) : 0;
}

JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_pkSigningSeed(JNIEnv *env, jclass cls,
                                                                  jobject owner, jlong h)
{
    uint8_t seed[CLIQUET_PK_SIGNING_SEED_BYTES];
    jbyteArray r = NULL;

    (void)cls;
    (void)owner;
    if (cqj_ok(env, cliquet_pk_signing_seed(cqj_ptr(h), seed))) {
        r = cqj_bytes_out(env, seed, sizeof seed);
    }
    cliquet_wipe(seed, sizeof seed);
    return r;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_pkSigningPublicKey(JNIEnv *env,
                                                                    jclass cls,
                                                                    jobject owner, jlong h)
{
    char key[CLIQUET_KEY_BASE64_SIZE];

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_pk_signing_public_key(cqj_ptr(h), key))
               ? cqj_text_out(env, key)
               : NULL;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_pkSign(JNIEnv *env, jclass cls,
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
    st = cliquet_pk_sign(cqj_ptr(h), sig, m.p, m.len);
    cqj_buf_free(&m);
    return cqj_ok(env, st) ? cqj_text_out(env, sig) : NULL;
}

/* ---- SAS ---- */

JNIEXPORT jlong JNICALL Java_org_cliquet_Native_sasNew(JNIEnv *env, jclass cls)
{
    cliquet_sas *s = NULL;

    (void)cls;
    return cqj_ok(env, cliquet_sas_new(&s)) ? cqj_handle(s) : 0;
}

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_sasPublicKey(JNIEnv *env, jclass cls,
                                                              jobject owner, jlong h)
{
    char key[CLIQUET_KEY_BASE64_SIZE];

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_sas_public_key(cqj_ptr(h), key)) ? cqj_text_out(env, key)
                                                                : NULL;
}

JNIEXPORT void JNICALL Java_org_cliquet_Native_sasSetTheirKey(JNIEnv *env, jclass cls,
                                                             jobject owner, jlong h,
                                                             jstring key)
{
    cqj_buf k;
    cliquet_status st;

    (void)cls;
    (void)owner;
    if (!cqj_text_in(env, key, &k)) {
        return;
    }
    st = cliquet_sas_set_their_key(cqj_ptr(h), (const char *)k.p, k.len);
    cqj_buf_free(&k);
    (void)cqj_ok(env, st);
}

JNIEXPORT jboolean JNICALL Java_org_cliquet_Native_sasIsTheirKeySet(JNIEnv *env,
                                                                   jclass cls,
                                                                   jobject owner, jlong h)
{
    int yes = 0;

    (void)cls;
    (void)owner;
    return cqj_ok(env, cliquet_sas_is_their_key_set(cqj_ptr(h), &yes)) && yes ? JNI_TRUE
                                                                             : JNI_FALSE;
}

JNIEXPORT jbyteArray JNICALL Java_org_cliquet_Native_sasGenerateBytes(JNIEnv *env,
                                                                     jclass cls,
                                                                     jobject owner, jlong h,
                                                                     jbyteArray info, jint n)
{
    cqj_buf i;
    uint8_t *out;
    jbyteArray r = NULL;

    (void)cls;
    (void)owner;
    if (!cqj_bytes_in(env, info, &i)) {
        return NULL;
    }
    /* Java checks 0 <= n; past cliquet's bound, refuse before allocating. */
    if ((size_t)n > CLIQUET_SAS_MAX_BYTES) {
        cqj_buf_free(&i);
        cqj_throw_status(env, CLIQUET_ERR_INPUT_TOO_LARGE);
        return NULL;
    }
    out = (uint8_t *)cqj_alloc(env, (size_t)n);
    if (out != NULL) {
        if (cqj_ok(env, cliquet_sas_generate_bytes(cqj_ptr(h), out, (size_t)n, i.p, i.len))) {
            r = cqj_bytes_out(env, out, (size_t)n);
        }
        cqj_free(out, (size_t)n);
    }
    cqj_buf_free(&i);
    return r;
}

/* MAC variants, as org.cliquet.Native numbers them. */
enum { MAC_V2 = 0, MAC_LEGACY_BASE64 = 1, MAC_LONG_KDF = 2 };

JNIEXPORT jstring JNICALL Java_org_cliquet_Native_sasMac(JNIEnv *env, jclass cls,
                                                        jobject owner, jlong h, jint variant,
                                                        jbyteArray message, jbyteArray info)
{
    char mac[CLIQUET_SAS_MAC_BASE64_SIZE];
    cqj_buf m, i;
    cliquet_status st;

    (void)cls;
    (void)owner;
    if (!cqj_bytes_in(env, message, &m)) {
        return NULL;
    }
    if (!cqj_bytes_in(env, info, &i)) {
        cqj_buf_free(&m);
        return NULL;
    }
    switch (variant) {
    case MAC_V2:
        st = cliquet_sas_calculate_mac(cqj_ptr(h), mac, m.p, m.len, i.p, i.len);
        break;
    case MAC_LEGACY_BASE64:
        st = cliquet_sas_calculate_mac_legacy_base64(cqj_ptr(h), mac, m.p, m.len, i.p, i.len);
        break;
    case MAC_LONG_KDF:
        st = cliquet_sas_calculate_mac_long_kdf(cqj_ptr(h), mac, m.p, m.len, i.p, i.len);
        break;
    default:
        st = CLIQUET_ERR_INVALID_ARGUMENT;
        break;
    }
    cqj_buf_free(&m);
    cqj_buf_free(&i);
    return cqj_ok(env, st) ? cqj_text_out(env, mac) : NULL;
}
