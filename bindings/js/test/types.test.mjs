/*
 * The declarations are complete and true: every export, class, static,
 * method and getter of cliquet.mjs is in cliquet.d.mts and the other way
 * round, and likewise for olm.js and olm.d.ts. (tsc checks their types in
 * package.test.mjs.)
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadModule, load, root } from "./esm.mjs";

let C;
let Olm;
before(async () => {
    C = await loadModule();
    Olm = await load.loadCliquet();
});

/* Member names of each class body in a declaration file: { Class: { statics, members } }. */
function declaredClasses(text) {
    const classes = {};
    for (const m of text.matchAll(/class (\w+)(?: extends \w+)? \{([\s\S]*?)\n\s*\}/g)) {
        const statics = new Set();
        const members = new Set();
        for (const line of m[2].split("\n")) {
            const s = line.match(/^\s*static (\w+)\(/);
            const f = line.match(/^\s*(?:readonly )?(\w+)[(:]/);
            if (s) {
                statics.add(s[1]);
            } else if (f && f[1] !== "constructor") {
                members.add(f[1]);
            }
        }
        classes[m[1]] = { statics, members };
    }
    return classes;
}

function runtimeMembers(cls, stopAt) {
    const members = new Set();
    for (let p = cls.prototype; p && p !== stopAt; p = Object.getPrototypeOf(p)) {
        for (const k of Object.getOwnPropertyNames(p)) {
            if (k !== "constructor") {
                members.add(k);
            }
        }
    }
    return members;
}

const sorted = (s) => [...s].sort();

test("cliquet.d.mts declares exactly what cliquet.mjs exports", () => {
    const text = fs.readFileSync(path.join(root, "bindings/js/cliquet.d.mts"), "utf8");
    const exported = new Set([...text.matchAll(/^export (?:function|class|const) (\w+)/gm)].map((m) => m[1]));
    assert.deepEqual(sorted(exported), sorted(Object.keys(C)));
    const classes = declaredClasses(text);
    const handle = classes.Handle.members;
    assert.deepEqual(sorted(handle), ["free", "freed"]);
    for (const name of Object.keys(C)) {
        const v = C[name];
        if (typeof v !== "function" || !/^class /.test(Function.prototype.toString.call(v))) {
            continue;
        }
        const declared = classes[name];
        assert.ok(declared, `class ${name} is declared`);
        if (name === "CliquetError") {
            continue; /* fields, set in its constructor: checked below */
        }
        const runtime = runtimeMembers(v, Object.prototype);
        assert.deepEqual(sorted(runtime), sorted(new Set([...declared.members, ...handle])), name);
        const statics = new Set(Object.getOwnPropertyNames(v).filter(
            (k) => typeof v[k] === "function"));
        assert.deepEqual(sorted(statics), sorted(declared.statics), `${name} statics`);
    }
    const e = (() => { try { C.base64Decode("A"); } catch (x) { return x; } })();
    assert.deepEqual(sorted(Object.keys(e)), ["code", "func", "name", "status"]);
    assert.deepEqual(sorted(classes.CliquetError.members), ["code", "func", "name", "status"]);
});

test("olm.d.ts declares exactly what olm.js exports", () => {
    const text = fs.readFileSync(path.join(root, "bindings/js/olm.d.ts"), "utf8");
    const classes = declaredClasses(text);
    const functions = [...text.matchAll(/^\s*function (\w+)\(/gm)].map((m) => m[1]);
    const constants = [...text.matchAll(/^\s*const (\w+):/gm)].map((m) => m[1]);
    assert.deepEqual(sorted(Object.keys(Olm)),
                     sorted([...Object.keys(classes), ...functions, ...constants]));
    for (const [name, declared] of Object.entries(classes)) {
        assert.deepEqual(sorted(runtimeMembers(Olm[name], Object.prototype)),
                         sorted(declared.members), name);
    }
});

test("every declared function, static, method and getter is used by the idiomatic suites", () => {
    const text = fs.readFileSync(path.join(root, "bindings/js/cliquet.d.mts"), "utf8");
    const dir = path.join(root, "bindings/js/test");
    const suites = fs.readdirSync(dir).filter((f) => /^idiomatic-.*\.test\.mjs$/.test(f))
        .map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
    const names = new Set([...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1]));
    for (const [cls, { statics, members }] of Object.entries(declaredClasses(text))) {
        if (cls !== "CliquetError") {
            for (const n of [...statics, ...members]) {
                names.add(n);
            }
        }
    }
    const unused = [...names].filter((n) => !new RegExp(`\\.${n}\\b`).test(suites));
    assert.deepEqual(unused, []);
    assert.ok(names.size >= 60, `only ${names.size} names found: the parse is wrong`);
});
