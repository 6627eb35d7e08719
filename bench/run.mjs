// Benchmark: consent-gate against vanilla-cookieconsent 3.1.0 and Klaro 0.7.22, side by side in
// headless Chromium, runs interleaved (A B C A B C …). Writes BENCHMARKS.md.
// Usage: scripts/bench.sh (builds dist/ first), or node bench/run.mjs [runs] after a build.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import * as bannerPath from "./banner-path.mjs";
import { brotli, gzip } from "../scripts/pack.mjs";
import { composition } from "./composition.mjs";
import { page as benchPage, FIRST_PARTY_JS, interceptionPage, PEERS, VENDOR_JS } from "./pages.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const RUNS = Number(process.argv[2] || process.env.BENCH_RUNS || 15);
// The 1,000-tag release is slow for some peers (Klaro blocks its main thread for ~30 s): it can be
// run fewer times; the report says how many.
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS || RUNS);
const SCALE = 1000;
// The interception overhead is a few percent of a noisy measure: it gets many more runs (on a
// busy 2-vCPU machine, 150 runs each left the ratio's 95% interval about ±0.09 wide, 300 about
// ±0.075).
const INTERCEPTION_RUNS = Number(process.env.BENCH_INTERCEPTION_RUNS || 20 * RUNS);
// The interception target: the gate's page takes at most this many times as long.
const INTERCEPTION_LIMIT = 1.05;
const peers = Object.keys(PEERS);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

/** The files a visitor downloads for each banner. */
const FILES = {
  "consent-gate": { js: ["dist/consent-gate.js"], css: [] },
  "vanilla-cookieconsent": { js: ["node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js"], css: ["node_modules/vanilla-cookieconsent/dist/cookieconsent.css"] },
  klaro: { js: ["node_modules/klaro/dist/klaro-no-css.js"], css: ["node_modules/klaro/dist/klaro.min.css"] },
};
const STATIC = {
  "/bench/consent-gate/consent-gate.js": "dist/consent-gate.js",
  "/bench/vanilla/cookieconsent.umd.js": FILES["vanilla-cookieconsent"].js[0],
  "/bench/vanilla/cookieconsent.css": FILES["vanilla-cookieconsent"].css[0],
  "/bench/klaro/klaro-no-css.js": FILES.klaro.js[0],
  "/bench/klaro/klaro.min.css": FILES.klaro.css[0],
  [bannerPath.SCRIPT_URL]: "target/banner-path/consent-gate.js",
};

/** The size target: consent-gate's download at most this share of vanilla-cookieconsent's. */
const SIZE_LIMIT = 0.8;

/** The size target's limits in bytes, `{ gzip, brotli }` (rounded). */
function sizeLimit() {
  const vanilla = sizes("vanilla-cookieconsent");
  return { gzip: Math.round(SIZE_LIMIT * vanilla.gzip), brotli: Math.round(SIZE_LIMIT * vanilla.brotli) };
}

function sizes(peer) {
  const all = [...FILES[peer].js, ...FILES[peer].css].map((f) => fs.readFileSync(path.join(root, f)));
  const sum = (fn) => all.reduce((n, b) => n + fn(b).length, 0);
  return {
    raw: sum((b) => b),
    gzip: sum(gzip),
    brotli: sum(brotli),
  };
}

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://bench");
    const type = (p) => (p.endsWith(".css") ? "text/css" : p.endsWith(".html") ? "text/html" : "text/javascript");
    if (STATIC[url.pathname]) {
      res.writeHead(200, { "content-type": type(url.pathname), "cache-control": "no-store" });
      return res.end(fs.readFileSync(path.join(root, STATIC[url.pathname])));
    }
    if (url.pathname === "/bench/vendor.js") {
      res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
      return res.end(VENDOR_JS);
    }
    if (url.pathname === "/bench/first-party.js") {
      res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
      return res.end(FIRST_PARTY_JS);
    }
    const interception = /^\/bench\/interception\/(run|result)\/(\d+)$/.exec(url.pathname);
    if (interception && schedule) return schedule[interception[1]](Number(interception[2]), req, res);
    if (url.pathname === "/bench/embed.html") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<!doctype html><title>embed</title><p>embed</p>");
    }
    if (url.pathname === "/bench/page/banner-path.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(benchPage("consent-gate").replace('src="/bench/consent-gate/consent-gate.js"', `src="${bannerPath.SCRIPT_URL}"`));
    }
    const match = /^\/bench\/page\/([a-z-]+)\.html$/.exec(url.pathname);
    if (match && PEERS[match[1]]) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(benchPage(match[1], Number(url.searchParams.get("scale") || 0)));
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Records, in the page, when the banner is first present and visible, and layout shifts. */
function observer(selector) {
  return `(() => {
    window.benchShift = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.benchShift += e.value; }).observe({ type: "layout-shift", buffered: true });
    const visible = () => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) return false;
      const r = el.getBoundingClientRect(), s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
    };
    const check = () => { if (window.benchBanner === undefined && visible()) window.benchBanner = performance.now(); };
    // On every DOM change, and every frame (a banner may become visible through CSS alone).
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
    const frame = () => { check(); if (window.benchBanner === undefined) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    addEventListener("click", () => { window.benchClick = performance.now(); }, true);
  })();`;
}

