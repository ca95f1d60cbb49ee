/*
 * JNI overhead, the C side: the operations JniBench.java runs through
 * org.cliquet, run here through include/cliquet.h directly, timed the same
 * way (best of 7 runs after 2 warm-up runs, in the thread's CPU time: on a
 * loaded machine wall time measures the other processes). Prints
 * "name ns_per_op" lines.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cliquet.h"

#define MSG_CAP 2048

static double now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void check(cliquet_status st, const char *what)
{
    if (st != CLIQUET_OK) {
        fprintf(stderr, "jni_bench: %s: %s\n", what, cliquet_strerror(st));
        exit(1);
    }
}

static void sha256_run(void *p, int n)
{
    static const uint8_t small[32];
    char digest[CLIQUET_SHA256_BASE64_SIZE];
    int i;

    (void)p;
    for (i = 0; i < n; i++) {
        check(cliquet_sha256_base64(digest, small, sizeof small), "sha256");
    }
}

typedef struct megolm_ctx {
    cliquet_inbound_group_session *in;
    char msg[MSG_CAP];
    size_t msg_len;
} megolm_ctx;

static void megolm_run(void *p, int n)
{
    megolm_ctx *c = p;
    uint8_t plain[MSG_CAP];
    cliquet_megolm_decrypt_info info;
    size_t len;
    int i;

    for (i = 0; i < n; i++) {
        check(cliquet_inbound_group_session_decrypt(c->in, c->msg, c->msg_len, plain,
                                                    sizeof plain, &len, &info),
              "megolm decrypt");
    }
}

typedef struct olm_ctx {
    cliquet_session *a, *b;
    uint8_t plaintext[256];
} olm_ctx;

/* One message from one session to the other, as the Java side does it. */
static void olm_send(cliquet_session *from, cliquet_session *to, const uint8_t *p)
{
    char msg[MSG_CAP];
    uint8_t plain[MSG_CAP];
    cliquet_olm_decrypt_info info;
    size_t len, plen;
    int type;

    check(cliquet_session_encrypt(from, &type, msg, sizeof msg, &len, p, 256), "olm encrypt");
    check(cliquet_session_decrypt(to, type, msg, len, plain, sizeof plain, &plen, &info),
          "olm decrypt");
}

static void olm_run(void *p, int n)
{
    olm_ctx *c = p;
    int i;

    for (i = 0; i < n; i++) {
        olm_send(c->a, c->b, c->plaintext);
        olm_send(c->b, c->a, c->plaintext);
    }
}

static double ns_per_op(void (*run)(void *, int), void *ctx, int n)
{
    double best = 1e300;
    int r;

    run(ctx, n);
    run(ctx, n);
    for (r = 0; r < 7; r++) {
        double t0 = now_ns(), t;

        run(ctx, n);
        t = (now_ns() - t0) / n;
        best = t < best ? t : best;
    }
    return best;
}

int main(void)
{
    static megolm_ctx m;
    static olm_ctx o;
    cliquet_outbound_group_session *out;
    cliquet_account *alice, *bob;
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    char curve[CLIQUET_KEY_BASE64_SIZE], ed[CLIQUET_KEY_BASE64_SIZE];
    char id[CLIQUET_KEY_ID_BASE64_SIZE], otk[CLIQUET_KEY_BASE64_SIZE];
    char msg[MSG_CAP];
    uint8_t plain[MSG_CAP];
    size_t len, plen;
    int type;

    check(cliquet_init(), "init");
    memset(o.plaintext, 'x', sizeof o.plaintext);
    printf("sha256_32 %.0f\n", ns_per_op(sha256_run, NULL, 50000));

    check(cliquet_outbound_group_session_new(&out), "outbound");
    check(cliquet_outbound_group_session_key(out, key), "session key");
    check(cliquet_inbound_group_session_new(&m.in, key, strlen(key)), "inbound");
    check(cliquet_outbound_group_session_encrypt(out, m.msg, sizeof m.msg, &m.msg_len,
                                                 o.plaintext, 256),
          "megolm encrypt");
    printf("megolm_decrypt_256 %.0f\n", ns_per_op(megolm_run, &m, 500));

    check(cliquet_account_new(&alice), "alice");
    check(cliquet_account_new(&bob), "bob");
    check(cliquet_account_generate_one_time_keys(bob, 1, NULL), "otk");
    check(cliquet_account_one_time_key(bob, 0, id, otk), "otk");
    check(cliquet_account_identity_keys(bob, curve, ed), "keys");
    check(cliquet_session_new_outbound(&o.a, alice, curve, strlen(curve), otk, strlen(otk)),
          "outbound session");
    check(cliquet_session_encrypt(o.a, &type, msg, sizeof msg, &len, o.plaintext, 256),
          "first");
    check(cliquet_session_new_inbound(&o.b, bob, NULL, 0, msg, len, plain, sizeof plain, &plen,
                                      NULL),
          "inbound session");
    printf("olm_ping_pong_256 %.0f\n", ns_per_op(olm_run, &o, 100));

    cliquet_session_free(o.a);
    cliquet_session_free(o.b);
    cliquet_account_free(alice);
    cliquet_account_free(bob);
    cliquet_inbound_group_session_free(m.in);
    cliquet_outbound_group_session_free(out);
    return 0;
}
