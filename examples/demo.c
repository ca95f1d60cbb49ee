/*
 * The cliquet demo: three devices share an encrypted room.
 *
 * Alice's phone, Bob's laptop and Bob's phone each hold an account (their
 * device identity) and publish one-time keys to a pretend server. Each
 * device makes a Megolm outbound session for the room and sends its room key
 * to the two others over Olm, claiming their one-time keys where it has no
 * Olm session yet. Then they talk in the room; every device decrypts every
 * other device's messages and says which key authenticated each one.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cliquet.h>

#define DEVICES 3
#define ROOM_ID "!situation-room:gouv.example"
#define MAX_MESSAGE 4096

typedef struct device {
    const char *name;
    cliquet_account *account;
    char curve25519[CLIQUET_KEY_BASE64_SIZE];
    char ed25519[CLIQUET_KEY_BASE64_SIZE];
    /* The pretend server's copy of this device's published one-time keys:
     * one for each other device that may open a session to it. */
    char published[DEVICES - 1][CLIQUET_KEY_BASE64_SIZE];
    int claimed;
    /* Olm sessions with the other devices, indexed by device. */
    cliquet_session *olm[DEVICES];
    cliquet_outbound_group_session *room_out;
    /* Inbound group sessions for the other devices' room keys. */
    cliquet_inbound_group_session *room_in[DEVICES];
} device;

static int failures;
static int decrypted;

static void check(cliquet_status st, const char *what)
{
    if (st != CLIQUET_OK) {
        fprintf(stderr, "demo: %s failed: %s\n", what, cliquet_strerror(st));
        exit(1);
    }
}

static void short_key(char out[12], const char *key)
{
    memcpy(out, key, 8);
    memcpy(out + 8, "...", 4);
}

/* Account, identity keys, and published one-time keys. */
static void device_start(device *d, const char *name)
{
    char key_id[CLIQUET_KEY_ID_BASE64_SIZE];
    char fp[12];
    size_t i;

    memset(d, 0, sizeof *d);
    d->name = name;
    check(cliquet_account_new(&d->account), "account_new");
    check(cliquet_account_identity_keys(d->account, d->curve25519, d->ed25519),
          "identity_keys");
    check(cliquet_account_generate_one_time_keys(d->account, DEVICES - 1, NULL),
          "generate_one_time_keys");
    for (i = 0; i < DEVICES - 1; i++) {
        check(cliquet_account_one_time_key(d->account, i, key_id, d->published[i]),
              "one_time_key");
    }
    check(cliquet_account_mark_keys_as_published(d->account), "mark_published");
    short_key(fp, d->curve25519);
    printf("  %-11s identity key curve25519:%s, %d one-time keys published\n", name, fp,
           DEVICES - 1);
}

/*
 * Sends plaintext from one device to another over Olm, creating the session
 * on either side when there is none yet, and returns the decrypted copy.
 */
static void olm_send(device *from, int from_i, device *to, int to_i,
                     const char *plaintext, char *received, size_t received_cap)
{
    char message[MAX_MESSAGE];
    cliquet_olm_decrypt_info info;
    size_t message_len, received_len;
    int type;

    if (from->olm[to_i] == NULL) {
        /* Claim one of the recipient's one-time keys from the server. */
        if (to->claimed == DEVICES - 1) {
            fprintf(stderr, "demo: %s has no one-time key left\n", to->name);
            exit(1);
        }
        const char *one_time_key = to->published[to->claimed++];

        check(cliquet_session_new_outbound(&from->olm[to_i], from->account,
                                           to->curve25519, strlen(to->curve25519),
                                           one_time_key, strlen(one_time_key)),
              "session_new_outbound");
    }
    check(cliquet_session_encrypt(from->olm[to_i], &type, message, sizeof message,
                                  &message_len, (const uint8_t *)plaintext,
                                  strlen(plaintext)),
          "session_encrypt");

    if (to->olm[from_i] == NULL) {
        if (type != CLIQUET_OLM_MESSAGE_PRE_KEY) {
            fprintf(stderr, "demo: first message is not a pre-key message\n");
            exit(1);
        }
        /* One step: the session is made by decrypting its first message. */
        check(cliquet_session_new_inbound(&to->olm[from_i], to->account,
                                          from->curve25519, strlen(from->curve25519),
                                          message, message_len, (uint8_t *)received,
                                          received_cap - 1, &received_len, &info),
              "session_new_inbound");
    } else {
        check(cliquet_session_decrypt(to->olm[from_i], type, message, message_len,
                                      (uint8_t *)received, received_cap - 1,
                                      &received_len, &info),
              "session_decrypt");
    }
    received[received_len] = '\0';
    if (strcmp(info.sender_key, from->curve25519) != 0) {
        fprintf(stderr, "demo: Olm message not authenticated by %s's key\n", from->name);
        exit(1);
    }
    printf("  %-11s -> %-11s Olm %s message, %zu bytes, authenticated by %s's identity key\n",
           from->name, to->name, type == CLIQUET_OLM_MESSAGE_PRE_KEY ? "pre-key" : "normal",
           message_len, from->name);
}

