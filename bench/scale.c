/*
 * bench: scale scenarios (total time and peak memory), the same on 1, 2
 * and all cores (each thread its own objects, with a reference of fully
 * independent work to show what the machine allows), and bytes per object.
 *
 * Each scenario runs in a child process forked after its inputs are made,
 * so the inputs are shared and only what the library under test allocates
 * shows: the child resets its peak RSS (/proc/self/clear_refs, "5") and
 * reports the growth of VmHWM over its VmRSS at start. Bytes per object
 * are counted by the bench's own malloc counter (memcount.c) before and
 * after making the object, for both libraries.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <olm/olm.h>
#include <olm/pk.h>
#include <sodium.h>

#include "bench.h"

void pickle_sizes(size_t out[3][3]);

#define CT_CAP 1024
#define MSG_STRIDE 512   /* base64 of a 256-byte group message: 480 chars */

/* ---- peak memory of a child ------------------------------------------------ */

/* A "VmXXX:" figure of /proc/self/status, in KiB. */
static long status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t fl = strlen(field);

    if (f == NULL) {
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, field, fl) == 0) {
            v = strtol(line + fl, NULL, 10);
            break;
        }
    }
    fclose(f);
    return v;
}

static void reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");

    if (f != NULL) {
        fputs("5", f);
        fclose(f);
    }
}

typedef struct scenario_result {
    double seconds;
    long peak_kib;   /* growth of the peak RSS over the RSS at start */
    long count;
} scenario_result;

typedef long (*scenario_fn)(const void *input);

/* Runs fn(input) in a child; its time and peak memory growth. */
static scenario_result in_child(scenario_fn fn, const void *input)
{
    scenario_result r = { 0, 0, 0 };
    int fds[2];
    pid_t pid;
    int status;

    fflush(stdout);
    if (pipe(fds) != 0) {
        die("pipe");
    }
    pid = fork();
    if (pid < 0) {
        die("fork");
    }
    if (pid == 0) {
        scenario_result c;
        long base;
        uint64_t t0;

        close(fds[0]);
        reset_peak();
        base = status_kib("VmRSS:");
        t0 = now_ns();
        c.count = fn(input);
        c.seconds = (double)(now_ns() - t0) / 1e9;
        c.peak_kib = status_kib("VmHWM:") - base;
        if (write(fds[1], &c, sizeof c) != (ssize_t)sizeof c) {
            _exit(1);
        }
        _exit(0);
    }
    close(fds[1]);
    if (read(fds[0], &r, sizeof r) != (ssize_t)sizeof r) {
        die("scenario child failed");
    }
    close(fds[0]);
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        die("scenario child failed");
    }
    return r;
}

/* ---- restore room keys from a key backup ------------------------------------ */

typedef struct restore_input {
    size_t total;       /* entries restored */
    size_t distinct;    /* distinct entries, cycled */
    uint8_t priv[32];
    char (*ct)[CT_CAP];
    size_t *ct_len;
    char (*mac)[12];
    char (*eph)[44];
} restore_input;

static restore_input *restore_make(size_t total, size_t distinct)
{
    restore_input *in = xcalloc(1, sizeof *in);
    cliquet_pk_decryption *d;
    cliquet_pk_encryption *e;
    char pub[44];
    size_t i;

    in->total = total;
    in->distinct = distinct;
    in->ct = xcalloc(distinct, CT_CAP);
    in->ct_len = xcalloc(distinct, sizeof *in->ct_len);
    in->mac = xcalloc(distinct, 12);
    in->eph = xcalloc(distinct, 44);
    check_cq(cliquet_pk_decryption_new(&d), "pk decryption");
    check_cq(cliquet_pk_decryption_private_key(d, in->priv), "private key");
    check_cq(cliquet_pk_decryption_public_key(d, pub), "public key");
    check_cq(cliquet_pk_encryption_new(&e, pub, 43), "pk encryption");
    for (i = 0; i < distinct; i++) {
        cliquet_outbound_group_session *o;
        cliquet_inbound_group_session *s;
        char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
        char exported[CLIQUET_MEGOLM_EXPORT_BASE64_SIZE];
        char json[BACKUP_JSON_MAX];
        size_t json_len;

        check_cq(cliquet_outbound_group_session_new(&o), "outbound group");
        check_cq(cliquet_outbound_group_session_key(o, key), "session key");
        check_cq(cliquet_inbound_group_session_new(&s, key, sizeof key - 1), "inbound");
        check_cq(cliquet_inbound_group_session_export(s, 0, exported), "export");
        json_len = backup_json(json, exported, sizeof exported - 1);
        check_cq(cliquet_pk_encrypt_legacy_backup(e, in->ct[i], CT_CAP,
                                                  &in->ct_len[i], in->mac[i],
                                                  in->eph[i], (const uint8_t *)json,
                                                  json_len),
                 "pk encrypt");
        cliquet_inbound_group_session_free(s);
        cliquet_outbound_group_session_free(o);
    }
    cliquet_pk_encryption_free(e);
    cliquet_pk_decryption_free(d);
    return in;
}

