/*
 * The idiomatic API (cliquet.mjs), part 6: dehydrated devices (MSC3814,
 * ABI 1.2; docs/dehydrated-devices.md). A device round trips and the
 * rehydrated account reads pre-key messages to its one-time and fallback
 * keys; wrong keys, nonces and changed bytes are refused with their C
 * statuses; an account from a libolm pickle has no seed to seal; and
 * vectors/dehydrated/devices.txt (made with OpenSSL, not cliquet) is met
 * both ways: its accounts, made from its random bytes, dehydrate to its
 * ciphertexts byte for byte, and every row rehydrates to its keys or is
 * refused with its status.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { loadModule, text, throwsStatus, pickleKey, readVectors, hex, b64, withRandom }
    from "./esm.mjs";

let C;
before(async () => {
    C = await loadModule();
});

const DEVICE_KEY = pickleKey(41);

/* sender opens a session to (identity, key) of account and says hello;
 * account reads it, which proves it holds the private half of key. */
function readsPreKey(account, identity, key, label) {
    const sender = C.Account.create();
    const out = C.Session.createOutbound(sender, identity, key);
    const m = out.encrypt(`hello, ${label}`);
    assert.equal(m.type, C.OlmMessageType.PRE_KEY);
    const got = C.Session.createInbound(account, m.body, sender.identityKeys.curve25519);
    assert.equal(text(got.plaintext), `hello, ${label}`, label);
    assert.equal(got.senderKey, sender.identityKeys.curve25519);
    for (const o of [sender, out, got.session]) {
        o.free();
    }
}

test("a dehydrated device rehydrates to an account that reads pre-key messages", () => {
    const bob = C.Account.create();
    bob.generateOneTimeKeys(2);
    bob.generateFallbackKey();
    const otks = bob.oneTimeKeys();
    const fallback = bob.fallbackKey();
    const device = bob.dehydrate(DEVICE_KEY);
    assert.deepEqual(Object.keys(device).sort(), ["ciphertext", "nonce"]);
    assert.match(device.nonce, /^[A-Za-z0-9+/]{16}$/);
    assert.match(device.ciphertext, /^[A-Za-z0-9+/]+$/);
    /* A fresh nonce each call; the account is not changed. */
    const again = bob.dehydrate(DEVICE_KEY);
    assert.notEqual(again.nonce, device.nonce);
    assert.notEqual(again.ciphertext, device.ciphertext);
    assert.deepEqual(bob.oneTimeKeys(), otks);

    const rehydrated = C.Account.fromDehydratedDevice(device, DEVICE_KEY);
    assert.deepEqual(rehydrated.identityKeys, bob.identityKeys);
    assert.equal(rehydrated.sign("m"), bob.sign("m"));
    /* Its keys are on the server already: marked published. */
    assert.deepEqual(rehydrated.oneTimeKeys(), []);
    assert.equal(rehydrated.fallbackKey(), null);
    const identity = bob.identityKeys.curve25519;
    readsPreKey(rehydrated, identity, otks[1].key, "second one-time key");
    readsPreKey(rehydrated, identity, otks[0].key, "first one-time key");
    readsPreKey(rehydrated, identity, fallback.key, "fallback key");
    /* The one-time keys were used up; the fallback key stays. */
    assert.throws(() => readsPreKey(rehydrated, identity, otks[0].key, "reused"), C.CliquetError);
    readsPreKey(rehydrated, identity, fallback.key, "fallback key again");
    /* The other device rehydrates too, and a rehydrated account dehydrates. */
    const other = C.Account.fromDehydratedDevice(again, DEVICE_KEY);
    const third = C.Account.fromDehydratedDevice(other.dehydrate(DEVICE_KEY), DEVICE_KEY);
    assert.deepEqual(third.identityKeys, bob.identityKeys);
    readsPreKey(third, identity, otks[0].key, "one-time key, twice rehydrated");
    for (const o of [bob, rehydrated, other, third]) {
        o.free();
    }
});

/* The first character of s replaced by another base64 character. */
const flipped = (s) => (s[0] === "A" ? "B" : "A") + s.slice(1);

