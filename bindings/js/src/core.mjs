/*
 * bindings/js: cliquet's idiomatic JavaScript API, part 1 of 4 (the
 * runtime: init, errors, wasm memory, object lifetime, base64, utilities).
 * SPDX-License-Identifier: Apache-2.0
 *
 * cliquet.mjs is esm_prologue.mjs, emscripten's factory (CliquetWasm),
 * then core.mjs, olm.mjs, megolm.mjs and pk.mjs, in that order: one ES
 * module over cliquet.wasm (the same objects as olm.wasm, linked with the
 * cliquet_* exports instead of the olm_* ones: bindings/js/binding.mk). Every method is one call to
 * include/cliquet.h (named as a string "cliquet_..." so that the build can
 * list the wasm's exports from these files); no protocol logic or crypto
 * is done here, and no random byte is drawn here (the wasm's
 * randombytes_buf draws them from crypto.getRandomValues).
 *
 * Memory: every buffer a call allocates in wasm memory is zeroed before it
 * is freed, whatever the outcome (Scope). Objects are C objects that
 * cliquet_<type>_free() wipes; free() does it now, a FinalizationRegistry
 * does it if the object is collected first. What cannot be wiped: the
 * strings and Uint8Arrays handed back to the caller, which JavaScript owns.
 */

let wasm = null;      /* the emscripten module once init() has resolved */
let starting = null;  /* init()'s promise */

const OK = 0;
const ERR_OUTPUT_TOO_SMALL = 4;
const ERR_NO_MEMORY = 6;

function need() {
    if (wasm === null) {
        throw new Error("cliquet: await init() first");
    }
    return wasm;
}

/**
 * A failed cliquet call: status is the C status name (cliquet_strerror's,
 * e.g. "CLIQUET_ERR_BAD_MESSAGE_MAC"), code its number, func the C call.
 */
export class CliquetError extends Error {
    constructor(code, func) {
        const status = wasm === null ? "CLIQUET_ERR_UNKNOWN"
            : wasm.UTF8ToString(wasm._cliquet_strerror(code));
        super(`${func}: ${status} (${code})`);
        this.name = "CliquetError";
        this.status = status;
        this.code = code;
        this.func = func;
    }
}

/* The one place where a status becomes an exception. */
function check(func, status) {
    if (status !== OK) {
        throw new CliquetError(status, func);
    }
}

/* How many scoped() bodies are running: their Scope wipes the stack. */
let depth = 0;

/* Zeroes the wasm stack below the stack pointer (Scope.release says why). */
function wipeStack(m) {
    m.HEAPU8.fill(0, m._emscripten_stack_get_end(), m.stackSave());
}

/* Calls the C function `name` with args and throws on a failed status; a
 * call made outside scoped() (e.g. generateFallbackKey) wipes the stack. */
function call(name, ...args) {
    const m = need();
    const status = m["_" + name](...args);
    if (depth === 0) {
        wipeStack(m);
    }
    check(name, status);
}

/* ---- wasm memory ----------------------------------------------------- */

const utf8 = new TextEncoder();

class Scope {
    constructor() {
        this.blocks = [];
    }
    alloc(n) {
        const size = n > 0 ? n : 1;
        const p = need()._malloc(size);
        if (p === 0) {
            throw new CliquetError(ERR_NO_MEMORY, "malloc");
        }
        this.blocks.push(p, size);
        need().HEAPU8.fill(0, p, p + size);
        return p;
    }
    /* Bytes in: a Uint8Array, or a string as its UTF-8. [pointer, length]. */
    bytes(input) {
        let b;
        if (input instanceof Uint8Array) {
            b = input;
        } else if (typeof input === "string") {
            b = utf8.encode(input);
        } else {
            throw new TypeError("expected a Uint8Array or a string");
        }
        const p = this.alloc(b.length);
        need().HEAPU8.set(b, p);
        if (b !== input) {
            b.fill(0);
        }
        return [p, b.length];
    }
    /* Text in (keys, messages, pickles): a string only. */
    text(input) {
        if (typeof input !== "string") {
            throw new TypeError("expected a string");
        }
        return this.bytes(input);
    }
    /* A 32-bit cell for an out parameter (size_t, uint32_t, int, pointer). */
    cell() {
        return this.alloc(4);
    }
    /*
     * Zeroes and frees every block, in every case; then zeroes the wasm
     * stack below the stack pointer, which the call has left: C code that
     * does not wipe its stack temporaries leaves secrets there (libsodium
     * 1.0.18's portable ChaCha20 copies a message's last partial block
     * into an unwiped tmp[64], so an ECIES decryption left the end of its
     * plaintext on the stack). Between calls the whole stack is unused.
     */
    release() {
        const m = wasm;
        for (let i = 0; i < this.blocks.length; i += 2) {
            m._cliquet_wipe(this.blocks[i], this.blocks[i + 1]);
            m._free(this.blocks[i]);
        }
        this.blocks = [];
        wipeStack(m);
    }
}