static long restore_cliquet_fmt(const restore_input *in, int libolm_format)
{
    cliquet_pk_decryption *d;
    char pickle[1024]; /* one per call: the threaded runs share nothing */
    uint8_t json[CT_CAP];
    size_t i;

    check_cq(cliquet_pk_decryption_new_from_private_key(&d, in->priv), "pk");
    for (i = 0; i < in->total; i++) {
        size_t k = i % in->distinct;
        cliquet_inbound_group_session *s;
        const char *key;
        size_t key_len;
        size_t json_len;
        size_t len;

        check_cq(cliquet_pk_decrypt_legacy_backup(d, json, sizeof json, &json_len,
                                                  in->eph[k], 43, in->mac[k], 11,
                                                  in->ct[k], in->ct_len[k]),
                 "pk decrypt");
        key = backup_json_session_key((const char *)json, json_len, &key_len);
        check_cq(cliquet_inbound_group_session_import(&s, key, key_len), "import");
        if (libolm_format) {
            check_cq(cliquet_inbound_group_session_pickle_libolm(
                         s, pickle, sizeof pickle, &len, bench_pickle_key, 32),
                     "pickle");
        } else {
            check_cq(cliquet_inbound_group_session_pickle(s, pickle, sizeof pickle,
                                                          &len, bench_pickle_key, CLIQUET_PICKLE_KEY_BYTES),
                     "pickle");
        }
        cliquet_inbound_group_session_free(s);
    }
    cliquet_pk_decryption_free(d);
    return (long)in->total;
}

static long restore_cliquet(const void *input)
{
    return restore_cliquet_fmt(input, 0);
}

static long restore_cliquet_libolm_fmt(const void *input)
{
    return restore_cliquet_fmt(input, 1);
}

static long restore_libolm(const void *input)
{
    const restore_input *in = input;
    OlmPkDecryption *d = olm_pk_decryption(xmalloc(olm_pk_decryption_size()));
    static char pickle[1024];
    char pub[64];
    char scratch[CT_CAP];
    uint8_t json[CT_CAP];
    size_t i;

    check_olm(olm_pk_key_from_private(d, pub, olm_pk_key_length(), in->priv, 32),
              "olm pk");
    for (i = 0; i < in->total; i++) {
        size_t k = i % in->distinct;
        OlmInboundGroupSession *s;
        const char *key;
        size_t key_len;
        size_t json_len;

        /* libolm decrypts and imports in place: a caller keeps copies. */
        memcpy(scratch, in->ct[k], in->ct_len[k]);
        json_len = olm_pk_decrypt(d, in->eph[k], 43, in->mac[k], 11, scratch,
                                  in->ct_len[k], json, sizeof json);
        check_olm(json_len, "olm pk decrypt");
        key = backup_json_session_key((const char *)json, json_len, &key_len);
        memcpy(scratch, key, key_len);
        s = olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));
        check_olm(olm_import_inbound_group_session(s, (uint8_t *)scratch, key_len),
                  "olm import");
        check_olm(olm_pickle_inbound_group_session(
                      s, bench_pickle_key, 32, pickle,
                      olm_pickle_inbound_group_session_length(s)),
                  "olm pickle");
        olm_clear_inbound_group_session(s);
        free(s);
    }
    olm_clear_pk_decryption(d);
    free(d);
    return (long)in->total;
}

/* ---- share a room key with new devices ------------------------------------ */

typedef struct share_input {
    size_t devices;
    char (*id)[44];
    char (*otk)[44];
} share_input;

