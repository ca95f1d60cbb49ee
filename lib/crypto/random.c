/*
 * Random bytes and the layer's one-time start.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <sodium.h>

#include "crypto.h"

/* crypto.h */
int cq_crypto_init(void)
{
    if (sodium_init() < 0) {
        return -1;
    }
    cq_aes_init_selection();
    cq_sha256_init_selection();
    return 0;
}

/* crypto.h */
void cq_random(uint8_t *out, size_t n)
{
    /* libsodium declares out non-NULL even for n == 0; cliquet allows
     * NULL with a zero length everywhere (cliquet.h, Pointers). */
    if (n > 0) {
        randombytes_buf(out, n);
    }
}
