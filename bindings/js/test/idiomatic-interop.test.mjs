/*
 * The idiomatic API against the libolm-compatible ones: cliquet's own
 * olm.js (a second wasm instance) and libolm's build (@matrix-org/olm
 * 3.2.15, skipped with the reason when absent). Olm sessions both ways,
 * Megolm with session keys and exports both ways, pickles in libolm's
 * format made by one and loaded by the other, PK, signing and SAS.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { loadModule, load, enc, text, pickleKey } from "./esm.mjs";

let C;
const peers = {};
const peerMissing = load.peerPath() === null ? load.PEER_MISSING : false;
before(async () => {
    C = await loadModule();
    peers.compat = await load.loadCliquet();
    if (!peerMissing) {
        peers.libolm = await load.loadPeer();
    }
});

function oldAccount(O) {
    const a = new O.Account();
    a.create();
    return a;
}

function oldKeys(a) {
    return JSON.parse(a.identity_keys());
}

for (const which of ["compat", "libolm"]) {
    const skip = which === "libolm" ? peerMissing : false;
    const O = () => peers[which];

    test(`Olm both ways with ${which}'s olm.js`, { skip }, () => {
        /* idiomatic starts */
        const alice = C.Account.create();
        const bob = oldAccount(O());
        bob.generate_one_time_keys(1);
        const otk = Object.values(JSON.parse(bob.one_time_keys()).curve25519)[0];
        const out = C.Session.createOutbound(alice, oldKeys(bob).curve25519, otk);
        const m0 = out.encrypt("from idiomatic");
        const inb = new (O().Session)();
        inb.create_inbound_from(bob, alice.identityKeys.curve25519, m0.body);
        assert.equal(inb.decrypt(m0.type, m0.body), "from idiomatic");
        assert.equal(inb.session_id(), out.id);
        const r = inb.encrypt("reply ✓");
        const d = out.decrypt(r);
        assert.equal(text(d.plaintext), "reply ✓");
        assert.equal(d.senderKey, oldKeys(bob).curve25519);
        assert.equal(d.sessionId, out.id);
        /* the other starts */
        const carol = oldAccount(O());
        const dave = C.Account.create();
        dave.generateOneTimeKeys(1);
        const s = new (O().Session)();
        s.create_outbound(carol, dave.identityKeys.curve25519, dave.oneTimeKeys()[0].key);
        const p0 = s.encrypt("to idiomatic");
        const got = C.Session.createInbound(dave, p0.body, oldKeys(carol).curve25519);
        assert.equal(text(got.plaintext), "to idiomatic");
        assert.equal(got.senderKey, oldKeys(carol).curve25519);
        assert.equal(got.sessionId, s.session_id());
        const back = got.session.encrypt("back");
        assert.equal(s.decrypt(back.type, back.body), "back");
        for (const o of [alice, out, dave, got.session]) {
            o.free();
        }
        for (const o of [bob, inb, carol, s]) {
            o.free();
        }
    });

    test(`Megolm both ways with ${which}'s olm.js: session keys and exports`, { skip }, () => {
        const out = C.OutboundGroupSession.create();
        const inb = new (O().InboundGroupSession)();
        inb.create(out.sessionKey);
        assert.deepEqual(inb.decrypt(out.encrypt("room ✓")), { plaintext: "room ✓", message_index: 0 });
        const imp = new (O().InboundGroupSession)();
        imp.import_session(C.InboundGroupSession.create(out.sessionKey).export(1));
        assert.equal(imp.decrypt(out.encrypt("one")).plaintext, "one");
        const oo = new (O().OutboundGroupSession)();
        oo.create();
        const ii = C.InboundGroupSession.create(oo.session_key());
        assert.equal(ii.id, oo.session_id());
        const d = ii.decrypt(oo.encrypt("from old"));
        assert.equal(text(d.plaintext), "from old");
        assert.equal(d.messageIndex, 0);
        assert.equal(d.verified, true);
        const fwd = C.InboundGroupSession.import(inb.export_session(0));
        assert.equal(fwd.isImported, true);
        assert.equal(text(fwd.decrypt(out.encrypt("two")).plaintext), "two");
        for (const o of [out, ii, fwd]) {
            o.free();
        }
        for (const o of [inb, imp, oo]) {
            o.free();
        }
    });

    test(`libolm-format pickles move both ways with ${which}'s olm.js`, { skip }, () => {
        const key = "pickle key";
        /* idiomatic -> old */
        const a = C.Account.create();
        a.generateOneTimeKeys(2);
        const oa = new (O().Account)();
        oa.unpickle(key, a.pickleLibolm(key));
        assert.equal(oldKeys(oa).curve25519, a.identityKeys.curve25519);
        assert.equal(oldKeys(oa).ed25519, a.identityKeys.ed25519);
        assert.equal(oa.sign("x"), a.sign("x"));
        /* old -> idiomatic, and identical re-pickles */
        const b = C.Account.fromLibolmPickle(oa.pickle(key), key);
        assert.deepEqual(b.identityKeys, a.identityKeys);
        assert.equal(b.pickleLibolm(key), oa.pickle(key));
        const g = new (O().OutboundGroupSession)();
        g.create();
        const g2 = C.OutboundGroupSession.fromLibolmPickle(g.pickle(key), key);
        assert.equal(g2.id, g.session_id());
        assert.equal(g2.pickleLibolm(key), g.pickle(key));
        const gi = new (O().InboundGroupSession)();
        gi.unpickle(key, C.InboundGroupSession.create(g.session_key()).pickleLibolm(key));
        assert.equal(gi.decrypt(g2.encrypt("pickled")).plaintext, "pickled");
        const pd = new (O().PkDecryption)();
        const pub = pd.generate_key();
        const pd2 = C.PkDecryption.fromLibolmPickle(pd.pickle(key), key);
        assert.equal(pd2.publicKey, pub);
        const pd3 = new (O().PkDecryption)();
        assert.equal(pd3.unpickle(key, pd2.pickleLibolm(key)), pub);
        /* an Olm session: libolm's pickle needs the peer key on the way in */
        const alice = C.Account.create();
        b.markKeysAsPublished();
        const otk = b.oneTimeKeys();
        assert.equal(otk.length, 0);
        b.generateOneTimeKeys(1);
        const s = C.Session.createOutbound(alice, b.identityKeys.curve25519, b.oneTimeKeys()[0].key);
        const os = new (O().Session)();
        os.unpickle(key, s.pickleLibolm(key));
        assert.equal(os.session_id(), s.id);
        const m = os.encrypt("via old pickle");
        const got = C.Session.createInbound(b, m.body);
        assert.equal(text(got.plaintext), "via old pickle");
        const s2 = C.Session.fromLibolmPickle(os.pickle(key), key, b.identityKeys.curve25519);
        assert.equal(s2.pickleLibolm(key), os.pickle(key));
        for (const o of [a, b, g2, pd2, alice, s, got.session, s2]) {
            o.free();
        }
        for (const o of [oa, g, gi, pd, pd3, os]) {
            o.free();
        }
    });

    test(`PK, signing and SAS agree with ${which}'s olm.js`, { skip }, () => {
        const priv = pickleKey(11);
        const d = C.PkDecryption.fromPrivateKey(priv);
        const od = new (O().PkDecryption)();
        assert.equal(od.init_with_private_key(priv), d.publicKey);
        const oe = new (O().PkEncryption)();
        oe.set_recipient_key(d.publicKey);
        const b = oe.encrypt("backup ✓");
        assert.equal(text(d.decryptLegacyBackup(b)), "backup ✓");
        const e = C.PkEncryption.create(d.publicKey);
        const b2 = e.encryptLegacyBackup("backup 2");
        assert.equal(od.decrypt(b2.ephemeral, b2.mac, b2.ciphertext), "backup 2");
        const seed = pickleKey(12);
        const sg = C.PkSigning.fromSeed(seed);
        const osg = new (O().PkSigning)();
        assert.equal(osg.init_with_seed(seed), sg.publicKey);
        assert.equal(osg.sign("cross"), sg.sign("cross"));
        const sas = C.Sas.create();
        const osas = new (O().SAS)();
        sas.setTheirKey(osas.get_pubkey());
        osas.set_their_key(sas.publicKey);
        assert.deepEqual(Array.from(sas.generateBytes("info", 6)),
                         Array.from(osas.generate_bytes("info", 6)));
        assert.equal(sas.calculateMac("m", "i"), osas.calculate_mac_fixed_base64("m", "i"));
        assert.equal(sas.calculateMacLegacyBase64("m", "i"), osas.calculate_mac("m", "i"));
        assert.equal(sas.calculateMacLongKdf("m", "i"), osas.calculate_mac_long_kdf("m", "i"));
        assert.equal(C.sha256("abc"), new (O().Utility)().sha256("abc"));
        for (const o of [d, e, sg, sas]) {
            o.free();
        }
        for (const o of [od, oe, osg, osas]) {
            o.free();
        }
    });
}

test("the idiomatic API takes bytes where olm.js took strings: the same results", () => {
    const s = C.PkSigning.fromSeed(pickleKey(1));
    assert.equal(s.sign(enc.encode("ü")), s.sign("ü"));
    s.free();
});