static share_input *share_make(size_t devices)
{
    share_input *in = xcalloc(1, sizeof *in);
    size_t i;

    in->devices = devices;
    in->id = xcalloc(devices, 44);
    in->otk = xcalloc(devices, 44);
    for (i = 0; i < devices; i++) {
        uint8_t priv[32];
        uint8_t pub[32];
        char b64[44];

        randombytes_buf(priv, 32);
        crypto_scalarmult_base(pub, priv);
        fl_b64_encode(b64, pub, 32);
        memcpy(in->id[i], b64, 43);
        randombytes_buf(priv, 32);
        crypto_scalarmult_base(pub, priv);
        fl_b64_encode(b64, pub, 32);
        memcpy(in->otk[i], b64, 43);
    }
    return in;
}

/* The m.room_key event a sender shares, around its session key. */
static size_t room_key_json(char *out, const char *key, size_t key_len)
{
    static const char head[] =
        "{\"type\":\"m.room_key\",\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\","
        "\"room_id\":\"!roomid:example.org\",\"session_id\":"
        "\"qQMIDu3TNGNbBpvTIIRNAa1fbxcbFpWcq8ZsRHwxWvk\",\"session_key\":\"";
    static const char tail[] =
        "\"},\"sender\":\"@alice:example.org\",\"recipient\":\"@bob:example.org\","
        "\"keys\":{\"ed25519\":\"ZtkcJPyuafJH93vYLOyGnpfUtzMYXjn02dadoHHdSXc\"}}";
    size_t n = 0;

    memcpy(out, head, sizeof head - 1);
    n += sizeof head - 1;
    memcpy(out + n, key, key_len);
    n += key_len;
    memcpy(out + n, tail, sizeof tail - 1);
    return n + sizeof tail - 1;
}

#define SHARE_MSG_CAP 2048

static long share_cliquet(const void *input)
{
    const share_input *in = input;
    cliquet_account *a;
    cliquet_outbound_group_session *o;
    cliquet_session **sessions = xcalloc(in->devices, sizeof *sessions);
    char (*msgs)[SHARE_MSG_CAP] = xcalloc(in->devices, SHARE_MSG_CAP);
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    char json[1024];
    size_t json_len;
    size_t i;

    check_cq(cliquet_account_new(&a), "account");
    check_cq(cliquet_outbound_group_session_new(&o), "outbound group");
    check_cq(cliquet_outbound_group_session_key(o, key), "session key");
    json_len = room_key_json(json, key, sizeof key - 1);
    for (i = 0; i < in->devices; i++) {
        size_t len;
        int type;

        check_cq(cliquet_session_new_outbound(&sessions[i], a, in->id[i], 43,
                                              in->otk[i], 43),
                 "outbound");
        check_cq(cliquet_session_encrypt(sessions[i], &type, msgs[i], SHARE_MSG_CAP,
                                         &len, (const uint8_t *)json, json_len),
                 "encrypt");
    }
    for (i = 0; i < in->devices; i++) {
        cliquet_session_free(sessions[i]);
    }
    cliquet_outbound_group_session_free(o);
    cliquet_account_free(a);
    free(sessions);
    free(msgs);
    return (long)in->devices;
}

static long share_libolm(const void *input)
{
    const share_input *in = input;
    OlmAccount *a = olm_account(xmalloc(olm_account_size()));
    OlmOutboundGroupSession *o =
        olm_outbound_group_session(xmalloc(olm_outbound_group_session_size()));
    OlmSession **sessions = xcalloc(in->devices, sizeof *sessions);
    char (*msgs)[SHARE_MSG_CAP] = xcalloc(in->devices, SHARE_MSG_CAP);
    uint8_t key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    uint8_t r[160];
    char json[1024];
    size_t json_len;
    size_t i;

    fill_random(r, 64);
    check_olm(olm_create_account(a, r, olm_create_account_random_length(a)),
              "olm account");
    fill_random(r, 160);
    check_olm(olm_init_outbound_group_session(o, r, 160), "olm outbound group");
    check_olm(olm_outbound_group_session_key(o, key, sizeof key), "olm session key");
    json_len = room_key_json(json, (const char *)key, sizeof key - 1);
    for (i = 0; i < in->devices; i++) {
        OlmSession *s = olm_session(xmalloc(olm_session_size()));

        fill_random(r, 64);
        check_olm(olm_create_outbound_session(s, a, in->id[i], 43, in->otk[i], 43,
                                              r, olm_create_outbound_session_random_length(s)),
                  "olm outbound");
        fill_random(r, 32);
        check_olm(olm_encrypt(s, json, json_len, r, olm_encrypt_random_length(s),
                              msgs[i], olm_encrypt_message_length(s, json_len)),
                  "olm encrypt");
        sessions[i] = s;
    }
    for (i = 0; i < in->devices; i++) {
        olm_clear_session(sessions[i]);
        free(sessions[i]);
    }
    olm_clear_outbound_group_session(o);
    free(o);
    olm_clear_account(a);
    free(a);
    free(sessions);
    free(msgs);
    return (long)in->devices;
}

