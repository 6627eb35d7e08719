// Benchmark: consent-gate against vanilla-cookieconsent 3.1.0 and Klaro 0.7.22, side by side in
// headless Chromium, runs interleaved (A B C A B C …). Writes BENCHMARKS.md.
// Usage: scripts/bench.sh (builds dist/ first), or node bench/run.mjs [runs] after a build;
// node bench/run.mjs --report writes the report again from the last run's measurements.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import * as bannerPath from "./banner-path.mjs";
import { brotli, gzip } from "../scripts/pack.mjs";
import { buildSteps } from "./build-steps.mjs";
import { launch } from "./cdp.mjs";
import { composition } from "./composition.mjs";
import { barePage, page as benchPage, FIRST_PARTY_JS, interceptionPage, PEERS, VENDOR_JS } from "./pages.mjs";

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

/** The module's file name in dist/ (consent-gate.<hash>.wasm). */
const MODULE = fs.readdirSync(path.join(root, "dist")).find((f) => /^consent-gate\.[0-9a-f]+\.wasm$/.test(f));

/**
 * The files a visitor downloads for each banner, by how the page loads them: `blocking`, a
 * classic script the parser waits for; `css`, a stylesheet the first paint waits for; `later`,
 * fetched without blocking anything (a `defer` script, the module the stub fetches).
 */
const FILES = {
  "consent-gate": { blocking: ["dist/consent-gate.js"], css: [], later: [`dist/${MODULE}`] },
  "vanilla-cookieconsent": { blocking: [], css: ["node_modules/vanilla-cookieconsent/dist/cookieconsent.css"], later: ["node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js"] },
  klaro: { blocking: [], css: ["node_modules/klaro/dist/klaro.min.css"], later: ["node_modules/klaro/dist/klaro-no-css.js"] },
};

/** Every static file the pages load, by URL: the peers' files, and the banner-path twin's. */
const STATIC = {
  "/bench/consent-gate/consent-gate.js": "dist/consent-gate.js",
  [`/bench/consent-gate/${MODULE}`]: `dist/${MODULE}`,
  "/bench/vanilla/cookieconsent.umd.js": FILES["vanilla-cookieconsent"].later[0],
  "/bench/vanilla/cookieconsent.css": FILES["vanilla-cookieconsent"].css[0],
  "/bench/klaro/klaro-no-css.js": FILES.klaro.later[0],
  "/bench/klaro/klaro.min.css": FILES.klaro.css[0],
};

/** The targets' limits as shares of a peer's bytes. */
const BLOCKING_LIMIT = 0.8; // parser-blocking bytes, of vanilla-cookieconsent's JS + CSS
const FIRST_VISIT_LIMIT = 0.6; // every byte of a first visit, of Klaro's
const RETURNING_LIMIT = 0.5; // main-thread script time until the held tags run, of vanilla-cookieconsent's

/** A slow mobile network, as the start-up issue sets it: 150 ms round trip, 1.6 Mbps down, 750 kbps up. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };

/** Compressed sizes of a list of files, summed: `{ raw, gzip, brotli }`. */
function sizes(files) {
  const all = files.map((f) => fs.readFileSync(path.join(root, f)));
  const sum = (fn) => all.reduce((n, b) => n + fn(b).length, 0);
  return { raw: sum((b) => b), gzip: sum(gzip), brotli: sum(brotli) };
}

/** A peer's bytes: parser-blocking, render-blocking (with its stylesheets) and all of a first visit. */
function download(peer) {
  const { blocking, css, later } = FILES[peer];
  return { blocking: sizes(blocking), render: sizes([...blocking, ...css]), all: sizes([...blocking, ...css, ...later]) };
}

/**
 * The bench's web server. Static files go out as a server set up for them sends them: brotli
 * (q11, as the shipped .br copies) where the browser takes it, cacheable for a year (every peer
 * alike, so a returning visit finds them in the cache); pages are never cached.
 */
