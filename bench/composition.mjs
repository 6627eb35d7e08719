// What the two files are made of: the stub (dist/consent-gate.js: wasm-bindgen's glue, the
// pre-start rule's generated table, the stub's own code) and the module (its data and its code),
// each part measured raw, gzip -9 and brotli -q 11.
import fs from "node:fs";
import path from "node:path";
import { brotli, gzip, minifyJs } from "../scripts/pack.mjs";
import { dataSegments, sections } from "./wasm-sections.mjs";

function measure(bytes) {
  return { raw: Buffer.byteLength(bytes), gzip: gzip(bytes).length, brotli: brotli(bytes).length };
}

/** The report's section for the module `moduleName` in dist/. */
export async function composition(root, moduleName) {
  const read = (file) => fs.readFileSync(path.join(root, file));
  const stub = read("dist/consent-gate.js");
  const module = read(path.join("dist", moduleName));
  const own = await minifyJs(["src/stub/rules.js", "src/stub/intercept.js", "src/stub/loader.js"].map((f) => read(f).toString()).join("\n"));
  const table = `var CATALOG_RULES = new Map(${read("target/bindgen/catalog-rules.json").toString().trim()});`;
  const parts = [
    ["the stub, `dist/consent-gate.js`, as shipped (parser-blocking)", measure(stub)],
    ["… its own code: host checks, interception, loader (`src/stub/*.js`, minified)", measure(own)],
    ["… the pre-start rule's table, generated from the catalog", measure(table)],
    [`the module, \`dist/${moduleName}\`, as shipped (fetched by the stub)`, measure(module)],
    ["… its data: texts, CSS, tracker catalog, console messages, constant tables", measure(Buffer.concat(dataSegments(module)))],
    ["… its code: function bodies, imports, exports, types (every section but data)", measure(Buffer.concat(sections(module).filter((s) => s.id !== 11).map((s) => s.bytes)))],
  ];
  const cell = (n) => n.toLocaleString("en");
  return `Each part compressed on its own (the rest of the stub is wasm-bindgen's glue: the module's imports):

| part | raw | gzip -9 | brotli -q 11 |
| --- | --- | --- | --- |
${parts.map(([name, s]) => `| ${name} | ${cell(s.raw)} | ${cell(s.gzip)} | ${cell(s.brotli)} |`).join("\n")}
`;
}
