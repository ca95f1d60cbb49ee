/*
 * bindings/js: minifies a built script with terser (Debian's node-terser),
 * which emscripten's Closure Compiler step would do if Debian's emscripten
 * shipped it. Usage: node minify.cjs IN OUT [module]
 *   olm.js       a classic script: its global CliquetOlmWasm and the
 *                properties of the module object (m._olm_...) are kept;
 *                local names are shortened and dead code dropped.
 *   cliquet.mjs  an ES module (third argument "module"): exported names
 *                and class names are kept.
 * SPDX-License-Identifier: Apache-2.0
 */
"use strict";
const fs = require("fs");

const [input, output, kind] = process.argv.slice(2);
const source = fs.readFileSync(input, "utf8");

/* Without terser the build still works, only larger: said, not hidden. */
let terser;
try {
    terser = require("terser");
} catch (e) {
    console.error("minify.cjs: terser not found (Debian's node-terser): " + output +
                  " is NOT minified");
    fs.writeFileSync(output, source);
    process.exit(0);
}
const options = {
    ecma: 2020,
    module: kind === "module",
    compress: { passes: 2 },
    mangle: true,
    keep_classnames: true,
    format: { comments: /^!|SPDX|Apache-2\.0/ },
};
terser.minify(source, options).then((r) => {
    fs.writeFileSync(output, r.code + "\n");
}, (e) => {
    console.error("minify.cjs: " + e.message);
    process.exit(1);
});
