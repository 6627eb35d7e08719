// What each build step buys: the module and the stub built again with one step or switch left
// out (the compiler's release switches, the module's own allocator,
// wasm-opt, short names), each measured against the build that ships. A rebuild goes to a target
// directory of its own (target/steps/), so the shipped build is untouched; each builds the
// standard library from source again, about a minute.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { brotli, gzip } from "../scripts/pack.mjs";

/**
 * The variants: a name, what it leaves out, the shell lines run after `. scripts/env.sh` to
 * change the build (null: the shipped build's cargo output is reused), and the environment for
 * scripts/package.sh.
 */
const VARIANTS = [
  ["shipped", "nothing: the build that ships", null, {}],
  ["no-wasm-opt", "wasm-opt -Oz (binaryen)", null, { SKIP_WASM_OPT: "1" }],
  ["no-short-names", "short import and export names (scripts/short-names.mjs)", null, { SKIP_SHORT_NAMES: "1" }],
  ["std-alloc", "the module's own allocator (src/alloc.rs): the standard one instead", 'WASM_EXTRA_RUSTFLAGS="--cfg consent_gate_std_alloc"', {}],
  ["panic-abort", "panics that abort without a message (-Cpanic=immediate-abort)", 'WASM_RELEASE_RUSTFLAGS="${WASM_RELEASE_RUSTFLAGS/-Cpanic=immediate-abort/}"', {}],
  ["no-cross-crate-inline", "every function inlinable across crates (-Zcross-crate-inline-threshold=always)", 'WASM_RELEASE_RUSTFLAGS="${WASM_RELEASE_RUSTFLAGS/-Zcross-crate-inline-threshold=always/}"', {}],
  ["no-release-switches", "both compiler switches above", 'WASM_RELEASE_RUSTFLAGS=""', {}],
];

function measure(file) {
  const bytes = fs.readFileSync(file);
  return { raw: bytes.length, gzip: gzip(bytes).length, brotli: brotli(bytes).length };
}

/** The report's section, or why it could not be measured. */
export function buildSteps(root) {
  const rows = [];
  for (const [name, leftOut, change, env] of VARIANTS) {
    const dir = path.join("target/steps", name);
    let wasm = "target/wasm32-unknown-unknown/release/consent_gate.wasm";
    try {
      if (change) {
        execFileSync("bash", ["-c", `set -euo pipefail; . scripts/env.sh; ${change}; build_release_module --target-dir ${dir}/cargo`], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
        wasm = path.join(dir, "cargo/wasm32-unknown-unknown/release/consent_gate.wasm");
      }
      execFileSync("scripts/package.sh", [wasm, path.join(dir, "work"), path.join(dir, "dist")], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    } catch (e) {
      rows.push([leftOut, null, `${e.message.split("\n")[0]}`]);
      continue;
    }
    const out = path.join(root, dir, "dist");
    const module = fs.readdirSync(out).find((f) => /^consent-gate\.[0-9a-f]+\.wasm$/.test(f));
    rows.push([leftOut, { module: measure(path.join(out, module)), stub: measure(path.join(out, "consent-gate.js")) }]);
  }
  const shipped = rows[0][1];
  if (!shipped) return `Not measured: ${rows[0][2]}\n`;
  const cell = (n) => n.toLocaleString("en");
  const delta = (a, b) => (a === b ? "—" : `${a > b ? "+" : ""}${cell(a - b)}`);
  const line = ([leftOut, m, error]) => (m
    ? `| ${leftOut} | ${cell(m.module.gzip)} (${delta(m.module.gzip, shipped.module.gzip)}) | ${cell(m.module.brotli)} (${delta(m.module.brotli, shipped.module.brotli)}) | ${cell(m.stub.gzip)} (${delta(m.stub.gzip, shipped.stub.gzip)}) |`
    : `| ${leftOut} | not built: ${error} | | |`);
  return `Each row builds the module (and the stub) again with one step or switch left out (\`bench/build-steps.mjs\`); the
difference to the build that ships is what that step buys. Bytes compressed as shipped (gzip -9, brotli -q 11).

| left out | module gzip | module brotli | stub gzip |
| --- | --- | --- | --- |
${rows.map(line).join("\n")}

Dropped since the last measurement (2026-12-06, same method): \`scripts/drop-closure-shims.mjs\`, which rewrote the module's
text form to free the closure shims js-sys and web-sys leave in its function table, saved 332 bytes gzip (285 brotli): not
worth the most fragile step of the chain (it depended on wasm-bindgen's internal names). Two compiler switches bought
nothing once panics abort without a message, and are gone too: the std built with \`optimize_for_size\` (+1 byte gzip,
+45 brotli without it) and \`-Zlocation-detail=none\` (0 bytes).
`;
}
