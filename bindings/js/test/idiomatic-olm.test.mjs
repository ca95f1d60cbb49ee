/*
 * The idiomatic API (cliquet.mjs), part 1: the library functions, base64,
 * errors, object lifetime, accounts and Olm sessions: every method, its
 * error paths, and objects unchanged after a failed call (compared by
 * their libolm pickle, which is deterministic for a given key).
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { loadModule, enc, text, throwsStatus, pickleKey, olmPair } from "./esm.mjs";

let C;
before(async () => {
    C = await loadModule();
});

const LIBOLM_KEY = "state-check";

test("library: version, AES, init is idempotent", async () => {
    assert.match(C.version(), /^\d+\.\d+\.\d+$/);
    assert.equal(C.aesImplementation(), "bitsliced");
    await C.init();
    assert.equal(C.version(), C.version());
});

test("base64: strict codec both ways, errors as CliquetError", () => {
    for (let n = 0; n < 40; n++) {
        const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
        const t = C.base64Encode(b);
        assert.equal(t, Buffer.from(b).toString("base64").replace(/=+$/, ""));
        assert.deepEqual(C.base64Decode(t), b);
    }
    const e = throwsStatus(C, () => C.base64Decode("AAA="), "CLIQUET_ERR_BAD_BASE64");
    assert.equal(e.code, 20);
    assert.equal(e.func, "cliquet_base64_decode");
    throwsStatus(C, () => C.base64Decode("A"), "CLIQUET_ERR_BAD_BASE64");
    throwsStatus(C, () => C.base64Decode("AB-_"), "CLIQUET_ERR_BAD_BASE64");
    assert.throws(() => C.base64Encode("text"), TypeError);
    assert.throws(() => C.base64Decode(new Uint8Array(4)), TypeError);
});

test("sha256 and verifyEd25519", () => {
    assert.equal(C.sha256(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
    assert.equal(C.sha256(enc.encode("abc")), C.sha256("abc"));
    const a = C.Account.create();
    const key = a.identityKeys.ed25519;
    const sig = a.sign("message");
    assert.equal(C.verifyEd25519(key, "message", sig), undefined);
    assert.equal(C.verifyEd25519(key, enc.encode("message"), sig), undefined);
    throwsStatus(C, () => C.verifyEd25519(key, "messagE", sig), "CLIQUET_ERR_BAD_SIGNATURE");
    throwsStatus(C, () => C.verifyEd25519(key.slice(0, 40), "message", sig), "CLIQUET_ERR_BAD_KEY_LENGTH");
    throwsStatus(C, () => C.verifyEd25519("!" + key.slice(1), "message", sig), "CLIQUET_ERR_BAD_BASE64");
    a.free();
});

test("objects: only the factories make them; free() is idempotent; a freed object refuses", () => {
    assert.throws(() => new C.Account(), TypeError);
    assert.throws(() => new C.Session(), TypeError);
    const a = C.Account.create();
    assert.equal(a.freed, false);
    a.free();
    assert.equal(a.freed, true);
    a.free();
    throwsStatus(C, () => a.identityKeys, "CLIQUET_ERR_INVALID_ARGUMENT");
    throwsStatus(C, () => a.sign("x"), "CLIQUET_ERR_INVALID_ARGUMENT");
    const b = C.Account.create();
    throwsStatus(C, () => C.Session.createOutbound(a, b.identityKeys.curve25519,
                                                   b.identityKeys.curve25519),
                 "CLIQUET_ERR_INVALID_ARGUMENT");
    b.free();
});

test("account: keys, one-time keys, fallback keys, signatures", () => {
    const a = C.Account.create();
    const ik = a.identityKeys;
    assert.match(ik.curve25519, /^[A-Za-z0-9+/]{43}$/);
    assert.match(ik.ed25519, /^[A-Za-z0-9+/]{43}$/);
    assert.deepEqual(a.identityKeys, ik);
    assert.equal(a.maxOneTimeKeys, 50);
    assert.deepEqual(a.oneTimeKeys(), []);
    assert.equal(a.generateOneTimeKeys(3), 0);
    const keys = a.oneTimeKeys();
    assert.equal(keys.length, 3);
    assert.deepEqual(keys.map((k) => k.keyId), ["AAAAAQ", "AAAAAg", "AAAAAw"]);
    a.markKeysAsPublished();
    assert.deepEqual(a.oneTimeKeys(), []);
    assert.equal(a.generateOneTimeKeys(100), 3, "100 more evict the 3 oldest");
    throwsStatus(C, () => a.generateOneTimeKeys(101), "CLIQUET_ERR_TOO_MANY_KEYS");
    assert.equal(a.oneTimeKeys().length, 100, "unchanged by the failure");
    assert.equal(a.fallbackKey(), null);
    a.generateFallbackKey();
    const fb = a.fallbackKey();
    assert.match(fb.key, /^[A-Za-z0-9+/]{43}$/);
    assert.match(fb.keyId, /^[A-Za-z0-9+/]{6}$/);
    a.markKeysAsPublished();
    assert.equal(a.fallbackKey(), null);
    a.forgetOldFallbackKey();
    const sig = a.sign("{}");
    assert.equal(sig.length, 86);
    C.verifyEd25519(ik.ed25519, "{}", sig);
    a.free();
});

test("account pickles: native and libolm, wrong keys, wrong types, state kept", () => {
    const a = C.Account.create();
    a.generateOneTimeKeys(2);
    const key = pickleKey();
    const p = a.pickle(key);
    assert.notEqual(a.pickle(key), p, "a fresh nonce each time");
    const b = C.Account.fromPickle(p, key);
    assert.deepEqual(b.identityKeys, a.identityKeys);
    assert.deepEqual(b.oneTimeKeys(), a.oneTimeKeys());
    throwsStatus(C, () => C.Account.fromPickle(p, pickleKey(8)), "CLIQUET_ERR_PICKLE_BAD_KEY");
    throwsStatus(C, () => C.Account.fromPickle(p, new Uint8Array(31)), "CLIQUET_ERR_BAD_KEY_LENGTH");
    throwsStatus(C, () => C.Account.fromPickle(p.slice(0, -8), key), "CLIQUET_ERR_PICKLE_CORRUPTED");
    throwsStatus(C, () => C.Session.fromPickle(p, key), "CLIQUET_ERR_PICKLE_WRONG_TYPE");
    throwsStatus(C, () => a.pickle(new Uint8Array(5)), "CLIQUET_ERR_BAD_KEY_LENGTH");
    assert.throws(() => a.pickle(42), TypeError);
    const lp = a.pickleLibolm("any key");
    assert.equal(a.pickleLibolm(enc.encode("any key")), lp, "libolm's format is deterministic");
    const c = C.Account.fromLibolmPickle(lp, "any key");
    assert.deepEqual(c.identityKeys, a.identityKeys);
    assert.equal(c.pickleLibolm("any key"), lp);
    throwsStatus(C, () => C.Account.fromLibolmPickle(lp, "other key"), "CLIQUET_ERR_PICKLE_BAD_KEY");
    throwsStatus(C, () => C.Account.fromLibolmPickle("not base64!", "k"), "CLIQUET_ERR_BAD_BASE64");
    for (const o of [a, b, c]) {
        o.free();
    }
});

test("Olm session: pre-key, one-step inbound, replies, what authenticated each message", () => {
    const alice = C.Account.create();
    const bob = C.Account.create();
    bob.generateOneTimeKeys(1);
    const otk = bob.oneTimeKeys()[0].key;
    const out = C.Session.createOutbound(alice, bob.identityKeys.curve25519, otk);
    assert.equal(out.messageType, C.OlmMessageType.PRE_KEY);
    assert.equal(out.hasReceivedMessage, false);
    assert.equal(out.theirIdentityKey, bob.identityKeys.curve25519);
    const m0 = out.encrypt("hello ✓");
    assert.equal(m0.type, 0);
    assert.equal(typeof m0.body, "string");
    const got = C.Session.createInbound(bob, m0.body, alice.identityKeys.curve25519);
    assert.equal(text(got.plaintext), "hello ✓");
    assert.ok(got.plaintext instanceof Uint8Array);
    assert.equal(got.senderKey, alice.identityKeys.curve25519);
    assert.equal(got.sessionId, out.id);
    assert.equal(got.evictedMessageKeys, 0);
    assert.equal(got.evictedChains, 0);
    const inb = got.session;
    assert.equal(inb.id, out.id);
    assert.equal(inb.theirIdentityKey, alice.identityKeys.curve25519);
    assert.equal(inb.hasReceivedMessage, true);
    assert.equal(inb.matchesInbound(m0.body), true);
    assert.equal(inb.matchesInbound(m0.body, alice.identityKeys.curve25519), true);
    assert.equal(inb.matchesInbound(m0.body, bob.identityKeys.curve25519), false);
    assert.deepEqual(bob.oneTimeKeys(), [], "the one-time key is used up");
    throwsStatus(C, () => inb.decrypt(m0), "CLIQUET_ERR_DUPLICATE_MESSAGE");
    const r = inb.encrypt(enc.encode("reply"));
    assert.equal(r.type, C.OlmMessageType.NORMAL);
    const d = out.decrypt(r.type, r.body);
    assert.equal(text(d.plaintext), "reply");
    assert.equal(d.senderKey, bob.identityKeys.curve25519);
    assert.equal(out.hasReceivedMessage, true);
    assert.equal(out.messageType, 1);
    /* out of order: the skipped key is kept */
    const x1 = out.encrypt("x1");
    const x2 = out.encrypt("x2");
    assert.equal(text(inb.decrypt(x2).plaintext), "x2");
    assert.equal(text(inb.decrypt(x1).plaintext), "x1");
    for (const o of [alice, bob, out, inb]) {
        o.free();
    }
});