async function measure(browser, base, peer, { throttle = 1, scale = 0 } = {}) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const cdp = await context.newCDPSession(p);
  await cdp.send("Performance.enable");
  if (throttle > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  await p.addInitScript(observer(PEERS[peer].banner));
  await p.goto(`${base}/bench/page/${peer}.html?scale=${scale}`, { waitUntil: "load", timeout: 180000 });
  await p.waitForFunction(() => window.benchBanner !== undefined, null, { timeout: 180000 });
  await p.waitForTimeout(300);
  const metrics = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  const result = {
    banner: await p.evaluate(() => window.benchBanner),
    scriptMs: metrics.ScriptDuration * 1000,
    taskMs: metrics.TaskDuration * 1000,
  };
  const expected = 3 + scale; // inline analytics, analytics external, replay external (+ scale)
  await p.click(PEERS[peer].accept, { timeout: 180000 });
  await p.waitForFunction((n) => (window.benchRan || []).length >= n, expected, { timeout: 180000 });
  if (scale) {
    await p.waitForFunction((n) => document.querySelectorAll('iframe[src="/bench/embed.html"]').length >= n, scale, { timeout: 180000 });
    result.releaseAll = await p.evaluate(() => Math.max(...window.benchRan.map(([, t]) => t)) - window.benchClick);
  }
  const ran = await p.evaluate(() => window.benchRan);
  result.clickToFirst = ran[0][1] - (await p.evaluate(() => window.benchClick));
  result.firstLabel = ran[0][0];
  result.cls = await p.evaluate(() => window.benchShift);
  await context.close();
  return result;
}

/** While the interception runs: the server's routes for their pages and results. */
let schedule = null;

/**
 * The interception runs: `runs` of the page with the gate and as many without, alternating which
 * goes first, each a fresh page after the last (the banner's own cost is measured elsewhere).
 * Chromium runs them with no DevTools client attached: a client (Playwright's) records the JS
 * stack of every request a page starts, which makes each script insertion slower, the more so
 * the deeper the stack, a cost no visitor pays. So each page times
 * itself and posts its result, and the answer names the next page. Resolves with the results and
 * the failed runs.
 */
function interceptionRuns(base, runs) {
  const order = [];
  for (let run = 0; run < runs; run++) order.push(...(run % 2 ? ["with", "without"] : ["without", "with"]));
  const results = { with: [], without: [] };
  const failures = [];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "consent-gate-bench-"));
  let timer = null;
  let browser = null;
  let running = false;
  let finished = false;
  return new Promise((resolve) => {
    const finish = (failure) => {
      if (finished) return;
      finished = true;
      if (failure) failures.push(`interception: ${failure}`);
      clearTimeout(timer);
      schedule = null;
      const done = () => {
        // Chromium's helper processes can still be writing to the profile after the browser
        // exits; a profile left behind in the temporary directory must not lose the results.
        try {
          fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
        } catch (e) {
          console.warn(`bench: the browser profile ${profile} was not removed: ${e.message}`);
        }
        resolve({ results, failures });
      };
      if (running) {
        browser.once("exit", done);
        browser.kill();
      } else {
        done();
      }
    };
    // A page that never reports (a crash, a hang) ends the runs; the report counts what completed.
    const watchdog = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish("a page did not report within 30 s"), 30_000);
    };
    schedule = {
      run(n, req, res) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        res.end(interceptionPage(order[n], `/bench/interception/result/${n}`));
      },
      result(n, req, res) {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
          let result;
          try {
            result = JSON.parse(body);
          } catch (e) {
            result = { error: `unreadable result ${JSON.stringify(body.slice(0, 80))}` };
          }
          if (result.error) failures.push(`interception ${order[n]}: ${result.error}`);
          else results[order[n]].push(result);
          process.stdout.write(`interception run ${(n >> 1) + 1}/${runs}\r`);
          const last = n + 1 === order.length;
          res.end(last ? "" : `/bench/interception/run/${n + 1}`);
          if (last) finish();
          else watchdog();
        });
      },
    };
    browser = spawn(CHROMIUM, ["--headless", ...CHROMIUM_ARGS, `--user-data-dir=${profile}`, `${base}/bench/interception/run/0`], { stdio: "ignore" });
    running = true;
    browser.on("exit", () => (running = false));
    browser.on("error", (e) => {
      running = false;
      finish(`could not start ${CHROMIUM}: ${e.message}`);
    });
    watchdog();
  });
}