/* ---- decrypt a backlog of Megolm messages --------------------------------- */

typedef struct backlog_input {
    size_t count;
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    char *msgs;     /* count * MSG_STRIDE */
    size_t *lens;
} backlog_input;

static backlog_input *backlog_make(size_t count)
{
    backlog_input *in = xcalloc(1, sizeof *in);
    cliquet_outbound_group_session *o;
    uint8_t pt[256];
    size_t i;

    in->count = count;
    in->msgs = xcalloc(count, MSG_STRIDE);
    in->lens = xcalloc(count, sizeof *in->lens);
    fill_plaintext(pt, sizeof pt);
    check_cq(cliquet_outbound_group_session_new(&o), "outbound group");
    check_cq(cliquet_outbound_group_session_key(o, in->key), "session key");
    for (i = 0; i < count; i++) {
        check_cq(cliquet_outbound_group_session_encrypt(o, in->msgs + i * MSG_STRIDE,
                                                        MSG_STRIDE, &in->lens[i], pt,
                                                        sizeof pt),
                 "group encrypt");
    }
    cliquet_outbound_group_session_free(o);
    return in;
}

static long backlog_cliquet(const void *input)
{
    const backlog_input *in = input;
    cliquet_inbound_group_session *s;
    uint8_t pt[MSG_STRIDE];
    size_t i;

    check_cq(cliquet_inbound_group_session_new(&s, in->key, sizeof in->key),
             "inbound group");
    for (i = 0; i < in->count; i++) {
        size_t len;

        check_cq(cliquet_inbound_group_session_decrypt(s, in->msgs + i * MSG_STRIDE,
                                                       in->lens[i], pt, sizeof pt,
                                                       &len, NULL),
                 "group decrypt");
    }
    cliquet_inbound_group_session_free(s);
    return (long)in->count;
}

static long backlog_libolm(const void *input)
{
    const backlog_input *in = input;
    OlmInboundGroupSession *s =
        olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));
    uint8_t scratch[MSG_STRIDE];
    uint8_t pt[MSG_STRIDE];
    size_t i;
    uint32_t index;

    check_olm(olm_init_inbound_group_session(s, (const uint8_t *)in->key,
                                             sizeof in->key),
              "olm inbound group");
    for (i = 0; i < in->count; i++) {
        memcpy(scratch, in->msgs + i * MSG_STRIDE, in->lens[i]);
        check_olm(olm_group_decrypt(s, scratch, in->lens[i], pt, sizeof pt, &index),
                  "olm group decrypt");
    }
    olm_clear_inbound_group_session(s);
    free(s);
    return (long)in->count;
}

/* ---- the same scenarios on several threads ----------------------------------- */

/*
 * A client's worker pool: n threads, each running the scenario on its own
 * share of the work with its own objects (its own PK decryption, account
 * or inbound session), the read-only inputs shared. The slices below are
 * shallow copies of the input narrowed to one thread's share.
 */
typedef struct thread_job {
    scenario_fn fn;
    const void *input;
    long count;
} thread_job;

static void *thread_main(void *arg)
{
    thread_job *j = arg;

    j->count = j->fn(j->input);
    return NULL;
}

#define MAX_THREADS 16

typedef struct threaded_input {
    scenario_fn fn;
    int n;
    const void *slice[MAX_THREADS];
} threaded_input;

