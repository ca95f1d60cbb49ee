/*
 * bindings/js: the browser smoke test. Both APIs in one page, the wasm
 * fetched over HTTP and random bytes from the browser's
 * crypto.getRandomValues: Olm and Megolm between the idiomatic API and the
 * libolm-compatible one both ways, libolm pickles both ways, PK, SAS,
 * ECIES (with an info prefix), a dehydrated device, and errors. Writes
 * "PASS n" or "FAIL <what>" into #result.
 */
import * as C from "./cliquet.mjs";

const out = document.getElementById("result");
const text = new TextDecoder();
let passed = 0;

function check(what, ok) {
    if (!ok) {
        throw new Error(what);
    }
    passed++;
}

async function run() {
    await C.init();
    await Olm.init();
    check("no node here", typeof process === "undefined");
    check("version", /^\d+\.\d+\.\d+$/.test(C.version()));

    /* Olm: idiomatic to olm.js and back */
    const alice = C.Account.create();
    const bob = new Olm.Account();
    bob.create();
    bob.generate_one_time_keys(1);
    const bobKeys = JSON.parse(bob.identity_keys());
    const otk = Object.values(JSON.parse(bob.one_time_keys()).curve25519)[0];
    const out1 = C.Session.createOutbound(alice, bobKeys.curve25519, otk);
    const m0 = out1.encrypt("hello from the module");
    const in1 = new Olm.Session();
    in1.create_inbound_from(bob, alice.identityKeys.curve25519, m0.body);
    check("olm.js decrypts the module's pre-key message",
          in1.decrypt(m0.type, m0.body) === "hello from the module");
    const r = in1.encrypt("reply from olm.js");
    const d = out1.decrypt(r);
    check("the module decrypts olm.js's reply", text.decode(d.plaintext) === "reply from olm.js");
    check("and says who sent it", d.senderKey === bobKeys.curve25519 && d.sessionId === out1.id);

    /* Megolm both ways */
    const room = C.OutboundGroupSession.create();
    const member = new Olm.InboundGroupSession();
    member.create(room.sessionKey);
    check("olm.js decrypts the module's Megolm", member.decrypt(room.encrypt("room")).plaintext === "room");
    const room2 = new Olm.OutboundGroupSession();
    room2.create();
    const member2 = C.InboundGroupSession.create(room2.session_key());
    const g = member2.decrypt(room2.encrypt("room 2"));
    check("the module decrypts olm.js's Megolm", text.decode(g.plaintext) === "room 2" && g.verified);

    /* libolm pickles both ways */
    const a2 = new Olm.Account();
    a2.unpickle("key", alice.pickleLibolm("key"));
    check("olm.js reads the module's pickle", JSON.parse(a2.identity_keys()).ed25519 === alice.identityKeys.ed25519);
    const a3 = C.Account.fromLibolmPickle(bob.pickle("key"), "key");
    check("the module reads olm.js's pickle", a3.identityKeys.curve25519 === bobKeys.curve25519);
    const native = new Uint8Array(32).fill(3);
    check("native pickles", C.Account.fromPickle(alice.pickle(native), native).identityKeys.ed25519
          === alice.identityKeys.ed25519);

    /* PK, SAS, ECIES */
    const pd = C.PkDecryption.create();
    const pe = new Olm.PkEncryption();
    pe.set_recipient_key(pd.publicKey);
    check("PK", text.decode(pd.decryptLegacyBackup(pe.encrypt("backup"))) === "backup");
    const s1 = C.Sas.create();
    const s2 = new Olm.SAS();
    s1.setTheirKey(s2.get_pubkey());
    s2.set_their_key(s1.publicKey);
    check("SAS", s1.calculateMac("m", "i") === s2.calculate_mac_fixed_base64("m", "i"));
    const e1 = C.EciesChannel.create();
    const e2 = C.EciesChannel.create();
    check("ECIES", text.decode(e2.establishInbound(e1.establishOutbound(e2.publicKey, "qr"))) === "qr"
          && e1.checkCode === e2.checkCode);

    /* ABI 1.2: a dehydrated device, read by olm.js's pre-key message; ECIES info */
    const dkey = new Uint8Array(32).fill(9);
    const alice2 = C.Account.fromDehydratedDevice(alice.dehydrate(dkey), dkey);
    alice2.generateOneTimeKeys(1);
    const aliceOtk = alice2.oneTimeKeys()[0].key;
    const out2 = new Olm.Session();
    out2.create_outbound(bob, alice.identityKeys.curve25519, aliceOtk);
    const m2 = out2.encrypt("to the rehydrated device");
    check("a rehydrated account reads olm.js's pre-key message",
          text.decode(C.Session.createInbound(alice2, m2.body).plaintext) === "to the rehydrated device");
    const i1 = C.EciesChannel.create({ info: "ORG_EXAMPLE" });
    const i2 = C.EciesChannel.create({ info: new TextEncoder().encode("ORG_EXAMPLE") });
    check("ECIES with an info prefix",
          text.decode(i2.establishInbound(i1.establishOutbound(i2.publicKey, "x"))) === "x");

    /* errors */
    let err = null;
    try {
        member2.decrypt("AAAA");
    } catch (e) {
        err = e;
    }
    check("CliquetError", err instanceof C.CliquetError && err.status.startsWith("CLIQUET_ERR_"));
    let olmErr = null;
    try {
        in1.decrypt(1, "AAAA");
    } catch (e) {
        olmErr = e;
    }
    check("olm.js's OLM.* errors", olmErr instanceof Error && olmErr.message.startsWith("OLM."));

    for (const o of [alice, alice2, out1, room, member2, a3, pd, s1, e1, e2, i1, i2]) {
        o.free();
    }
    for (const o of [bob, in1, out2, member, room2, a2, pe, s2]) {
        o.free();
    }
    return `PASS ${passed}`;
}

run().then((verdict) => {
    out.textContent = verdict;
}, (e) => {
    out.textContent = `FAIL after ${passed}: ${e && e.message}`;
});
