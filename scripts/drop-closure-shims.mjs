// Drops the closure invoke shims wasm-bindgen leaves in a module's function table, so that
// wasm-opt can remove them (about 4 KB of the module).
//
// js-sys and web-sys describe every closure type their imports take (typed-array callbacks,
// promise executors …) with a function that puts the type's invoke shim in the function table.
// wasm-bindgen reads those descriptions when it generates the glue, then deletes them, but the
// table entries stay, and keep the shims. No code reaches a shim through the table: the glue
// calls the shims of the closures the gate makes through exports, and the table is not exported.
// So every invoke shim in the table that is not exported is replaced with one stub (`unreachable`);
// entries keep their positions, so no other table index changes.
//
// Needs the function names (cargo's release profile keeps them; wasm-opt --strip-debug removes
// them from what ships) and binaryen's wasm-dis and wasm-as (the npm package's).
// Usage: node scripts/drop-closure-shims.mjs <in.wasm> <out.wasm> <binaryen feature flags…>
// (the module's wasm features, as wasm-opt takes them: scripts/env.sh's WASM_OPT_FEATURES).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [input, output, ...features] = process.argv.slice(2);
const bin = path.join(path.dirname(path.dirname(new URL(import.meta.url).pathname)), "node_modules/.bin");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cg-shims-"));
try {
  const wat = path.join(work, "module.wat");
  execFileSync(path.join(bin, "wasm-dis"), [...features, input, "-o", wat]);
  const lines = fs.readFileSync(wat, "utf8").split("\n");

  // A function reference: `$name`, or `$"name"` where the name has spaces or quotes (escaped).
  const ref = /\$"(?:[^"\\]|\\.)*"|\$[^\s()"]+/g;
  const exported = new Set();
  for (const line of lines) {
    if (line.startsWith(" (export ")) for (const name of line.match(ref) || []) exported.add(name);
  }
  const elems = lines.flatMap((line, i) => (line.startsWith(" (elem ") ? [i] : []));
  if (elems.length !== 1) {
    throw new Error(`drop-closure-shims: expected one element segment in ${input}, found ${elems.length}`);
  }
  const at = elems[0];
  const stub = "$cg_dropped_closure_shim";
  let dropped = 0;
  lines[at] = lines[at].replace(ref, (name) => {
    if (!name.includes("::convert::closures::_::invoke::") || exported.has(name)) return name;
    dropped++;
    return stub;
  });
  if (dropped === 0) {
    throw new Error(
      `drop-closure-shims: no closure invoke shim in the table of ${input}: are the function names kept? ` +
        "(If wasm-bindgen no longer leaves them, this build step can go.)",
    );
  }
  lines.splice(at + 1, 0, ` (func ${stub} (unreachable))`);
  fs.writeFileSync(wat, lines.join("\n"));
  execFileSync(path.join(bin, "wasm-as"), [...features, wat, "-g", "-o", output]);
  console.log(`${output}: ${dropped} closure invoke shims dropped from the function table`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
