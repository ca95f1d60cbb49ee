/*
 * What the suites load: OLM_JS, cliquet's olm.js (default: the build in
 * build/bindings/js), and OLM_PEER, libolm's own olm.js (@matrix-org/olm
 * 3.2.15 from ../shared/peers/olm-js), or nothing when it is absent: the
 * interop tests then skip, saying why.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "../../..");
const cliquetPath = process.env.OLM_JS || path.join(root, "build/bindings/js/olm.js");

/* OLM_PEER, when set (even empty), is the only place looked at. */
function peerPath() {
    const candidates = process.env.OLM_PEER !== undefined ? [process.env.OLM_PEER]
        : [path.resolve(root, "../shared/peers/olm-js/olm.js"),
           "/work/shared/peers/olm-js/olm.js"];
    for (const c of candidates) {
        if (c && fs.existsSync(c)) {
            return c;
        }
    }
    return null;
}

async function loadCliquet() {
    const Olm = require(cliquetPath);
    await Olm.init();
    return Olm;
}

async function loadPeer() {
    const p = peerPath();
    if (p === null) {
        return null;
    }
    const Olm = require(p);
    await Olm.init();
    return Olm;
}

const PEER_MISSING = "libolm's olm.js not found (../shared/peers/olm-js absent; set OLM_PEER)";

/* The message of the Error that fn throws, or null when it does not throw. */
function thrown(fn) {
    try {
        fn();
    } catch (e) {
        if (!(e instanceof Error)) {
            throw new Error("threw a non-Error: " + String(e));
        }
        return e.message;
    }
    return null;
}

module.exports = { loadCliquet, loadPeer, peerPath, PEER_MISSING, thrown };