/* Finds "name":"value" in a JSON text we produced ourselves. */
static void json_field(char *out, size_t cap, const char *json, const char *name)
{
    char pattern[64];
    const char *start, *end;

    snprintf(pattern, sizeof pattern, "\"%s\":\"", name);
    start = strstr(json, pattern);
    if (start == NULL) {
        fprintf(stderr, "demo: no %s in room key\n", name);
        exit(1);
    }
    start += strlen(pattern);
    end = strchr(start, '"');
    if (end == NULL || (size_t)(end - start) >= cap) {
        fprintf(stderr, "demo: bad %s in room key\n", name);
        exit(1);
    }
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
}

/* Shares a device's Megolm room key with another device, as m.room_key. */
static void share_room_key(device *devs, int from_i, int to_i)
{
    char session_id[CLIQUET_KEY_BASE64_SIZE];
    char session_key[CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE];
    char payload[MAX_MESSAGE], received[MAX_MESSAGE], key[MAX_MESSAGE];

    check(cliquet_outbound_group_session_id(devs[from_i].room_out, session_id),
          "outbound_group_session_id");
    check(cliquet_outbound_group_session_key(devs[from_i].room_out, session_key),
          "outbound_group_session_key");
    snprintf(payload, sizeof payload,
             "{\"type\":\"m.room_key\",\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\","
             "\"room_id\":\"" ROOM_ID "\",\"session_id\":\"%s\",\"session_key\":\"%s\"}}",
             session_id, session_key);
    olm_send(&devs[from_i], from_i, &devs[to_i], to_i, payload, received, sizeof received);

    json_field(key, sizeof key, received, "session_key");
    check(cliquet_inbound_group_session_new(&devs[to_i].room_in[from_i], key, strlen(key)),
          "inbound_group_session_new");

    /* The payload's session id must name the session its key makes. */
    json_field(key, sizeof key, received, "session_id");
    check(cliquet_inbound_group_session_id(devs[to_i].room_in[from_i], session_id),
          "inbound_group_session_id");
    if (strcmp(key, session_id) != 0) {
        fprintf(stderr, "demo: room key for the wrong session\n");
        exit(1);
    }
}

/* One room message from devs[from_i], decrypted by every other device. */
static void room_say(device *devs, int from_i, const char *text)
{
    device *from = &devs[from_i];
    char message[MAX_MESSAGE];
    size_t message_len;
    int i;

    check(cliquet_outbound_group_session_encrypt(from->room_out, message, sizeof message,
                                                 &message_len, (const uint8_t *)text,
                                                 strlen(text)),
          "outbound_group_session_encrypt");
    printf("  %-11s says \"%s\" (%zu-byte Megolm message)\n", from->name, text, message_len);

    for (i = 0; i < DEVICES; i++) {
        char plaintext[MAX_MESSAGE];
        size_t plaintext_len;
        cliquet_megolm_decrypt_info info;
        cliquet_status st;

        if (i == from_i) {
            continue;
        }
        st = cliquet_inbound_group_session_decrypt(devs[i].room_in[from_i], message,
                                                   message_len, (uint8_t *)plaintext,
                                                   sizeof plaintext - 1, &plaintext_len,
                                                   &info);
        if (st != CLIQUET_OK || plaintext_len != strlen(text) ||
            memcmp(plaintext, text, plaintext_len) != 0) {
            printf("    %-11s FAILED to decrypt: %s\n", devs[i].name, cliquet_strerror(st));
            failures++;
            continue;
        }
        decrypted++;
        /* The Megolm session's key came over Olm from the sender's device,
         * unless it was imported from an unsigned export. */
        printf("    %-11s reads it: index %u, Megolm session %.8s... %s %s\n",
               devs[i].name, (unsigned)info.message_index, info.session_id,
               info.imported ? "IMPORTED, not from" : "keyed over Olm by", from->name);
    }
}

