/*
 * The idiomatic API leaves no secret in wasm memory: after each call, the
 * pickle keys, plaintexts, private keys and seeds that crossed it are
 * searched for in all of the wasm heap (by their middle bytes: the
 * allocator writes its own words at a freed block's start); after free()
 * and after the FinalizationRegistry ran, the object's own secrets are gone
 * too. Each search is shown able to fail: the secret is found while it
 * is meant to be there (inside a live object, or planted).
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { loadModule, mjsPath, enc, text, pickleKey, readVectors, hex, withRandom }
    from "./esm.mjs";

let C;
let mod = null;
before(async () => {
    C = await loadModule({ onRuntimeInitialized() { mod = this; } });
});

function inHeap(needle) {
    const heap = mod.HEAPU8;
    const first = needle[0];
    outer: for (let i = heap.indexOf(first); i !== -1 && i + needle.length <= heap.length;
                i = heap.indexOf(first, i + 1)) {
        for (let j = 1; j < needle.length; j++) {
            if (heap[i + j] !== needle[j]) {
                continue outer;
            }
        }
        return true;
    }
    return false;
}

const mid = (b) => b.slice(8, b.length - 8);
const secretText = (label) => enc.encode(`${label}: a secret that must not stay in wasm memory, 0123456789`);

test("the search finds bytes planted in wasm memory", () => {
    const planted = secretText("planted");
    const at = mod._malloc(planted.length);
    mod.HEAPU8.set(planted, at);
    assert.equal(inHeap(mid(planted)), true);
    mod.HEAPU8.fill(0, at, at + planted.length);
    mod._free(at);
    assert.equal(inHeap(mid(planted)), false);
});

test("pickle keys, plaintexts and decoded bytes are wiped after every call", () => {
    const key = pickleKey(99);
    const a = C.Account.create();
    const p = a.pickle(key);
    assert.equal(inHeap(mid(key)), false, "native pickle key (pickle)");
    const a2 = C.Account.fromPickle(p, key);
    assert.equal(inHeap(mid(key)), false, "native pickle key (unpickle)");
    const lkey = secretText("libolm pickle key");
    const lp = a.pickleLibolm(lkey);
    C.Account.fromLibolmPickle(lp, lkey).free();
    assert.equal(inHeap(mid(lkey)), false, "libolm pickle key");
    const b = C.Account.create();
    b.generateOneTimeKeys(1);
    const s = C.Session.createOutbound(a, b.identityKeys.curve25519, b.oneTimeKeys()[0].key);
    const olmText = secretText("olm");
    const m = s.encrypt(olmText);
    assert.equal(inHeap(mid(olmText)), false, "Olm plaintext (encrypt)");
    const got = C.Session.createInbound(b, m.body);
    assert.deepEqual(got.plaintext, olmText);
    assert.equal(inHeap(mid(olmText)), false, "Olm plaintext (inbound)");
    const m2 = s.encrypt(text(olmText));
    assert.equal(inHeap(mid(olmText)), false, "Olm plaintext given as a string (encrypt)");
    got.session.decrypt(m2);
    assert.equal(inHeap(mid(olmText)), false, "Olm plaintext (decrypt)");
    const g = C.OutboundGroupSession.create();
    const gi = C.InboundGroupSession.create(g.sessionKey);
    const groupText = secretText("megolm");
    gi.decrypt(g.encrypt(groupText));
    assert.equal(inHeap(mid(groupText)), false, "Megolm plaintext");
    const d = C.PkDecryption.create();
    const backupText = secretText("backup");
    d.decryptLegacyBackup(C.PkEncryption.create(d.publicKey).encryptLegacyBackup(backupText));
    assert.equal(inHeap(mid(backupText)), false, "backup plaintext");
    const x = C.EciesChannel.create();
    const y = C.EciesChannel.create();
    const eciesText = secretText("ecies");
    y.establishInbound(x.establishOutbound(y.publicKey, eciesText));
    y.decrypt(x.encrypt(eciesText));
    assert.equal(inHeap(mid(eciesText)), false, "ECIES plaintext");
    const raw = secretText("base64");
    C.base64Decode(C.base64Encode(raw));
    assert.equal(inHeap(mid(raw)), false, "base64 bytes");
    for (const o of [a, a2, b, s, got.session, g, gi, d, x, y]) {
        o.free();
    }
});

test("private keys and seeds: wiped after each call, and from the object on free()", () => {
    const priv = pickleKey(21);
    const d = C.PkDecryption.fromPrivateKey(priv);
    assert.equal(inHeap(mid(priv)), true, "inside the live object");
    assert.deepEqual(d.privateKey(), priv);
    d.free();
    assert.equal(inHeap(mid(priv)), false, "gone after free()");
    const seed = pickleKey(22);
    const s = C.PkSigning.fromSeed(seed);
    assert.equal(inHeap(mid(seed)), true, "inside the live object");
    assert.deepEqual(s.seed(), seed);
    s.free();
    assert.equal(inHeap(mid(seed)), false, "gone after free()");
});

test("dehydration: the key and the sealed account are wiped after each call, its keys on free()", () => {
    /* A vector's account, its private keys known: made from given bytes. */
    const v = readVectors("vectors/dehydrated/devices.txt")
        .find((r) => r.name === "cliquet-3-keys-2-fallbacks");
    const accountRandom = hex(v.account_random);
    const otkRandom = hex(v.otk_random);
    const fallbackRandom = hex(v.fallback_random);
    const a = withRandom([accountRandom], () => C.Account.create());
    withRandom([otkRandom], () => a.generateOneTimeKeys(3));
    withRandom([fallbackRandom.slice(0, 32)], () => a.generateFallbackKey());
    withRandom([fallbackRandom.slice(32)], () => a.generateFallbackKey());
    /* The account's private keys: Ed25519 seed, Curve25519 key, one-time
     * keys, the current fallback key. */
    const privates = [accountRandom.slice(0, 32), accountRandom.slice(32), otkRandom.slice(0, 32),
                      otkRandom.slice(32, 64), otkRandom.slice(64), fallbackRandom.slice(32)];
    privates.forEach((k, i) => assert.equal(inHeap(mid(k)), true, `private key ${i}, live`));
    /* The plaintext sealed: the account's pickled bytes (the vector's). */
    const plaintext = hex(v.plaintext);
    const key = hex(v.key);
    const device = a.dehydrate(key);
    assert.equal(inHeap(mid(key)), false, "dehydration key (dehydrate)");
    assert.equal(inHeap(mid(plaintext)), false, "sealed plaintext (dehydrate)");
    const b = C.Account.fromDehydratedDevice(device, key);
    assert.equal(inHeap(mid(key)), false, "dehydration key (rehydrate)");
    assert.equal(inHeap(mid(plaintext)), false, "sealed plaintext (rehydrate)");
    assert.deepEqual(b.identityKeys, a.identityKeys);
    a.free();
    privates.forEach((k, i) => assert.equal(inHeap(mid(k)), true, `private key ${i}, rehydrated`));
    b.free();
    privates.forEach((k, i) => assert.equal(inHeap(mid(k)), false, `private key ${i}, freed`));
    /* A refused call wipes the key it was given too. */
    const wrong = pickleKey(77);
    assert.throws(() => C.Account.fromDehydratedDevice(device, wrong), C.CliquetError);
    assert.equal(inHeap(mid(wrong)), false, "wrong key (refused)");
});

/* A child with --expose-gc: an object dropped without free() is wiped by
 * the FinalizationRegistry once collected. */
const child = `
import * as C from ${JSON.stringify(new URL(`file://${mjsPath}`).href)};
let mod = null;
await C.init({ onRuntimeInitialized() { mod = this; } });
const seed = Uint8Array.from({ length: 32 }, (_, i) => (i * 29 + 5) & 0xff);
const needle = seed.slice(8, 24);
function inHeap() {
    const h = mod.HEAPU8;
    for (let i = h.indexOf(needle[0]); i !== -1; i = h.indexOf(needle[0], i + 1)) {
        let j = 1;
        while (j < needle.length && h[i + j] === needle[j]) j++;
        if (j === needle.length) return true;
    }
    return false;
}
(function () { C.PkSigning.fromSeed(seed); })();
const before = inHeap();
let after = true;
for (let i = 0; i < 50 && after; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10));
    after = inHeap();
}
console.log(JSON.stringify({ before, after }));
`;

test("an object collected without free() is wiped by the FinalizationRegistry", () => {
    const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", child],
                             { encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), { before: true, after: false });
});
