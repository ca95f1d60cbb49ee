/*
 * What the idiomatic API's suites load: CLIQUET_MJS (default: the build in
 * build/bindings/js/cliquet.mjs), and the CommonJS olm.js builds through
 * test/load.js (cliquet's libolm-compatible one and libolm's own).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import assert from "node:assert/strict";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const root = path.resolve(here, "../../..");
export const mjsPath = process.env.CLIQUET_MJS || path.join(root, "build/bindings/js/cliquet.mjs");
export const load = require("./load.js");

/* The module, initialised (options go to init: the wipe test's hook). */
export async function loadModule(options) {
    const C = await import(pathToFileURL(mjsPath).href);
    await C.init(options);
    return C;
}

export const enc = new TextEncoder();
export const dec = new TextDecoder();
export const text = (bytes) => dec.decode(bytes);

/* Asserts that fn throws a CliquetError with this status and returns it. */
export function throwsStatus(C, fn, status) {
    let caught = null;
    try {
        fn();
    } catch (e) {
        caught = e;
    }
    assert.ok(caught instanceof C.CliquetError, `expected CliquetError ${status}, got ${caught}`);
    assert.ok(caught instanceof Error);
    assert.equal(caught.name, "CliquetError");
    assert.equal(caught.status, status);
    assert.equal(typeof caught.code, "number");
    assert.match(caught.func, /^cliquet_/);
    assert.ok(caught.message.includes(status));
    return caught;
}

/* A 32-byte native pickle key. */
export function pickleKey(seed = 7) {
    return Uint8Array.from({ length: 32 }, (_, i) => (i * 13 + seed) & 0xff);
}

/* Two accounts with an Olm session from alice to bob, both ways open. */
export function olmPair(C) {
    const alice = C.Account.create();
    const bob = C.Account.create();
    bob.generateOneTimeKeys(1);
    const otk = bob.oneTimeKeys()[0].key;
    bob.markKeysAsPublished();
    const out = C.Session.createOutbound(alice, bob.identityKeys.curve25519, otk);
    const first = out.encrypt("first");
    const { session: inb } = C.Session.createInbound(bob, first.body, alice.identityKeys.curve25519);
    return { alice, bob, out, inb };
}

/* ---- vectors and fixed randomness (the ABI 1.2 suites) ------------------ */

/* The bytes of hex ("-": none); unpadded base64 of bytes. */
export const hex = (h) => (h === "-" ? new Uint8Array(0) : Uint8Array.from(Buffer.from(h, "hex")));
export const b64 = (bytes) => Buffer.from(bytes).toString("base64").replace(/=+$/, "");

/*
 * The rows of a file in cliquet's vector line format (vectors/..., a
 * "# fields:" line naming the columns, then one row a line) as objects.
 */
export function readVectors(relPath) {
    const lines = fs.readFileSync(path.join(root, relPath), "utf8").split("\n");
    const fields = lines.find((l) => l.startsWith("# fields:")).slice(9).trim().split(/\s+/);
    const declared = Number(lines.find((l) => l.startsWith("# cases:")).slice(8));
    const rows = lines.filter((l) => l !== "" && !l.startsWith("#")).map((l) => {
        const cols = l.split(" ");
        assert.equal(cols.length, fields.length, `${relPath}: ${cols[0]}`);
        return Object.fromEntries(fields.map((f, i) => [f, cols[i]]));
    });
    assert.equal(rows.length, declared, `${relPath}: # cases`);
    return rows;
}

/*
 * Runs fn with crypto.getRandomValues, where cliquet.wasm's randombytes_buf
 * draws every random byte (src/randombytes_js.c), replaced by one that
 * hands out draws in order: each C call draws its random bytes in one
 * call, of the size cliquet_random.h gives its _with_random twin, so a
 * call made here reads what the twin would have been given. The API has
 * no other way to fix them. A draw of another size, one too many, or one
 * left over fails the test.
 */
export function withRandom(draws, fn) {
    const c = globalThis.crypto;
    const queue = draws.slice();
    assert.equal(Object.hasOwn(c, "getRandomValues"), false, "already replaced");
    c.getRandomValues = (view) => {
        const next = queue.shift();
        assert.ok(next !== undefined, `an unexpected draw of ${view.length} bytes`);
        assert.equal(view.length, next.length, "a draw of another size");
        view.set(next);
        return view;
    };
    let result;
    try {
        result = fn();
    } finally {
        delete c.getRandomValues; /* the prototype's again */
    }
    assert.equal(queue.length, 0, "draws left over");
    return result;
}
