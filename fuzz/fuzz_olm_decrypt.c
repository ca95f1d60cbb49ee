/*
 * fuzz/fuzz_olm_decrypt.c: Olm decryption on a live session (Bob's, after
 * he has received Alice's first pre-key message and answered it), through
 * the protocol core (cq_olm_session_decrypt) and the public API
 * (cliquet_session_decrypt, base64 at the boundary).
 *
 * An input is up to four messages, decrypted one after the other by the
 * same session, each as: a control byte, a big-endian u16 length, the
 * bytes. Control bits: 0x01 the message type (pre-key 0 / normal 1);
 * 0x80 use the byte 0x7f & control as the type as it is (bad types);
 * 0x40 through the API, the bytes base64-encoded by the harness; 0x20
 * through the API, the bytes given as the base64 text itself; 0x10 a
 * plaintext buffer too small by one; 0x08 the bitsliced AES.
 *
 * Properties: only documented statuses; a refused message leaves the
 * session byte for byte as it was; an accepted one is refused when it
 * comes again (each message key is used once); plaintexts are shorter than
 * their ciphertext; the API reports the peer's identity key.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "common.h"
#include "fixtures.h"

static fz_olm_fixture fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    fz_olm_fixture_make(&fx);
    return 0;
}

static int documented(cliquet_status st)
{
    switch (st) {
    case CLIQUET_ERR_BAD_MESSAGE_TYPE:
    case CLIQUET_ERR_BAD_MESSAGE_VERSION:
    case CLIQUET_ERR_BAD_MESSAGE_FORMAT:
    case CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH:
    case CLIQUET_ERR_BAD_MESSAGE_MAC:
    case CLIQUET_ERR_BAD_PADDING:
    case CLIQUET_ERR_WRONG_SESSION:
    case CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE:
    case CLIQUET_ERR_DUPLICATE_MESSAGE:
    case CLIQUET_ERR_BAD_KEY:
    case CLIQUET_ERR_ZERO_SHARED_SECRET:
    case CLIQUET_ERR_OUTPUT_TOO_SMALL:
    case CLIQUET_ERR_BAD_BASE64:
        return 1;
    default:
        return 0;
    }
}

/* One decryption through the API; returns its status. */
static cliquet_status api_decrypt(cq_olm_session *state, int type,
                                  const char *text, size_t text_len,
                                  uint8_t *pt, size_t cap, size_t *pt_len)
{
    cliquet_session *s = NULL;
    cliquet_olm_decrypt_info info;
    char expect[CLIQUET_KEY_BASE64_SIZE];
    char id[CLIQUET_KEY_BASE64_SIZE];
    cliquet_status st;

    fz_require(cq_api_session_from_state(&s, state) == CLIQUET_OK, "session");
    st = cliquet_session_decrypt(s, type, text, text_len, pt, cap, pt_len,
                                 &info);
    if (st == CLIQUET_OK) {
        cq_base64_encode(expect, state->their_identity_key, 32);
        expect[CLIQUET_KEY_BASE64_SIZE - 1] = '\0';
        fz_require(memcmp(info.sender_key, expect, sizeof expect) == 0,
                   "API: sender identity key");
        fz_require(cliquet_session_id(s, id) == CLIQUET_OK, "session id");
        fz_require(memcmp(info.session_id, id, sizeof id) == 0,
                   "API: session id");
        *state = *cq_api_session_state(s);
    } else {
        fz_require(memcmp(cq_api_session_state(s), state, sizeof *state) == 0,
                   "API: a refused message changed the session");
    }
    cliquet_session_free(s);
    return st;
}

static cliquet_status decrypt_once(cq_olm_session *s, uint8_t control,
                                   const uint8_t *msg, size_t n)
{
    int type = (control & 0x80) ? (int)(control & 0x7f) : (control & 1);
    size_t cap = n + 16;
    uint8_t *pt = malloc(cap);
    size_t pt_len = 0;
    cliquet_status st;

    fz_require(pt != NULL, "malloc");
    fz_aes(control & 0x08);
    if ((control & 0x10) && n > 0) {
        cap = n / 2;
    }
    if (control & 0x40) {
        char *text = malloc(cq_base64_encoded_len(n) + 1);

        fz_require(text != NULL, "malloc");
        cq_base64_encode(text, msg, n);
        st = api_decrypt(s, type, text, cq_base64_encoded_len(n), pt, cap,
                         &pt_len);
        free(text);
    } else if (control & 0x20) {
        st = api_decrypt(s, type, (const char *)msg, n, pt, cap, &pt_len);
    } else {
        st = cq_olm_session_decrypt(s, type, msg, n, pt, cap, &pt_len, NULL);
    }
    fz_require(st == CLIQUET_OK || documented(st),
               "olm decrypt: undocumented status");
    if (st == CLIQUET_OK) {
        fz_require(pt_len < n && pt_len <= cap, "plaintext length");
    }
    free(pt);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    cq_olm_session s = fx.bob;
    int i;

    if (size > 4096) {
        return 0;
    }
    fz_random_reset();
    for (i = 0; i < 4 && in.len > 0; i++) {
        uint8_t control = fz_u8(&in);
        size_t n = (size_t)fz_u8(&in) << 8;
        cq_olm_session before = s;
        const uint8_t *msg;
        cliquet_status st;

        n |= fz_u8(&in);
        if (n > in.len) {
            n = in.len;
        }
        msg = in.data;
        in.data += n;
        in.len -= n;
        st = decrypt_once(&s, control, msg, n);
        if (st != CLIQUET_OK) {
            fz_require(memcmp(&before, &s, sizeof s) == 0,
                       "a refused message changed the session");
            continue;
        }
        fz_require(s.received_message == 1, "received flag");
        before = s;
        st = decrypt_once(&s, control & 0x81, msg, n);
        fz_require(st != CLIQUET_OK, "a message decrypted twice");
        fz_require(memcmp(&before, &s, sizeof s) == 0,
                   "a replayed message changed the session");
    }
    return 0;
}
