// What placeholders for held embeds cost (#32): on a page with ten held YouTube frames
// (/fixtures/embeds.html?youtube=10), in headless Chromium, interleaved with the same page under
// `"placeholders": false`: when the banner is first painted, when the last placeholder is, and the
// time between; and what the files weigh. Prints a Markdown section; scripts/bench.sh appends it
// to BENCHMARKS.md. Usage: node bench/placeholders.mjs [runs] (after scripts/build.sh)
import fs from "node:fs";
import path from "node:path";
import { startServer } from "../tests/server.mjs";
import { launchFor, median } from "./feature-browser.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const RUNS = Number(process.argv[2] || 15);
const FRAMES = 10;

/** Records when the banner and the last of `frames` placeholders were first painted (the frame
 * after they went in), in ms since navigation start; and, for each held frame, how long its
 * placeholder took to go in after both the frame (the parser takes its time over iframes, each a
 * browsing context) and the gate (the banner went in) were there: the gate's own delay. */
function timePaints(frames) {
  const paints = (window.paints = { lag: 0 });
  const made = {};
  const painted = (key) => requestAnimationFrame(() => requestAnimationFrame(() => { paints[key] ??= performance.now(); }));
  new MutationObserver((records) => {
    const now = performance.now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.localName === "iframe") made[node.id] ??= now;
        if (node.id === "consent-gate-banner") paints.started ??= now;
        if (node.classList?.contains("cg-ph")) {
          const since = Math.max(made[node.nextElementSibling?.id] ?? now, paints.started ?? now);
          paints.lag = Math.max(paints.lag, now - since);
        }
      }
    }
    if (!("banner" in paints) && document.getElementById("consent-gate-banner")) {
      paints.banner = null;
      painted("banner");
    }
    if (!("placeholders" in paints) && document.querySelectorAll(".cg-ph").length >= frames) {
      paints.placeholders = null;
      painted("placeholders");
    }
  }).observe(document, { childList: true, subtree: true });
}

async function visit(browser, base, placeholders) {
  const context = await browser.newContext();
  await context.addInitScript(timePaints, FRAMES);
  const page = await context.newPage();
  try {
    const config = encodeURIComponent(JSON.stringify({ placeholders }));
    await page.goto(`${base}/fixtures/embeds.html?youtube=${FRAMES}&config=${config}`);
    await page.waitForFunction((wanted) => window.paints.banner && (!wanted || window.paints.placeholders), placeholders, { timeout: 20_000 });
    return await page.evaluate(() => window.paints);
  } finally {
    await context.close();
  }
}

const server = await startServer({});
const browser = await launchFor(server);
const on = { banner: [], placeholders: [], gap: [], lag: [] };
const off = { banner: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const shown = await visit(browser, server.url, true);
    on.banner.push(shown.banner);
    on.placeholders.push(shown.placeholders);
    on.gap.push(shown.placeholders - shown.banner);
    on.lag.push(shown.lag);
    off.banner.push((await visit(browser, server.url, false)).banner);
  }
  if (server.trackerHits("www.youtube.com").length) throw new Error("a held frame reached YouTube");
} finally {
  await browser.close();
  server.close();
}

const dist = path.join(root, "dist");
const module = fs.readdirSync(dist).find((f) => /^consent-gate\.[0-9a-f]+\.wasm$/.test(f));
const sizes = (file) => ({ gzip: fs.statSync(path.join(dist, file + ".gz")).size, brotli: fs.statSync(path.join(dist, file + ".br")).size });
const ms = (x) => `${x.toFixed(1)} ms`;
const row = (name, xs) => `| ${name} | ${ms(median(xs))} | ${ms(Math.min(...xs))} | ${ms(Math.max(...xs))} |`;
const [stub, wasm] = [sizes("consent-gate.js"), sizes(module)];
console.log(`## Placeholders for held embeds

\`bench/placeholders.mjs\`, ${RUNS} runs each, interleaved, headless Chromium on loopback: a page with ${FRAMES} held
YouTube frames (\`/fixtures/embeds.html?youtube=${FRAMES}\`), first visit, with placeholders and with
\`"placeholders": false\`. Paint times are the frame after the element went in (two \`requestAnimationFrame\`s), in
ms after navigation start. The parser makes the ten frames over some 100 ms (each iframe is a browsing context), so
the last placeholder follows the parser; the last row is the gate's own share: how long a frame, once it and the gate
were both there, waited for its placeholder. No request reached YouTube in any run.

| moment | median | min | max |
| --- | --- | --- | --- |
${row("banner painted, placeholders on", on.banner)}
${row("banner painted, placeholders off", off.banner)}
${row(`all ${FRAMES} placeholders painted`, on.placeholders)}
${row("from the banner's paint to the last placeholder's", on.gap)}
${row("longest wait of a frame for its placeholder once it and the gate were there", on.lag)}

Banner with placeholders / without: ${(median(on.banner) / median(off.banner)).toFixed(2)}x.
Files as built: stub ${stub.gzip} B gzip / ${stub.brotli} B brotli, module ${wasm.gzip} B gzip / ${wasm.brotli} B brotli
(placeholders and per-service choice are in both; what they add is in the section's text in BENCHMARKS.md).`);
