/*
 * Dehydrated devices against a live vodozemac (since 1.2): the
 * matrix-sdk-crypto-wasm 18.9.0 build vendored in ../shared/peers/vodozemac,
 * driven by test/peers/dehydrated-peer.sh over pipes.
 *   - vodozemac to cliquet: matrix-sdk-crypto makes a dehydrated device
 *     (DehydratedDevices.create, keysForUpload); cliquet rehydrates its
 *     device_data with the same key, and the account's identity keys are
 *     the published device_keys, its one-time keys the published
 *     one_time_keys (all 50) and its fallback key the published one;
 *   - cliquet to vodozemac: cliquet dehydrates an account; Bob and Carol
 *     (cliquet) send it an m.room_key each, on a one-time key and on the
 *     fallback key; matrix-sdk-crypto rehydrates the device and takes both
 *     room keys from the to-device events: it decrypted with cliquet's
 *     identity key, one-time key and fallback key.
 * Skipped, saying why, when node or the peer is absent
 * ($CLIQUET_VODOZEMAC_PEER: the peer's run.sh or its folder).
 * Random cases print their seed; CLIQUET_SEED=<n> replays them.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libgen.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cliquet.h"
#include "cliquet_random.h"
#include "api/api.h"
#include "helpers/seed.h"
#include "olm/olm.h"

#define KS CLIQUET_KEY_BASE64_SIZE
#define NS CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE
#define USER "@alice:example.org"

static void ok(cliquet_status st)
{
    if (st != CLIQUET_OK) {
        fail_msg("unexpected %s", cliquet_strerror(st));
    }
}

/* ---- the peer --------------------------------------------------------------- */

static char peer_dir[4096];

/* The vendored peer's folder: $CLIQUET_VODOZEMAC_PEER (its run.sh or the
 * folder), else ../shared or ../../shared (main checkout, worktree). */
static const char *find_peer(void)
{
    static const char *const candidates[] = {
        "../shared/peers/vodozemac", "../../shared/peers/vodozemac",
    };
    const char *env = getenv("CLIQUET_VODOZEMAC_PEER");
    char probe[4200];

    if (env != NULL && env[0] != '\0') {
        snprintf(peer_dir, sizeof peer_dir, "%s", env);
        if (strstr(peer_dir, ".sh") != NULL) {
            snprintf(peer_dir, sizeof peer_dir, "%s", dirname(peer_dir));
        }
        snprintf(probe, sizeof probe, "%s/node_modules.tgz", peer_dir);
        return access(probe, R_OK) == 0 ? peer_dir : NULL;
    }
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        snprintf(probe, sizeof probe, "%s/node_modules.tgz", candidates[i]);
        if (access(probe, R_OK) == 0) {
            snprintf(peer_dir, sizeof peer_dir, "%s", candidates[i]);
            return peer_dir;
        }
    }
    return NULL;
}

static const char *absent_reason(void)
{
    if (find_peer() == NULL) {
        return "no vodozemac peer (../shared/peers/vodozemac/node_modules.tgz; "
               "set CLIQUET_VODOZEMAC_PEER)";
    }
    if (system("command -v node >/dev/null 2>&1") != 0) {
        return "node is not installed";
    }
    return NULL;
}

typedef struct peer {
    pid_t pid;
    FILE *to, *from;
    char *line;
    size_t cap;
} peer;

static void peer_start(peer *p)
{
    int in[2], out[2];

    memset(p, 0, sizeof *p);
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    p->pid = fork();
    assert_true(p->pid >= 0);
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl("/bin/sh", "sh", "test/peers/dehydrated-peer.sh", peer_dir, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->to = fdopen(in[1], "w");
    p->from = fdopen(out[0], "r");
    assert_non_null(p->to);
    assert_non_null(p->from);
}

static void peer_stop(peer *p)
{
    int status = 0;

    fclose(p->to);
    fclose(p->from);
    waitpid(p->pid, &status, 0);
    free(p->line);
}

/* Sends one request line and returns the reply line (owned by p). */
static const char *ask(peer *p, const char *request)
{
    fputs(request, p->to);
    fputc('\n', p->to);
    fflush(p->to);
    if (getline(&p->line, &p->cap, p->from) < 0) {
        fail_msg("the peer closed its output");
    }
    if (strstr(p->line, "\"error\"") != NULL) {
        fail_msg("peer: %s", p->line);
    }
    return p->line;
}

/* The string value of "name" in a flat JSON reply (base64 and ids: no
 * escapes), into a new buffer. */
static char *field(const char *json, const char *name)
{
    char pattern[64];
    const char *start, *end;
    char *out;

    snprintf(pattern, sizeof pattern, "\"%s\":\"", name);
    start = strstr(json, pattern);
    if (start == NULL) {
        fail_msg("no %s in %s", name, json);
    }
    start += strlen(pattern);
    end = strchr(start, '"');
    assert_non_null(end);
    out = malloc((size_t)(end - start) + 1);
    assert_non_null(out);
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
    return out;
}

static void hex(char *out, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        snprintf(out + 2 * i, 3, "%02x", in[i]);
    }
}

