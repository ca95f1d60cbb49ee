/*
 * The idiomatic API (cliquet.mjs), part 7: the ECIES channel's info prefix
 * (ABI 1.2, EciesChannel.create({ info }); docs/ecies.md). Channels of one
 * prefix talk both ways, given as bytes or as a string; another prefix is
 * refused as CLIQUET_ERR_BAD_MESSAGE_MAC and leaves the channel fresh; 128
 * bytes are taken, 129 refused; and vectors/ecies/info.txt (computed with
 * OpenSSL, not cliquet) is met byte for byte, the private keys fixed.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { loadModule, enc, text, throwsStatus, readVectors, hex, withRandom } from "./esm.mjs";

let C;
before(async () => {
    C = await loadModule();
});

/* g shows its key, s establishes toward it; both then talk both ways. */
function talk(g, s, label) {
    const initial = s.establishOutbound(g.publicKey, `initial, ${label}`);
    assert.equal(text(g.establishInbound(initial)), `initial, ${label}`, label);
    assert.equal(g.checkCode, s.checkCode, label);
    assert.deepEqual(g.checkCodeBytes, s.checkCodeBytes, label);
    assert.equal(text(g.decrypt(s.encrypt(`s to g, ${label}`))), `s to g, ${label}`, label);
    assert.equal(text(s.decrypt(g.encrypt(`g to s, ${label}`))), `g to s, ${label}`, label);
    return g.checkCodeBytes;
}

test("channels of one info prefix talk both ways, the prefix as bytes or as a string", () => {
    const info = "ORG_EXAMPLE_SECURE_CHANNEL";
    const pairs = [
        [C.EciesChannel.create({ info }), C.EciesChannel.create({ info })],
        [C.EciesChannel.create({ info: enc.encode(info) }), C.EciesChannel.create({ info })],
        [C.EciesChannel.create({ info }), C.EciesChannel.create({ info: enc.encode(info) })],
        /* A non-ASCII prefix: its UTF-8 bytes are the prefix. */
        [C.EciesChannel.create({ info: "CANAL_SÉCURISÉ" }),
         C.EciesChannel.create({ info: enc.encode("CANAL_SÉCURISÉ") })],
        /* The empty prefix is a prefix (vodozemac allows it). */
        [C.EciesChannel.create({ info: "" }), C.EciesChannel.create({ info: new Uint8Array(0) })],
        /* The default is MSC4108's prefix, and no options, {} or null say it. */
        [C.EciesChannel.create(), C.EciesChannel.create({ info: "MATRIX_QR_CODE_LOGIN" })],
        [C.EciesChannel.create({}), C.EciesChannel.create(null)],
    ];
    pairs.forEach(([g, s], i) => {
        talk(g, s, `pair ${i}`);
        g.free();
        s.free();
    });
});

test("another info prefix is refused as CLIQUET_ERR_BAD_MESSAGE_MAC, the channel left fresh", () => {
    const cases = [
        ["ORG_EXAMPLE_A", "ORG_EXAMPLE_B"],
        ["ORG_EXAMPLE", undefined],
        ["", undefined],
        ["MATRIX_QR_CODE_LOGIN", "MATRIX_QR_CODE_LOGIN\0"],
    ];
    for (const [gInfo, sInfo] of cases) {
        const g = C.EciesChannel.create({ info: gInfo });
        const s = C.EciesChannel.create({ info: sInfo });
        const initial = s.establishOutbound(g.publicKey, "secret");
        const e = throwsStatus(C, () => g.establishInbound(initial), "CLIQUET_ERR_BAD_MESSAGE_MAC");
        assert.equal(e.func, "cliquet_ecies_channel_establish_inbound");
        /* Still fresh: a channel of its own prefix establishes with it. */
        const right = C.EciesChannel.create({ info: gInfo });
        talk(g, right, JSON.stringify(gInfo));
        for (const o of [g, s, right]) {
            o.free();
        }
    }
});

test("an info prefix of 128 bytes is taken, 129 refused as CLIQUET_ERR_INPUT_TOO_LARGE", () => {
    const g = C.EciesChannel.create({ info: new Uint8Array(128).fill(0x50) });
    const s = C.EciesChannel.create({ info: "P".repeat(128) });
    talk(g, s, "128 bytes");
    for (const info of [new Uint8Array(129), "P".repeat(129), "é".repeat(65)]) {
        const e = throwsStatus(C, () => C.EciesChannel.create({ info }),
                               "CLIQUET_ERR_INPUT_TOO_LARGE");
        assert.equal(e.func, "cliquet_ecies_channel_new_with_info");
    }
    /* 64 characters, 128 bytes of UTF-8: the bytes count. */
    C.EciesChannel.create({ info: "é".repeat(64) }).free();
    assert.throws(() => C.EciesChannel.create({ info: 5 }), TypeError);
    assert.throws(() => C.EciesChannel.create({ info: [1, 2] }), TypeError);
    assert.throws(() => C.EciesChannel.create("MATRIX_QR_CODE_LOGIN"), TypeError);
    g.free();
    s.free();
});

test("vectors/ecies/info.txt: the transcripts byte for byte, the private keys fixed", () => {
    const rows = readVectors("vectors/ecies/info.txt");
    assert.equal(rows.length, 5);
    let runs = 0;
    for (const v of rows) {
        const infoBytes = hex(v.info);
        /* Each row as bytes and as the string they are the UTF-8 of; the
         * default prefix also from create() without options. */
        const forms = [{ info: infoBytes }, { info: text(infoBytes) }];
        if (text(infoBytes) === "MATRIX_QR_CODE_LOGIN") {
            forms.push(undefined);
        }
        for (const options of forms) {
            const g = withRandom([hex(v.g_random)], () => C.EciesChannel.create(options));
            const s = withRandom([hex(v.s_random)], () => C.EciesChannel.create(options));
            const initial = s.establishOutbound(g.publicKey, hex(v.initial_plaintext));
            assert.equal(initial, v.initial_message);
            assert.deepEqual(g.establishInbound(initial), hex(v.initial_plaintext));
            assert.deepEqual(g.checkCodeBytes, hex(v.check_code_bytes));
            assert.deepEqual(s.checkCodeBytes, hex(v.check_code_bytes));
            assert.equal(s.checkCode, Number(v.check_code));
            assert.equal(g.checkCode, Number(v.check_code));
            assert.equal(s.encrypt(hex(v.s_plaintext)), v.s_message);
            assert.deepEqual(g.decrypt(v.s_message), hex(v.s_plaintext));
            assert.equal(g.encrypt(hex(v.g_plaintext)), v.g_message);
            assert.deepEqual(s.decrypt(v.g_message), hex(v.g_plaintext));
            g.free();
            s.free();
            runs++;
        }
    }
    assert.equal(runs, 11);
});
