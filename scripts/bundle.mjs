// Assembles dist/consent-gate.js: wasm-bindgen's glue, interception (src/intercept.js) and the
// loader (src/boot.js), minified together, and the optimised module as a string of bytes, in one
// IIFE so nothing but window.ConsentGate reaches the page; and dist/i18n/<code>.json, the
// built-in translations; each with its .gz and .br beside it.
// Usage: node scripts/bundle.mjs <glue.js> <module.wasm> <out.js>
import fs from "node:fs";
import path from "node:path";
import { byteString, minifyJs, writeWithCompressed } from "./pack.mjs";

const [glue, wasm, out] = process.argv.slice(2);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
const intercept = fs.readFileSync(path.join(root, "src/intercept.js"), "utf8");
const boot = fs.readFileSync(path.join(root, "src/boot.js"), "utf8");
const glueText = ownLoader(fs.readFileSync(glue, "utf8"));
const bytes = fs.readFileSync(wasm);
// The code, minified as one unit (its top-level names are the IIFE's own); WASM and WASM_SIZE
// are left free, declared around it, so the minifier cannot fold the module's size check away.
const code = await minifyJs(['"use strict";', glueText, `var VERSION = ${JSON.stringify(version)};`, intercept, boot].join("\n"));
const text = [
  // A byte order mark: browsers then read the file as UTF-8 whatever the page's encoding.
  `\uFEFF/*! consent-gate ${version} | MIT */`,
  "(function () {",
  '"use strict";',
  `var WASM = ${byteString(bytes)};`,
  `var WASM_SIZE = ${bytes.length};`,
  code.replace(/^"use strict";/, ""),
  "})();",
  "",
].join("\n");
/**
 * The glue with its own loader replaced: the loader (src/boot.js) compiles the bytes it has, so
 * the glue needs no fetching, streaming, default URL (worked out from the script's src) or old
 * call forms. `wasm_bindgen.initSync(module)` instantiates a compiled module,
 * `wasm_bindgen(bytes)` compiles and instantiates asynchronously. Throws if wasm-bindgen's glue
 * no longer has the parts replaced.
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
  glue = cut(glue, "    let script_src;\n", "toString();\n    }\n", "");
  return cut(glue, "    async function __wbg_load(", "    return Object.assign(__wbg_init, { initSync }, exports);", `    function initSync(module) {
        return __wbg_finalize_init(new WebAssembly.Instance(module, __wbg_get_imports()), module);
    }
    function __wbg_init(bytes) {
        return WebAssembly.instantiate(bytes, __wbg_get_imports()).then(function (r) { return __wbg_finalize_init(r.instance, r.module); });
    }
    return Object.assign(__wbg_init, { initSync }, exports);`);
}

fs.mkdirSync(path.dirname(out), { recursive: true });
writeWithCompressed(out, text);
console.log(`${out}: ${text.length} characters`);

// One small file per built-in language, next to the script, minified.
const i18nOut = path.join(path.dirname(out), "i18n");
fs.mkdirSync(i18nOut, { recursive: true });
for (const file of fs.readdirSync(path.join(root, "i18n"))) {
  const json = JSON.parse(fs.readFileSync(path.join(root, "i18n", file), "utf8"));
  writeWithCompressed(path.join(i18nOut, file), JSON.stringify(json));
}
