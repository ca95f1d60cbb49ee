/*
 * cliquet's olm.js on its own: every method of the libolm-compatible API,
 * its return shapes, its errors (Error("OLM.<NAME>")), and objects that
 * still work after a failed call.
 */
"use strict";
const { test, before } = require("node:test");
const assert = require("node:assert/strict");
const { loadCliquet, thrown } = require("./load.js");

let Olm;
before(async () => {
    Olm = await loadCliquet();
});

const B64 = /^[A-Za-z0-9+/]+$/;

function account() {
    const a = new Olm.Account();
    a.create();
    return a;
}

function identity(a) {
    return JSON.parse(a.identity_keys());
}

function oneTimeKey(a) {
    a.generate_one_time_keys(1);
    const keys = Object.values(JSON.parse(a.one_time_keys()).curve25519);
    a.mark_keys_as_published();
    return keys[0];
}

/* Alice's outbound session to Bob and Bob's inbound one, after one pre-key
 * message and one reply. */
function pair() {
    const alice = account();
    const bob = account();
    const out = new Olm.Session();
    out.create_outbound(alice, identity(bob).curve25519, oneTimeKey(bob));
    const first = out.encrypt("first");
    const inb = new Olm.Session();
    inb.create_inbound(bob, first.body);
    bob.remove_one_time_keys(inb);
    assert.equal(inb.decrypt(first.type, first.body), "first");
    const reply = inb.encrypt("reply");
    assert.equal(out.decrypt(reply.type, reply.body), "reply");
    return { alice, bob, out, inb };
}

test("init resolves once and sets the constants", async () => {
    assert.equal(await Olm.init(), undefined);
    assert.equal(Olm.PRIVATE_KEY_LENGTH, 32);
    const v = Olm.get_library_version();
    assert.equal(v.length, 3);
    assert.deepEqual(v.slice(0, 2), [3, 2]);
});

test("Account: keys, signatures, one-time and fallback keys", () => {
    const a = account();
    const id = identity(a);
    assert.deepEqual(Object.keys(id).sort(), ["curve25519", "ed25519"]);
    assert.match(id.curve25519, B64);
    assert.equal(id.ed25519.length, 43);

    const sig = a.sign("message");
    assert.equal(sig.length, 86);
    assert.equal(a.sign(new TextEncoder().encode("message")), sig);
    const u = new Olm.Utility();
    u.ed25519_verify(id.ed25519, "message", sig);
    assert.equal(thrown(() => u.ed25519_verify(id.ed25519, "messagf", sig)),
                 "OLM.BAD_MESSAGE_MAC");
    u.free();

    assert.equal(a.max_number_of_one_time_keys(), 100);
    assert.deepEqual(JSON.parse(a.one_time_keys()), { curve25519: {} });
    a.generate_one_time_keys(3);
    assert.equal(Object.keys(JSON.parse(a.one_time_keys()).curve25519).length, 3);
    a.mark_keys_as_published();
    assert.deepEqual(JSON.parse(a.one_time_keys()), { curve25519: {} });

    assert.deepEqual(JSON.parse(a.fallback_key()), { curve25519: {} });
    a.generate_fallback_key();
    const fb = JSON.parse(a.unpublished_fallback_key()).curve25519;
    assert.equal(Object.keys(fb).length, 1);
    assert.deepEqual(JSON.parse(a.fallback_key()).curve25519, fb);
    a.mark_keys_as_published();
    assert.deepEqual(JSON.parse(a.unpublished_fallback_key()), { curve25519: {} });
    assert.deepEqual(JSON.parse(a.fallback_key()).curve25519, fb);
    a.generate_fallback_key();
    a.forget_old_fallback_key();
    assert.equal(Object.keys(JSON.parse(a.fallback_key()).curve25519).length, 1);
    a.free();
});