/** Twiggy's item name without crate hashes, at most `max` characters. */
function shortName(name, max = 110) {
  const plain = name.replace(/\[[0-9a-f]{8,}\]/g, "");
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/**
 * Which part of the code an item of twiggy's belongs to: the first module of ours its name
 * mentions (a generic of the standard library's instantiated for our type counts as ours), else
 * its crate; the exported functions (with all they inline), data, and the module's structure.
 */
function part(name) {
  if (name.startsWith("data segment")) return "data: texts, catalog, CSS, console messages";
  const ours = /\b(consent_gate(?:_core)?)\[[0-9a-f]+\]::(\w+)/.exec(name);
  if (ours) return `${ours[1]}::${ours[2]}`;
  const crate = /\b(\w+)\[[0-9a-f]+\]::/.exec(name);
  if (crate) return `${crate[1]} (${/^(core|alloc|std|__rustc|compiler_builtins)$/.test(crate[1]) ? "Rust standard library" : "dependency"})`;
  if (/^(import|export|type|table|elem|global|memory|code section|wasm magic|section headers|custom section)/.test(name) || /^\W/.test(name)) {
    return "imports, exports, tables and section headers";
  }
  if (/^(mem(cpy|move|set|cmp)|bcmp|__)/.test(name)) return "compiler builtins (memcpy …)";
  return "exported functions (consent_gate::api, with what they inline)";
}

/**
 * Where the wasm's bytes go, from a twin of the shipped module that keeps its function names
 * (scripts/build-named.sh): bytes per module, the largest items, and what keeps them (dominators).
 */
function wasmBreakdown() {
  const wasm = path.join(root, "target/named/consent_gate.wasm");
  const twiggy = (...args) => JSON.parse(execFileSync("twiggy", [...args, "-f", "json", wasm], { maxBuffer: 1 << 26 }).toString());
  let top, dominators;
  try {
    top = twiggy("top", "-n", "100000");
    dominators = twiggy("dominators", "-d", "1").items[0].children;
  } catch (e) {
    return `twiggy could not read ${path.relative(root, wasm)} (built by scripts/build-named.sh): ${e.message}`;
  }
  const isNames = (item) => item.name === '"function names" subsection';
  const names = top.find(isNames);
  const items = top.filter((item) => !isNames(item));
  const total = items.reduce((n, item) => n + item.shallow_size, 0);
  const parts = new Map();
  for (const { name, shallow_size: size } of items) parts.set(part(name), (parts.get(part(name)) || 0) + size);
  const share = (n) => `${fmt((100 * n) / total, 1)}%`;
  const rows = [...parts].sort((a, b) => b[1] - a[1]);
  const shipped = fs.statSync(path.join(root, "target/bindgen/consent_gate.short.wasm")).size;
  // The dominator tree's first level, largest first.
  const kept = dominators.filter((item) => !isNames(item)).sort((a, b) => b.retained_size - a.retained_size);
  return `From a twin of the shipped module with its function names kept (\`scripts/build-named.sh\`): ${total.toLocaleString("en")}
bytes without its names section${names ? ` (${names.shallow_size.toLocaleString("en")} bytes more)` : ""}, against ${shipped.toLocaleString("en")} shipped,
where the import names are shortened. Items are put under the first module of ours their name mentions (a standard
library generic instantiated for one of our types counts as that module's), else under their crate.

| part | bytes | share |
| --- | --- | --- |
${rows.map(([name, size]) => `| ${name} | ${size.toLocaleString("en")} | ${share(size)} |`).join("\n")}

The largest items:

| item | bytes | share |
| --- | --- | --- |
${items.slice(0, 15).map(({ name, shallow_size: size }) => `| \`${shortName(name)}\` | ${size.toLocaleString("en")} | ${share(size)} |`).join("\n")}

