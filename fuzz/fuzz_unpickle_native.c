/*
 * fuzz/fuzz_unpickle_native.c: native pickles (cliquet's XChaCha20-Poly1305
 * envelope) of each of the five objects, through the public
 * cliquet_<object>_unpickle functions.
 *
 * Input: a control byte, then bytes. Control: (control & 7) % 5 picks the
 * object (account, session, outbound group session, inbound group session,
 * PK decryption). Bit 0x08 clear: the bytes are the pickle text. Bit 0x08
 * set: the bytes are a payload, which the harness seals under the pickle
 * key (a fixed nonce) with the object's type byte, or, with bit 0x10, with
 * the type byte given by the first byte; so the fuzzer reaches the payload
 * parsers behind the authentication.
 *
 * Properties: only the documented statuses; a refusal makes no object; an
 * accepted pickle's object pickles again into a pickle whose payload is
 * the accepted payload byte for byte (a strict reader accepts one encoding
 * of a state) and which unpickles into the same state.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fixtures.h"
#include "objects.h"
#include "pickle/pickle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    return 0;
}

static int documented(cliquet_status st)
{
    switch (st) {
    case CLIQUET_ERR_BAD_BASE64:
    case CLIQUET_ERR_PICKLE_BAD_KEY:
    case CLIQUET_ERR_PICKLE_WRONG_TYPE:
    case CLIQUET_ERR_PICKLE_UNKNOWN_VERSION:
    case CLIQUET_ERR_PICKLE_CORRUPTED:
    case CLIQUET_ERR_INPUT_TOO_LARGE:
        return 1;
    default:
        return 0;
    }
}

/* The payload of a native pickle text (into a new buffer *work). */
static cliquet_status open_payload(uint8_t **work, const uint8_t **payload,
                                   size_t *len, uint8_t type, const char *text,
                                   size_t n)
{
    size_t cap = cq_base64_decoded_len(n) + 1;

    *work = malloc(cap);
    fz_require(*work != NULL, "malloc");
    return cq_pickle_native_read(payload, len, *work, cap, type, fz_pickle_key,
                                 text, n);
}

static void check_round_trip(const fz_object *ob, const void *o,
                             const char *text, size_t n)
{
    size_t len = 0;
    char *again;
    void *o2 = NULL;
    uint8_t *w1 = NULL;
    uint8_t *w2 = NULL;
    const uint8_t *p1 = NULL;
    const uint8_t *p2 = NULL;
    size_t l1 = 0;
    size_t l2 = 0;
    int opened;

    fz_require(ob->pickle(o, NULL, 0, &len) == CLIQUET_ERR_OUTPUT_TOO_SMALL,
               "pickle size query");
    again = malloc(len);
    fz_require(again != NULL, "malloc");
    fz_require(ob->pickle(o, again, len, &len) == CLIQUET_OK, "pickle again");
    fz_require(again[len] == '\0', "pickle: the text rule's NUL");
    opened = open_payload(&w1, &p1, &l1, ob->native_type, text, n) == CLIQUET_OK;
    opened &= open_payload(&w2, &p2, &l2, ob->native_type, again, len) == CLIQUET_OK;
    fz_require(opened, "open the pickles");
    fz_require(l1 == l2 && memcmp(p1, p2, l1) == 0,
               "an accepted payload does not pickle back to itself");
    fz_require(ob->unpickle(&o2, again, len) == CLIQUET_OK &&
                   memcmp(ob->state(o), ob->state(o2), ob->state_size) == 0,
               "unpickling the new pickle gives another state");
    ob->release(o2);
    free(w1);
    free(w2);
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_input in = {data, size};
    uint8_t control;
    const fz_object *ob;
    char *text;
    size_t n;
    void *o = NULL;
    cliquet_status st;

    if (size > 8192) {
        return 0;
    }
    fz_random_reset();
    control = fz_u8(&in);
    ob = &fz_objects[(control & 7) % FZ_OBJECTS];
    if (control & 0x08) {
        uint8_t type = (control & 0x10) ? fz_u8(&in) : ob->native_type;
        uint8_t nonce[CQ_PICKLE_NONCE_BYTES];
        uint8_t *work = malloc(cq_pickle_native_raw_len(in.len));

        n = cq_pickle_native_text_len(in.len);
        text = malloc(n);
        fz_require(work != NULL && text != NULL, "malloc");
        fz_bytes(nonce, sizeof nonce, "pickle nonce", 0);
        cq_pickle_native_write(text, work, type, fz_pickle_key, nonce, in.data,
                               in.len);
        free(work);
    } else {
        n = in.len;
        text = malloc(n + 1);
        fz_require(text != NULL, "malloc");
        memcpy(text, in.data, n);
    }
    st = ob->unpickle(&o, text, n);
    fz_require(st == CLIQUET_OK || documented(st), "unpickle: undocumented status");
    fz_require((st == CLIQUET_OK) == (o != NULL), "object iff success");
    if (st == CLIQUET_OK) {
        check_round_trip(ob, o, text, n);
    }
    ob->release(o);
    free(text);
    return 0;
}
