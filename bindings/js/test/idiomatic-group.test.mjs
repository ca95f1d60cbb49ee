/*
 * The idiomatic API (cliquet.mjs), part 2: Megolm (with compare, merge,
 * advance and the replay record), PK, signing keys, SAS and the ECIES
 * channel: every method, error paths, objects unchanged after failures.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { loadModule, enc, text, throwsStatus, pickleKey } from "./esm.mjs";

let C;
before(async () => {
    C = await loadModule();
});

test("Megolm: outbound and inbound, what authenticated each message", () => {
    const out = C.OutboundGroupSession.create();
    assert.equal(out.messageIndex, 0);
    assert.match(out.id, /^[A-Za-z0-9+/]{43}$/);
    const sk = out.sessionKey;
    assert.equal(sk.length, 306);
    const inb = C.InboundGroupSession.create(sk);
    assert.equal(inb.id, out.id);
    assert.equal(inb.firstKnownIndex, 0);
    assert.equal(inb.isVerified, true);
    assert.equal(inb.isImported, false);
    const c0 = out.encrypt("zero");
    const c1 = out.encrypt(enc.encode("one"));
    assert.equal(out.messageIndex, 2);
    const d1 = inb.decrypt(c1);
    assert.deepEqual({ ...d1, plaintext: text(d1.plaintext) }, {
        plaintext: "one", messageIndex: 1, verified: true, imported: false,
        sessionId: out.id, replay: "off",
    });
    assert.equal(text(inb.decrypt(c0).plaintext), "zero");
    assert.equal(text(inb.decrypt(c0).plaintext), "zero", "replays are the caller's without the record");
    /* exports: imported, unverified until a message decrypts */
    const ex = inb.export(1);
    assert.equal(ex.length, 220);
    const imp = C.InboundGroupSession.import(ex);
    assert.equal(imp.isImported, true);
    assert.equal(imp.isVerified, false);
    assert.equal(imp.firstKnownIndex, 1);
    throwsStatus(C, () => imp.decrypt(c0), "CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX");
    const di = imp.decrypt(c1);
    assert.equal(di.imported, true);
    assert.equal(di.verified, true);
    assert.equal(imp.isVerified, true);
    assert.equal(inb.export(), inb.export(0));
    assert.equal(imp.export(), ex);
    throwsStatus(C, () => imp.export(0), "CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX");
    for (const o of [out, inb, imp]) {
        o.free();
    }
});

test("Megolm: failures leave the session unchanged; bad keys refused", () => {
    const out = C.OutboundGroupSession.create();
    const inb = C.InboundGroupSession.create(out.sessionKey);
    const c = out.encrypt("payload");
    const before = inb.pickleLibolm("k");
    const t = 30;
    const forged = c.slice(0, t) + (c[t] === "A" ? "B" : "A") + c.slice(t + 1);
    throwsStatus(C, () => inb.decrypt(forged), "CLIQUET_ERR_BAD_SIGNATURE");
    throwsStatus(C, () => inb.decrypt(c + "="), "CLIQUET_ERR_BAD_BASE64");
    throwsStatus(C, () => inb.decrypt(""), "CLIQUET_ERR_BAD_MESSAGE_FORMAT");
    throwsStatus(C, () => inb.decrypt("B" + c.slice(1)), "CLIQUET_ERR_BAD_MESSAGE_VERSION");
    assert.equal(inb.pickleLibolm("k"), before);
    assert.equal(text(inb.decrypt(c).plaintext), "payload");
    const sk = out.sessionKey;
    const badSig = sk.slice(0, -3) + (sk.at(-3) === "A" ? "B" : "A") + sk.slice(-2);
    throwsStatus(C, () => C.InboundGroupSession.create(badSig), "CLIQUET_ERR_BAD_SIGNATURE");
    throwsStatus(C, () => C.InboundGroupSession.create("AAAA"), "CLIQUET_ERR_BAD_SESSION_KEY");
    throwsStatus(C, () => C.InboundGroupSession.import(sk), "CLIQUET_ERR_BAD_SESSION_KEY");
    out.free();
    inb.free();
});

test("Megolm: compare, merge, advanceTo", () => {
    const out = C.OutboundGroupSession.create();
    const early = C.InboundGroupSession.create(out.sessionKey);
    out.encrypt("0");
    out.encrypt("1");
    const c2 = out.encrypt("2");
    const late = C.InboundGroupSession.import(early.export(2));
    const other = C.InboundGroupSession.create(C.OutboundGroupSession.create().sessionKey);
    assert.equal(early.compare(late), "better");
    assert.equal(late.compare(early), "worse");
    assert.equal(early.compare(early), "equal");
    assert.equal(early.compare(other), "unconnected");
    const merged = late.merge(early);
    assert.equal(merged.firstKnownIndex, 0);
    assert.equal(merged.isImported, false, "imported only if both are");
    assert.equal(merged.compare(early), "equal");
    throwsStatus(C, () => early.merge(other), "CLIQUET_ERR_UNCONNECTED_SESSIONS");
    assert.equal(merged.advanceTo(2), true);
    assert.equal(merged.firstKnownIndex, 2);
    assert.equal(merged.advanceTo(1), false);
    assert.equal(text(merged.decrypt(c2).plaintext), "2");
    for (const o of [out, early, late, other, merged]) {
        o.free();
    }
});

