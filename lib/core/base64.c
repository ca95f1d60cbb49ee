/*
 * Unpadded standard base64, the form Matrix uses for keys, signatures,
 * messages and pickles. Both directions go through libsodium's codec, which
 * is constant time in the data (no table lookups indexed by secret bytes:
 * the weakness of libolm's codec, CVE-2024-45192).
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <sodium.h>

#include "core.h"

/* core.h */
size_t cq_base64_encoded_len(size_t n)
{
    return (n / 3) * 4 + ((n % 3) * 4 + 2) / 3;
}

/* core.h */
size_t cq_base64_decoded_len(size_t n)
{
    return (n / 4) * 3 + ((n % 4) * 3) / 4;
}

/* Bytes encoded per call to libsodium: a multiple of 3, so chunks join. */
#define CQ_BASE64_CHUNK 192

/* core.h */
void cq_base64_encode(char *out, const uint8_t *in, size_t n)
{
    /* libsodium writes a NUL after the text; out has no room for one. */
    char tmp[CQ_BASE64_CHUNK / 3 * 4 + 1];
    size_t done = 0;

    while (done < n) {
        size_t chunk = n - done < CQ_BASE64_CHUNK ? n - done : CQ_BASE64_CHUNK;
        size_t text = cq_base64_encoded_len(chunk);

        sodium_bin2base64(tmp, sizeof tmp, in + done, chunk,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
        memcpy(out + cq_base64_encoded_len(done), tmp, text);
        done += chunk;
    }
    cq_wipe(tmp, sizeof tmp);
}

/*
 * 1 if any of the n bytes is >= 0x80. libsodium 1.0.18 reads the text as
 * plain (signed) char and decodes every such byte as '/', so they must be
 * refused before it sees them. The OR runs over every byte; only the
 * verdict, which is not secret, is branched on.
 */
static int has_non_ascii(const char *in, size_t n)
{
    unsigned acc = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        acc |= (unsigned char)in[i];
    }
    return (acc & 0x80) != 0;
}

/* core.h */
cliquet_status cq_base64_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                                const char *in, size_t n)
{
    size_t need;
    size_t got = 0;

    /* A length of 1 mod 4 is never an encoding: 6 bits make no byte. */
    if (n % 4 == 1 || has_non_ascii(in, n)) {
        return CLIQUET_ERR_BAD_BASE64;
    }
    need = cq_base64_decoded_len(n);
    if (need > out_cap) {
        *out_len = need;
        return CLIQUET_ERR_OUTPUT_TOO_SMALL;
    }
    if (n == 0) {
        *out_len = 0;
        return CLIQUET_OK;
    }
    /*
     * With no ignore set and a NULL end pointer libsodium refuses any
     * character outside the alphabet ('=' included in this variant), input
     * it did not consume whole, and non-zero trailing bits.
     */
    if (sodium_base642bin(out, out_cap, in, n, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
        got != need) {
        cq_wipe(out, out_cap);
        return CLIQUET_ERR_BAD_BASE64;
    }
    *out_len = got;
    return CLIQUET_OK;
}
