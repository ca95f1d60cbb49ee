/*
 * Writes the files of vectors/megolm/ with Debian's libolm as the oracle,
 * through its public API only (make vectors). Usage: gen_megolm OUTDIR
 *
 * Every "random" byte comes from a fixed SHA-256 counter stream, so the
 * output is the same on every run. Files are in cliquet's line format (see
 * vectors/gen/gen_wycheproof.py): decimal indices, hex bytes ("-" when
 * empty), base64 text exactly as libolm writes it.
 *
 *   ratchet.txt  the ratchet advanced from start_index to index: imported
 *                into an inbound session as a v1 export, exported again at
 *                index (0x1000000, 0x1041506, part boundaries, wrap-around
 *                and random distances)
 *   group.txt    outbound sessions from 160 random bytes: before each
 *                message the session key, then the message libolm encrypts
 *   export.txt   inbound sessions from a session key, exported at index
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <olm/inbound_group_session.h>
#include <olm/olm.h>
#include <olm/outbound_group_session.h>
#include <sodium.h>

#include "common.h"

/* header() with this generator's own note: libolm is used through its public API. */
static void api_header(FILE *f, const char *what, unsigned cases, const char *fields)
{
    fprintf(f, "# %s\n", what);
    fputs("# Made by vectors/gen/gen_megolm.c with Debian's libolm (version below) through its\n"
          "# public API, from a fixed SHA-256 counter stream. Do not edit: run make vectors.\n", f);
    header_end(f, cases, fields);
}

static OlmInboundGroupSession *new_inbound(void)
{
    return olm_inbound_group_session(malloc(olm_inbound_group_session_size()));
}

static void free_inbound(OlmInboundGroupSession *s)
{
    olm_clear_inbound_group_session(s);
    free(s);
}

