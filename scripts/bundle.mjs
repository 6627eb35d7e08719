// Assembles the two files a site serves, in <out>:
// - consent-gate.js, the stub the script tag loads (parser-blocking, so kept small): wasm-bindgen's
//   glue, the pre-start rule's table (<rules.json>, generated from the core's catalog by
//   `consent-gate-tool stub-table`) and the stub's host checks (src/stub/rules.js), interception
//   (src/stub/intercept.js) and the loader (src/stub/loader.js), minified together in one IIFE so
//   nothing but window.ConsentGate reaches the page;
// - consent-gate.<hash>.wasm, the module, which the loader fetches and compiles while it downloads.
//   Its name changes with its content (and the glue's), so it can be cached for good and a stub
//   never meets another build's module;
// and i18n/<code>.json, the built-in translations, and zones.txt, the time-zone table the loader
// fetches for a page view in a region that is not opt-in; each with its .gz and .br beside it.
// Usage: node scripts/bundle.mjs <glue.js> <module.wasm> <rules.json> <zones.txt> <out directory>
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { minifyJs, writeWithCompressed } from "./pack.mjs";

const [glue, wasm, rules, zones, out] = process.argv.slice(2);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
const stub = (name) => fs.readFileSync(path.join(root, "src/stub", name), "utf8");
const glueText = ownLoader(fs.readFileSync(glue, "utf8"));
const bytes = fs.readFileSync(wasm);
const table = JSON.parse(fs.readFileSync(rules, "utf8"));
const moduleName = `consent-gate.${crypto.createHash("sha256").update(bytes).update(glueText).digest("hex").slice(0, 12)}.wasm`;

const code = await minifyJs([
  '"use strict";',
  glueText,
  `var VERSION = ${JSON.stringify(version)};`,
  `var MODULE = ${JSON.stringify(moduleName)};`,
  `var CATALOG_RULES = new Map(${JSON.stringify(table)});`,
  stub("rules.js"),
  stub("intercept.js"),
  stub("loader.js"),
].join("\n"));
const text = `/*! consent-gate ${version} | MIT */\n(function () {\n${code}\n})();\n`;
// Plain ASCII, so the stub reads the same in a page of any encoding, inlined or not.
const foreign = /[^\x09\x0a\x0d\x20-\x7e]/.exec(text);
if (foreign) throw new Error(`bundle: the stub has a character outside ASCII (U+${foreign[0].codePointAt(0).toString(16)}) at ${foreign.index}`);

/**
 * The glue with its own loader replaced: the loader (src/stub/loader.js) fetches and compiles the
 * module, so the glue needs no fetching, default URL (worked out from the script's src) or old
 * call forms. `wasm_bindgen.imports()` is the module's import object; `wasm_bindgen(instance,
 * module)` takes the instantiated module. Throws if wasm-bindgen's glue no longer has the parts
 * replaced, or if the module exports a function the glue's own names would hide.
 */
function ownLoader(glue) {
  const cut = (text, from, to, replacement) => {
    const start = text.indexOf(from);
    const end = text.indexOf(to, start);
    if (start < 0 || end < 0 || text.indexOf(from, start + 1) >= 0) {
      throw new Error(`bundle: wasm-bindgen's glue has changed: no single "${from.trim()}" … "${to.trim()}"`);
    }
    return text.slice(0, start) + replacement + text.slice(end + to.length);
  };
  if (/\bexports\.imports\s*=/.test(glue)) throw new Error("bundle: the module exports `imports`, a name the loader uses");
  glue = cut(glue, "    let script_src;\n", "toString();\n    }\n", "");
  return cut(glue, "    async function __wbg_load(", "    return Object.assign(__wbg_init, { initSync }, exports);",
    "    return Object.assign(__wbg_finalize_init, { imports: __wbg_get_imports }, exports);");
}

fs.mkdirSync(out, { recursive: true });
for (const old of fs.readdirSync(out)) {
  if (/^consent-gate\.[0-9a-f]+\.wasm(\.gz|\.br)?$/.test(old)) fs.rmSync(path.join(out, old));
}
writeWithCompressed(path.join(out, "consent-gate.js"), text);
writeWithCompressed(path.join(out, moduleName), bytes);
console.log(`${out}/consent-gate.js: ${text.length} bytes; ${out}/${moduleName}: ${bytes.length} bytes`);

// One small file per built-in language, next to the script, minified.
const i18nOut = path.join(out, "i18n");
fs.mkdirSync(i18nOut, { recursive: true });
for (const file of fs.readdirSync(path.join(root, "i18n"))) {
  const json = JSON.parse(fs.readFileSync(path.join(root, "i18n", file), "utf8"));
  writeWithCompressed(path.join(i18nOut, file), JSON.stringify(json));
}
writeWithCompressed(path.join(out, "zones.txt"), fs.readFileSync(zones, "utf8") + "\n");
