/*
 * make js-bench: cliquet's olm.js and libolm's side by side in one node
 * process, the same operations through the same API. Usage:
 *   node bench.js CLIQUET_OLM_JS LIBOLM_OLM_JS
 * Each operation runs for about 0.5 s per build; prints microseconds per
 * operation and libolm / cliquet (above 1: cliquet is faster).
 */
"use strict";

function rate(fn) {
    for (let i = 0; i < 20; i++) {
        fn();
    }
    let n = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < 500000000n) {
        for (let i = 0; i < 10; i++) {
            fn();
        }
        n += 10;
        elapsed = process.hrtime.bigint() - start;
    }
    return Number(elapsed) / 1000 / n;
}

function operations(Olm) {
    const text = "x".repeat(256);
    const out = new Olm.OutboundGroupSession();
    out.create();
    const inb = new Olm.InboundGroupSession();
    inb.create(out.session_key());
    const message = out.encrypt(text);

    const alice = new Olm.Account();
    const bob = new Olm.Account();
    alice.create();
    bob.create();
    bob.generate_one_time_keys(1);
    const a = new Olm.Session();
    a.create_outbound(alice, JSON.parse(bob.identity_keys()).curve25519,
                      Object.values(JSON.parse(bob.one_time_keys()).curve25519)[0]);
    const first = a.encrypt("hi");
    const b = new Olm.Session();
    b.create_inbound(bob, first.body);
    b.decrypt(first.type, first.body);

    return {
        "account create": () => {
            const x = new Olm.Account();
            x.create();
            x.free();
        },
        "olm ping-pong (2 encrypt + 2 decrypt)": () => {
            const m = a.encrypt(text);
            b.decrypt(m.type, m.body);
            const r = b.encrypt(text);
            a.decrypt(r.type, r.body);
        },
        "megolm encrypt 256 B": () => out.encrypt(text),
        "megolm decrypt 256 B": () => inb.decrypt(message),
    };
}

/*
 * What the AES costs. A legacy backup (PK) is X25519, HKDF, AES-256-CBC and
 * base64, with a "MAC" of the empty message: the same call on 16 KiB and
 * on 256 B differs by the CBC and base64 of 16128 bytes, the fixed costs
 * cancel. Megolm adds an HMAC-SHA-256 and an Ed25519 signature (SHA-512)
 * over the whole message, measured on their own beside it.
 */
const BIG = 16384; /* libolm's olm.js copies a message to its stack to sign it: 64 KiB overflows */
const SMALL = 256;

function bigOperations(Olm) {
    const big = "x".repeat(BIG);
    const small = "x".repeat(SMALL);
    const out = new Olm.OutboundGroupSession();
    out.create();
    const inb = new Olm.InboundGroupSession();
    inb.create(out.session_key());
    const message = out.encrypt(big);
    const sas = new Olm.SAS();
    const other = new Olm.SAS();
    sas.set_their_key(other.get_pubkey());
    const signing = new Olm.PkSigning();
    signing.init_with_seed(signing.generate_seed());
    const pd = new Olm.PkDecryption();
    const pe = new Olm.PkEncryption();
    pe.set_recipient_key(pd.generate_key());
    const bigBackup = pe.encrypt(big);
    const smallBackup = pe.encrypt(small);
    return {
        "megolm encrypt 16 KiB": () => out.encrypt(big),
        "megolm decrypt 16 KiB": () => inb.decrypt(message),
        "HMAC-SHA-256 16 KiB (SAS MAC)": () => sas.calculate_mac_fixed_base64(big, "info"),
        "Ed25519 sign 16 KiB (PkSigning)": () => signing.sign(big),
        "PK encrypt 16 KiB": () => pe.encrypt(big),
        "PK encrypt 256 B": () => pe.encrypt(small),
        "PK decrypt 16 KiB": () => pd.decrypt(bigBackup.ephemeral, bigBackup.mac, bigBackup.ciphertext),
        "PK decrypt 256 B": () => pd.decrypt(smallBackup.ephemeral, smallBackup.mac,
                                             smallBackup.ciphertext),
    };
}

function row(name, tc, tl) {
    console.log(name.padEnd(40) + tc.toFixed(1).padStart(10) + tl.toFixed(1).padStart(12) +
                (tl / tc).toFixed(2).padStart(17));
}

async function main() {
    const [cliquetPath, libolmPath] = process.argv.slice(2);
    const C = require(cliquetPath);
    await C.init();
    const L = require(libolmPath);
    await L.init();
    const c = operations(C);
    const l = operations(L);
    console.log("operation                               cliquet us   libolm us   libolm/cliquet");
    for (const name of Object.keys(c)) {
        row(name, rate(c[name]), rate(l[name]));
    }
    const bc = bigOperations(C);
    const bl = bigOperations(L);
    const tc = {};
    const tl = {};
    for (const name of Object.keys(bc)) {
        tc[name] = rate(bc[name]);
        tl[name] = rate(bl[name]);
        row(name, tc[name], tl[name]);
    }
    const kib = (BIG - SMALL) / 1024;
    const per = (t, op) => (t[`PK ${op} 16 KiB`] - t[`PK ${op} 256 B`]) / kib;
    row("AES-CBC encrypt + base64, us per KiB", per(tc, "encrypt"), per(tl, "encrypt"));
    row("AES-CBC decrypt + base64, us per KiB", per(tc, "decrypt"), per(tl, "decrypt"));
}

main();
