/*
 * Secrets that crossed wasm memory are gone from it after the call: pickle
 * keys, pickles, plaintexts; private keys and seeds once their object is
 * freed. A fresh node process
 * gets the emscripten module through init's onRuntimeInitialized (called
 * with the module as this) and searches all of wasm memory for them.
 */
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("child_process");
const path = require("path");

const olmJs = process.env.OLM_JS || path.resolve(__dirname, "../../../build/bindings/js/olm.js");

const script = `
const Olm = require(${JSON.stringify(olmJs)});
let mod = null;
Olm.init({ onRuntimeInitialized() { mod = this; } }).then(() => {
    const enc = new TextEncoder();
    const found = [];
    let got = null;
    function absent(label, text) {
        const needle = typeof text === "string" ? enc.encode(text) : text;
        const heap = mod.HEAPU8;
        outer: for (let i = 0; i + needle.length <= heap.length; i++) {
            for (let j = 0; j < needle.length; j++) {
                if (heap[i + j] !== needle[j]) continue outer;
            }
            found.push(label);
            return;
        }
    }
    /* Each secret is looked for right after the call that handled it
     * (before later calls can reuse the freed memory), by its middle
     * bytes (the allocator writes its own words at a freed block's start). */
    const mid = (t) => (typeof t === "string" ? t.slice(16, 48) : t.slice(8, 24));
    const key = "pickle-key-that-must-not-stay-in-wasm-memory-0123456789abcdefgh";
    const a = new Olm.Account(); a.create();
    const pickle = a.pickle(key);
    absent("pickle key (pickle)", mid(key));
    absent("account pickle", mid(pickle));
    const a2 = new Olm.Account(); a2.unpickle(key, pickle);
    absent("pickle key (unpickle)", mid(key));
    absent("account pickle (unpickle)", mid(pickle));
    const b = new Olm.Account(); b.create(); b.generate_one_time_keys(1);
    const s = new Olm.Session();
    s.create_outbound(a, JSON.parse(b.identity_keys()).curve25519,
                      Object.values(JSON.parse(b.one_time_keys()).curve25519)[0]);
    const secretText = "olm-plaintext-that-must-not-stay-in-wasm-memory-0123456789abcdef";
    const m = s.encrypt(secretText);
    absent("olm plaintext (encrypt)", mid(secretText));
    const r = new Olm.Session(); r.create_inbound(b, m.body);
    got = r.decrypt(m.type, m.body);
    absent("olm plaintext (decrypt)", mid(secretText));
    const g = new Olm.OutboundGroupSession(); g.create();
    const gi = new Olm.InboundGroupSession(); gi.create(g.session_key());
    const groupText = "megolm-plaintext-that-must-not-stay-in-wasm-memory-0123456789ab";
    const c = g.encrypt(groupText);
    absent("megolm plaintext (encrypt)", mid(groupText));
    gi.decrypt(c);
    absent("megolm plaintext (decrypt)", mid(groupText));
    const d = new Olm.PkDecryption(); d.generate_key();
    const priv = d.get_private_key();
    const sg = new Olm.PkSigning(); const seed = sg.generate_seed(); sg.init_with_seed(seed);
    d.free();
    sg.free();
    absent("freed pk private key", mid(priv));
    absent("freed signing seed", mid(seed));
    /* the search works: it finds bytes planted in wasm memory */
    const planted = enc.encode("planted-needle-0123456789abcdefghijklmnop");
    const at = mod._malloc(planted.length);
    mod.HEAPU8.set(planted, at);
    absent("planted", planted);
    mod._free(at);
    console.log(JSON.stringify({ found, got }));
});
`;

test("no pickle key, pickle, plaintext or freed key is left in wasm memory", () => {
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
    assert.equal(out.got, "olm-plaintext-that-must-not-stay-in-wasm-memory-0123456789abcdef");
    assert.deepEqual(out.found, ["planted"]);
});
