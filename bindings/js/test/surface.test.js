/*
 * The surface: every class, method and export that libolm's index.d.ts
 * (@matrix-org/olm 3.2.15, next to its olm.js) declares exists in cliquet's
 * olm.js with the declared kind. The declarations are read, not copied.
 */
"use strict";
const { test, before } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");
const { loadCliquet, peerPath, PEER_MISSING } = require("./load.js");

const dts = peerPath() && path.join(path.dirname(peerPath()), "index.d.ts");
const skip = dts && fs.existsSync(dts) ? false : PEER_MISSING + " (index.d.ts)";

let Olm;
before(async () => {
    Olm = await loadCliquet();
});

/* { ClassName: [method, ...] } and the exported functions and constants. */
function declarations(text) {
    const classes = {};
    const re = /declare class (\w+) \{([\s\S]*?)\n\}/g;
    let m;
    while ((m = re.exec(text)) !== null) {
        const methods = [];
        for (const line of m[2].split("\n")) {
            const d = /^\s{4}(\w+)\(/.exec(line);
            if (d && d[1] !== "constructor") {
                methods.push(d[1]);
            }
        }
        classes[m[1]] = methods;
    }
    const functions = [...text.matchAll(/export function (\w+)\(/g)].map((x) => x[1]);
    const constants = [...text.matchAll(/export const (\w+):/g)].map((x) => x[1]);
    return { classes, functions, constants };
}

test("every class and method of libolm's index.d.ts is there", { skip }, () => {
    const { classes, functions, constants } = declarations(fs.readFileSync(dts, "utf8"));
    assert.equal(Object.keys(classes).length, 9);
    const missing = [];
    let count = 0;
    for (const [name, methods] of Object.entries(classes)) {
        if (typeof Olm[name] !== "function") {
            missing.push(name);
            continue;
        }
        for (const method of methods) {
            count++;
            if (typeof Olm[name].prototype[method] !== "function") {
                missing.push(name + "." + method);
            }
        }
    }
    for (const f of functions) {
        if (typeof Olm[f] !== "function") {
            missing.push(f);
        }
    }
    for (const c of constants) {
        if (typeof Olm[c] !== "number") {
            missing.push(c);
        }
    }
    assert.deepEqual(missing, []);
    assert.ok(count > 60, "read " + count + " methods");
    console.log("surface: " + count + " methods");
});
