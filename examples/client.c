/*
 * A short Matrix client flow against include/cliquet.h: Bob's device
 * publishes its identity keys and signed one-time keys; Alice's device
 * claims one, checks Bob's signature, opens an Olm session and sends a
 * to-device message; Bob's device reads it and answers.
 *
 * The JSON here is written with snprintf because the values are C strings
 * and the objects are small and canonical (keys sorted, no spaces), as
 * Matrix signs them. A real client uses its own JSON library for that.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cliquet.h>

#define USER "@bob:gouv.example"
#define DEVICE "BOBLAPTOP"

static void check(cliquet_status st, const char *what)
{
    if (st != CLIQUET_OK) {
        fprintf(stderr, "client: %s: %s\n", what, cliquet_strerror(st));
        exit(1);
    }
}

/* A published one-time key, as the server hands it to a claimer. */
typedef struct claimed_key {
    char key_id[CLIQUET_KEY_ID_BASE64_SIZE];
    char key[CLIQUET_KEY_BASE64_SIZE];
    char signature[CLIQUET_SIGNATURE_BASE64_SIZE];
} claimed_key;

/* The canonical JSON that signs a one-time key: {"key":"..."}. */
static void one_time_key_json(char *out, size_t cap, const char *key)
{
    snprintf(out, cap, "{\"key\":\"%s\"}", key);
}

/* Bob publishes his signed one-time keys, in key-id order. */
static size_t publish_one_time_keys(cliquet_account *bob, claimed_key *server, size_t cap)
{
    char json[128];
    size_t count, i;

    check(cliquet_account_generate_one_time_keys(bob, cap, NULL), "generate one-time keys");
    check(cliquet_account_one_time_key_count(bob, &count), "one-time key count");
    for (i = 0; i < count; i++) {
        claimed_key *k = &server[i];

        check(cliquet_account_one_time_key(bob, i, k->key_id, k->key), "one-time key");
        one_time_key_json(json, sizeof json, k->key);
        check(cliquet_account_sign(bob, k->signature, (const uint8_t *)json, strlen(json)),
              "sign one-time key");
        printf("  \"signed_curve25519:%s\": {\"key\": \"%s\", \"signatures\": "
               "{\"" USER "\": {\"ed25519:" DEVICE "\": \"%.16s...\"}}}\n",
               k->key_id, k->key, k->signature);
    }
    check(cliquet_account_mark_keys_as_published(bob), "mark published");
    return count;
}

int main(void)
{
    cliquet_account *alice, *bob;
    cliquet_session *alice_to_bob, *bob_to_alice;
    cliquet_olm_decrypt_info info;
    char alice_curve[CLIQUET_KEY_BASE64_SIZE], alice_ed[CLIQUET_KEY_BASE64_SIZE];
    char bob_curve[CLIQUET_KEY_BASE64_SIZE], bob_ed[CLIQUET_KEY_BASE64_SIZE];
    char device_keys[512], signature[CLIQUET_SIGNATURE_BASE64_SIZE], json[128];
    char message[1024];
    uint8_t plaintext[1024];
    claimed_key server[3];
    size_t message_len, plaintext_len;
    int type;
    const char *text = "{\"type\":\"m.dummy\",\"content\":{}}";

    check(cliquet_init(), "init");
    check(cliquet_account_new(&alice), "Alice's account");
    check(cliquet_account_new(&bob), "Bob's account");
    check(cliquet_account_identity_keys(alice, alice_curve, alice_ed), "identity keys");
    check(cliquet_account_identity_keys(bob, bob_curve, bob_ed), "identity keys");

    /* Bob uploads his device keys, signed, and three one-time keys. */
    snprintf(device_keys, sizeof device_keys,
             "{\"algorithms\":[\"m.olm.v1.curve25519-aes-sha2\",\"m.megolm.v1.aes-sha2\"],"
             "\"device_id\":\"" DEVICE "\",\"keys\":{\"curve25519:" DEVICE "\":\"%s\","
             "\"ed25519:" DEVICE "\":\"%s\"},\"user_id\":\"" USER "\"}",
             bob_curve, bob_ed);
    check(cliquet_account_sign(bob, signature, (const uint8_t *)device_keys,
                               strlen(device_keys)),
          "sign device keys");
    printf("Bob uploads %s\n  signed %.16s...\nand one-time keys:\n", device_keys, signature);
    publish_one_time_keys(bob, server, 3);

    /* Alice checks the device keys and the key she claims, then opens a
     * session with it. A bad signature would stop her here. */
    check(cliquet_ed25519_verify(bob_ed, strlen(bob_ed), (const uint8_t *)device_keys,
                                 strlen(device_keys), signature, strlen(signature)),
          "verify device keys");
    one_time_key_json(json, sizeof json, server[0].key);
    check(cliquet_ed25519_verify(bob_ed, strlen(bob_ed), (const uint8_t *)json, strlen(json),
                                 server[0].signature, strlen(server[0].signature)),
          "verify one-time key");
    check(cliquet_session_new_outbound(&alice_to_bob, alice, bob_curve, strlen(bob_curve),
                                       server[0].key, strlen(server[0].key)),
          "outbound session");
    check(cliquet_session_encrypt(alice_to_bob, &type, message, sizeof message, &message_len,
                                  (const uint8_t *)text, strlen(text)),
          "encrypt");
    printf("Alice claims signed_curve25519:%s and sends a type %d message of %zu characters\n",
           server[0].key_id, type, message_len);

    /* Bob: one call makes the session, decrypts the message and uses up the
     * one-time key. The plaintext never needs more room than the message. */
    check(cliquet_session_new_inbound(&bob_to_alice, bob, alice_curve, strlen(alice_curve),
                                      message, message_len, plaintext, message_len,
                                      &plaintext_len, &info),
          "inbound session");
    if (strcmp(info.sender_key, alice_curve) != 0) {
        fprintf(stderr, "client: not from Alice\n");
        return 1;
    }
    printf("Bob reads %zu bytes, authenticated by curve25519 key %.8s... over session %.8s...\n",
           plaintext_len, info.sender_key, info.session_id);
    /* The pre-key message is used up: reading it again is a replay. */
    if (cliquet_session_decrypt(bob_to_alice, type, message, message_len, plaintext,
                                sizeof plaintext, &plaintext_len, NULL) !=
        CLIQUET_ERR_DUPLICATE_MESSAGE) {
        fprintf(stderr, "client: a replay was not refused\n");
        return 1;
    }

    /* Bob answers; Alice reads it with the same call. */
    check(cliquet_session_encrypt(bob_to_alice, &type, message, sizeof message, &message_len,
                                  (const uint8_t *)text, strlen(text)),
          "encrypt");
    check(cliquet_session_decrypt(alice_to_bob, type, message, message_len, plaintext,
                                  sizeof plaintext, &plaintext_len, &info),
          "decrypt");
    printf("Alice reads Bob's type %d answer from %.8s...; nothing evicted: %s\n", type,
           info.sender_key,
           info.evicted_message_keys == 0 && info.evicted_chains == 0 ? "yes" : "no");

    cliquet_session_free(alice_to_bob);
    cliquet_session_free(bob_to_alice);
    cliquet_account_free(alice);
    cliquet_account_free(bob);
    return 0;
}