/* Runs in the child (in_child): the threads, then the total count. */
static long run_threaded(const void *input)
{
    const threaded_input *t = input;
    pthread_t th[MAX_THREADS];
    thread_job job[MAX_THREADS];
    long total = 0;
    int i;

    for (i = 0; i < t->n; i++) {
        job[i].fn = t->fn;
        job[i].input = t->slice[i];
        job[i].count = 0;
        if (pthread_create(&th[i], NULL, thread_main, &job[i]) != 0) {
            die("pthread_create");
        }
    }
    for (i = 0; i < t->n; i++) {
        if (pthread_join(th[i], NULL) != 0) {
            die("pthread_join");
        }
        total += job[i].count;
    }
    return total;
}

/* Thread i's share of n items among t threads: [*first, *first + *count). */
static void share_of(size_t n, int t, int i, size_t *first, size_t *count)
{
    *first = n * (size_t)i / (size_t)t;
    *count = n * (size_t)(i + 1) / (size_t)t - *first;
}

static void restore_slices(threaded_input *t, const restore_input *in,
                           restore_input *slices)
{
    int i;

    for (i = 0; i < t->n; i++) {
        size_t first;

        slices[i] = *in;
        share_of(in->total, t->n, i, &first, &slices[i].total);
        t->slice[i] = &slices[i];
    }
}

static void share_slices(threaded_input *t, const share_input *in, share_input *slices)
{
    int i;

    for (i = 0; i < t->n; i++) {
        size_t first;

        slices[i] = *in;
        share_of(in->devices, t->n, i, &first, &slices[i].devices);
        slices[i].id = in->id + first;
        slices[i].otk = in->otk + first;
        t->slice[i] = &slices[i];
    }
}

/* Each thread decrypts a contiguous run of the backlog with its own
 * session, which first advances to the run's first index. */
static void backlog_slices(threaded_input *t, const backlog_input *in,
                           backlog_input *slices)
{
    int i;

    for (i = 0; i < t->n; i++) {
        size_t first;

        slices[i] = *in;
        share_of(in->count, t->n, i, &first, &slices[i].count);
        slices[i].msgs = in->msgs + first * MSG_STRIDE;
        slices[i].lens = in->lens + first;
        t->slice[i] = &slices[i];
    }
}

/* ---- running and reporting -------------------------------------------------- */

static void report(FILE *results, const char *scenario, const char *impl,
                   scenario_result r)
{
    printf("  %-44s %-22s %9.2f s %9.1f us/item  peak +%7.1f MiB\n", scenario, impl,
           r.seconds, r.seconds * 1e6 / (double)r.count, (double)r.peak_kib / 1024);
    fflush(stdout);
    if (results != NULL) {
        fprintf(results, "scale\t%s\t%s\t%.3f\t%ld\t%ld\n", scenario, impl, r.seconds,
                r.peak_kib, r.count);
    }
}

/* The thread counts measured: 1, 2, and every core when there are more. */
static int thread_counts(int *counts)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int n = 0;

    counts[n++] = 1;
    counts[n++] = 2;
    if (cores > 2) {
        counts[n++] = cores < MAX_THREADS ? (int)cores : MAX_THREADS;
    }
    return n;
}

/* One scenario at each thread count, with the speed-up over one thread. */
static void report_threads(FILE *results, const char *scenario, scenario_fn fn,
                           const void *input,
                           void (*slices)(threaded_input *, const void *, void *),
                           void *slice_store)
{
    int counts[3];
    int n = thread_counts(counts);
    double one = 0;
    int k;

    for (k = 0; k < n; k++) {
        threaded_input t;
        scenario_result r;
        char impl[48];

        memset(&t, 0, sizeof t);
        t.fn = fn;
        t.n = counts[k];
        slices(&t, input, slice_store);
        r = in_child(run_threaded, &t);
        if (counts[k] == 1) {
            one = r.seconds;
        }
        snprintf(impl, sizeof impl, "%d thread%s", counts[k],
                 counts[k] == 1 ? "" : "s");
        report(results, scenario, impl, r);
        printf("  %-44s %-22s speed-up %.2fx over 1 thread\n", "", "",
               one / r.seconds);
        if (results != NULL) {
            fprintf(results, "threads\t%s\t%d\t%.3f\t%.3f\n", scenario, counts[k],
                    r.seconds, one / r.seconds);
        }
    }
}