/* libolm's export at index, decoded (165 bytes). */
static void export_raw(OlmInboundGroupSession *s, uint32_t index, uint8_t raw[165])
{
    char text[221];
    size_t len = 0;

    if (olm_export_inbound_group_session(s, (uint8_t *)text, 220, index) != 220) {
        die("olm_export_inbound_group_session", olm_inbound_group_session_last_error(s));
    }
    if (sodium_base642bin(raw, 165, text, 220, NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 || len != 165) {
        die("export", "not base64 of 165 bytes");
    }
}

/* ---- ratchet.txt ---------------------------------------------------------- */

typedef struct advance {
    uint32_t start;
    uint32_t index;
} advance;

/* Fixed cases: part boundaries, the libolm test indices, wrap-around. */
static const advance fixed_advances[] = {
    { 0, 0 }, { 0, 1 }, { 0, 255 }, { 0, 256 }, { 0, 257 }, { 0, 0xffff },
    { 0, 0x10000 }, { 0, 0xffffff }, { 0, 0x1000000 }, { 0, 0x1041506 },
    { 0, 0x7fffffff }, { 0xff, 0x100 }, { 0xffff, 0x10000 }, { 0xffffff, 0x1000000 },
    { 0x12345678, 0x12345678 }, { 0x12345678, 0x23456789 },
    { 0xffffffff, 0 }, { 0xffffffff, 0x1000000 }, { 0xfffffff0, 0x10 },
    { 0x80000000, 0xffffffff }, { 0x7fffffff, 0x80000000 },
};
#define N_FIXED (sizeof fixed_advances / sizeof fixed_advances[0])
#define N_RANDOM 40

static void one_advance(FILE *f, const uint8_t public_key[32], uint32_t start,
                        uint32_t index)
{
    uint8_t raw[165];
    uint8_t back[165];
    char text[221];
    OlmInboundGroupSession *s = new_inbound();

    raw[0] = 1;
    raw[1] = (uint8_t)(start >> 24);
    raw[2] = (uint8_t)(start >> 16);
    raw[3] = (uint8_t)(start >> 8);
    raw[4] = (uint8_t)start;
    stream(raw + 5, 128);
    memcpy(raw + 133, public_key, 32);
    sodium_bin2base64(text, sizeof text, raw, sizeof raw,
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    if (olm_import_inbound_group_session(s, (uint8_t *)text, 220) == olm_error()) {
        die("olm_import_inbound_group_session", olm_inbound_group_session_last_error(s));
    }
    export_raw(s, index, back);
    fprintf(f, "%lu ", (unsigned long)start);
    put_hex(f, raw + 5, 128);
    fprintf(f, " %lu ", (unsigned long)index);
    put_hex(f, back + 5, 128);
    fputc('\n', f);
    free_inbound(s);
}

static void write_ratchet(const char *dir)
{
    FILE *f = open_out(dir, "ratchet.txt");
    uint8_t public_key[32];
    size_t i;

    api_header(f, "The Megolm ratchet from start_index advanced to index (libolm: import a v1 "
              "export, export at index).",
           (unsigned)(N_FIXED + N_RANDOM), "start_index start_ratchet index ratchet");
    stream(public_key, sizeof public_key);
    for (i = 0; i < N_FIXED; i++) {
        one_advance(f, public_key, fixed_advances[i].start, fixed_advances[i].index);
    }
    for (i = 0; i < N_RANDOM; i++) {
        uint32_t start = stream_u32();
        /* Distances of every size up to 2^31 - 1 (libolm's window). */
        uint32_t distance = stream_u32() >> (1 + i % 31);

        one_advance(f, public_key, start, start + distance);
    }
    fclose(f);
}

/* ---- group.txt and export.txt --------------------------------------------- */

#define N_SESSIONS 3
#define N_MESSAGES 40

static void write_group(const char *dir)
{
    FILE *f = open_out(dir, "group.txt");
    FILE *e = open_out(dir, "export.txt");
    unsigned s;
    static const uint32_t export_at[] = { 0, 1, 39, 40, 1000, 0x10000, 0x1041506 };
    const unsigned n_exports = (unsigned)(sizeof export_at / sizeof export_at[0]);

    api_header(f, "Outbound group sessions from 160 random bytes (ratchet, then Ed25519 seed): "
              "session key before each message, then the message.",
           N_SESSIONS * N_MESSAGES, "random index session_key plaintext message");
    api_header(e, "Inbound group sessions from a session key (taken at index 0 and 40), "
              "exported at index.",
           N_SESSIONS * 2 * n_exports, "session_key index export");
    for (s = 0; s < N_SESSIONS; s++) {
        uint8_t random[160];
        uint8_t copy[160];
        char key[307];
        char keys[2][307];
        unsigned i;
        unsigned k;
        OlmOutboundGroupSession *out =
            olm_outbound_group_session(malloc(olm_outbound_group_session_size()));

        stream(random, sizeof random);
        memcpy(copy, random, sizeof copy);
        if (olm_init_outbound_group_session(out, copy, sizeof copy) == olm_error()) {
            die("olm_init_outbound_group_session", olm_outbound_group_session_last_error(out));
        }
        for (i = 0; i < N_MESSAGES; i++) {
            uint8_t plaintext[200];
            size_t n = (i * 23u + s * 7u) % 150u;
            size_t len = olm_group_encrypt_message_length(out, n);
            uint8_t *msg = malloc(len);

            if (olm_outbound_group_session_key(out, (uint8_t *)key, 306) != 306) {
                die("olm_outbound_group_session_key", olm_outbound_group_session_last_error(out));
            }
            key[306] = '\0';
            if (i == 0) {
                memcpy(keys[0], key, sizeof key);
            }
            stream(plaintext, n);
            if (olm_group_encrypt(out, plaintext, n, msg, len) != len) {
                die("olm_group_encrypt", olm_outbound_group_session_last_error(out));
            }
            put_hex(f, random, sizeof random);
            fprintf(f, " %u %s ", i, key);
            put_hex(f, plaintext, n);
            fputc(' ', f);
            fwrite(msg, 1, len, f);
            fputc('\n', f);
            free(msg);
        }
        if (olm_outbound_group_session_key(out, (uint8_t *)keys[1], 306) != 306) {
            die("olm_outbound_group_session_key", olm_outbound_group_session_last_error(out));
        }
        keys[1][306] = '\0';
        for (k = 0; k < 2; k++) {
            unsigned x;

            for (x = 0; x < n_exports; x++) {
                OlmInboundGroupSession *in = new_inbound();
                char text[221];
                uint32_t index = export_at[x] < 40 && k == 1 ? export_at[x] + 40 : export_at[x];

                if (olm_init_inbound_group_session(in, (uint8_t *)keys[k], 306) == olm_error()) {
                    die("olm_init_inbound_group_session", olm_inbound_group_session_last_error(in));
                }
                if (olm_export_inbound_group_session(in, (uint8_t *)text, 220, index) != 220) {
                    die("olm_export_inbound_group_session",
                        olm_inbound_group_session_last_error(in));
                }
                text[220] = '\0';
                fprintf(e, "%s %lu %s\n", keys[k], (unsigned long)index, text);
                free_inbound(in);
            }
        }
        olm_clear_outbound_group_session(out);
        free(out);
    }
    fclose(f);
    fclose(e);
}

int main(int argc, char **argv)
{
    const char *dir = start_generator(argc, argv, "gen_megolm");

    write_ratchet(dir);
    write_group(dir);
    return 0;
}
