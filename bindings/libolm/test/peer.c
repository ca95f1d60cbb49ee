/*
 * One side of a conversation, driven line by line on stdin by
 * bindings/libolm/test/interop.py, answering on stdout. Built twice: against
 * the shim and against Debian's libolm; python_olm_peer.py speaks the same
 * protocol through python-olm. Each answer is "OK ..." or "ERR <libolm
 * error>". Plaintexts travel as hex, everything else as libolm writes it.
 * Random bytes come from /dev/urandom, as a client's would.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <olm/olm.h>
#include <olm/pk.h>
#include <olm/sas.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 8
#define BIG 65536

static OlmAccount *account;
static OlmSession *sessions[SLOTS];
static OlmOutboundGroupSession *outbound[SLOTS];
static OlmInboundGroupSession *inbound[SLOTS];
static OlmPkDecryption *pk_decryption;
static OlmPkSigning *pk_signing;
static OlmSAS *sas;
static OlmUtility *utility;

static char out[BIG];
static char out2[BIG];
static uint8_t bytes[BIG];

static void random_bytes(void *p, size_t n)
{
    FILE *f = fopen("/dev/urandom", "rb");

    if (f == NULL || fread(p, 1, n, f) != n) {
        fprintf(stderr, "peer: no /dev/urandom\n");
        exit(2);
    }
    fclose(f);
}

static void *alloc(size_t n)
{
    void *p = malloc(n);

    if (p == NULL) {
        exit(2);
    }
    return p;
}

static size_t unhex(uint8_t *dst, const char *hex)
{
    size_t n = 0;
    unsigned v;

    while (hex[0] != '\0' && hex[1] != '\0' && sscanf(hex, "%2x", &v) == 1) {
        dst[n++] = (uint8_t)v;
        hex += 2;
    }
    return n;
}

static void print_hex(const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
}

/* The path of the libolm this process runs with, from its mappings. */
static void whoami(void)
{
    char line[1024];
    FILE *f = fopen("/proc/self/maps", "r");
    const char *found = "unknown";
    static char path[1024];

    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        char *p = strchr(line, '/');
        if (p != NULL && strstr(p, "libolm.so") != NULL) {
            strncpy(path, p, sizeof path - 1);
            path[strcspn(path, "\n")] = '\0';
            found = path;
            break;
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    printf("OK %s\n", found);
}

#define FAIL_IF(r, err)                                                       \
    do {                                                                      \
        if ((r) == olm_error()) {                                             \
            printf("ERR %s\n", (err));                                        \
            return;                                                           \
        }                                                                     \
    } while (0)

static void json_first_key(char key[44], const char *json)
{
    const char *p = strstr(json, "\":\"");

    memset(key, 0, 44);
    if (p != NULL) {
        memcpy(key, p + 3, 43);
    }
}

static void cmd_account(void)
{
    size_t n = olm_create_account_random_length(account), r;

    random_bytes(bytes, n);
    r = olm_create_account(account, bytes, n);
    FAIL_IF(r, olm_account_last_error(account));
    r = olm_account_identity_keys(account, out, sizeof out);
    FAIL_IF(r, olm_account_last_error(account));
    out[r] = '\0';
    printf("OK %.43s %.43s\n", strstr(out, "curve25519\":\"") + 13,
           strstr(out, "ed25519\":\"") + 10);
}

static void cmd_otk(int fallback)
{
    size_t n, r;
    char key[44];

    if (fallback) {
        n = olm_account_generate_fallback_key_random_length(account);
        random_bytes(bytes, n);
        r = olm_account_generate_fallback_key(account, bytes, n);
        FAIL_IF(r, olm_account_last_error(account));
        r = olm_account_unpublished_fallback_key(account, out, sizeof out);
    } else {
        n = olm_account_generate_one_time_keys_random_length(account, 1);
        random_bytes(bytes, n);
        r = olm_account_generate_one_time_keys(account, 1, bytes, n);
        FAIL_IF(r, olm_account_last_error(account));
        r = olm_account_one_time_keys(account, out, sizeof out);
    }
    FAIL_IF(r, olm_account_last_error(account));
    out[r] = '\0';
    json_first_key(key, out);
    olm_account_mark_keys_as_published(account);
    printf("OK %s\n", key);
}

static OlmSession *slot(int i)
{
    if (sessions[i] == NULL) {
        sessions[i] = olm_session(alloc(olm_session_size()));
    }
    return sessions[i];
}

static void cmd_outbound(int i, const char *curve, const char *otk)
{
    OlmSession *s = slot(i);
    size_t n = olm_create_outbound_session_random_length(s), r;

    random_bytes(bytes, n);
    r = olm_create_outbound_session(s, account, curve, strlen(curve), otk,
                                    strlen(otk), bytes, n);
    FAIL_IF(r, olm_session_last_error(s));
    printf("OK\n");
}

static void cmd_inbound(int i, const char *curve, const char *msg)
{
    OlmSession *s = slot(i);
    size_t len = strlen(msg), r;

    strcpy(out, msg);
    r = olm_create_inbound_session_from(s, account, curve, strlen(curve), out, len);
    FAIL_IF(r, olm_session_last_error(s));
    strcpy(out, msg);
    r = olm_decrypt(s, OLM_MESSAGE_TYPE_PRE_KEY, out, len, bytes, sizeof bytes);
    FAIL_IF(r, olm_session_last_error(s));
    if (olm_remove_one_time_keys(account, s) == olm_error()) {
        printf("ERR %s\n", olm_account_last_error(account));
        return;
    }
    printf("OK ");
    print_hex(bytes, r);
    printf("\n");
}

static void cmd_encrypt(int i, const char *hex)
{
    OlmSession *s = slot(i);
    size_t n = unhex(bytes, hex), rn = olm_encrypt_random_length(s), r;
    size_t type = olm_encrypt_message_type(s);
    uint8_t random[64];

    random_bytes(random, rn);
    r = olm_encrypt(s, bytes, n, random, rn, out, sizeof out);
    FAIL_IF(r, olm_session_last_error(s));
    printf("OK %zu %.*s\n", type, (int)r, out);
}

static void cmd_decrypt(int i, size_t type, const char *msg)
{
    OlmSession *s = slot(i);
    size_t len = strlen(msg), max, r;

    strcpy(out, msg);
    max = olm_decrypt_max_plaintext_length(s, type, out, len);
    FAIL_IF(max, olm_session_last_error(s));
    strcpy(out, msg);
    r = olm_decrypt(s, type, out, len, bytes, max);
    FAIL_IF(r, olm_session_last_error(s));
    printf("OK ");
    print_hex(bytes, r);
    printf("\n");
}

static void cmd_session_id(int i)
{
    size_t r = olm_session_id(slot(i), out, sizeof out);

    FAIL_IF(r, olm_session_last_error(slot(i)));
    printf("OK %.*s\n", (int)r, out);
}

static void cmd_pickle(const char *what, int i, const char *pass, const char *pickle)
{
    size_t r, plen = pickle != NULL ? strlen(pickle) : 0, klen = strlen(pass);
    const char *err = "?";

    if (pickle != NULL) {
        strcpy(out, pickle);
    }
    if (strcmp(what, "account") == 0) {
        r = pickle ? olm_unpickle_account(account, pass, klen, out, plen)
                   : olm_pickle_account(account, pass, klen, out, sizeof out);
        err = olm_account_last_error(account);
    } else if (strcmp(what, "session") == 0) {
        r = pickle ? olm_unpickle_session(slot(i), pass, klen, out, plen)
                   : olm_pickle_session(slot(i), pass, klen, out, sizeof out);
        err = olm_session_last_error(slot(i));
    } else if (strcmp(what, "gout") == 0) {
        r = pickle ? olm_unpickle_outbound_group_session(outbound[i], pass, klen, out, plen)
                   : olm_pickle_outbound_group_session(outbound[i], pass, klen, out, sizeof out);
        err = olm_outbound_group_session_last_error(outbound[i]);
    } else if (strcmp(what, "gin") == 0) {
        r = pickle ? olm_unpickle_inbound_group_session(inbound[i], pass, klen, out, plen)
                   : olm_pickle_inbound_group_session(inbound[i], pass, klen, out, sizeof out);
        err = olm_inbound_group_session_last_error(inbound[i]);
    } else {
        r = pickle ? olm_unpickle_pk_decryption(pk_decryption, pass, klen, out, plen, out2,
                                                sizeof out2)
                   : olm_pickle_pk_decryption(pk_decryption, pass, klen, out, sizeof out);
        err = olm_pk_decryption_last_error(pk_decryption);
        if (pickle != NULL && r != olm_error()) {
            printf("OK %.43s\n", out2);
            return;
        }
    }
    FAIL_IF(r, err);
    if (pickle != NULL) {
        printf("OK\n");
    } else {
        printf("OK %.*s\n", (int)r, out);
    }
}

static void cmd_group_out(int i)
{
    size_t n = olm_init_outbound_group_session_random_length(outbound[i]), r;

    random_bytes(bytes, n);
    r = olm_init_outbound_group_session(outbound[i], bytes, n);
    FAIL_IF(r, olm_outbound_group_session_last_error(outbound[i]));
    r = olm_outbound_group_session_id(outbound[i], (uint8_t *)out, sizeof out);
    FAIL_IF(r, olm_outbound_group_session_last_error(outbound[i]));
    printf("OK %.*s\n", (int)r, out);
}

static void cmd_group_key(int i)
{
    size_t r = olm_outbound_group_session_key(outbound[i], (uint8_t *)out, sizeof out);

    FAIL_IF(r, olm_outbound_group_session_last_error(outbound[i]));
    printf("OK %.*s %u\n", (int)r, out,
           (unsigned)olm_outbound_group_session_message_index(outbound[i]));
}

static void cmd_group_encrypt(int i, const char *hex)
{
    size_t n = unhex(bytes, hex), r;

    r = olm_group_encrypt(outbound[i], bytes, n, (uint8_t *)out, sizeof out);
    FAIL_IF(r, olm_outbound_group_session_last_error(outbound[i]));
    printf("OK %.*s\n", (int)r, out);
}

static void cmd_group_in(int i, const char *key, int import)
{
    size_t r = import ? olm_import_inbound_group_session(inbound[i], (const uint8_t *)key,
                                                        strlen(key))
                      : olm_init_inbound_group_session(inbound[i], (const uint8_t *)key,
                                                      strlen(key));

    FAIL_IF(r, olm_inbound_group_session_last_error(inbound[i]));
    r = olm_inbound_group_session_id(inbound[i], (uint8_t *)out, sizeof out);
    FAIL_IF(r, olm_inbound_group_session_last_error(inbound[i]));
    printf("OK %.*s %u %d\n", (int)r, out,
           (unsigned)olm_inbound_group_session_first_known_index(inbound[i]),
           olm_inbound_group_session_is_verified(inbound[i]));
}

static void cmd_group_decrypt(int i, const char *msg)
{
    size_t len = strlen(msg), max, r;
    uint32_t index = 0;

    strcpy(out, msg);
    max = olm_group_decrypt_max_plaintext_length(inbound[i], (uint8_t *)out, len);
    FAIL_IF(max, olm_inbound_group_session_last_error(inbound[i]));
    strcpy(out, msg);
    r = olm_group_decrypt(inbound[i], (uint8_t *)out, len, bytes, max, &index);
    FAIL_IF(r, olm_inbound_group_session_last_error(inbound[i]));
    printf("OK ");
    print_hex(bytes, r);
    printf(" %u\n", (unsigned)index);
}

static void cmd_group_export(int i, unsigned index)
{
    size_t r = olm_export_inbound_group_session(inbound[i], (uint8_t *)out, sizeof out,
                                                index);

    FAIL_IF(r, olm_inbound_group_session_last_error(inbound[i]));
    printf("OK %.*s\n", (int)r, out);
}

static void cmd_pk_new(const char *hex)
{
    size_t n = unhex(bytes, hex);
    size_t r = olm_pk_key_from_private(pk_decryption, out, sizeof out, bytes, n);

    FAIL_IF(r, olm_pk_decryption_last_error(pk_decryption));
    printf("OK %.43s\n", out);
}

static void cmd_pk_encrypt(const char *pub, const char *hex)
{
    OlmPkEncryption *e = olm_pk_encryption(alloc(olm_pk_encryption_size()));
    size_t n = unhex(bytes, hex), r, len;
    char mac[32], eph[64];
    uint8_t random[32];

    r = olm_pk_encryption_set_recipient_key(e, pub, strlen(pub));
    if (r != olm_error()) {
        len = olm_pk_ciphertext_length(e, n);
        random_bytes(random, sizeof random);
        r = olm_pk_encrypt(e, bytes, n, out, len, mac, sizeof mac, eph, sizeof eph,
                           random, sizeof random);
        if (r != olm_error()) {
            printf("OK %.*s %.11s %.43s\n", (int)len, out, mac, eph);
        }
    }
    if (r == olm_error()) {
        printf("ERR %s\n", olm_pk_encryption_last_error(e));
    }
    olm_clear_pk_encryption(e);
    free(e);
}

static void cmd_pk_decrypt(const char *ct, const char *mac, const char *eph)
{
    size_t len = strlen(ct), max = olm_pk_max_plaintext_length(pk_decryption, len), r;

    strcpy(out, ct);
    r = olm_pk_decrypt(pk_decryption, eph, strlen(eph), mac, strlen(mac), out, len,
                       bytes, max);
    FAIL_IF(r, olm_pk_decryption_last_error(pk_decryption));
    printf("OK ");
    print_hex(bytes, r);
    printf("\n");
}

static void cmd_signing(const char *hex)
{
    size_t n = unhex(bytes, hex);
    size_t r = olm_pk_signing_key_from_seed(pk_signing, out, sizeof out, bytes, n);

    FAIL_IF(r, olm_pk_signing_last_error(pk_signing));
    printf("OK %.43s\n", out);
}

static void cmd_sign(int with_account, const char *hex)
{
    size_t n = unhex(bytes, hex), r;

    if (with_account) {
        r = olm_account_sign(account, bytes, n, out, sizeof out);
        FAIL_IF(r, olm_account_last_error(account));
    } else {
        r = olm_pk_sign(pk_signing, bytes, n, (uint8_t *)out, sizeof out);
        FAIL_IF(r, olm_pk_signing_last_error(pk_signing));
    }
    printf("OK %.86s\n", out);
}

static void cmd_verify(const char *key, const char *hex, const char *sig)
{
    size_t n = unhex(bytes, hex), r;

    strcpy(out, sig);
    r = olm_ed25519_verify(utility, key, strlen(key), bytes, n, out, strlen(sig));
    FAIL_IF(r, olm_utility_last_error(utility));
    printf("OK\n");
}

static void cmd_sha256(const char *hex)
{
    size_t n = unhex(bytes, hex);
    size_t r = olm_sha256(utility, bytes, n, out, sizeof out);

    FAIL_IF(r, olm_utility_last_error(utility));
    printf("OK %.*s\n", (int)r, out);
}

static void cmd_sas_new(void)
{
    size_t n = olm_create_sas_random_length(sas), r;

    random_bytes(bytes, n);
    r = olm_create_sas(sas, bytes, n);
    FAIL_IF(r, olm_sas_last_error(sas));
    r = olm_sas_get_pubkey(sas, out, sizeof out);
    FAIL_IF(r, olm_sas_last_error(sas));
    printf("OK %.43s\n", out);
}

static void cmd_sas_set(const char *key)
{
    size_t r;

    strcpy(out, key);
    r = olm_sas_set_their_key(sas, out, strlen(key));
    FAIL_IF(r, olm_sas_last_error(sas));
    printf("OK %d\n", olm_sas_is_their_key_set(sas));
}

static void cmd_sas_bytes(const char *info_hex, size_t n)
{
    uint8_t info[256];
    size_t info_len = unhex(info, info_hex);
    size_t r = olm_sas_generate_bytes(sas, info, info_len, bytes, n);

    FAIL_IF(r, olm_sas_last_error(sas));
    printf("OK ");
    print_hex(bytes, n);
    printf("\n");
}

static void cmd_sas_mac(const char *msg_hex, const char *info_hex)
{
    uint8_t info[256];
    size_t info_len = unhex(info, info_hex), n = unhex(bytes, msg_hex);
    char a[64], b[64], c[64];

    if (olm_sas_calculate_mac(sas, bytes, n, info, info_len, a, sizeof a) == olm_error() ||
        olm_sas_calculate_mac_fixed_base64(sas, bytes, n, info, info_len, b, sizeof b) ==
            olm_error() ||
        olm_sas_calculate_mac_long_kdf(sas, bytes, n, info, info_len, c, sizeof c) ==
            olm_error()) {
        printf("ERR %s\n", olm_sas_last_error(sas));
        return;
    }
    printf("OK %.43s %.43s %.43s\n", a, b, c);
}

int main(void)
{
    static char line[BIG * 2];
    char *arg[6];
    int i, n;

    account = olm_account(alloc(olm_account_size()));
    pk_decryption = olm_pk_decryption(alloc(olm_pk_decryption_size()));
    pk_signing = olm_pk_signing(alloc(olm_pk_signing_size()));
    sas = olm_sas(alloc(olm_sas_size()));
    utility = olm_utility(alloc(olm_utility_size()));
    for (i = 0; i < SLOTS; i++) {
        outbound[i] = olm_outbound_group_session(alloc(olm_outbound_group_session_size()));
        inbound[i] = olm_inbound_group_session(alloc(olm_inbound_group_session_size()));
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        const char *c;

        line[strcspn(line, "\n")] = '\0';
        n = 0;
        for (c = strtok(line, " "); c != NULL && n < 6; c = strtok(NULL, " ")) {
            arg[n++] = (char *)c;
        }
        for (i = n; i < 6; i++) {
            arg[i] = (char *)"";
        }
        if (n == 0) {
            continue;
        }
#define IS(name) (strcmp(arg[0], name) == 0)
        if (IS("quit")) break;
        else if (IS("whoami")) whoami();
        else if (IS("account")) cmd_account();
        else if (IS("otk")) cmd_otk(0);
        else if (IS("fallback")) cmd_otk(1);
        else if (IS("outbound")) cmd_outbound(atoi(arg[1]), arg[2], arg[3]);
        else if (IS("inbound")) cmd_inbound(atoi(arg[1]), arg[2], arg[3]);
        else if (IS("encrypt")) cmd_encrypt(atoi(arg[1]), arg[2]);
        else if (IS("decrypt")) cmd_decrypt(atoi(arg[1]), (size_t)atoi(arg[2]), arg[3]);
        else if (IS("session_id")) cmd_session_id(atoi(arg[1]));
        else if (IS("pickle")) cmd_pickle(arg[1], atoi(arg[2]), arg[3], NULL);
        else if (IS("unpickle")) cmd_pickle(arg[1], atoi(arg[2]), arg[3], arg[4]);
        else if (IS("gout")) cmd_group_out(atoi(arg[1]));
        else if (IS("gkey")) cmd_group_key(atoi(arg[1]));
        else if (IS("gencrypt")) cmd_group_encrypt(atoi(arg[1]), arg[2]);
        else if (IS("gin")) cmd_group_in(atoi(arg[1]), arg[2], 0);
        else if (IS("gimport")) cmd_group_in(atoi(arg[1]), arg[2], 1);
        else if (IS("gdecrypt")) cmd_group_decrypt(atoi(arg[1]), arg[2]);
        else if (IS("gexport")) cmd_group_export(atoi(arg[1]), (unsigned)atoi(arg[2]));
        else if (IS("pk_new")) cmd_pk_new(arg[1]);
        else if (IS("pk_encrypt")) cmd_pk_encrypt(arg[1], arg[2]);
        else if (IS("pk_decrypt")) cmd_pk_decrypt(arg[1], arg[2], arg[3]);
        else if (IS("signing")) cmd_signing(arg[1]);
        else if (IS("pk_sign")) cmd_sign(0, arg[1]);
        else if (IS("sign")) cmd_sign(1, arg[1]);
        else if (IS("verify")) cmd_verify(arg[1], arg[2], arg[3]);
        else if (IS("sha256")) cmd_sha256(arg[1]);
        else if (IS("sas_new")) cmd_sas_new();
        else if (IS("sas_set")) cmd_sas_set(arg[1]);
        else if (IS("sas_bytes")) cmd_sas_bytes(arg[1], (size_t)atoi(arg[2]));
        else if (IS("sas_mac")) cmd_sas_mac(arg[1], arg[2]);
        else printf("ERR unknown command %s\n", arg[0]);
        fflush(stdout);
    }
    olm_clear_account(account);
    return 0;
}
