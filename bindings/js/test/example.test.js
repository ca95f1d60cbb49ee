/*
 * bindings/js/example.js, the README's example, runs on cliquet's olm.js
 * and, unchanged, on libolm's, with the same output; and the README shows
 * that very file.
 */
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { peerPath, PEER_MISSING } = require("./load.js");

const example = path.join(__dirname, "..", "example.js");
const cliquet = process.env.OLM_JS || path.resolve(__dirname, "../../../build/bindings/js/olm.js");

function run(olmJs) {
    return execFileSync(process.execPath, [example],
                        { env: { ...process.env, OLM_JS: olmJs }, encoding: "utf8" });
}

test("the example runs on cliquet's build", () => {
    assert.equal(run(cliquet), "Hello, Bob\nHello, room\n");
});

test("the same example prints the same on libolm's build",
     { skip: peerPath() === null ? PEER_MISSING : false }, () => {
    assert.equal(run(peerPath()), run(cliquet));
});

test("the README shows both examples as they are", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    for (const file of [example, path.join(__dirname, "..", "example.mjs")]) {
        const body = fs.readFileSync(file, "utf8").trimEnd().split("\n")
            .map((l) => (l === "" ? "" : "    " + l)).join("\n");
        assert.ok(readme.includes(body), `README.md must show ${path.basename(file)}, indented by 4`);
    }
});

/* make js-pack's package/ directory: node resolves it by its package.json. */
test("the example runs on the packed package directory",
     { skip: process.env.OLM_PACKAGE ? false : "OLM_PACKAGE not set (make js-test sets it)" },
     () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(process.env.OLM_PACKAGE, "package.json"),
                                           "utf8"));
    assert.equal(pkg.main, "olm.js");
    for (const f of pkg.files) {
        assert.ok(fs.existsSync(path.join(process.env.OLM_PACKAGE, f)), f);
    }
    assert.equal(run(process.env.OLM_PACKAGE), "Hello, Bob\nHello, room\n");
});