function scoped(body) {
    const s = new Scope();
    depth++;
    try {
        return body(s);
    } finally {
        depth--;
        s.release();
    }
}

function u32(p) {
    return need().HEAPU32[p >>> 2];
}

function i32(p) {
    return need().HEAP32[p >>> 2];
}

function readText(p, n) {
    return need().UTF8ToString(p, n);
}

function readBytes(p, n) {
    return need().HEAPU8.slice(p, p + n);
}

/*
 * A variable-size text output (the size rule): asks the capacity with
 * (NULL, 0, &len), then writes. fill(out, cap, lenCell) is the C call.
 */
function sizedText(s, name, fill) {
    const len = s.cell();
    const st = fill(0, 0, len);
    if (st !== ERR_OUTPUT_TOO_SMALL) {
        check(name, st === OK ? ERR_OUTPUT_TOO_SMALL : st);
    }
    const cap = u32(len);
    const out = s.alloc(cap);
    check(name, fill(out, cap, len));
    return readText(out, u32(len));
}

/* ---- object lifetime ------------------------------------------------- */

const PTR = Symbol("cliquet.ptr");
const TOKEN = Symbol("cliquet.constructor");

/* Objects that are collected without free(): wiped and freed then. */
const collected = new FinalizationRegistry((held) => {
    if (wasm !== null) {
        wasm["_" + held.free](held.ptr);
        wipeStack(wasm);
    }
});

/*
 * The base of every object: holds the C pointer and frees it once. After
 * free() the pointer is 0, and every method fails in C with
 * CLIQUET_ERR_INVALID_ARGUMENT (a NULL object).
 */
class Handle {
    constructor(token, ptr, freeName) {
        if (token !== TOKEN) {
            throw new TypeError("use the static factories (create, fromPickle, ...)");
        }
        this[PTR] = ptr;
        Object.defineProperty(this, "freeName", { value: freeName });
        collected.register(this, { ptr, free: freeName }, this);
    }
    /** Wipes and frees the object now; later calls do nothing. */
    free() {
        const p = this[PTR];
        if (p !== 0) {
            this[PTR] = 0;
            collected.unregister(this);
            need()["_" + this.freeName](p);
            wipeStack(need());
        }
    }
    /** Whether free() has been called. */
    get freed() {
        return this[PTR] === 0;
    }
}

/* Makes a C object with make(outCell) and wraps it in cls. */
function made(cls, freeName, make) {
    return scoped((s) => {
        const out = s.cell();
        make(s, out);
        return new cls(TOKEN, u32(out), freeName);
    });
}

/* Pickle keys: the native format takes exactly 32 bytes, libolm's any. */
function pickleKey(s, key) {
    if (!(key instanceof Uint8Array) && typeof key !== "string") {
        throw new TypeError("a pickle key is a Uint8Array (or a string for libolm's format)");
    }
    return s.bytes(key);
}

/* pickle(key) for the C function name (native or libolm format). */
function pickleWith(obj, name, key) {
    return scoped((s) => {
        const k = pickleKey(s, key);
        return sizedText(s, name, (out, cap, len) =>
            need()["_" + name](obj[PTR], out, cap, len, k[0], k[1]));
    });
}

/* unpickle: a new object of cls from a pickle, or a CliquetError. */
function unpickleWith(cls, freeName, name, key, pickle, ...more) {
    return made(cls, freeName, (s, out) => {
        const k = pickleKey(s, key);
        const p = s.text(pickle);
        const extra = [];
        for (const m of more) {
            const t = s.text(m);
            extra.push(t[0], t[1]);
        }
        call(name, out, k[0], k[1], p[0], p[1], ...extra);
    });
}

/* ---- session configs (since 1.2; docs/session-config.md) --------------- */

