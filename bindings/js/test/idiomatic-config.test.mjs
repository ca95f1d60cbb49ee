/*
 * The idiomatic API (cliquet.mjs), part 3: session configs (ABI 1.2,
 * docs/session-config.md): "v2" Olm and Megolm sessions round trip, a
 * message of the other config is refused with the C status and the object
 * left as it was, native pickles keep the config, libolm's format refuses
 * a "v2" session.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { loadModule, text, throwsStatus, pickleKey } from "./esm.mjs";

let C;
before(async () => {
    C = await loadModule();
});

/* libolm's pickle format is deterministic (no nonce): equal state, equal text. */
const LIBOLM_KEY = "state check";

/* alice → bob, an Olm session of config on both ends, and bob's account. */
function olmPair(config) {
    const alice = C.Account.create();
    const bob = C.Account.create();
    bob.generateOneTimeKeys(1);
    const otk = bob.oneTimeKeys()[0].key;
    bob.markKeysAsPublished();
    const out = C.Session.createOutbound(alice, bob.identityKeys.curve25519, otk, { config });
    return { alice, bob, out };
}

test("SessionConfig names vodozemac's two versions; v1 is the default", () => {
    assert.deepEqual({ ...C.SessionConfig }, { V1: "v1", V2: "v2" });
    assert.ok(Object.isFrozen(C.SessionConfig));
    const { alice, bob, out } = olmPair(undefined);
    assert.equal(out.config, "v1");
    const first = out.encrypt("hello");
    const { session: inb } = C.Session.createInbound(bob, first.body);
    assert.equal(inb.config, "v1");
    assert.equal(C.OutboundGroupSession.create().config, "v1");
    assert.equal(C.OutboundGroupSession.create({}).config, "v1");
    const g = C.OutboundGroupSession.create({ config: C.SessionConfig.V1 });
    assert.equal(C.InboundGroupSession.create(g.sessionKey).config, "v1");
    assert.equal(C.InboundGroupSession.import(C.InboundGroupSession.create(g.sessionKey).export()).config,
                 "v1");
    for (const o of [alice, bob, out, inb, g]) {
        o.free();
    }
});

test("a config other than v1 and v2 is a TypeError, before any C call", () => {
    const a = C.Account.create();
    const ik = a.identityKeys.curve25519;
    for (const bad of [{ config: "v3" }, { config: 2 }, { config: null }, "v2", 2]) {
        assert.throws(() => C.OutboundGroupSession.create(bad), TypeError);
        assert.throws(() => C.Session.createOutbound(a, ik, ik, bad), TypeError);
        assert.throws(() => C.Session.createInbound(a, "AwoA", null, bad), TypeError);
        assert.throws(() => C.InboundGroupSession.create("x", bad), TypeError);
        assert.throws(() => C.InboundGroupSession.import("x", bad), TypeError);
    }
    a.free();
});

test("Olm v2: a session both ways, out of order, version 4 messages", () => {
    const { alice, bob, out } = olmPair("v2");
    assert.equal(out.config, "v2");
    const first = out.encrypt("first");
    assert.equal(first.type, C.OlmMessageType.PRE_KEY);
    const created = C.Session.createInbound(bob, first.body, alice.identityKeys.curve25519,
                                            { config: "v2" });
    const inb = created.session;
    assert.equal(inb.config, "v2");
    assert.equal(text(created.plaintext), "first");
    assert.equal(created.senderKey, alice.identityKeys.curve25519);
    assert.equal(inb.id, out.id);
    const r1 = inb.encrypt("reply 1");
    const r2 = inb.encrypt("reply 2");
    assert.equal(r1.type, C.OlmMessageType.NORMAL);
    /* version byte 4 and a 32-byte MAC: the body decodes to 0x04 first */
    assert.equal(C.base64Decode(r1.body)[0], 4);
    assert.equal(text(out.decrypt(r2).plaintext), "reply 2");
    assert.equal(text(out.decrypt(r1).plaintext), "reply 1");
    const m = out.encrypt("now normal");
    assert.equal(m.type, C.OlmMessageType.NORMAL);
    assert.equal(text(inb.decrypt(m).plaintext), "now normal");
    for (const o of [alice, bob, out, inb]) {
        o.free();
    }
});