test("Olm session: failures leave it unchanged (libolm pickle before and after)", () => {
    const { alice, bob, out, inb } = olmPair(C);
    const m = out.encrypt("payload");
    const before = inb.pickleLibolm(LIBOLM_KEY);
    const t = m.body.length - 5; /* inside the MAC */
    const tampered = m.body.slice(0, t) + (m.body[t] === "A" ? "B" : "A") + m.body.slice(t + 1);
    throwsStatus(C, () => inb.decrypt(m.type, tampered), "CLIQUET_ERR_BAD_MESSAGE_MAC");
    throwsStatus(C, () => inb.decrypt(m.type, m.body + "!"), "CLIQUET_ERR_BAD_BASE64");
    throwsStatus(C, () => inb.decrypt(7, m.body), "CLIQUET_ERR_BAD_MESSAGE_TYPE");
    throwsStatus(C, () => inb.decrypt(m.type, "AAAA"), "CLIQUET_ERR_BAD_MESSAGE_VERSION");
    assert.equal(inb.pickleLibolm(LIBOLM_KEY), before);
    assert.equal(text(inb.decrypt(m).plaintext), "payload");
    assert.throws(() => inb.decrypt(1, 42), TypeError);
    /* a failed inbound creation makes nothing and keeps the account's key */
    const carol = C.Account.create();
    carol.generateOneTimeKeys(1);
    const otk = carol.oneTimeKeys()[0].key;
    const s = C.Session.createOutbound(alice, carol.identityKeys.curve25519, otk);
    const pre = s.encrypt("to carol");
    const accountBefore = carol.pickleLibolm(LIBOLM_KEY);
    throwsStatus(C, () => C.Session.createInbound(carol, pre.body, bob.identityKeys.curve25519),
                 "CLIQUET_ERR_WRONG_SESSION");
    throwsStatus(C, () => C.Session.createInbound(bob, pre.body), "CLIQUET_ERR_BAD_MESSAGE_KEY_ID");
    assert.equal(carol.pickleLibolm(LIBOLM_KEY), accountBefore);
    assert.equal(text(C.Session.createInbound(carol, pre.body).plaintext), "to carol");
    throwsStatus(C, () => C.Session.createOutbound(alice, "shortkey", otk), "CLIQUET_ERR_BAD_KEY_LENGTH");
    throwsStatus(C, () => C.Session.createOutbound(alice, otk, "A".repeat(43)),
                 "CLIQUET_ERR_ZERO_SHARED_SECRET");
    for (const o of [alice, bob, out, inb, carol, s]) {
        o.free();
    }
});

