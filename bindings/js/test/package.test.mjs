/*
 * The npm package that make js-pack writes with `npm pack`: the tarball
 * holds what package.json promises (its files, its exports' targets);
 * `npm install <tarball> --offline` puts it in a fresh project, where both
 * examples run by the package's name and tsc --strict type-checks
 * test/types/check.mts and example.mjs against the installed declarations.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "./esm.mjs";

const tgz = process.env.CLIQUET_TGZ;
const skip = tgz && fs.existsSync(tgz) ? false : "CLIQUET_TGZ not set (make js-test sets it)";
const hasTsc = spawnSync("tsc", ["--version"]).status === 0;
const js = path.join(root, "bindings/js");
let dir = null;

before(() => {
    if (skip) {
        return;
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cliquet-npm-"));
    fs.writeFileSync(path.join(dir, "package.json"),
                     JSON.stringify({ name: "cliquet-example", private: true, type: "module" }));
    execFileSync("npm", ["install", tgz, "--offline", "--no-audit", "--no-fund", "--silent",
                         "--cache", path.join(dir, ".npm-cache")], { cwd: dir });
    for (const f of ["example.mjs", "example.js", "test/types/check.mts"]) {
        fs.copyFileSync(path.join(js, f), path.join(dir, path.basename(f)));
    }
    /* example.js is CommonJS: in a "type": "module" project it is a .cjs */
    fs.renameSync(path.join(dir, "example.js"), path.join(dir, "example.cjs"));
});

after(() => {
    if (dir !== null) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("the tarball holds package.json's files and its exports' targets", { skip }, () => {
    const listed = execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).trim().split("\n");
    const pkg = JSON.parse(execFileSync("tar", ["-xzOf", tgz, "package/package.json"],
                                        { encoding: "utf8" }));
    assert.deepEqual(listed.sort(), ["package.json", ...pkg.files].map((f) => "package/" + f).sort());
    const targets = [pkg.main, pkg.types];
    for (const v of Object.values(pkg.exports)) {
        targets.push(...(typeof v === "string" ? [v] : Object.values(v)));
    }
    for (const t of targets) {
        assert.ok(listed.includes("package/" + t.replace(/^\.\//, "")), t);
    }
    assert.equal(pkg.exports["./cliquet"].import, "./cliquet.mjs");
    assert.equal(pkg.exports["."].default, "./olm.js");
});

test("installed offline, the idiomatic example runs by the package's name", { skip }, () => {
    const out = execFileSync(process.execPath, ["example.mjs"], { cwd: dir, encoding: "utf8" });
    assert.equal(out, "Hello, Bob true\nHello, room 0 true\nCLIQUET_ERR_BAD_BASE64 20\n");
});

test("installed offline, the @matrix-org/olm example runs with require('@cliquet/olm')",
     { skip }, () => {
    const out = execFileSync(process.execPath, ["example.cjs"],
                             { cwd: dir, encoding: "utf8", env: { ...process.env, OLM_JS: "@cliquet/olm" } });
    assert.equal(out, "Hello, Bob\nHello, room\n");
});

test("tsc --strict: check.mts and example.mjs against the installed declarations",
     { skip: skip || (hasTsc ? false : "tsc not installed (Debian's node-typescript)") }, () => {
    const r = spawnSync("tsc", ["--noEmit", "--strict", "--target", "es2022", "--module", "node16",
                                "--moduleResolution", "node16", "--lib", "es2022,dom",
                                "--allowJs", "--checkJs",
                                "check.mts", "example.mjs"], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
});
