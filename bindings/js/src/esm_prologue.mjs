/*
 * bindings/js: the start of cliquet.mjs, before emscripten's module factory.
 * SPDX-License-Identifier: Apache-2.0
 *
 * emscripten 3.1.6 writes one factory for every environment; in node it
 * calls require() and reads __dirname, which an ES module does not have.
 * They are made here, in node only, from import.meta.url. In a browser
 * both stay undefined and the factory takes its web path. The wasm itself
 * is handed to the factory by init() (wasmBinary in node, locateFile in a
 * browser), so the factory never looks for it.
 */
const cliquetInNode = typeof process === "object" && process !== null &&
    typeof process.versions === "object" && typeof process.versions.node === "string";
const require = cliquetInNode
    ? (await import("node:module")).createRequire(import.meta.url) : undefined;
const __dirname = cliquetInNode
    ? (await import("node:url")).fileURLToPath(new URL(".", import.meta.url)) : undefined;