/**
 * vodozemac's SessionConfig (olm:: and megolm::): "v1", what every Matrix
 * client speaks and the default, or "v2" (the whole 32-byte MAC;
 * EXPERIMENTAL: only peers known to speak it read it). C:
 * cliquet_session_config, CLIQUET_SESSION_CONFIG_V1 = 1 and _V2 = 2.
 */
export const SessionConfig = Object.freeze({ V1: "v1", V2: "v2" });

const CONFIG_NUMBER = { v1: 1, v2: 2 };

/* The C config of options.config (default "v1"); anything else is a TypeError. */
function configOf(options) {
    if (options === undefined || options === null) {
        return 1;
    }
    if (typeof options !== "object") {
        throw new TypeError("options is an object: { config: \"v1\" | \"v2\" }");
    }
    const c = options.config === undefined ? "v1" : options.config;
    if (!Object.prototype.hasOwnProperty.call(CONFIG_NUMBER, c)) {
        throw new TypeError(`config is "v1" or "v2", not ${String(c)}`);
    }
    return CONFIG_NUMBER[c];
}

/* An object's config, read by the C getter name: "v1" or "v2". */
function configGet(obj, name) {
    return scoped((s) => {
        const c = s.cell();
        call(name, obj[PTR], c);
        return u32(c) === 2 ? "v2" : "v1";
    });
}

/* ---- library ----------------------------------------------------------- */

/**
 * Loads the wasm and starts cliquet; every other call needs it resolved.
 * options go to emscripten's factory (wasmBinary, locateFile). In node the
 * cliquet.wasm next to this file is read with fs; in a browser it is fetched
 * from next to this file.
 */
export function init(options = {}) {
    if (starting !== null) {
        return starting;
    }
    starting = (async () => {
        const args = Object.assign({}, options);
        if (!args.wasmBinary && !args.locateFile) {
            const url = new URL("cliquet.wasm", import.meta.url);
            if (cliquetInNode) {
                const fs = await import("node:fs");
                args.wasmBinary = fs.readFileSync(url);
            } else {
                args.locateFile = () => url.href;
            }
        }
        const m = await CliquetWasm(args);
        if (!m._cliquet_js_random_ok()) {
            throw new Error("cliquet: no crypto.getRandomValues here");
        }
        const st = m._cliquet_init();
        wasm = m;
        if (st !== OK) {
            const e = new CliquetError(st, "cliquet_init");
            wasm = null;
            throw e;
        }
    })();
    starting.catch(() => {
        starting = null;
    });
    return starting;
}

/** The library's version, e.g. "1.1.0". */
export function version() {
    return need().UTF8ToString(need()._cliquet_version_string());
}

/** The AES that runs: "bitsliced" (portable, constant-time; always in wasm). */
export function aesImplementation() {
    return scoped((s) => {
        const c = s.cell();
        call("cliquet_aes_implementation", c);
        return u32(c) === 1 ? "hardware" : "bitsliced";
    });
}

/** Strict unpadded standard base64 of bytes. */
export function base64Encode(bytes) {
    if (!(bytes instanceof Uint8Array)) {
        throw new TypeError("expected a Uint8Array");
    }
    return scoped((s) => {
        const b = s.bytes(bytes);
        const cap = Math.ceil((4 * b[1]) / 3) + 1;
        const out = s.alloc(cap);
        const len = s.cell();
        call("cliquet_base64_encode", out, cap, len, b[0], b[1]);
        return readText(out, u32(len));
    });
}

/** The bytes of strict unpadded standard base64 text. */
export function base64Decode(text) {
    return scoped((s) => {
        const t = s.text(text);
        const cap = Math.floor((3 * t[1]) / 4);
        const out = s.alloc(cap);
        const len = s.cell();
        call("cliquet_base64_decode", out, cap, len, t[0], t[1]);
        return readBytes(out, u32(len));
    });
}

/** SHA-256 of message, unpadded base64. */
export function sha256(message) {
    return scoped((s) => {
        const b = s.bytes(message);
        const out = s.alloc(44);
        call("cliquet_sha256_base64", out, b[0], b[1]);
        return readText(out, 43);
    });
}

/**
 * Verifies an Ed25519 signature (base64) of message by key (base64);
 * returns nothing, throws CliquetError CLIQUET_ERR_BAD_SIGNATURE if invalid.
 */
export function verifyEd25519(key, message, signature) {
    scoped((s) => {
        const k = s.text(key);
        const m = s.bytes(message);
        const g = s.text(signature);
        call("cliquet_ed25519_verify", k[0], k[1], m[0], m[1], g[0], g[1]);
    });
}
