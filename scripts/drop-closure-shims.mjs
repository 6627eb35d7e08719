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
// js-sys's JSPI task waker is dropped the same way (about 0.5 KB with what it calls): its four
// functions sit in the table as a `RawWakerVTable`, but the gate runs no futures, and no code that
// makes a waker is left in the module.
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
  // The waker may go only while nothing makes one: every futures function left must be one the
  // waker's table entries keep (its own, waking, dropping the task).
  const leftover = /task_waker::raw_|SpawnedTask>::wake"|::drop|__wbindgen_jspi_spawn_poll/;
  for (const line of lines) {
    const name = line.startsWith(" (func ") && line.match(ref)[0];
    if (name && name.includes("::futures::") && !leftover.test(name)) {
      throw new Error(`drop-closure-shims: ${name} uses futures, so js-sys's task waker is reachable and must stay`);
    }
  }
  const at = elems[0];
  const stub = "$cg_dropped_closure_shim";
  let dropped = 0;
  lines[at] = lines[at].replace(ref, (name) => {
    const unreached = name.includes("::convert::closures::_::invoke::") || name.includes("::futures::jspi::task_waker::");
    if (!unreached || exported.has(name)) return name;
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
  console.log(`${output}: ${dropped} closure invoke shims and waker functions dropped from the function table`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