function serve() {
  const compressed = new Map();
  const type = (p) => (p.endsWith(".css") ? "text/css" : p.endsWith(".html") ? "text/html" : p.endsWith(".wasm") ? "application/wasm" : "text/javascript");
  const page = (res, html) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://bench");
    const file = STATIC[url.pathname] || (url.pathname.startsWith(bannerPath.BASE) && path.join(bannerPath.OUT, url.pathname.slice(bannerPath.BASE.length)));
    if (file && fs.existsSync(path.join(root, file))) {
      const br = /\bbr\b/.test(req.headers["accept-encoding"] || "");
      if (br && !compressed.has(file)) compressed.set(file, brotli(fs.readFileSync(path.join(root, file))));
      res.writeHead(200, { "content-type": type(url.pathname), "cache-control": "public, max-age=31536000, immutable", vary: "accept-encoding", ...(br && { "content-encoding": "br" }) });
      return res.end(br ? compressed.get(file) : fs.readFileSync(path.join(root, file)));
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
    if (url.pathname === "/bench/embed.html") return page(res, "<!doctype html><title>embed</title><p>embed</p>");
    if (url.pathname === "/bench/page/bare.html") return page(res, barePage());
    if (url.pathname === "/bench/page/stub-only.html") {
      // consent-gate's page with its stub alone: the module it names is not there.
      return page(res, benchPage("consent-gate").replace('<script src="/bench/consent-gate/consent-gate.js">', '<script src="/bench/consent-gate/consent-gate.js" data-module="/bench/missing.wasm">'));
    }
    if (url.pathname === "/bench/page/markup-only.html") {
      // consent-gate's page without the gate: its held tags inert, its frame without a src.
      return page(res, benchPage("consent-gate").replace('<script src="/bench/consent-gate/consent-gate.js"></script>', ""));
    }
    if (url.pathname === "/bench/page/banner-path.html") {
      return page(res, benchPage("consent-gate").replace('src="/bench/consent-gate/consent-gate.js"', `src="${bannerPath.BASE}consent-gate.js"`));
    }
    const match = /^\/bench\/page\/([a-z-]+)\.html$/.exec(url.pathname);
    if (match && PEERS[match[1]]) return page(res, benchPage(match[1], Number(url.searchParams.get("scale") || 0)));
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

/**
 * A page (in a context of its own, or in `context`) whose CPU runs `throttle` times slower and
 * whose network is `network` (see SLOW_4G); its main-thread metrics count from here.
 */
async function open(cdp, { throttle = 1, network = null } = {}, context = null) {
  const p = await cdp.newPage(context);
  await p.call("Performance.enable");
  if (throttle > 1) await p.call("Emulation.setCPUThrottlingRate", { rate: throttle });
  if (network) {
    // Network emulation needs the Network domain, and with it the request instrumentation that
    // bench/cdp.mjs otherwise avoids; every peer pays it alike on these pages.
    await p.call("Network.enable");
    await p.call("Network.emulateNetworkConditions", network);
  }
  return p;
}

/** What the page had got to, for a failure's message. */
const progress = (p) => p.evaluate(`JSON.stringify({ banner: window.benchBanner !== undefined, ran: (window.benchRan || []).length,
  frames: document.querySelectorAll('iframe[src="/bench/embed.html"]').length, readyState: document.readyState })`).catch(() => "unknown");

/** Waits for `expression` in `p`; on timeout, says what the page had got to. */
async function until(p, expression, what) {
  try {
    await p.until(expression, what);
  } catch (e) {
    throw new Error(`${e.message}; the page had ${await progress(p)}`);
  }
}

/** The page's first contentful paint (ms since navigation), once it has happened. */
async function fcp(p) {
  await until(p, 'performance.getEntriesByName("first-contentful-paint").length > 0', "the first contentful paint");
  return p.evaluate('performance.getEntriesByName("first-contentful-paint")[0].startTime');
}

/**
 * The main-thread script and task time of the third view of `page` (`bare`, `stub-only`) in one
 * browser context, once it has loaded: what a page view costs without the gate, and with its stub
 * alone.
 */
async function measureViews(cdp, base, page) {
  const url = `${base}/bench/page/${page}.html`;
  const settle = () => new Promise((r) => setTimeout(r, 300));
  const first = await cdp.newPage();
  try {
    await first.goto(url);
    await settle();
    await first.close();
    const second = await cdp.newPage(first.context);
    await second.goto(url);
    await settle();
    await second.close();
    const p = await open(cdp, {}, first.context);
    await p.goto(url);
    await settle();
    return await p.metrics();
  } finally {
    await first.closeContext();
  }
}

/**
 * A first visit to a page with no banner: `bare` (no consent manager), `markup-only`
 * (consent-gate's page without the gate) or `stub-only` (its stub alone); its first contentful paint.
 */
async function measureBare(cdp, base, options, page = "bare") {
  const p = await open(cdp, options);
  try {
    await p.goto(`${base}/bench/page/${page}.html`);
    return { fcp: await fcp(p) };
  } finally {
    await p.closeContext();
  }
}

/**
 * A first visit to `peer`'s page: when the banner is visible, the page's first contentful paint,
 * the main-thread script and task time until the banner; with `click`, then Accept all: when the
 * first held script runs, and with `scale`, when the last of them has.
 */
async function measure(cdp, base, peer, { scale = 0, click = true, ...options } = {}) {
  const p = await open(cdp, options);
  try {
    await p.call("Page.addScriptToEvaluateOnNewDocument", { source: observer(PEERS[peer].banner) });
    await p.goto(`${base}/bench/page/${peer}.html?scale=${scale}`);
    await until(p, "window.benchBanner !== undefined", "the banner");
    await new Promise((r) => setTimeout(r, 300));
    // (The 1,000-tag page has only held frames and the banner in view: no contentful paint of its own.)
    const result = { banner: await p.evaluate("window.benchBanner"), ...(!scale && { fcp: await fcp(p) }), ...(await p.metrics()) };
    if (!click) return result;
    const expected = 3 + scale; // inline analytics, analytics external, replay external (+ scale)
    await p.click(PEERS[peer].accept);
    await until(p, `(window.benchRan || []).length >= ${expected}`, `${expected} held scripts to run`);
    if (scale) {
      await until(p, `document.querySelectorAll('iframe[src="/bench/embed.html"]').length >= ${scale}`, `${scale} frames`);
      result.releaseAll = await p.evaluate("Math.max(...window.benchRan.map(([, t]) => t)) - window.benchClick");
    }
    const ran = await p.evaluate("window.benchRan");
    result.clickToFirst = ran[0][1] - (await p.evaluate("window.benchClick"));
    result.firstLabel = ran[0][0];
    result.cls = await p.evaluate("window.benchShift");
    return result;
  } finally {
    await p.closeContext();
  }
}

/**
 * A returning visitor: a first visit that accepts all, a second page view (the browser's caches
 * warm: compiled code is cached on a later view than the first), then the measured third: when
 * the held scripts have all run, the page's first contentful paint, and the main-thread script
 * and task time until then.
 */
async function measureReturning(cdp, base, peer, options = {}) {
  const url = `${base}/bench/page/${peer}.html`;
  const ran = "(window.benchRan || []).length >= 3";
  const first = await cdp.newPage();
  try {
    await first.call("Page.addScriptToEvaluateOnNewDocument", { source: observer(PEERS[peer].banner) });
    await first.goto(url);
    await until(first, "window.benchBanner !== undefined", "the banner");
    await new Promise((r) => setTimeout(r, 300));
    await first.click(PEERS[peer].accept);
    await until(first, ran, "the held scripts after Accept all");
    await first.close();
    const second = await cdp.newPage(first.context);
    await second.goto(url);
    await until(second, ran, "the held scripts on the second view");
    await new Promise((r) => setTimeout(r, 300));
    await second.close();
    const p = await open(cdp, options, first.context);
    await p.goto(url);
    await until(p, ran, "the held scripts on the third view");
    const result = { ...(await p.metrics()), released: await p.evaluate("Math.max(...window.benchRan.map(([, t]) => t))"), fcp: await fcp(p) };
    if (await p.evaluate(`!!document.querySelector(${JSON.stringify(PEERS[peer].banner)})`)) throw new Error(`${peer}: the banner showed on a returning visit`);
    return result;
  } finally {
    await first.closeContext();
  }
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

/**
 * The catalog's bytes (catalog/services.toml, through `consent-gate-tool catalog`): in the module,
 * the strings of its entries (id, title, category, host rules, cookie and storage patterns); in
 * the stub, the pre-start rule's table generated from it (target/bindgen/catalog-rules.json).
 * Raw, and compressed on their own.
 */
function catalogSize() {
  const tool = (...args) => execFileSync("cargo", ["run", "--quiet", "--release", "-p", "consent-gate-tools", "--", ...args], { cwd: root, maxBuffer: 1 << 24 });
  const { service } = JSON.parse(tool("catalog").toString());
  const strings = service.map((s) => [s.id, s.title, s.category, s.hosts.join(" "), s.cookies.join(" "), s.storage.join(" ")].join("\0")).join("\0");
  const table = tool("stub-table");
  const hosts = new Set(service.flatMap((s) => s.hosts.map((h) => h.replace(/^\*\./, "").split(/[/?]/)[0].toLowerCase())));
  return {
    entries: service.length, hosts: hosts.size,
    module: { raw: Buffer.byteLength(strings), gzip: gzip(strings).length, brotli: brotli(strings).length },
    stub: { raw: table.length, gzip: gzip(table).length, brotli: brotli(table).length },
  };
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

/**
 * The download before the stub and the module were split (commit 9affd03: one parser-blocking
 * file with the module inlined as a string; the module itself as that build made it), measured
 * with the same compressors, against this build's.
 */
const BEFORE = { file: { raw: 113259, gzip: 43171, brotli: 37923 }, module: { raw: 76654, gzip: 34949, brotli: 30628 } };

function beforeAfter(now) {
  const cell = (x) => `${x.raw.toLocaleString("en")} / ${x.gzip.toLocaleString("en")} / ${x.brotli.toLocaleString("en")}`;
  const module = { raw: now.all.raw - now.blocking.raw, gzip: now.all.gzip - now.blocking.gzip, brotli: now.all.brotli - now.blocking.brotli };
  return `Raw / gzip -9 / brotli -q 11 bytes. Before: commit 9affd03, one file with the module inlined as a string (the
module as that build made it in brackets). Now: the stub and the module, as this build made them.

| | before (9affd03) | now |
| --- | --- | --- |
| what the parser waits for | ${cell(BEFORE.file)} | ${cell(now.blocking)} (the stub) |
| the module | (${cell(BEFORE.module)}, inside that file) | ${cell(module)} |
| a first visit, every byte | ${cell(BEFORE.file)} | ${cell(now.all)} |
`;
}

/**
 * Where the targets the split design misses go: the first paint taken apart (the page's markup,
 * the stub, the module), the returning visit's stub alone against its limit, and what the bytes
 * over the limit cost on the slow network.
 */
function whyMissed({ bytes, bare, parts, views, m, viewCell }) {
  const cg = "consent-gate";
  const vanilla = "vanilla-cookieconsent";
  const fcp = (xs) => median(xs.map((r) => r.fcp));
  const kinds = ["plain", "slow"];
  const row = (name, f) => `| ${name} | ${kinds.map((k) => fmt(f(k))).join(" | ")} |`;
  const stubCost = (k) => fcp(parts["stub-only"][k]) - fcp(parts["markup-only"][k]);
  const moduleCost = (k) => m(cg, k, "fcp") - fcp(parts["stub-only"][k]);
  const stubViews = median(views["stub-only"].map((r) => r.scriptMs));
  const limit = RETURNING_LIMIT * m(vanilla, "returning", "scriptMs");
  const rate = SLOW_4G.downloadThroughput / 1000; // bytes a millisecond
  const transfer = (peer) => bytes[peer].all.brotli / rate;
  const room = Math.round(FIRST_VISIT_LIMIT * bytes.klaro.all.gzip) - bytes[cg].blocking.gzip;
  const module = bytes[cg].all.gzip - bytes[cg].blocking.gzip;
  return `## Why the missed targets are missed

The first contentful paint (median, ms) of consent-gate's page taken apart, from the same interleaved runs:

| page | plain | slow 4G, 4× CPU |
| --- | --- | --- |
${row("without any banner (the deltas' base)", (k) => fcp(bare[k]))}
${row("consent-gate's page without the gate (held tags inert, the frame without a src)", (k) => fcp(parts["markup-only"][k]))}
${row("… with the stub alone (its module not found)", (k) => fcp(parts["stub-only"][k]))}
${row("… with the whole gate", (k) => m(cg, k, "fcp"))}
${row("vanilla-cookieconsent's page", (k) => m(vanilla, k, "fcp"))}

- **First contentful paint.** The stub alone adds ${fmt(stubCost("plain"))} ms (${fmt(stubCost("slow"))} ms on slow 4G) to its
  page's first paint, the module ${fmt(moduleCost("plain"))} ms (${fmt(moduleCost("slow"))} ms); the page's own markup
  ${fmt(fcp(parts["markup-only"].plain) - fcp(bare.plain))} ms (${fmt(fcp(parts["markup-only"].slow) - fcp(bare.slow))} ms), which the deltas count too: its held frame is an empty
  browsing context from the start (vanilla-cookieconsent's page makes its frame only after consent). The stub's share is the design's
  floor: interception must be in place before the parser reaches any tag, so the parser waits for the stub's
  request (a round trip: ${SLOW_4G.latency} ms on slow 4G), its bytes and its run. vanilla-cookieconsent's stylesheet
  also holds the first paint for a round trip, but not the parser, and its script is \`defer\`. Inlining the stub
  in each page would save the round trip, not its bytes, and no page view could take it from the cache.
- **Returning visit's script time.** The stub alone, which every page view runs before the parser may go on,
  takes ${viewCell("stub-only")} on its own, against a limit of ${fmt(limit)} ms for the whole gate
  (${RETURNING_LIMIT} × vanilla-cookieconsent's ${fmt(m(vanilla, "returning", "scriptMs"))} ms)${stubViews > limit ? ": over it before the module has done anything" : ""}.
- **First-visit bytes and slow 4G.** Under the limit, with this stub, the module would have
  ${room.toLocaleString("en")} bytes gzip; it has ${module.toLocaleString("en")}. At slow 4G's
  ${fmt(rate * 8 / 1000, 2)} Mbps, a first visit's files take ${fmt(transfer(cg), 0)} ms to arrive against
  vanilla-cookieconsent's ${fmt(transfer(vanilla), 0)} ms, ${fmt(transfer(cg) - transfer(vanilla), 0)} ms more; the gap in time to banner is
  ${fmt(m(cg, "slow", "banner") - m(vanilla, "slow", "banner"), 0)} ms. How much a module split at the banner could leave out of a first
  visit is in "The module's code by when it first runs" below.

`;
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

/** How each first-visit sample is taken: the CPU and network it gets. */
const KINDS = {
  plain: {},
  throttled: { throttle: 4 },
  slow: { throttle: 4, network: SLOW_4G },
};

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
  const cdp = await launch(CHROMIUM, CHROMIUM_ARGS);
  const samples = Object.fromEntries(peers.map((p) => [p, { plain: [], throttled: [], slow: [], scale: [], returning: [], returningThrottled: [] }]));
  const bare = { plain: [], throttled: [], slow: [] };
  // consent-gate's first contentful paint taken apart: its page's markup alone, then with the stub alone.
  const parts = { "markup-only": { plain: [], slow: [] }, "stub-only": { plain: [], slow: [] } };
  const views = { bare: [], "stub-only": [] };
  try {
    // A failed sample is reported, not fatal: the table counts only completed ones.
    const sample = async (list, label, take) => {
      try {
        list.push(await take());
      } catch (e) {
        failures.push(`${label}: ${e.message.split("\n")[0]}`);
      }
    };
    for (let run = 0; run < RUNS; run++) {
      for (const [kind, options] of Object.entries(KINDS)) {
        await sample(bare[kind], `no banner ${kind}`, () => measureBare(cdp, base, options));
        for (const page of Object.keys(parts)) {
          if (parts[page][kind]) await sample(parts[page][kind], `${page} ${kind}`, () => measureBare(cdp, base, options, page));
        }
        for (const peer of peers) await sample(samples[peer][kind], `${peer} ${kind}`, () => measure(cdp, base, peer, { ...options, click: kind === "plain" }));
      }
      for (const peer of peers) await sample(samples[peer].returning, `${peer} returning`, () => measureReturning(cdp, base, peer));
      for (const peer of peers) await sample(samples[peer].returningThrottled, `${peer} returning throttled`, () => measureReturning(cdp, base, peer, { throttle: 4 }));
      for (const page of ["bare", "stub-only"]) await sample(views[page], `${page} views`, () => measureViews(cdp, base, page));
      process.stdout.write(`run ${run + 1}/${RUNS}\r`);
    }
    for (let run = 0; run < SCALE_RUNS; run++) {
      for (const peer of peers) await sample(samples[peer].scale, `${peer} scale`, () => measure(cdp, base, peer, { scale: SCALE }));
      process.stdout.write(`scale run ${run + 1}/${SCALE_RUNS}\r`);
    }
    if (instrumented) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        const cg = PEERS["consent-gate"];
        const moments = await bannerPath.run(browser, `${base}/bench/page/banner-path.html`, cg.banner, cg.accept);
        const bytes = download("consent-gate");
        const budget = { module: bytes.all.gzip - bytes.blocking.gzip, stub: bytes.blocking.gzip, limit: Math.round(FIRST_VISIT_LIMIT * download("klaro").all.gzip) };
        pathSection = bannerPath.section(instrumented, moments, { fmt, shortName, budget });
      } catch (e) {
        pathSection = `Not measured: ${e.message.split("\n")[0]}`;
      } finally {
        await browser.close();
      }
    }
  } finally {
    await cdp.close();
    server.close();
  }
  const version = execFileSync(CHROMIUM, ["--version"]).toString().trim();
  const made = await composition(root, MODULE).catch((e) => `Not measured: ${e.message.split("\n")[0]}`);
  // Last: it rebuilds the module several times, and nothing is timed any more.
  const steps = buildSteps(root);
  const run = { date: new Date().toISOString().slice(0, 10), samples, bare, parts, views, interception, version, failures, sections: { made, steps, path: pathSection } };
  fs.mkdirSync(path.dirname(SAVED), { recursive: true });
  fs.writeFileSync(SAVED, JSON.stringify(run));
  writeReport(run);
}

/** Where a run's measurements are kept, so that `node bench/run.mjs --report` can write the report again. */
const SAVED = path.join(root, "target/bench/last-run.json");

function writeReport(run) {
  fs.writeFileSync(path.join(root, "BENCHMARKS.md"), report(run));
  console.log("\nwrote BENCHMARKS.md");
}

function report({ date, samples, bare, parts = null, views, interception, version: browserVersion, failures, sections }) {
  const bytes = Object.fromEntries(peers.map((p) => [p, download(p)]));
  const stat = (peer, kind, key) => samples[peer][kind].map((r) => r[key]).filter(Number.isFinite);
  const m = (peer, kind, key) => median(stat(peer, kind, key));
  const cell = (peer, kind, key, digits = 1) => {
    const xs = stat(peer, kind, key);
    if (!xs.length) return "—";
    const ratio = peer === "consent-gate" ? "" : ` (${fmt(median(xs) / m("consent-gate", kind, key), 2)}×)`;
    return `${fmt(median(xs), digits)} [${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}]${ratio}`;
  };
  // What the page's first paint pays for the banner: its median FCP minus the bare page's.
  const bareFcp = (kind) => median(bare[kind].map((r) => r.fcp));
  const fcpDelta = (peer, kind) => m(peer, kind, "fcp") - bareFcp(kind);
  const deltaCell = (peer, kind) => (stat(peer, kind, "fcp").length ? `${fmt(fcpDelta(peer, kind))}` : "—");
  const sizeCell = (peer, part, key) => {
    const n = bytes[peer][part][key];
    const ours = bytes["consent-gate"][part][key];
    return `${n.toLocaleString("en")}${peer === "consent-gate" || !ours ? "" : ` (${fmt(n / ours, 2)}×)`}`;
  };
  const cpu = (os.cpus()[0] || {}).model || "unknown CPU";
  const rows = [
    ["Parser-blocking download, gzip -9 / brotli -q 11 (bytes)", (p) => `${sizeCell(p, "blocking", "gzip")} / ${sizeCell(p, "blocking", "brotli")}`],
    ["Render-blocking download (that + stylesheets), gzip / brotli", (p) => `${sizeCell(p, "render", "gzip")} / ${sizeCell(p, "render", "brotli")}`],
    ["First-visit download, every file, raw (bytes)", (p) => sizeCell(p, "all", "raw")],
    ["… gzip -9 (bytes)", (p) => sizeCell(p, "all", "gzip")],
    ["… brotli -q 11 (bytes)", (p) => sizeCell(p, "all", "brotli")],
    ["First visit: first contentful paint, minus the page's without a banner (ms)", (p) => deltaCell(p, "plain")],
    ["… on slow 4G with 4× CPU throttling (ms)", (p) => deltaCell(p, "slow")],
    ["First visit: navigation → banner visible (ms)", (p) => cell(p, "plain", "banner")],
    ["… with 4× CPU throttling (ms)", (p) => cell(p, "throttled", "banner")],
    ["… on slow 4G with 4× CPU throttling (ms)", (p) => cell(p, "slow", "banner")],
    ["First visit: main-thread script time to banner (ms)", (p) => cell(p, "plain", "scriptMs")],
    ["First visit: main-thread task time to banner (ms)", (p) => cell(p, "plain", "taskMs")],
    ["Returning visit: navigation → held scripts have run (ms)", (p) => cell(p, "returning", "released")],
    ["Returning visit: main-thread script time until then (ms)", (p) => cell(p, "returning", "scriptMs")],
    ["Returning visit: main-thread task time until then (ms)", (p) => cell(p, "returning", "taskMs")],
    ["… script time with 4× CPU throttling (ms)", (p) => cell(p, "returningThrottled", "scriptMs")],
    ["Click Accept all → first held script runs (ms)", (p) => cell(p, "plain", "clickToFirst", 2)],
    [`Release ${SCALE} scripts + ${SCALE} iframes (ms)`, (p) => cell(p, "scale", "releaseAll")],
    ["Cumulative layout shift", (p) => cell(p, "plain", "cls", 3)],
  ];
  const cg = "consent-gate";
  const vanilla = "vanilla-cookieconsent";
  const klaro = "klaro";
  const blockingLimit = (key) => Math.round(BLOCKING_LIMIT * bytes[vanilla].all[key]);
  const firstVisitLimit = (key) => Math.round(FIRST_VISIT_LIMIT * bytes[klaro].all[key]);
  const margin = (n, limit) => `${n.toLocaleString("en")} vs limit ${limit.toLocaleString("en")} (${n <= limit ? `${(limit - n).toLocaleString("en")} to spare` : `${(n - limit).toLocaleString("en")} over`})`;
  const atMost = (name, ours, theirs, unit = " ms", limit = 1) => [name, ours <= limit * theirs, `${fmt(ours)}${unit} vs ${limit === 1 ? "" : `${limit} × `}${fmt(theirs)}${unit}${limit === 1 ? "" : ` = ${fmt(limit * theirs)}${unit}`}`];
  const targets = [
    ...["gzip", "brotli"].map((key) => [`parser-blocking ${key} bytes ≤ ${BLOCKING_LIMIT} × vanilla-cookieconsent's JS + CSS`, bytes[cg].blocking[key] <= blockingLimit(key), margin(bytes[cg].blocking[key], blockingLimit(key))]),
    ...["gzip", "brotli"].map((key) => [`first-visit ${key} bytes ≤ ${FIRST_VISIT_LIMIT} × Klaro's`, bytes[cg].all[key] <= firstVisitLimit(key), margin(bytes[cg].all[key], firstVisitLimit(key))]),
    atMost("first contentful paint delta ≤ vanilla-cookieconsent's", fcpDelta(cg, "plain"), fcpDelta(vanilla, "plain")),
    atMost("… on slow 4G with 4× CPU throttling", fcpDelta(cg, "slow"), fcpDelta(vanilla, "slow")),
    atMost("main-thread script time to banner ≤ vanilla-cookieconsent's", m(cg, "plain", "scriptMs"), m(vanilla, "plain", "scriptMs")),
    atMost(`returning visit: main-thread script time ≤ ${RETURNING_LIMIT} × vanilla-cookieconsent's`, m(cg, "returning", "scriptMs"), m(vanilla, "returning", "scriptMs"), " ms", RETURNING_LIMIT),
    atMost("time to banner ≤ vanilla-cookieconsent's", m(cg, "plain", "banner"), m(vanilla, "plain", "banner")),
    atMost("… with 4× CPU throttling", m(cg, "throttled", "banner"), m(vanilla, "throttled", "banner")),
    atMost("… on slow 4G with 4× CPU throttling", m(cg, "slow", "banner"), m(vanilla, "slow", "banner")),
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
  targets.push([`interception: inserting 10,000 nodes + 200 first-party scripts, observers included, ≤ ${INTERCEPTION_LIMIT} × without the gate`, met, ratio("inserted")]);
  const catalog = catalogSize();
  const breakdown = wasmBreakdown();
  const viewCell = (page) => {
    const xs = views[page].map((r) => r.scriptMs);
    return xs.length ? `${fmt(median(xs))} ms [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]` : "—";
  };
  const bareRange = (kind) => {
    const xs = bare[kind].map((r) => r.fcp);
    return xs.length ? `${fmt(median(xs))} ms [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]` : "—";
  };
  return `# Benchmarks

consent-gate against [vanilla-cookieconsent](https://www.npmjs.com/package/vanilla-cookieconsent) 3.1.0 and
[Klaro](https://www.npmjs.com/package/klaro) 0.7.22 (both from npm, exact versions), on the same page: the same
categories and texts, two analytics scripts (an inline one, then an external one), one session-replay script and one
marketing iframe (vanilla-cookieconsent gates scripts only, so its iframe comes from a held script). Each is set up as
its documentation says: consent-gate's stub as a classic script first in \`<head>\` (it fetches its module itself);
vanilla-cookieconsent and Klaro as a stylesheet and a \`defer\` script. Everything is served from this machine, as a
server set up for static files serves it: brotli (quality 11) where the browser takes it, and cacheable for a year;
the pages themselves are never cached.

- Date: ${date}
- Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}
- Browser: ${browserVersion}, headless
- Runs: ${RUNS} per peer and kind, interleaved (the page without a banner, then A B C, for each kind of first visit;
  then each peer's returning visits), a fresh browser context each; the ${SCALE}-tag release ${SCALE_RUNS} per peer
- Failed samples: ${failures.length ? failures.join("; ") : "none"}
- Cells: median [min–max] (ratio of the peer's median to consent-gate's)
- Reproduce: \`scripts/bench.sh\` (or \`node bench/run.mjs RUNS\` after \`scripts/build.sh\`)

| measure | ${peers.join(" | ")} |
| --- | ${peers.map(() => "---").join(" | ")} |
${rows.map(([name, f]) => `| ${name} | ${peers.map(f).join(" | ")} |`).join("\n")}

Bytes: consent-gate's parser-blocking file is the stub \`dist/consent-gate.js\`; its module \`dist/${MODULE}\`
(which holds its CSS) comes later. vanilla-cookieconsent's \`cookieconsent.css\` and Klaro's \`klaro.min.css\` block the
first paint (not the parser), their \`cookieconsent.umd.js\` and \`klaro-no-css.js\` are \`defer\`. Slow 4G is Chromium's
network emulation (\`Network.emulateNetworkConditions\`): ${SLOW_4G.latency} ms round trip, 1.6 Mbps down, 750 kbps up (each at 90%, as
Lighthouse's profile). First contentful paint of the same page without any banner, for the deltas: ${bareRange("plain")};
on slow 4G with 4× CPU throttling ${bareRange("slow")}. Main-thread times are the page's \`Performance.getMetrics\` ScriptDuration /
TaskDuration at the moment named (the pages differ only in the banner), read through a bare DevTools connection
(\`bench/cdp.mjs\`) that enables no Network or Runtime domain: with those (Playwright enables both on every page),
Chromium records a stack for every request a script starts, which charged consent-gate's stub 2–24 ms a page view
for starting its module's download, a cost no visitor pays. (The slow-4G pages need the Network domain for the
emulation, and pay it alike.) A returning visit is the third page view in
one browser context after Accept all on the first (compiled code is cached from a later view than the first); its
held scripts are the page's three. The first held script is the same inline analytics script on every page.

Where a returning visit's main-thread script time goes (the third view, once loaded): the page without any banner
${viewCell("bare")}; consent-gate's page with its stub alone (its module not found, so nothing is compiled, started or
released) ${viewCell("stub-only")}; with the whole gate, until its held scripts have run, ${cell("consent-gate", "returning", "scriptMs")} ms.
The rest of the whole gate's time is the module's: instantiating it (its code is compiled again on each page view:
Chromium keeps compiled WebAssembly only for modules over 128 KB, and this one is ${Math.round(fs.statSync(path.join(root, "dist", MODULE)).size / 1024)} KB), starting it and releasing the
tags.

## Interception

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

The tracker catalog (catalog/services.toml: ${catalog.entries} services on ${catalog.hosts} hosts) costs, compressed on its own:
in the module, ${catalog.module.raw.toLocaleString("en")} bytes of strings (${catalog.module.gzip.toLocaleString("en")} gzip -9,
${catalog.module.brotli.toLocaleString("en")} brotli); in the stub, the pre-start rule's table generated from it,
${catalog.stub.raw.toLocaleString("en")} bytes (${catalog.stub.gzip.toLocaleString("en")} gzip, ${catalog.stub.brotli.toLocaleString("en")} brotli).
Interception's cost above is measured with this catalog: a URL is looked up by host in a set, so the catalog's
length does not enter it.

## Targets

| target | met | measured |
| --- | --- | --- |
${targets.map(([name, ok, detail]) => `| ${name} | ${ok === true ? "yes" : ok === false ? "**no**" : "**not settled**"} | ${detail} |`).join("\n")}

${verdict(targets)}

${parts ? whyMissed({ bytes, bare, parts, views, m, viewCell }) : ""}## Before and after the split

${beforeAfter(bytes["consent-gate"])}
## What the two files are made of

${sections.made}
## What each build step buys

${sections.steps}
## Where the wasm's bytes go (twiggy)

${breakdown}
## The module's code by when it first runs

${sections.path}
`;
}

(process.argv[2] === "--report" ? Promise.resolve().then(() => writeReport(JSON.parse(fs.readFileSync(SAVED, "utf8")))) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