/*
 * The reference: work that shares nothing at all (libsodium's SHA-256 over
 * a buffer of the thread's own, items times), to show what the machine
 * allows. On a machine whose other cores are busy it stays near 1x, and the
 * scenarios' speed-ups mean nothing more than that.
 */
typedef struct spin_input {
    size_t items;
} spin_input;

static long spin_hashes(const void *input)
{
    const spin_input *in = input;
    uint8_t buf[1024] = { 1 };
    size_t i;

    for (i = 0; i < in->items; i++) {
        crypto_hash_sha256(buf, buf, sizeof buf);
    }
    return (long)in->items;
}

static void spin_slices_any(threaded_input *t, const void *in, void *store)
{
    const spin_input *s = in;
    spin_input *slices = store;
    int i;

    for (i = 0; i < t->n; i++) {
        size_t first;

        share_of(s->items, t->n, i, &first, &slices[i].items);
        t->slice[i] = &slices[i];
    }
}

static void restore_slices_any(threaded_input *t, const void *in, void *store)
{
    restore_slices(t, in, store);
}

static void share_slices_any(threaded_input *t, const void *in, void *store)
{
    share_slices(t, in, store);
}

static void backlog_slices_any(threaded_input *t, const void *in, void *store)
{
    backlog_slices(t, in, store);
}

/*
 * The scale scenarios again with one thread per core, each on its own
 * objects (issue 19): the time at 1, 2 and all cores, and the speed-up.
 */
static void run_scale_threads(FILE *results, size_t keys, const restore_input *ri,
                              const share_input *si, const backlog_input *bi)
{
    static restore_input rs[MAX_THREADS];
    static share_input ss[MAX_THREADS];
    static backlog_input bs[MAX_THREADS];
    static spin_input spin_store[MAX_THREADS];
    static const spin_input spin = { 200000 };
    char name[96];

    printf("\nscale scenarios on threads (cliquet, each thread its own objects; "
           "%ld cores online)\n", sysconf(_SC_NPROCESSORS_ONLN));
    report_threads(results, "reference: 200,000 independent 1 KiB hashes", spin_hashes,
                   &spin, spin_slices_any, spin_store);
    snprintf(name, sizeof name, "restore %zu room keys from backup", keys);
    report_threads(results, name, restore_cliquet, ri, restore_slices_any, rs);
    snprintf(name, sizeof name, "share a room key with %zu devices", si->devices);
    report_threads(results, name, share_cliquet, si, share_slices_any, ss);
    snprintf(name, sizeof name, "decrypt a backlog of %zu Megolm messages", bi->count);
    report_threads(results, name, backlog_cliquet, bi, backlog_slices_any, bs);
}

/* bench.h */
void run_scale(int quick, FILE *results)
{
    size_t keys = quick ? 10000 : 100000;
    size_t devices = 1000;
    size_t backlog = quick ? 10000 : 100000;
    char name[96];
    restore_input *ri;
    share_input *si;
    backlog_input *bi;
    int rep;

    printf("\nscale scenarios (each in a child process; peak = growth of its peak RSS)\n");
    ri = restore_make(keys, 1000);
    snprintf(name, sizeof name, "restore %zu room keys from backup", keys);
    report(results, name, "cliquet", in_child(restore_cliquet, ri));
    report(results, name, "libolm", in_child(restore_libolm, ri));
    report(results, name, "cliquet (libolm fmt)", in_child(restore_cliquet_libolm_fmt, ri));

    si = share_make(devices);
    snprintf(name, sizeof name, "share a room key with %zu devices", devices);
    for (rep = 0; rep < (quick ? 1 : 3); rep++) {
        report(results, name, "cliquet", in_child(share_cliquet, si));
        report(results, name, "libolm", in_child(share_libolm, si));
    }

    bi = backlog_make(backlog);
    snprintf(name, sizeof name, "decrypt a backlog of %zu Megolm messages", backlog);
    report(results, name, "cliquet", in_child(backlog_cliquet, bi));
    report(results, name, "libolm", in_child(backlog_libolm, bi));

    run_scale_threads(results, keys, ri, si, bi);
}

/* Heap bytes in use, as the bench's malloc counter sees them (memcount.c). */
static size_t heap_in_use(void)
{
    return heap_counted();
}

