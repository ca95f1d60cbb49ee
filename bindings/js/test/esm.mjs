/*
 * What the idiomatic API's suites load: CLIQUET_MJS (default: the build in
 * build/bindings/js/cliquet.mjs), and the CommonJS olm.js builds through
 * test/load.js (cliquet's libolm-compatible one and libolm's own).
 */
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
