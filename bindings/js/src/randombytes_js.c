/*
 * bindings/js: libsodium's randombytes for WebAssembly. This file replaces
 * libsodium's randombytes.c in the wasm build (bindings/js/libsodium.sh
 * leaves that one out): libsodium 1.0.18 asks JavaScript for 4 bytes per
 * call there, this asks crypto.getRandomValues for whole buffers, in the
 * browser and in node (globalThis.crypto since node 19, crypto.webcrypto
 * before). Only what libsodium and cliquet call is defined.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <emscripten.h>

/*
 * Fills n bytes at buf; returns 0, or -1 when no getRandomValues exists.
 * getRandomValues takes at most 65536 bytes at a time.
 */
EM_JS(int, cliquet_js_fill_random, (uint8_t *buf, size_t n), {
    var c = (typeof globalThis === 'object') ? globalThis.crypto : undefined;
    if ((!c || typeof c.getRandomValues !== 'function') &&
        typeof process === 'object' && typeof require === 'function') {
        try { c = require('crypto').webcrypto; } catch (e) { c = undefined; }
    }
    if (!c || typeof c.getRandomValues !== 'function') {
        return -1;
    }
    var p = buf >>> 0;
    var left = n >>> 0;
    while (left > 0) {
        var k = left < 65536 ? left : 65536;
        c.getRandomValues(HEAPU8.subarray(p, p + k));
        p += k;
        left -= k;
    }
    return 0;
})

/* Olm.init() asks this first, so that a missing source rejects the promise
 * instead of aborting inside the first key generation. */
EMSCRIPTEN_KEEPALIVE int cliquet_js_random_ok(void);
int cliquet_js_random_ok(void)
{
    uint8_t probe[1];
    return cliquet_js_fill_random(probe, sizeof probe) == 0;
}

/* Key material cannot be made without a CSPRNG: stop rather than go on. */
void randombytes_buf(void *buf, size_t size);
void randombytes_buf(void *buf, size_t size)
{
    if (size > 0 && cliquet_js_fill_random(buf, size) != 0) {
        abort();
    }
}

/* sodium_init() calls this; the source has no state to stir. */
void randombytes_stir(void);
void randombytes_stir(void)
{
}