What keeps them (\`twiggy dominators\`, its first level: each item with the bytes that go if it goes; \`table[0]\` holds
the event handlers and other closures the browser calls):

| item | retained bytes | share |
| --- | --- | --- |
${kept.slice(0, 20).map(({ name, retained_size: size }) => `| \`${shortName(name)}\` | ${size.toLocaleString("en")} | ${share(size)} |`).join("\n")}
`;
}

/** The catalog's data: every string in core/src/catalog.rs's entries, raw and gzip. */
function catalogSize() {
  const source = fs.readFileSync(path.join(root, "core/src/catalog.rs"), "utf8");
  const body = source.slice(source.indexOf("pub static CATALOG"), source.indexOf("/// The catalogued service called"));
  // A string continued on the next line (`\` at the end) skips the line break and indentation.
  const strings = [...body.matchAll(/"([^"]*)"/g)].map((m) => m[1].replace(/\\\n\s*/g, "")).join("\0");
  const entries = (body.match(/Entry \{/g) || []).length;
  return { entries, raw: Buffer.byteLength(strings), gzip: gzip(strings).length };
}

/**
 * The ratio median(b) / median(a) with its 95% bootstrap interval: the 2.5th and 97.5th
 * percentiles of the ratio over 2,000 resamples (with replacement) of each list. The resampling
 * draws from a fixed-seed generator, so the same samples always give the same interval.
 */
function ratioInterval(a, b) {
  let seed = 0x2545f491;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const resample = (xs) => xs.map(() => xs[Math.floor(random() * xs.length)]);
  const ratios = [];
  for (let i = 0; i < 2000; i++) ratios.push(median(resample(b)) / median(resample(a)));
  ratios.sort((x, y) => x - y);
  return { ratio: median(b) / median(a), low: ratios[49], high: ratios[1949] };
}

/** The sentence under the targets' table. */
function verdict(targets) {
  const missed = targets.some(([, ok]) => ok === false);
  const unsettled = targets.some(([, ok]) => ok === null);
  if (!missed && !unsettled) return "All targets are met.";
  return [
    missed ? "Targets marked **no** are missed, by the amounts shown." : "",
    unsettled ? "A target marked **not settled** has a 95% interval on both sides of its limit: this run cannot say whether it is met." : "",
  ].filter(Boolean).join(" ");
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "—");

async function main() {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  // The bundle whose module logs its calls (scripts/build-named.sh's instrumented twin), for the
  // code by when it first runs; if it cannot be made, the report says why.
  let pathSection = null;
  let instrumented = null;
  try {
    instrumented = bannerPath.instrument(root);
  } catch (e) {
    pathSection = `Not measured: ${e.message.split("\n")[0]}`;
  }
  // First, before anything else has run: a few percent is all this measures.
  const { results: interception, failures } = await interceptionRuns(base, INTERCEPTION_RUNS);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const samples = Object.fromEntries(peers.map((p) => [p, { plain: [], throttled: [], scale: [] }]));
  try {
    // A failed sample is reported, not fatal: the table counts only completed ones.
    const sample = async (peer, kind, options) => {
      try {
        samples[peer][kind].push(await measure(browser, base, peer, options));
      } catch (e) {
        failures.push(`${peer} ${kind}: ${e.message.split("\n")[0]}`);
      }
    };
    for (let run = 0; run < RUNS; run++) {
      for (const peer of peers) await sample(peer, "plain", {});
      for (const peer of peers) await sample(peer, "throttled", { throttle: 4 });
      process.stdout.write(`run ${run + 1}/${RUNS}\r`);
    }
    for (let run = 0; run < SCALE_RUNS; run++) {
      for (const peer of peers) await sample(peer, "scale", { scale: SCALE });
      process.stdout.write(`scale run ${run + 1}/${SCALE_RUNS}\r`);
    }
    if (instrumented) {
      try {
        const cg = PEERS["consent-gate"];
        const moments = await bannerPath.run(browser, `${base}/bench/page/banner-path.html`, cg.banner, cg.accept);
        pathSection = bannerPath.section(instrumented, moments, { fmt, shortName });
      } catch (e) {
        pathSection = `Not measured: ${e.message.split("\n")[0]}`;
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const version = execFileSync(CHROMIUM, ["--version"]).toString().trim();
  const limit = sizeLimit();
  const made = await composition(root, limit, { fmt }).catch((e) => `Not measured: ${e.message.split("\n")[0]}`);
  fs.writeFileSync(path.join(root, "BENCHMARKS.md"), report(samples, interception, version, failures, limit, { made, path: pathSection }));
  console.log("\nwrote BENCHMARKS.md");
}

function report(samples, interception, browserVersion, failures, limit, sections) {
  const size = Object.fromEntries(peers.map((p) => [p, sizes(p)]));
  const stat = (peer, kind, key) => samples[peer][kind].map((r) => r[key]);
  const cell = (peer, kind, key, digits = 1) => {
    const xs = stat(peer, kind, key).filter(Number.isFinite);
    if (!xs.length) return "—";
    const m = median(xs);
    const ratio = peer === "consent-gate" ? "" : ` (${fmt(m / median(stat("consent-gate", kind, key)), 2)}×)`;
    return `${fmt(m, digits)} [${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}]${ratio}`;
  };
  const sizeCell = (peer, key) => `${size[peer][key].toLocaleString("en")}${peer === "consent-gate" ? "" : ` (${fmt(size[peer][key] / size["consent-gate"][key], 2)}×)`}`;
  const cpu = (os.cpus()[0] || {}).model || "unknown CPU";
  const rows = [
    ["Download, raw (bytes)", (p) => sizeCell(p, "raw")],
    ["Download, gzip -9 (bytes)", (p) => sizeCell(p, "gzip")],
    ["Download, brotli -q 11 (bytes)", (p) => sizeCell(p, "brotli")],
    ["Navigation → banner visible (ms)", (p) => cell(p, "plain", "banner")],
    ["… with 4× CPU throttling (ms)", (p) => cell(p, "throttled", "banner")],
    ["Main-thread script time to banner (ms)", (p) => cell(p, "plain", "scriptMs")],
    ["Main-thread task time to banner (ms)", (p) => cell(p, "plain", "taskMs")],
    ["Click Accept all → first held script runs (ms)", (p) => cell(p, "plain", "clickToFirst", 2)],
    [`Release ${SCALE} scripts + ${SCALE} iframes (ms)`, (p) => cell(p, "scale", "releaseAll")],
    ["Cumulative layout shift", (p) => cell(p, "plain", "cls", 3)],
  ];
  const cg = "consent-gate";
  const vanilla = "vanilla-cookieconsent";
  const m = (peer, kind, key) => median(stat(peer, kind, key));
  const targets = [
    ...["gzip", "brotli"].map((key) => [`${key} bytes ≤ ${SIZE_LIMIT} × vanilla-cookieconsent`, size[cg][key] <= limit[key], `${size[cg][key]} vs limit ${limit[key]} (${fmt(size[cg][key] / size[vanilla][key], 2)}× vanilla)`]),
    ["time to banner ≤ vanilla-cookieconsent", m(cg, "plain", "banner") <= m(vanilla, "plain", "banner"), `${fmt(m(cg, "plain", "banner"))} ms vs ${fmt(m(vanilla, "plain", "banner"))} ms`],
    ["… under 4× throttling", m(cg, "throttled", "banner") <= m(vanilla, "throttled", "banner"), `${fmt(m(cg, "throttled", "banner"))} ms vs ${fmt(m(vanilla, "throttled", "banner"))} ms`],
    ["click → first held script < 16 ms", m(cg, "plain", "clickToFirst") < 16, `${fmt(m(cg, "plain", "clickToFirst"), 2)} ms`],
    ["CLS 0", Math.max(...stat(cg, "plain", "cls")) === 0, `max ${fmt(Math.max(...stat(cg, "plain", "cls")), 3)}`],
  ];
  const work = (variant, key) => median(interception[variant].map((r) => r[key]));
  const range = (variant, key) => {
    const xs = interception[variant].map((r) => r[key]);
    return xs.length ? `${fmt(work(variant, key))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]` : "—";
  };
  // Each measure's ratio with its interval, resampled once.
  const intervals = Object.fromEntries(["inserted", "nextTask", "ran"].map((key) => {
    const [a, b] = ["without", "with"].map((variant) => interception[variant].map((r) => r[key]));
    return [key, a.length && b.length ? ratioInterval(a, b) : { ratio: NaN, low: NaN, high: NaN }];
  }));
  const ratio = (key) => {
    const { ratio, low, high } = intervals[key];
    return `${fmt(ratio, 3)}× [${fmt(low, 3)}–${fmt(high, 3)}]`;
  };
  // Met (true) only if the whole interval is within the limit, missed (false) if all of it is
  // beyond, not settled (null) otherwise.
  const { low, high } = intervals.inserted;
  const met = high <= INTERCEPTION_LIMIT ? true : low > INTERCEPTION_LIMIT ? false : null;
  targets.push([`interception: inserting 10,000 nodes + 200 first-party scripts, observers included, ≤ ${INTERCEPTION_LIMIT} × without the gate (issue #3)`, met, ratio("inserted")]);
  const catalog = catalogSize();
  const breakdown = wasmBreakdown();
  return `# Benchmarks

consent-gate against [vanilla-cookieconsent](https://www.npmjs.com/package/vanilla-cookieconsent) 3.1.0 and
[Klaro](https://www.npmjs.com/package/klaro) 0.7.22 (both from npm, exact versions), on the same page: the same
categories and texts, two analytics scripts (an inline one, then an external one), one session-replay script and one
marketing iframe (vanilla-cookieconsent gates scripts only, so its iframe comes from a held script). Everything is
served from this machine.

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}
- Browser: ${browserVersion}, headless
- Runs: ${RUNS} per peer, interleaved (A B C A B C …), a fresh browser context each; the ${SCALE}-tag release ${SCALE_RUNS} per peer
- Failed samples: ${failures.length ? failures.join("; ") : "none"}
- Cells: median [min–max] (ratio of the peer's median to consent-gate's)
- Reproduce: \`scripts/bench.sh\` (or \`node bench/run.mjs RUNS\` after \`scripts/build.sh\`)

| measure | ${peers.join(" | ")} |
| --- | ${peers.map(() => "---").join(" | ")} |
${rows.map(([name, f]) => `| ${name} | ${peers.map(f).join(" | ")} |`).join("\n")}

Download counts JS + wasm (inlined) + CSS: consent-gate \`dist/consent-gate.js\`; vanilla-cookieconsent
\`cookieconsent.umd.js\` + \`cookieconsent.css\`; Klaro \`klaro-no-css.js\` + \`klaro.min.css\`. Main-thread times are the
page's \`Performance.getMetrics\` ScriptDuration / TaskDuration once the banner is up (the pages differ only in
the banner). The first held script is the same inline analytics script on every page.

## Interception (issue #3)

The same page with and without the gate in front (no choice made, so every script, image and frame URL is checked):
insert 10,000 ordinary \`<div>\`s one by one, then 200 first-party \`<script src>\`s. Timed from the first insertion: until
everything is inserted and every mutation observer has run (the target's measure: the work interception adds to),
until the next task as well (the browser usually lays out and paints the 10,000 rows first: the same work with or
without the gate, but most of the time and most of the noise), and until all 200 scripts have run.
${INTERCEPTION_RUNS} runs each, interleaved (alternating which goes first), each a fresh page after the loaded page settled
for 300 ms; median [min–max]. The ratio is of the medians, with its 95% bootstrap interval in brackets (2,000
resamples of each variant's runs); the target counts as met only if the whole interval is at most ${INTERCEPTION_LIMIT}, as
missed if all of it is above, and as not settled otherwise. The gate wraps no insertion method: what it adds is
the check where each script is given its \`src\`. These pages run in a Chromium with no DevTools client attached, and
time themselves: an attached client (Playwright's) records the JS stack of every request a page starts, which slows
every script insertion, the more so the deeper the stack, a cost no visitor pays.

| measure | without the gate | with the gate | ratio |
| --- | --- | --- | --- |
| insert 10,000 nodes + 200 scripts, observers included (ms) | ${range("without", "inserted")} | ${range("with", "inserted")} | ${ratio("inserted")} |
| … until the next task (ms) | ${range("without", "nextTask")} | ${range("with", "nextTask")} | ${ratio("nextTask")} |
| … until all 200 scripts ran (ms) | ${range("without", "ran")} | ${range("with", "ran")} | ${ratio("ran")} |

The tracker catalog (${catalog.entries} services: hosts, cookie and storage-key patterns) is ${catalog.raw.toLocaleString("en")} bytes of
strings in the wasm, ${catalog.gzip.toLocaleString("en")} bytes gzip -9 on their own.

## Targets (issues #4 and #3)

| target | met | measured |
| --- | --- | --- |
${targets.map(([name, ok, detail]) => `| ${name} | ${ok === true ? "yes" : ok === false ? "**no**" : "**not settled**"} | ${detail} |`).join("\n")}

${verdict(targets)}

## What the download is made of

${sections.made}
## Where the wasm's bytes go (twiggy)

${breakdown}
## The module's code by when it first runs

${sections.path}
`;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
