// What the download is made of: dist/consent-gate.js taken apart into its JavaScript and its
// module, the module into its data and its code, each measured raw, gzip -9 and brotli -q 11.
// From those, the floor the parts that are not compiled code set for the size target: how many
// bytes of the limit they leave for the code.
import fs from "node:fs";
import path from "node:path";
import { brotli, byteString, gzip, minifyJs } from "../scripts/pack.mjs";
import { dataSegments, sections } from "./wasm-sections.mjs";

/** The module scripts/build.sh inlines into dist/consent-gate.js. */
const MODULE = "target/bindgen/consent_gate.short.wasm";

function measure(bytes) {
  return {
    raw: Buffer.byteLength(bytes),
    gzip: gzip(bytes).length,
    brotli: brotli(bytes).length,
  };
}

/**
 * The report's section. `limit` is the size target in bytes, `{ gzip, brotli }`. Throws if
 * dist/consent-gate.js does not inline the module the build left in target/bindgen.
 */
export async function composition(root, limit, { fmt }) {
  const bundle = fs.readFileSync(path.join(root, "dist/consent-gate.js"), "utf8");
  const module = fs.readFileSync(path.join(root, MODULE));
  const literal = `var WASM = ${byteString(module)};`;
  if (bundle.split(literal).length !== 2) throw new Error(`dist/consent-gate.js does not inline ${MODULE}: build again`);
  const js = bundle.replace(literal, "var WASM = '';");
  const source = (file) => fs.readFileSync(path.join(root, file), "utf8");
  const shell = await minifyJs(['"use strict";', source("src/intercept.js"), source("src/boot.js")].join("\n"));
  const data = Buffer.concat(dataSegments(module));
  const code = Buffer.concat(sections(module).filter((s) => s.id !== 11).map((s) => s.bytes));
  const notCode = `${shell}\nvar DATA = ${byteString(data)};`;
  const parts = [
    ["`dist/consent-gate.js`, as shipped", measure(bundle)],
    ["its JavaScript, without the module: wasm-bindgen's glue, interception, loader", measure(js)],
    ["… interception and loader alone (`src/intercept.js`, `src/boot.js`, minified)", measure(shell)],
    ["its module, as bytes", measure(module)],
    ["… the module's data: texts, CSS, tracker catalog, console messages, constant tables", measure(data)],
    ["… the module's code: function bodies, imports, exports, types (every section but data)", measure(code)],
    ["interception, loader and the module's data, compressed together", measure(notCode)],
  ];
  const all = parts[0][1];
  const floor = parts[parts.length - 1][1];
  const cell = (n) => n.toLocaleString("en");
  const left = (key) => Math.max(0, limit[key] - floor[key]);
  const rest = (key) => all[key] - floor[key];
  const over = (key) => (left(key) > 0 ? `${fmt(rest(key) / left(key))}×` : "to nothing");
  return `The download taken apart (each part compressed on its own; the first and last rows compressed as one):

| part | raw | gzip -9 | brotli -q 11 |
| --- | --- | --- | --- |
${parts.map(([name, s]) => `| ${name} | ${cell(s.raw)} | ${cell(s.gzip)} | ${cell(s.brotli)} |`).join("\n")}
| the size target's limit (0.8 × vanilla-cookieconsent) | | ${cell(limit.gzip)} | ${cell(limit.brotli)} |

What is not compiled code (interception and the loader, which run before the module is compiled, and the module's
data) comes to ${cell(floor.gzip)} bytes gzip and ${cell(floor.brotli)} brotli together: ${fmt((100 * floor.gzip) / limit.gzip)}% and ${fmt((100 * floor.brotli) / limit.brotli)}% of the limit. That
leaves ${cell(left("gzip"))} bytes gzip (${cell(left("brotli"))} brotli) for all the compiled code and wasm-bindgen's glue, which take about
${cell(rest("gzip"))} (${cell(rest("brotli"))}) now: they would have to shrink ${over("gzip")} (${over("brotli")}) with the features they have.
`;
}