/* ---- step 4: every object to a native pickle file and back ---------------- */

/*
 * The key that seals the pickles. A real app keeps a random one in the
 * system's key store; the demo uses a constant so it needs no key store.
 */
static const uint8_t pickle_key[CLIQUET_PICKLE_KEY_BYTES] = "demo key: keep yours in a vault";

static char store[64];
static size_t store_bytes;
static int store_files;

/* Writes one pickle to store/<name>. */
static void save(const char *name, const char *text, size_t len)
{
    char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", store, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "demo: cannot write %s\n", path);
        exit(1);
    }
    store_bytes += len;
    store_files++;
}

/* Reads store/<name> into a new buffer and removes the file. */
static char *load(const char *name, size_t *len)
{
    char path[128];
    char *text;
    long size;
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", store, name);
    f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "demo: cannot read %s\n", path);
        exit(1);
    }
    text = malloc((size_t)size + 1);
    if (text == NULL || fread(text, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "demo: cannot read %s\n", path);
        exit(1);
    }
    fclose(f);
    remove(path);
    *len = (size_t)size;
    return text;
}

/* A buffer of the size a pickling call asked for with (NULL, 0). */
static char *pickle_buffer(cliquet_status st, size_t len)
{
    char *text;

    if (st != CLIQUET_ERR_OUTPUT_TOO_SMALL) {
        check(st, "pickle size");
    }
    text = malloc(len > 0 ? len : 1);
    if (text == NULL) {
        fprintf(stderr, "demo: out of memory\n");
        exit(1);
    }
    return text;
}

static void save_device(device *d)
{
    char name[64], *text;
    size_t len = 0;
    cliquet_status st;
    int j;

    st = cliquet_account_pickle(d->account, NULL, 0, &len, pickle_key, sizeof pickle_key);
    text = pickle_buffer(st, len);
    check(cliquet_account_pickle(d->account, text, len, &len,
                                 pickle_key, sizeof pickle_key), "account_pickle");
    snprintf(name, sizeof name, "%s.account", d->name);
    save(name, text, len);
    printf("  %-11s account pickled: %zu bytes\n", d->name, len);
    free(text);
    cliquet_account_free(d->account);
    d->account = NULL;

    st = cliquet_outbound_group_session_pickle(d->room_out, NULL, 0, &len,
                                               pickle_key, sizeof pickle_key);
    text = pickle_buffer(st, len);
    check(cliquet_outbound_group_session_pickle(d->room_out, text, len, &len,
                                                pickle_key, sizeof pickle_key),
          "outbound_group_session_pickle");
    snprintf(name, sizeof name, "%s.room-out", d->name);
    save(name, text, len);
    printf("  %-11s outbound group session pickled: %zu bytes\n", d->name, len);
    free(text);
    cliquet_outbound_group_session_free(d->room_out);
    d->room_out = NULL;

    for (j = 0; j < DEVICES; j++) {
        if (d->olm[j] != NULL) {
            st = cliquet_session_pickle(d->olm[j], NULL, 0, &len,
                                        pickle_key, sizeof pickle_key);
            text = pickle_buffer(st, len);
            check(cliquet_session_pickle(d->olm[j], text, len, &len,
                                         pickle_key, sizeof pickle_key),
                  "session_pickle");
            snprintf(name, sizeof name, "%s.olm-%d", d->name, j);
            save(name, text, len);
            printf("  %-11s Olm session %d pickled: %zu bytes\n", d->name, j, len);
            free(text);
            cliquet_session_free(d->olm[j]);
            d->olm[j] = NULL;
        }
        if (d->room_in[j] != NULL) {
            st = cliquet_inbound_group_session_pickle(d->room_in[j], NULL, 0, &len,
                                                      pickle_key, sizeof pickle_key);
            text = pickle_buffer(st, len);
            check(cliquet_inbound_group_session_pickle(d->room_in[j], text, len, &len,
                                                       pickle_key, sizeof pickle_key),
                  "inbound_group_session_pickle");
            snprintf(name, sizeof name, "%s.room-in-%d", d->name, j);
            save(name, text, len);
            printf("  %-11s inbound group session %d pickled: %zu bytes\n", d->name, j, len);
            free(text);
            cliquet_inbound_group_session_free(d->room_in[j]);
            d->room_in[j] = NULL;
        }
    }
}