/* bench.h */
void run_memory(FILE *results)
{
    size_t before;
    size_t cq[3];
    size_t olm[3];
    size_t sizes[3][3];
    static const char *names[3] = { "account, 100 one-time keys", "Olm session",
                                    "inbound group session" };
    cliquet_account *a;
    cliquet_session *s;
    cliquet_inbound_group_session *in;
    cliquet_outbound_group_session *o;
    OlmAccount *oa;
    OlmSession *os;
    OlmInboundGroupSession *oin;
    char id[44];
    char ed[44];
    char otk[44];
    char kid[CLIQUET_KEY_ID_BASE64_SIZE];
    char key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    uint8_t r[100 * 32];
    int i;

    /* cliquet */
    before = heap_in_use();
    check_cq(cliquet_account_new(&a), "account");
    check_cq(cliquet_account_generate_one_time_keys(a, 100, NULL), "otk");
    cq[0] = heap_in_use() - before;
    check_cq(cliquet_account_identity_keys(a, id, ed), "keys");
    check_cq(cliquet_account_one_time_key(a, 0, kid, otk), "otk");
    before = heap_in_use();
    check_cq(cliquet_session_new_outbound(&s, a, id, 43, otk, 43), "outbound");
    cq[1] = heap_in_use() - before;
    check_cq(cliquet_outbound_group_session_new(&o), "outbound group");
    check_cq(cliquet_outbound_group_session_key(o, key), "session key");
    before = heap_in_use();
    check_cq(cliquet_inbound_group_session_new(&in, key, sizeof key - 1), "inbound");
    cq[2] = heap_in_use() - before;

    /* libolm: the caller allocates olm_*_size() bytes; counted the same way */
    before = heap_in_use();
    oa = olm_account(xmalloc(olm_account_size()));
    fill_random(r, 64);
    check_olm(olm_create_account(oa, r, 64), "olm account");
    fill_random(r, sizeof r);
    check_olm(olm_account_generate_one_time_keys(oa, 100, r, sizeof r), "olm otk");
    olm[0] = heap_in_use() - before;
    before = heap_in_use();
    os = olm_session(xmalloc(olm_session_size()));
    fill_random(r, 64);
    check_olm(olm_create_outbound_session(os, oa, id, 43, otk, 43, r, 64),
              "olm outbound");
    olm[1] = heap_in_use() - before;
    before = heap_in_use();
    oin = olm_inbound_group_session(xmalloc(olm_inbound_group_session_size()));
    check_olm(olm_init_inbound_group_session(oin, (const uint8_t *)key, sizeof key - 1),
              "olm inbound");
    olm[2] = heap_in_use() - before;

    pickle_sizes(sizes);
    printf("\nmemory (heap bytes per object, counted at malloc; pickle sizes in "
           "base64 characters)\n");
    printf("  %-30s %10s %10s %12s %12s %12s %12s\n", "object", "cliquet", "libolm",
           "olm_*_size", "cq pickle", "cq libolm-fmt", "libolm pickle");
    for (i = 0; i < 3; i++) {
        size_t osz = i == 0 ? olm_account_size()
                     : i == 1 ? olm_session_size()
                              : olm_inbound_group_session_size();

        printf("  %-30s %10zu %10zu %12zu %12zu %12zu %12zu\n", names[i], cq[i],
               olm[i], osz, sizes[i][0], sizes[i][1], sizes[i][2]);
        if (results != NULL) {
            fprintf(results, "mem\t%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\n", names[i], cq[i],
                    olm[i], osz, sizes[i][0], sizes[i][1], sizes[i][2]);
        }
    }
    printf("  (pickles: account with 50 one-time keys, an Olm session after one "
           "message each way, an inbound group session after one message)\n");
    /* The replay record is allocated only when turned on (since 1.2). */
    before = heap_in_use();
    check_cq(cliquet_inbound_group_session_set_replay_detection(in, 1), "replay on");
    printf("  inbound group session with the replay record on: %zu bytes (+%zu)\n",
           cq[2] + heap_in_use() - before, heap_in_use() - before);
    cliquet_inbound_group_session_free(in);
    cliquet_outbound_group_session_free(o);
    cliquet_session_free(s);
    cliquet_account_free(a);
    olm_clear_inbound_group_session(oin);
    free(oin);
    olm_clear_session(os);
    free(os);
    olm_clear_account(oa);
    free(oa);
}