test("Olm: a pre-key message of the other config is refused; the account keeps its key", () => {
    for (const [sent, expected] of [["v2", "v1"], ["v1", "v2"]]) {
        const { alice, bob, out } = olmPair(sent);
        const first = out.encrypt("first");
        const before = bob.pickleLibolm(LIBOLM_KEY);
        const e = throwsStatus(C, () => C.Session.createInbound(
            bob, first.body, alice.identityKeys.curve25519, { config: expected }),
            "CLIQUET_ERR_BAD_MESSAGE_VERSION");
        assert.equal(e.func, "cliquet_session_new_inbound_with_config");
        assert.equal(bob.pickleLibolm(LIBOLM_KEY), before, "account unchanged");
        /* the one-time key is still there: the right config opens the session */
        const { session, plaintext } = C.Session.createInbound(
            bob, first.body, alice.identityKeys.curve25519, { config: sent });
        assert.equal(text(plaintext), "first");
        assert.equal(session.config, sent);
        for (const o of [alice, bob, out, session]) {
            o.free();
        }
    }
});

test("Olm: a v1 session refuses a v2 message and stays as it was", () => {
    const v2 = olmPair("v2");
    const v2in = C.Session.createInbound(v2.bob, v2.out.encrypt("x").body, null, { config: "v2" });
    const v2msg = v2in.session.encrypt("from a v2 session");
    const v1 = olmPair("v1");
    const v1in = C.Session.createInbound(v1.bob, v1.out.encrypt("x").body).session;
    const v1msg = v1in.encrypt("from a v1 session");
    const before = v1.out.pickleLibolm(LIBOLM_KEY);
    throwsStatus(C, () => v1.out.decrypt(v2msg), "CLIQUET_ERR_BAD_MESSAGE_VERSION");
    assert.equal(v1.out.pickleLibolm(LIBOLM_KEY), before, "session unchanged");
    assert.equal(v1.out.hasReceivedMessage, false);
    /* and the other way round: a v2 session refuses a v1 message */
    const v2pickle = v2.out.pickle(pickleKey());
    throwsStatus(C, () => v2.out.decrypt(v1msg), "CLIQUET_ERR_BAD_MESSAGE_VERSION");
    assert.equal(v2.out.hasReceivedMessage, false);
    assert.equal(text(v1.out.decrypt(v1msg).plaintext), "from a v1 session");
    assert.equal(text(v2.out.decrypt(v2msg).plaintext), "from a v2 session");
    /* the pickle taken before the refusal still decrypts the same message */
    const restored = C.Session.fromPickle(v2pickle, pickleKey());
    assert.equal(text(restored.decrypt(v2msg).plaintext), "from a v2 session");
    for (const o of [v2.alice, v2.bob, v2.out, v2in.session, v1.alice, v1.bob, v1.out, v1in,
                     restored]) {
        o.free();
    }
});

test("Olm v2: native pickles keep the config; libolm's format refuses it", () => {
    const { alice, bob, out } = olmPair("v2");
    const first = out.encrypt("first");
    const inb = C.Session.createInbound(bob, first.body, null, { config: "v2" }).session;
    const key = pickleKey(3);
    const out2 = C.Session.fromPickle(out.pickle(key), key);
    const inb2 = C.Session.fromPickle(inb.pickle(key), key);
    assert.equal(out2.config, "v2");
    assert.equal(inb2.config, "v2");
    assert.equal(out2.id, out.id);
    const m = inb2.encrypt("after the pickles");
    assert.equal(text(out2.decrypt(m).plaintext), "after the pickles");
    assert.equal(text(inb2.decrypt(out2.encrypt("back")).plaintext), "back");
    throwsStatus(C, () => out.pickleLibolm(LIBOLM_KEY), "CLIQUET_ERR_PICKLE_LOSSY");
    throwsStatus(C, () => inb2.pickleLibolm(new Uint8Array(4)), "CLIQUET_ERR_PICKLE_LOSSY");
    for (const o of [alice, bob, out, inb, out2, inb2]) {
        o.free();
    }
});