test("Megolm: the replay record's verdicts and the reused-index refusal", () => {
    const out = C.OutboundGroupSession.create();
    const sk = out.sessionKey;
    const inb = C.InboundGroupSession.create(sk);
    assert.deepEqual(inb.replayDetection, { on: false, entries: 0, evicted: 0 });
    inb.setReplayDetection(true);
    const c0 = out.encrypt("zero");
    assert.equal(inb.decrypt(c0).replay, "first-time");
    assert.equal(inb.decrypt(c0).replay, "same-message");
    assert.deepEqual(inb.replayDetection, { on: true, entries: 1, evicted: 0 });
    const key = pickleKey(1);
    const replica = C.InboundGroupSession.fromPickle(inb.pickle(key), key);
    assert.deepEqual(replica.replayDetection, { on: true, entries: 1, evicted: 0 });
    throwsStatus(C, () => inb.pickleLibolm("k"), "CLIQUET_ERR_PICKLE_LOSSY");
    const lossy = C.InboundGroupSession.fromLibolmPickle(inb.pickleLibolm("k", { lossy: true }), "k");
    assert.equal(lossy.replayDetection.on, false);
    inb.setReplayDetection(false);
    assert.deepEqual(inb.replayDetection, { on: false, entries: 0, evicted: 0 });
    assert.equal(inb.decrypt(c0).replay, "off");
    for (const o of [out, inb, replica, lossy]) {
        o.free();
    }
});

test("Megolm: a second message at a recorded index is refused, its plaintext withheld", () => {
    const key = "same-sender";
    const out = C.OutboundGroupSession.create();
    const saved = out.pickleLibolm(key);
    const inb = C.InboundGroupSession.create(out.sessionKey);
    inb.setReplayDetection(true);
    const first = out.encrypt("first at 0");
    const again = C.OutboundGroupSession.fromLibolmPickle(saved, key);
    const second = again.encrypt("second at 0");
    assert.equal(inb.decrypt(first).replay, "first-time");
    const before = inb.pickle(pickleKey(2)).length;
    throwsStatus(C, () => inb.decrypt(second), "CLIQUET_ERR_MESSAGE_INDEX_REUSED");
    assert.equal(inb.pickle(pickleKey(2)).length, before);
    assert.equal(inb.decrypt(first).replay, "same-message");
    for (const o of [out, again, inb]) {
        o.free();
    }
});

test("Megolm pickles: native and libolm both ways, both kinds", () => {
    const key = pickleKey(5);
    const out = C.OutboundGroupSession.create();
    out.encrypt("advance");
    const inb = C.InboundGroupSession.create(out.sessionKey);
    const out2 = C.OutboundGroupSession.fromPickle(out.pickle(key), key);
    const out3 = C.OutboundGroupSession.fromLibolmPickle(out.pickleLibolm(key), key);
    const inb2 = C.InboundGroupSession.fromPickle(inb.pickle(key), key);
    const inb3 = C.InboundGroupSession.fromLibolmPickle(inb.pickleLibolm(key), key);
    for (const o of [out2, out3]) {
        assert.equal(o.id, out.id);
        assert.equal(o.messageIndex, 1);
    }
    const c = out2.encrypt("from the copy");
    for (const i of [inb2, inb3]) {
        assert.equal(i.id, inb.id);
        assert.equal(text(i.decrypt(c).plaintext), "from the copy");
    }
    throwsStatus(C, () => C.InboundGroupSession.fromPickle(out.pickle(key), key),
                 "CLIQUET_ERR_PICKLE_WRONG_TYPE");
    throwsStatus(C, () => C.OutboundGroupSession.fromLibolmPickle(out.pickleLibolm(key), "no"),
                 "CLIQUET_ERR_PICKLE_BAD_KEY");
    for (const o of [out, inb, out2, out3, inb2, inb3]) {
        o.free();
    }
});