test("Account: pickles with string and byte keys; wrong key and garbage refused", () => {
    const a = account();
    a.generate_one_time_keys(2);
    const p = a.pickle("secret");
    assert.match(p, B64);
    const b = new Olm.Account();
    b.unpickle("secret", p);
    assert.equal(b.identity_keys(), a.identity_keys());
    assert.equal(b.one_time_keys(), a.one_time_keys());

    const key = new Uint8Array(32).fill(7);
    const c = new Olm.Account();
    c.unpickle(key, a.pickle(key));
    assert.equal(c.identity_keys(), a.identity_keys());

    const d = new Olm.Account();
    assert.equal(thrown(() => d.unpickle("wrong", p)), "OLM.BAD_ACCOUNT_KEY");
    assert.equal(thrown(() => d.unpickle("secret", "!!!!")), "OLM.INVALID_BASE64");
    /* a failed unpickle leaves the object usable */
    d.unpickle("secret", p);
    assert.equal(d.identity_keys(), a.identity_keys());
    for (const o of [a, b, c, d]) {
        o.free();
    }
});

test("Session: pre-key then normal messages, ids, matching, removal of the key", () => {
    const alice = account();
    const bob = account();
    const otk = oneTimeKey(bob);
    const out = new Olm.Session();
    out.create_outbound(alice, identity(bob).curve25519, otk);
    assert.equal(out.has_received_message(), false);
    const m1 = out.encrypt("hello ☃ 🙂");
    assert.equal(m1.type, 0);
    assert.match(m1.body, B64);

    const inb = new Olm.Session();
    assert.equal(inb.matches_inbound === undefined, false);
    inb.create_inbound(bob, m1.body);
    assert.equal(inb.matches_inbound(m1.body), true);
    assert.equal(inb.matches_inbound_from(identity(alice).curve25519, m1.body), true);
    assert.equal(inb.matches_inbound_from(identity(bob).curve25519, m1.body), false);
    assert.equal(inb.decrypt(0, m1.body), "hello ☃ 🙂");
    assert.equal(inb.session_id(), out.session_id());
    assert.equal(inb.has_received_message(), true);

    bob.remove_one_time_keys(inb);
    const again = new Olm.Session();
    assert.equal(thrown(() => again.create_inbound(bob, m1.body)), "OLM.BAD_MESSAGE_KEY_ID");

    const r = inb.encrypt("reply");
    assert.equal(r.type, 1);
    assert.equal(out.decrypt(r.type, r.body), "reply");
    assert.equal(out.encrypt("x").type, 1);
    assert.match(out.describe(), /^sender chain index: /);

    const from = new Olm.Session();
    const carol = account();
    const out2 = new Olm.Session();
    out2.create_outbound(carol, identity(bob).curve25519, oneTimeKey(bob));
    const m2 = out2.encrypt("to bob");
    from.create_inbound_from(bob, identity(carol).curve25519, m2.body);
    assert.equal(from.decrypt(0, m2.body), "to bob");
    assert.equal(thrown(() => new Olm.Session().create_inbound_from(
        bob, identity(alice).curve25519, m2.body)), "OLM.BAD_MESSAGE_KEY_ID");
    for (const o of [alice, bob, carol, out, inb, again, from, out2]) {
        o.free();
    }
});

test("Session: failed decryptions change nothing", () => {
    const { out, inb } = pair();
    const m = out.encrypt("payload");
    const body = m.body;
    const flipped = body.slice(0, -3) + (body[body.length - 3] === "A" ? "B" : "A") +
        body.slice(-2);
    assert.equal(thrown(() => inb.decrypt(m.type, flipped)), "OLM.BAD_MESSAGE_MAC");
    /* libolm decodes message base64 leniently: bad characters reach the
     * message parser (interop.test.js checks each of these against libolm) */
    assert.equal(thrown(() => inb.decrypt(m.type, "not base64!")), "OLM.BAD_MESSAGE_FORMAT");
    assert.equal(thrown(() => inb.decrypt(m.type, "AAAA")), "OLM.BAD_MESSAGE_FORMAT");
    assert.equal(inb.decrypt(m.type, body), "payload");
    assert.equal(thrown(() => inb.decrypt(m.type, body)), "OLM.BAD_MESSAGE_MAC");
    assert.notEqual(thrown(() => inb.decrypt(7, body)), null);
});

test("Session: pickles keep the conversation going", () => {
    const { out, inb } = pair();
    const p = inb.pickle("k");
    const back = new Olm.Session();
    back.unpickle("k", p);
    assert.equal(back.session_id(), inb.session_id());
    const m = out.encrypt("after pickle");
    assert.equal(back.decrypt(m.type, m.body), "after pickle");
    assert.equal(thrown(() => new Olm.Session().unpickle("x", p)), "OLM.BAD_ACCOUNT_KEY");
});