test("Megolm v2: outbound, inbound from the key and from an export, version 4 messages", () => {
    const out = C.OutboundGroupSession.create({ config: C.SessionConfig.V2 });
    assert.equal(out.config, "v2");
    const inb = C.InboundGroupSession.create(out.sessionKey, { config: "v2" });
    assert.equal(inb.config, "v2");
    const c0 = out.encrypt("zero");
    const c1 = out.encrypt("one");
    assert.equal(C.base64Decode(c0)[0], 4);
    const d1 = inb.decrypt(c1);
    assert.equal(text(d1.plaintext), "one");
    assert.equal(d1.messageIndex, 1);
    assert.equal(d1.verified, true);
    assert.equal(text(inb.decrypt(c0).plaintext), "zero");
    const imp = C.InboundGroupSession.import(inb.export(1), { config: "v2" });
    assert.equal(imp.config, "v2");
    assert.equal(imp.isImported, true);
    assert.equal(text(imp.decrypt(c1).plaintext), "one");
    /* a v2 and a v1 session of the same key are never connected (vodozemac's connected()) */
    const v1 = C.InboundGroupSession.create(out.sessionKey);
    assert.equal(inb.compare(v1), "unconnected");
    throwsStatus(C, () => inb.merge(v1), "CLIQUET_ERR_UNCONNECTED_SESSIONS");
    for (const o of [out, inb, imp, v1]) {
        o.free();
    }
});

test("Megolm: a message of the other config is refused and the session stays as it was", () => {
    for (const [sent, expected] of [["v2", "v1"], ["v1", "v2"]]) {
        const out = C.OutboundGroupSession.create({ config: sent });
        const wrong = C.InboundGroupSession.create(out.sessionKey, { config: expected });
        const right = C.InboundGroupSession.create(out.sessionKey, { config: sent });
        /* 32 bytes: a v1 message shorter than a v2 MAC and signature is
         * refused by its length first (CLIQUET_ERR_BAD_MESSAGE_FORMAT, below) */
        const c0 = out.encrypt("zero".repeat(8));
        const before = expected === "v1" ? wrong.pickleLibolm(LIBOLM_KEY) : null;
        const native = wrong.pickle(pickleKey());
        const e = throwsStatus(C, () => wrong.decrypt(c0), "CLIQUET_ERR_BAD_MESSAGE_VERSION");
        assert.equal(e.func, "cliquet_inbound_group_session_decrypt_checked");
        assert.equal(wrong.firstKnownIndex, 0);
        assert.equal(wrong.isVerified, true);
        assert.equal(wrong.config, expected);
        if (expected === "v1") {
            assert.equal(wrong.pickleLibolm(LIBOLM_KEY), before);
        }
        /* the same state: its pickle, reloaded, refuses the message the same way */
        const again = C.InboundGroupSession.fromPickle(native, pickleKey());
        throwsStatus(C, () => again.decrypt(c0), "CLIQUET_ERR_BAD_MESSAGE_VERSION");
        assert.equal(text(right.decrypt(c0).plaintext), "zero".repeat(8));
        const short = out.encrypt("z");
        const st = (() => { try { wrong.decrypt(short); } catch (x) { return x.status; } })();
        assert.ok(["CLIQUET_ERR_BAD_MESSAGE_VERSION", "CLIQUET_ERR_BAD_MESSAGE_FORMAT"].includes(st),
                  String(st));
        throwsStatus(C, () => wrong.decrypt(c0), "CLIQUET_ERR_BAD_MESSAGE_VERSION");
        assert.equal(wrong.firstKnownIndex, 0);
        for (const o of [out, wrong, again, right]) {
            o.free();
        }
    }
});

test("Megolm v2: native pickles keep the config; libolm's format refuses it, lossy or not", () => {
    const key = pickleKey(9);
    const out = C.OutboundGroupSession.create({ config: "v2" });
    const inb = C.InboundGroupSession.create(out.sessionKey, { config: "v2" });
    const out2 = C.OutboundGroupSession.fromPickle(out.pickle(key), key);
    const inb2 = C.InboundGroupSession.fromPickle(inb.pickle(key), key);
    assert.equal(out2.config, "v2");
    assert.equal(inb2.config, "v2");
    assert.equal(out2.messageIndex, out.messageIndex);
    assert.equal(text(inb2.decrypt(out2.encrypt("pickled")).plaintext), "pickled");
    throwsStatus(C, () => out.pickleLibolm(LIBOLM_KEY), "CLIQUET_ERR_PICKLE_LOSSY");
    throwsStatus(C, () => inb.pickleLibolm(LIBOLM_KEY), "CLIQUET_ERR_PICKLE_LOSSY");
    throwsStatus(C, () => inb.pickleLibolm(LIBOLM_KEY, { lossy: true }), "CLIQUET_ERR_PICKLE_LOSSY");
    /* a v1 session's libolm pickle loads as v1, as in vodozemac */
    const v1 = C.OutboundGroupSession.create();
    assert.equal(C.OutboundGroupSession.fromLibolmPickle(v1.pickleLibolm("k"), "k").config, "v1");
    for (const o of [out, inb, out2, inb2, v1]) {
        o.free();
    }
});