test("wrong keys, wrong nonces, changed bytes and bad lengths are refused with their statuses", () => {
    const a = C.Account.create();
    a.generateOneTimeKeys(1);
    const device = a.dehydrate(DEVICE_KEY);
    const other = a.dehydrate(DEVICE_KEY);
    const from = (d, key = DEVICE_KEY) => () => C.Account.fromDehydratedDevice(d, key);
    const bad = "CLIQUET_ERR_PICKLE_BAD_KEY";
    throwsStatus(C, from(device, pickleKey(42)), bad);
    throwsStatus(C, from({ ciphertext: device.ciphertext, nonce: other.nonce }), bad);
    throwsStatus(C, from({ ciphertext: device.ciphertext, nonce: flipped(device.nonce) }), bad);
    throwsStatus(C, from({ ciphertext: flipped(device.ciphertext), nonce: device.nonce }), bad);
    const tail = device.ciphertext.length - 2; /* inside the tag */
    const c2 = device.ciphertext.slice(0, tail) + (device.ciphertext[tail] === "A" ? "B" : "A") +
        device.ciphertext.slice(tail + 1);
    throwsStatus(C, from({ ciphertext: c2, nonce: device.nonce }), bad);
    /* Nonces of 11 and 13 bytes, and none. */
    for (const n of [11, 13, 0]) {
        const e = throwsStatus(C, from({ ciphertext: device.ciphertext,
                                         nonce: b64(new Uint8Array(n)) }),
                               "CLIQUET_ERR_BAD_NONCE_LENGTH");
        assert.equal(e.code, 101);
        assert.equal(e.func, "cliquet_account_from_dehydrated_device");
    }
    throwsStatus(C, from({ ciphertext: device.ciphertext, nonce: "!!!!!!!!!!!!!!!!" }),
                 "CLIQUET_ERR_BAD_BASE64");
    throwsStatus(C, from({ ciphertext: `${device.ciphertext}!`, nonce: device.nonce }),
                 "CLIQUET_ERR_BAD_BASE64");
    throwsStatus(C, from({ ciphertext: "", nonce: device.nonce }), "CLIQUET_ERR_PICKLE_CORRUPTED");
    /* Keys of 31 and 33 bytes, both ways. */
    for (const n of [31, 33, 0]) {
        const key = DEVICE_KEY.length > n ? DEVICE_KEY.slice(0, n)
            : Uint8Array.from([...DEVICE_KEY, 1]);
        throwsStatus(C, from(device, key), "CLIQUET_ERR_BAD_KEY_LENGTH");
        const e = throwsStatus(C, () => a.dehydrate(key), "CLIQUET_ERR_BAD_KEY_LENGTH");
        assert.equal(e.func, "cliquet_account_to_dehydrated_device");
    }
    /* Misuse is a TypeError before any C call. */
    assert.throws(() => a.dehydrate("a key of thirty-two characters!!"), TypeError);
    assert.throws(() => C.Account.fromDehydratedDevice(device, "key"), TypeError);
    assert.throws(() => C.Account.fromDehydratedDevice(null, DEVICE_KEY), TypeError);
    assert.throws(() => C.Account.fromDehydratedDevice(device.ciphertext, DEVICE_KEY), TypeError);
    assert.throws(() => C.Account.fromDehydratedDevice({ ciphertext: device.ciphertext },
                                                      DEVICE_KEY), TypeError);
    /* After all that, the device still rehydrates; a freed account refuses. */
    C.Account.fromDehydratedDevice(device, DEVICE_KEY).free();
    a.free();
    throwsStatus(C, () => a.dehydrate(DEVICE_KEY), "CLIQUET_ERR_INVALID_ARGUMENT");
});