/* had[j] says which sessions the device had before the restart. */
static void load_device(device *d, const int had_olm[DEVICES], const int had_in[DEVICES])
{
    char name[64], *text;
    size_t len;
    int j;

    snprintf(name, sizeof name, "%s.account", d->name);
    text = load(name, &len);
    check(cliquet_account_unpickle(&d->account,
                                   pickle_key, sizeof pickle_key, text, len), "account_unpickle");
    free(text);
    snprintf(name, sizeof name, "%s.room-out", d->name);
    text = load(name, &len);
    check(cliquet_outbound_group_session_unpickle(&d->room_out,
                                                  pickle_key, sizeof pickle_key, text, len),
          "outbound_group_session_unpickle");
    free(text);
    for (j = 0; j < DEVICES; j++) {
        if (had_olm[j]) {
            snprintf(name, sizeof name, "%s.olm-%d", d->name, j);
            text = load(name, &len);
            check(cliquet_session_unpickle(&d->olm[j],
                                           pickle_key, sizeof pickle_key, text, len),
                  "session_unpickle");
            free(text);
        }
        if (had_in[j]) {
            snprintf(name, sizeof name, "%s.room-in-%d", d->name, j);
            text = load(name, &len);
            check(cliquet_inbound_group_session_unpickle(&d->room_in[j],
                                                         pickle_key, sizeof pickle_key, text,
                                                         len),
                  "inbound_group_session_unpickle");
            free(text);
        }
    }
}

/*
 * Every device pickles its account, Olm sessions and group sessions into
 * files of a temporary directory, frees them all, and restores them from
 * the files, as an app does across a restart.
 */
static void apps_restart(device *devs)
{
    int had_olm[DEVICES][DEVICES], had_in[DEVICES][DEVICES];
    int i, j;

    strcpy(store, "/tmp/cliquet-demo-XXXXXX");
    if (mkdtemp(store) == NULL) {
        fprintf(stderr, "demo: cannot make a temporary directory\n");
        exit(1);
    }
    for (i = 0; i < DEVICES; i++) {
        for (j = 0; j < DEVICES; j++) {
            had_olm[i][j] = devs[i].olm[j] != NULL;
            had_in[i][j] = devs[i].room_in[j] != NULL;
        }
        save_device(&devs[i]);
    }
    printf("  %d native pickles, %zu bytes in all, written to %s; every object freed\n",
           store_files, store_bytes, store);
    for (i = 0; i < DEVICES; i++) {
        load_device(&devs[i], had_olm[i], had_in[i]);
    }
    rmdir(store);
    printf("  every object restored from its pickle; %s removed\n", store);
}

int main(void)
{
    static const char *const names[DEVICES] = { "alice-phone", "bob-laptop", "bob-phone" };
    device devs[DEVICES];
    int i, j;

    check(cliquet_init(), "init");
    printf("cliquet %s demo: one room, three devices\n\n", cliquet_version_string());

    printf("1. Devices start and publish one-time keys\n");
    for (i = 0; i < DEVICES; i++) {
        device_start(&devs[i], names[i]);
        check(cliquet_outbound_group_session_new(&devs[i].room_out),
              "outbound_group_session_new");
    }

    printf("\n2. Each device shares its room key with the others over Olm\n");
    for (i = 0; i < DEVICES; i++) {
        for (j = 0; j < DEVICES; j++) {
            if (i != j) {
                share_room_key(devs, i, j);
            }
        }
    }

    printf("\n3. They talk in the room\n");
    room_say(devs, 0, "Briefing moved to 14:00.");
    room_say(devs, 1, "Understood, I will bring the report.");
    room_say(devs, 2, "On my way, reading this on my phone.");
    room_say(devs, 0, "Thanks both.");

    printf("\n4. The apps restart\n");
    apps_restart(devs);

    printf("\n5. The conversation carries on\n");
    {
        char received[MAX_MESSAGE];

        /* The restored Olm sessions carry on too. */
        olm_send(&devs[0], 0, &devs[1], 1, "Back online.", received, sizeof received);
    }
    room_say(devs, 1, "Report attached to the calendar entry.");
    room_say(devs, 2, "Got it.");

    for (i = 0; i < DEVICES; i++) {
        for (j = 0; j < DEVICES; j++) {
            cliquet_session_free(devs[i].olm[j]);
            cliquet_inbound_group_session_free(devs[i].room_in[j]);
        }
        cliquet_outbound_group_session_free(devs[i].room_out);
        cliquet_account_free(devs[i].account);
    }

    printf("\n%s: %d of %d room messages decrypted\n",
           failures == 0 ? "OK" : "FAILED", decrypted, decrypted + failures);
    return failures == 0 ? 0 : 1;
}