test("Utility: sha256 of text and bytes", () => {
    const u = new Olm.Utility();
    assert.equal(u.sha256(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
    assert.equal(u.sha256("abc"), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0");
    assert.equal(u.sha256(new Uint8Array([0x61, 0x62, 0x63])), u.sha256("abc"));
    assert.equal(thrown(() => u.ed25519_verify("short", "m", "sig")), "OLM.INVALID_BASE64");
    u.free();
});

test("Megolm: outbound to inbound, indexes, export and import", () => {
    const out = new Olm.OutboundGroupSession();
    out.create();
    assert.equal(out.message_index(), 0);
    const key0 = out.session_key();
    const id = out.session_id();
    assert.equal(id.length, 43);
    const c0 = out.encrypt("zero");
    const c1 = out.encrypt("one ✓");
    assert.equal(out.message_index(), 2);

    const inb = new Olm.InboundGroupSession();
    inb.create(key0);
    assert.equal(inb.session_id(), id);
    assert.equal(inb.first_known_index(), 0);
    assert.deepEqual(inb.decrypt(c1), { message_index: 1, plaintext: "one ✓" });
    assert.deepEqual(inb.decrypt(c0), { message_index: 0, plaintext: "zero" });

    const exported = inb.export_session(1);
    const imp = new Olm.InboundGroupSession();
    imp.import_session(exported);
    assert.equal(imp.first_known_index(), 1);
    assert.equal(imp.decrypt(c1).plaintext, "one ✓");
    assert.equal(thrown(() => imp.decrypt(c0)), "OLM.UNKNOWN_MESSAGE_INDEX");

    const bad = new Olm.InboundGroupSession();
    assert.equal(thrown(() => bad.create("AAAA")), "OLM.BAD_SESSION_KEY");
    assert.equal(thrown(() => bad.import_session("AAAA")), "OLM.BAD_SESSION_KEY");
    const tampered = c0.slice(0, 10) + (c0[10] === "A" ? "B" : "A") + c0.slice(11);
    /* the signature over the whole message is checked first, as libolm does */
    assert.equal(thrown(() => inb.decrypt(tampered)), "OLM.BAD_SIGNATURE");
    assert.equal(thrown(() => inb.decrypt("%%%%")), "OLM.BAD_MESSAGE_VERSION");
    assert.equal(inb.decrypt(c0).plaintext, "zero");
    for (const o of [out, inb, imp, bad]) {
        o.free();
    }
});

test("Megolm: pickles of both kinds", () => {
    const out = new Olm.OutboundGroupSession();
    out.create();
    out.encrypt("a");
    const inb = new Olm.InboundGroupSession();
    inb.create(out.session_key());
    const out2 = new Olm.OutboundGroupSession();
    out2.unpickle("pk", out.pickle("pk"));
    assert.equal(out2.session_id(), out.session_id());
    assert.equal(out2.message_index(), 1);
    const inb2 = new Olm.InboundGroupSession();
    inb2.unpickle(new Uint8Array([1, 2, 3]), inb.pickle(new Uint8Array([1, 2, 3])));
    assert.equal(inb2.decrypt(out2.encrypt("b")).plaintext, "b");
    assert.equal(thrown(() => inb2.unpickle("no", inb.pickle("pk"))), "OLM.BAD_ACCOUNT_KEY");
    assert.equal(thrown(() => out2.unpickle("no", out.pickle("pk"))), "OLM.BAD_ACCOUNT_KEY");
    assert.equal(out2.message_index(), 2);
});

test("PkEncryption / PkDecryption: round trip, private key, pickle, errors", () => {
    const dec = new Olm.PkDecryption();
    const pub = dec.generate_key();
    assert.equal(pub.length, 43);
    const priv = dec.get_private_key();
    assert.ok(priv instanceof Uint8Array);
    assert.equal(priv.length, Olm.PRIVATE_KEY_LENGTH);
    const dec2 = new Olm.PkDecryption();
    assert.equal(dec2.init_with_private_key(priv), pub);

    const enc = new Olm.PkEncryption();
    enc.set_recipient_key(pub);
    const e = enc.encrypt("backup ✓");
    assert.deepEqual(Object.keys(e).sort(), ["ciphertext", "ephemeral", "mac"]);
    assert.equal(dec.decrypt(e.ephemeral, e.mac, e.ciphertext), "backup ✓");
    assert.equal(dec2.decrypt(e.ephemeral, e.mac, e.ciphertext), "backup ✓");
    const badMac = (e.mac[0] === "A" ? "B" : "A") + e.mac.slice(1);
    assert.equal(thrown(() => dec.decrypt(e.ephemeral, badMac, e.ciphertext)),
                 "OLM.BAD_MESSAGE_MAC");
    assert.equal(dec.decrypt(e.ephemeral, e.mac, e.ciphertext), "backup ✓");

    const p = dec.pickle("pick");
    const dec3 = new Olm.PkDecryption();
    assert.equal(dec3.unpickle("pick", p), pub);
    assert.equal(dec3.decrypt(e.ephemeral, e.mac, e.ciphertext), "backup ✓");
    assert.equal(thrown(() => new Olm.PkDecryption().unpickle("nope", p)),
                 "OLM.BAD_ACCOUNT_KEY");
    assert.notEqual(thrown(() => new Olm.PkDecryption().init_with_private_key(
        new Uint8Array(5))), null);
    assert.notEqual(thrown(() => new Olm.PkEncryption().set_recipient_key("AAAA")), null);
    for (const o of [dec, dec2, dec3, enc]) {
        o.free();
    }
});

test("PkSigning: seeds, public keys, signatures that verify", () => {
    const s = new Olm.PkSigning();
    const seed = s.generate_seed();
    assert.ok(seed instanceof Uint8Array);
    assert.equal(seed.length, 32);
    assert.notDeepEqual(seed, s.generate_seed());
    const pub = s.init_with_seed(seed);
    const sig = s.sign("cross-signing");
    const u = new Olm.Utility();
    u.ed25519_verify(pub, "cross-signing", sig);
    const s2 = new Olm.PkSigning();
    assert.equal(s2.init_with_seed(seed), pub);
    assert.equal(s2.sign("cross-signing"), sig);
    assert.notEqual(thrown(() => new Olm.PkSigning().init_with_seed(new Uint8Array(3))), null);
    for (const o of [s, s2, u]) {
        o.free();
    }
});

/* libolm's error string for this code carries its OLM_ prefix. */
test("SAS: both sides agree; nothing before their key is set", () => {
    const a = new Olm.SAS();
    const b = new Olm.SAS();
    assert.equal(thrown(() => a.generate_bytes("info", 6)), "OLM.OLM_SAS_THEIR_KEY_NOT_SET");
    assert.equal(thrown(() => a.calculate_mac("in", "info")), "OLM.OLM_SAS_THEIR_KEY_NOT_SET");
    a.set_their_key(b.get_pubkey());
    b.set_their_key(a.get_pubkey());
    const bytes = a.generate_bytes("emoji", 6);
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(bytes.length, 6);
    assert.deepEqual(b.generate_bytes("emoji", 6), bytes);
    for (const m of ["calculate_mac", "calculate_mac_fixed_base64", "calculate_mac_long_kdf"]) {
        assert.equal(a[m]("key", "info"), b[m]("key", "info"), m);
    }
    assert.notEqual(a.calculate_mac("key", "info"), a.calculate_mac_fixed_base64("key", "info"));
    assert.notEqual(thrown(() => new Olm.SAS().set_their_key("AAAA")), null);
    a.free();
    b.free();
});

test("free() twice is harmless", () => {
    const a = new Olm.Account();
    a.free();
    a.free();
});

test("before Olm.init() has resolved, constructors throw an Error", () => {
    const { execFileSync } = require("child_process");
    const path = require("path");
    const olmJs = process.env.OLM_JS ||
        path.resolve(__dirname, "../../../build/bindings/js/olm.js");
    const script = "const Olm = require(" + JSON.stringify(olmJs) + ");" +
        "try { new Olm.Account(); console.log('no error'); }" +
        "catch (e) { console.log(e instanceof Error, e.message); }" +
        "Olm.init().then(() => { const a = new Olm.Account(); a.create(); a.free();" +
        " console.log('after init'); });";
    const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.equal(out, "true Olm.init() has not completed\nafter init\n");
});