test("Olm session pickles: native and libolm (with the peer key), round trips that go on working", () => {
    const { alice, bob, out, inb } = olmPair(C);
    const key = pickleKey(3);
    const p = out.pickle(key);
    const out2 = C.Session.fromPickle(p, key);
    assert.equal(out2.id, out.id);
    assert.equal(out2.theirIdentityKey, bob.identityKeys.curve25519);
    const lp = inb.pickleLibolm(key);
    const inb2 = C.Session.fromLibolmPickle(lp, key, alice.identityKeys.curve25519);
    assert.equal(inb2.id, inb.id);
    const m = out2.encrypt("after pickling");
    const d = inb2.decrypt(m);
    assert.equal(text(d.plaintext), "after pickling");
    assert.equal(d.senderKey, alice.identityKeys.curve25519);
    throwsStatus(C, () => C.Session.fromLibolmPickle(lp, "wrong", alice.identityKeys.curve25519),
                 "CLIQUET_ERR_PICKLE_BAD_KEY");
    throwsStatus(C, () => C.Session.fromPickle(p, pickleKey(4)), "CLIQUET_ERR_PICKLE_BAD_KEY");
    assert.throws(() => C.Session.fromLibolmPickle(lp, key), TypeError, "the peer key is required");
    for (const o of [alice, bob, out, inb, out2, inb2]) {
        o.free();
    }
});