test("an account from a libolm pickle has no Ed25519 seed: CLIQUET_ERR_ACCOUNT_NO_SEED", () => {
    /* A pickle libolm's own tests wrote (version 3, the empty key). */
    const row = readVectors("vectors/pickle/libolm-tests-accounts.txt")
        .find((r) => r.id === "libolm-test_olm-account-v3-unpickle");
    assert.equal(row.pickle_key, "-");
    const fromLibolm = C.Account.fromLibolmPickle(row.pickle, new Uint8Array(0));
    assert.equal(fromLibolm.identityKeys.curve25519, row.curve25519);
    const e = throwsStatus(C, () => fromLibolm.dehydrate(DEVICE_KEY), "CLIQUET_ERR_ACCOUNT_NO_SEED");
    assert.equal(e.code, 100);
    /* The key length is checked first, as in C. */
    throwsStatus(C, () => fromLibolm.dehydrate(new Uint8Array(31)), "CLIQUET_ERR_BAD_KEY_LENGTH");
    /* A cliquet account dehydrates; through libolm's format it no longer can. */
    const a = C.Account.create();
    a.dehydrate(DEVICE_KEY);
    const back = C.Account.fromLibolmPickle(a.pickleLibolm("libolm key"), "libolm key");
    throwsStatus(C, () => back.dehydrate(DEVICE_KEY), "CLIQUET_ERR_ACCOUNT_NO_SEED");
    /* Through cliquet's native pickle the seed stays. */
    const native = C.Account.fromPickle(a.pickle(pickleKey(5)), pickleKey(5));
    native.dehydrate(DEVICE_KEY);
    for (const o of [fromLibolm, a, back, native]) {
        o.free();
    }
});

const VECTORS = "vectors/dehydrated/devices.txt";

/*
 * A vector's cliquet account, made from its random bytes as
 * test/test_dehydrated.c makes it with the _with_random calls: the
 * account, its one-time keys in one call, its fallback keys 32 bytes a call.
 */
function vectorAccount(v) {
    const a = withRandom([hex(v.account_random)], () => C.Account.create());
    if (v.otk_random !== "-") {
        const r = hex(v.otk_random);
        withRandom([r], () => a.generateOneTimeKeys(r.length / 32));
    }
    const fb = hex(v.fallback_random);
    for (let i = 0; i < fb.length; i += 32) {
        withRandom([fb.slice(i, i + 32)], () => a.generateFallbackKey());
    }
    return a;
}

test("vectors: cliquet's accounts dehydrate to the vectors' ciphertexts, byte for byte", () => {
    const rows = readVectors(VECTORS).filter((v) => v.account_random !== "-");
    assert.equal(rows.length, 3);
    for (const v of rows) {
        const a = vectorAccount(v);
        assert.deepEqual(a.identityKeys, { curve25519: v.curve25519, ed25519: v.ed25519 }, v.name);
        /* One draw: the size query draws no nonce (withRandom fails on a
         * leftover or a missing draw). */
        const nonce = Buffer.from(v.nonce, "base64");
        const device = withRandom([nonce], () => a.dehydrate(hex(v.key)));
        assert.equal(device.nonce, v.nonce, v.name);
        assert.equal(device.ciphertext, v.ciphertext, v.name);
        a.free();
    }
});

test("vectors: every device rehydrates to its keys or is refused with its status", () => {
    const rows = readVectors(VECTORS);
    let read = 0;
    let refused = 0;
    for (const v of rows) {
        const device = { ciphertext: v.ciphertext, nonce: v.nonce };
        if (v.status !== "CLIQUET_OK") {
            throwsStatus(C, () => C.Account.fromDehydratedDevice(device, hex(v.key)), v.status);
            refused++;
            continue;
        }
        const a = C.Account.fromDehydratedDevice(device, hex(v.key));
        assert.deepEqual(a.identityKeys, { curve25519: v.curve25519, ed25519: v.ed25519 }, v.name);
        /* The first and last one-time keys and the fallback key, by use. */
        const otks = hex(v.otk_publics);
        const keys = [];
        if (otks.length > 0) {
            keys.push(otks.slice(0, 32), otks.slice(otks.length - 32));
        }
        if (v.fallback_public !== "-") {
            keys.push(hex(v.fallback_public));
        }
        for (const k of keys) {
            readsPreKey(a, v.curve25519, b64(k), v.name);
            read++;
        }
        a.free();
    }
    assert.equal(refused, 15);
    assert.ok(read >= 8, `only ${read} keys read`);
});