/* ---- vodozemac to cliquet ------------------------------------------------------ */

/* 1 if the base64 key is one of a's one-time keys (any order). */
static int holds_one_time_key(const cq_olm_account *a, const char *key)
{
    char text[KS];

    for (uint32_t i = 0; i < a->num_one_time_keys; i++) {
        cq_api_base64_text(text, a->one_time_keys[i].public_key, 32);
        if (strcmp(text, key) == 0) {
            return 1;
        }
    }
    return 0;
}

static void vodozemac_to_cliquet(peer *p)
{
    uint8_t key[32];
    char key_hex[65], request[256], curve[KS], ed[KS], text[KS];
    char *id, *pickle, *nonce, *v_curve, *v_ed, *otks, *fb, *k, *save = NULL;
    cliquet_account *a;
    const cq_olm_account *s;
    size_t published = 0;
    const char *reply;

    cqt_stream(key, sizeof key);
    hex(key_hex, key, sizeof key);
    snprintf(request, sizeof request, "{\"op\":\"create\",\"key\":\"%s\"}", key_hex);
    reply = ask(p, request);
    id = field(reply, "device_id");
    pickle = field(reply, "device_pickle");
    nonce = field(reply, "nonce");
    v_curve = field(reply, "curve25519");
    v_ed = field(reply, "ed25519");
    otks = field(reply, "one_time_keys");
    fb = field(reply, "fallback_key");

    ok(cliquet_account_from_dehydrated_device(&a, pickle, strlen(pickle), nonce,
                                              strlen(nonce), key, sizeof key));
    ok(cliquet_account_identity_keys(a, curve, ed));
    assert_string_equal(curve, v_curve);
    assert_string_equal(ed, v_ed);
    s = cq_api_account_state(a);
    for (k = strtok_r(otks, " ", &save); k != NULL; k = strtok_r(NULL, " ", &save)) {
        if (!holds_one_time_key(s, k)) {
            fail_msg("published one-time key %s is not in the rehydrated account", k);
        }
        published++;
    }
    assert_int_equal(published, s->num_one_time_keys);
    assert_int_equal(s->num_fallback_keys, 1);
    cq_api_base64_text(text, s->fallback_keys[0].public_key, 32);
    assert_string_equal(text, fb);
    printf("live vodozemac -> cliquet: device %.12s... rehydrated: identity keys, %zu one-time "
           "keys and the fallback key as published\n", id, published);
    cliquet_account_free(a);
    free(id);
    free(pickle);
    free(nonce);
    free(v_curve);
    free(v_ed);
    free(otks);
    free(fb);
}

/* ---- cliquet to vodozemac ------------------------------------------------------ */

/*
 * One to-device m.room.encrypted event from sender (user sender_user) to
 * the dehydrated account (curve, ed) on their_key, carrying an m.room_key
 * for a new Megolm session, whose id goes to session_id. Appended to out.
 */