test("PK: legacy backup both ways, private key, pickles, errors", () => {
    const d = C.PkDecryption.create();
    const e = C.PkEncryption.create(d.publicKey);
    const b = e.encryptLegacyBackup("session data ✓");
    assert.deepEqual(Object.keys(b).sort(), ["ciphertext", "ephemeral", "mac"]);
    assert.equal(b.mac.length, 11);
    assert.equal(text(d.decryptLegacyBackup(b)), "session data ✓");
    const priv = d.privateKey();
    assert.equal(priv.length, 32);
    const d2 = C.PkDecryption.fromPrivateKey(priv);
    assert.equal(d2.publicKey, d.publicKey);
    const key = pickleKey(9);
    const d3 = C.PkDecryption.fromPickle(d.pickle(key), key);
    const d4 = C.PkDecryption.fromLibolmPickle(d.pickleLibolm("k"), "k");
    for (const x of [d2, d3, d4]) {
        assert.equal(text(x.decryptLegacyBackup(b)), "session data ✓");
    }
    throwsStatus(C, () => d.decryptLegacyBackup({ ...b, mac: "AAAAAAAAAAA" }), "CLIQUET_ERR_BAD_MESSAGE_MAC");
    throwsStatus(C, () => d.decryptLegacyBackup({ ...b, ciphertext: "AAAA" }),
                 "CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH");
    throwsStatus(C, () => C.PkEncryption.create("AAAA"), "CLIQUET_ERR_BAD_KEY_LENGTH");
    assert.throws(() => C.PkDecryption.fromPrivateKey(new Uint8Array(31)), TypeError);
    assert.equal(text(d.decryptLegacyBackup(b)), "session data ✓", "unchanged by the failures");
    for (const o of [d, e, d2, d3, d4]) {
        o.free();
    }
});

test("PK signing: seeds, public keys, signatures that verify", () => {
    const s = C.PkSigning.create();
    const seed = s.seed();
    assert.equal(seed.length, 32);
    const t = C.PkSigning.fromSeed(seed);
    assert.equal(t.publicKey, s.publicKey);
    const sig = t.sign("cross-signing");
    assert.equal(sig, s.sign(enc.encode("cross-signing")), "Ed25519 is deterministic");
    C.verifyEd25519(s.publicKey, "cross-signing", sig);
    assert.throws(() => C.PkSigning.fromSeed("not bytes"), TypeError);
    s.free();
    t.free();
});

test("SAS: both sides agree; no MAC before their key; bad keys refused", () => {
    const a = C.Sas.create();
    const b = C.Sas.create();
    assert.equal(a.isTheirKeySet, false);
    throwsStatus(C, () => a.generateBytes("info", 6), "CLIQUET_ERR_SAS_NO_THEIR_KEY");
    throwsStatus(C, () => a.calculateMac("m", "i"), "CLIQUET_ERR_SAS_NO_THEIR_KEY");
    throwsStatus(C, () => a.setTheirKey("A".repeat(43)), "CLIQUET_ERR_ZERO_SHARED_SECRET");
    throwsStatus(C, () => a.setTheirKey("AAAA"), "CLIQUET_ERR_BAD_KEY_LENGTH");
    assert.equal(a.isTheirKeySet, false, "unchanged by the failures");
    a.setTheirKey(b.publicKey);
    b.setTheirKey(a.publicKey);
    assert.equal(a.isTheirKeySet, true);
    assert.deepEqual(a.generateBytes("SAS", 6), b.generateBytes(enc.encode("SAS"), 6));
    assert.equal(a.generateBytes("SAS", 6).length, 6);
    throwsStatus(C, () => a.generateBytes("SAS", 8161), "CLIQUET_ERR_INPUT_TOO_LARGE");
    for (const f of ["calculateMac", "calculateMacLegacyBase64", "calculateMacLongKdf"]) {
        const mac = a[f]("key", "info");
        assert.equal(mac.length, 43);
        assert.equal(mac, b[f](enc.encode("key"), "info"));
    }
    assert.notEqual(a.calculateMac("key", "info"), a.calculateMacLegacyBase64("key", "info"));
    a.free();
    b.free();
});

test("ECIES channel: establish both ways, check codes, ordered messages, replays refused", () => {
    const g = C.EciesChannel.create(); /* shows the QR code */
    const s = C.EciesChannel.create(); /* scans it */
    throwsStatus(C, () => g.checkCode, "CLIQUET_ERR_ECIES_NOT_ESTABLISHED");
    throwsStatus(C, () => g.encrypt("x"), "CLIQUET_ERR_ECIES_NOT_ESTABLISHED");
    const initial = s.establishOutbound(g.publicKey, "hello G");
    assert.ok(initial.includes("|"));
    throwsStatus(C, () => g.establishInbound("no separator"), "CLIQUET_ERR_BAD_MESSAGE_FORMAT");
    assert.equal(text(g.establishInbound(initial)), "hello G");
    throwsStatus(C, () => g.establishInbound(initial), "CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED");
    assert.equal(g.checkCode, s.checkCode);
    assert.ok(g.checkCode >= 0 && g.checkCode <= 99);
    assert.deepEqual(g.checkCodeBytes, s.checkCodeBytes);
    assert.equal(g.checkCodeBytes.length, 2);
    const m1 = g.encrypt("one");
    const m2 = g.encrypt(enc.encode("two"));
    throwsStatus(C, () => s.decrypt(m2), "CLIQUET_ERR_MESSAGE_OUT_OF_ORDER");
    assert.equal(text(s.decrypt(m1)), "one", "unchanged by the failure");
    assert.equal(text(s.decrypt(m2)), "two");
    throwsStatus(C, () => s.decrypt(m1), "CLIQUET_ERR_DUPLICATE_MESSAGE");
    assert.equal(text(g.decrypt(s.encrypt("back"))), "back");
    assert.equal(g.publicKey.length, 43);
    g.free();
    s.free();
});
