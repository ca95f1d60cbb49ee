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
        const tc = rate(c[name]);
        const tl = rate(l[name]);
        console.log(name.padEnd(40) + tc.toFixed(1).padStart(10) + tl.toFixed(1).padStart(12) +
                    (tl / tc).toFixed(2).padStart(17));
    }
}

main();