static void room_key_event(char *out, size_t cap, const char *sender_user,
                           const char *curve, const char *ed, const char *their_key,
                           char session_id[KS])
{
    cliquet_account *sender;
    cliquet_session *s;
    cliquet_outbound_group_session *g;
    char s_curve[KS], s_ed[KS], skey[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    char plaintext[2048], body[4096];
    size_t len = 0, used = strlen(out);
    int type = -1;

    ok(cliquet_account_new(&sender));
    ok(cliquet_account_identity_keys(sender, s_curve, s_ed));
    ok(cliquet_outbound_group_session_new(&g));
    ok(cliquet_outbound_group_session_id(g, session_id));
    ok(cliquet_outbound_group_session_key(g, skey));
    snprintf(plaintext, sizeof plaintext,
             "{\"type\":\"m.room_key\",\"sender\":\"%s\",\"recipient\":\"" USER "\","
             "\"recipient_keys\":{\"ed25519\":\"%s\"},\"keys\":{\"ed25519\":\"%s\"},"
             "\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\","
             "\"room_id\":\"!room:example.org\",\"session_id\":\"%s\","
             "\"session_key\":\"%s\"}}",
             sender_user, ed, s_ed, session_id, skey);
    ok(cliquet_session_new_outbound(&s, sender, curve, strlen(curve), their_key,
                                    strlen(their_key)));
    ok(cliquet_session_encrypt(s, &type, body, sizeof body, &len, (const uint8_t *)plaintext,
                               strlen(plaintext)));
    assert_int_equal(type, 0);
    snprintf(out + used, cap - used,
             "%s{\"sender\":\"%s\",\"type\":\"m.room.encrypted\",\"content\":{"
             "\"algorithm\":\"m.olm.v1.curve25519-aes-sha2\",\"sender_key\":\"%s\","
             "\"ciphertext\":{\"%s\":{\"type\":0,\"body\":\"%s\"}}}}",
             used > 1 ? "," : "", sender_user, s_curve, curve, body);
    assert_true(strlen(out) < cap - 1);
    cliquet_session_free(s);
    cliquet_outbound_group_session_free(g);
    cliquet_account_free(sender);
}

static void cliquet_to_vodozemac(peer *p)
{
    uint8_t key[32], random[64 + 32 * 10];
    char key_hex[65], curve[KS], ed[KS], kid[CLIQUET_KEY_ID_BASE64_SIZE];
    char otk[KS], fb[KS], nonce[NS], sid_otk[KS], sid_fb[KS];
    char *device, *events, *request, *ids;
    size_t len = 0;
    int has = 0;
    cliquet_account *a;
    const char *reply;

    cqt_stream(key, sizeof key);
    cqt_stream(random, sizeof random);
    hex(key_hex, key, sizeof key);
    ok(cliquet_account_new_with_random(&a, random, 64));
    ok(cliquet_account_generate_one_time_keys_with_random(a, 10, NULL, random + 64, 320));
    ok(cliquet_account_generate_fallback_key(a));
    ok(cliquet_account_identity_keys(a, curve, ed));
    ok(cliquet_account_one_time_key(a, 3, kid, otk));
    ok(cliquet_account_fallback_key(a, &has, kid, fb));
    assert_true(has);
    ok(cliquet_account_mark_keys_as_published(a));
    assert_int_equal(cliquet_account_to_dehydrated_device(a, NULL, 0, &len, nonce, key, 32),
                     CLIQUET_ERR_OUTPUT_TOO_SMALL);
    device = malloc(len);
    assert_non_null(device);
    ok(cliquet_account_to_dehydrated_device(a, device, len, &len, nonce, key, 32));

    events = calloc(1, 16384);
    assert_non_null(events);
    strcpy(events, "[");
    room_key_event(events, 16384, "@bob:example.org", curve, ed, otk, sid_otk);
    room_key_event(events, 16384, "@carol:example.org", curve, ed, fb, sid_fb);
    strcat(events, "]");
    request = malloc(len + strlen(events) + 512);
    assert_non_null(request);
    sprintf(request,
            "{\"op\":\"rehydrate\",\"key\":\"%s\",\"device_id\":\"CLIQUETDEHYDRATED\","
            "\"device_pickle\":\"%s\",\"nonce\":\"%s\",\"events\":%s}",
            key_hex, device, nonce, events);
    reply = ask(p, request);
    ids = field(reply, "session_ids");
    if (strstr(ids, sid_otk) == NULL || strstr(ids, sid_fb) == NULL) {
        fail_msg("the rehydrated device took room keys \"%s\", not %s and %s", ids, sid_otk,
                 sid_fb);
    }
    printf("live cliquet -> vodozemac: matrix-sdk-crypto rehydrated cliquet's device and took "
           "both room keys (on a one-time key and on the fallback key)\n");
    free(ids);
    free(request);
    free(events);
    free(device);
    cliquet_account_free(a);
}

static void test_live(void **state)
{
    const char *why = absent_reason();
    peer p;

    (void)state;
    if (why != NULL) {
        printf("live dehydrated devices: SKIPPED: %s\n", why);
        skip();
    }
    cqt_seed_init("test_dehydrated_live");
    peer_start(&p);
    vodozemac_to_cliquet(&p);
    cliquet_to_vodozemac(&p);
    peer_stop(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live),
    };

    if (cliquet_init() != CLIQUET_OK) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
