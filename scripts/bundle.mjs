// Assembles dist/consent-gate.js: wasm-bindgen's glue, interception (src/intercept.js) and the
// loader (src/boot.js), minified together, and the optimised module as a string of bytes, in one
// IIFE so nothing but window.ConsentGate reaches the page; and dist/i18n/<code>.json, the
// built-in translations.
// Usage: node scripts/bundle.mjs <glue.js> <module.wasm> <out.js>
import fs from "node:fs";
import path from "node:path";
import { minify } from "terser";

const [glue, wasm, out] = process.argv.slice(2);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
const intercept = fs.readFileSync(path.join(root, "src/intercept.js"), "utf8");
const boot = fs.readFileSync(path.join(root, "src/boot.js"), "utf8");
const glueText = fs.readFileSync(glue, "utf8");
const bytes = fs.readFileSync(wasm);
// The code, minified as one unit (its top-level names are the IIFE's own); WASM and WASM_SIZE
// are left free, declared around it, so the minifier cannot fold the module's size check away.
const code = await minify(['"use strict";', glueText, `var VERSION = ${JSON.stringify(version)};`, intercept, boot].join("\n"), {
  toplevel: true,
  compress: { passes: 2 },
  format: { comments: false },
});
const text = [
  // A byte order mark: browsers then read the file as UTF-8 whatever the page's encoding.
  `\uFEFF/*! consent-gate ${version} | MIT */`,
  "(function () {",
  '"use strict";',
  `var WASM = ${byteString(bytes)};`,
  `var WASM_SIZE = ${bytes.length};`,
  code.code.replace(/^"use strict";/, ""),
  "})();",
  "",
].join("\n");
/**
 * The module as a JavaScript string literal with one character per byte (U+0000–U+00FF): about
 * a fifth smaller compressed than base64. Escaped: quote, backslash, line breaks, NUL (an HTML
 * parser would replace it) and `<` (so the text can be inlined in a <script> element).
 */
function byteString(bytes) {
  const escapes = { 0x00: "\\x00", 0x0a: "\\n", 0x0d: "\\r", 0x22: '\\"', 0x3c: "\\x3c", 0x5c: "\\\\" };
  let literal = '"';
  for (const b of bytes) literal += escapes[b] || String.fromCharCode(b);
  return literal + '"';
}

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, text);
console.log(`${out}: ${text.length} bytes`);

// One small file per built-in language, next to the script, minified.
const i18nOut = path.join(path.dirname(out), "i18n");
fs.mkdirSync(i18nOut, { recursive: true });
for (const file of fs.readdirSync(path.join(root, "i18n"))) {
  const json = JSON.parse(fs.readFileSync(path.join(root, "i18n", file), "utf8"));
  fs.writeFileSync(path.join(i18nOut, file), JSON.stringify(json));
}
