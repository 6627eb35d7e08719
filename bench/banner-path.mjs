// The module's code by when it first runs: an instrumented twin of the module (binaryen's
// --log-execution: every function logs each call) on the benchmark page shows which functions a
// first visit runs before its banner is visible, which Accept all adds, and which the next page
// view (choice stored) adds. The code not run before the banner is what a module split at the
// banner could at most leave out of the banner's download.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { gzip as compress } from "../scripts/pack.mjs";
import { bodies } from "./wasm-sections.mjs";

/** Where the instrumented stub and module are built (relative to the repository). */
export const OUT = "target/banner-path";

/** The URL the bench serves OUT's files under. */
export const BASE = "/bench/banner-path/";

/**
 * Builds a stub and module in OUT from scripts/build-named.sh's instrumented twin
 * (`consent_gate.logged.wasm`), its calls logged to `window.benchCalls`. Returns the module's
 * functions (name, body bytes, in order), for each logged id the function it is in, and the
 * function bodies (of the twin without the instrumentation).
 */
export function instrument(root) {
  const named = path.join(root, "target/named");
  const out = path.join(root, OUT);
  fs.mkdirSync(out, { recursive: true });
  const wasm = path.join(named, "consent_gate.logged.wasm");
  const text = execFileSync(path.join(root, "node_modules/.bin/wasm-dis"), [wasm], { maxBuffer: 1 << 28 }).toString();
  const glue = fs.readFileSync(path.join(named, "consent_gate.js"), "utf8");
  const imports = '"./consent_gate_bg.js": import0,';
  if (glue.split(imports).length !== 2) throw new Error(`banner path: wasm-bindgen's glue has no single ${imports}`);
  fs.writeFileSync(path.join(out, "glue.js"), glue.replace(imports, '"./consent_gate_bg.js": Object.assign(import0, { log_execution: function (id) { (window.benchCalls = window.benchCalls || []).push(id); } }),'));
  execFileSync("node", [path.join(root, "scripts/bundle.mjs"), path.join(out, "glue.js"), wasm, path.join(root, "target/bindgen/catalog-rules.json"), path.join(root, "dist/zones.txt"), out]);

  const code = bodies(fs.readFileSync(path.join(named, "consent_gate.wasm")));
  const log = /\(import "[^"]*" "log_execution" \(func \$(\S+) /.exec(text);
  if (!log) throw new Error("banner path: the instrumented module imports no log_execution");
  const call = `(call $${log[1]}`;
  const functions = [];
  const functionOf = new Map();
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const func = /^ \(func \$("(?:[^"\\]|\\.)*"|\S+)/.exec(line);
    if (func) functions.push({ name: func[1].replace(/^"|"$/g, ""), size: code[functions.length]?.length });
    if (line.trim() === call) {
      const id = /^\s*\(i32\.const (\d+)\)/.exec(lines[i + 1]);
      if (!id || !functions.length) throw new Error(`banner path: unexpected instrumentation at line ${i + 1}`);
      functionOf.set(Number(id[1]), functions.length - 1);
    }
  });
  if (functions.length !== code.length || !functionOf.size) {
    throw new Error(`banner path: ${functions.length} functions in the text, ${code.length} in the code section`);
  }
  return { functions, functionOf, code };
}

/**
 * Runs the page that loads the instrumented bundle: a first visit until the banner is visible,
 * Accept all until the held scripts ran, then a reload. Returns, per moment, the logged ids.
 */
export async function run(browser, pageUrl, banner, accept) {
  const context = await browser.newContext();
  try {
    const p = await context.newPage();
    const take = () => p.evaluate(() => (window.benchCalls || []).splice(0));
    await p.goto(pageUrl, { waitUntil: "load" });
    await p.waitForSelector(banner, { state: "visible" });
    const moments = { banner: await take() };
    if (!moments.banner.length) throw new Error("banner path: the page logged no calls (not the instrumented bundle?)");
    await p.click(accept);
    await p.waitForFunction(() => (window.benchRan || []).length >= 3);
    moments.accept = await take();
    await p.reload({ waitUntil: "load" });
    await p.waitForTimeout(300);
    moments.returning = await take();
    return moments;
  } finally {
    await context.close();
  }
}

/**
 * What a first visit would download with such a split: the shipped module's gzip bytes less
 * `left` (the bodies not run before the banner, compressed apart), and the stub; against `limit`.
 */
function splitEstimate({ module, stub, limit }, left, cell) {
  const first = module - left + stub;
  return `
With that split, a first visit would download about ${cell(first)} bytes gzip (the shipped module's ${cell(module)} less
${cell(left)}, plus the stub's ${cell(stub)}) against the first-visit limit of ${cell(limit)}: ${first <= limit ? `${cell(limit - first)} to spare` : `${cell(first - limit)} over`}, even
with Accept all's code fetched only after the click.`;
}

/** The report's section: code bytes by when they first ran, and the largest not run before the banner. */
export function section({ functions, functionOf, code }, moments, { fmt, shortName, budget = null }) {
  const seen = new Set();
  const firstRun = (ids) => {
    const added = new Set();
    for (const id of ids) {
      const f = functionOf.get(id);
      if (!seen.has(f)) added.add(f);
      seen.add(f);
    }
    return added;
  };
  const bytes = (set) => [...set].reduce((n, f) => n + functions[f].size, 0);
  const gzip = (set) => compress(Buffer.concat([...set].sort((a, b) => a - b).map((f) => code[f]))).length;
  const all = new Set(functions.keys());
  const total = bytes(all);
  const rows = [
    ["a first visit, until the banner is visible", firstRun(moments.banner)],
    ["… then Accept all, until the held scripts ran", firstRun(moments.accept)],
    ["… then the next page view, the choice stored", firstRun(moments.returning)],
  ];
  const beforeBanner = rows[0][1];
  const later = new Set([...all].filter((f) => !beforeBanner.has(f)));
  rows.push(["in none of these", new Set([...all].filter((f) => !seen.has(f)))]);
  const cell = (n) => n.toLocaleString("en");
  const largest = [...later].sort((a, b) => functions[b].size - functions[a].size).slice(0, 12);
  return `From an instrumented twin of the module (binaryen's \`--log-execution\`: every function logs its calls) on the
benchmark page: which functions first run when. Function bodies only: ${all.size} functions, ${cell(total)} bytes; the
data (texts, CSS, catalog) and the JS are not counted here.

| functions first run | functions | body bytes | share of the code |
| --- | --- | --- | --- |
${rows.map(([name, set]) => `| ${name} | ${set.size} | ${cell(bytes(set))} | ${fmt((100 * bytes(set)) / total, 1)}% |`).join("\n")}

A module split at the banner, with the code not run before it loaded afterwards, could leave at most
${cell(bytes(later))} bytes (${fmt((100 * bytes(later)) / total, 1)}%) of the code out of the banner's download: the bodies run before the banner
are ${cell(gzip(beforeBanner))} bytes gzip -9 on their own, all bodies ${cell(gzip(all))}.${budget ? splitEstimate(budget, gzip(all) - gzip(beforeBanner), cell) : ""} The largest not run before the banner:

| function | body bytes |
| --- | --- |
${largest.map((f) => `| \`${shortName(functions[f].name)}\` | ${cell(functions[f].size)} |`).join("\n")}
`;
}
