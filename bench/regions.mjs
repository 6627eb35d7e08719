// Region rules' cost (#31): how soon a US visitor's trackers run (no banner: the region's default
// releases them, after the time-zone table has arrived) against an EU visitor's after an
// immediate Accept all, on the demo page in headless Chromium, interleaved; and what the files
// weigh. Prints a Markdown section; scripts/bench.sh appends it to BENCHMARKS.md.
// Usage: node bench/regions.mjs [runs] (after scripts/build.sh)
import fs from "node:fs";
import path from "node:path";
import { startServer } from "../tests/server.mjs";
import { launchFor, median } from "./feature-browser.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const RUNS = Number(process.argv[2] || 15);

/** When each stand-in script first ran, in ms since navigation start. */
function timeStandIns() {
  const list = [];
  const times = {};
  list.push = function (...items) {
    for (const item of items) times[item] ??= performance.now();
    return Array.prototype.push.apply(this, items);
  };
  window.standIns = list;
  window.standInTimes = times;
}

async function visit(browser, base, { region, timezone, click }) {
  const context = await browser.newContext({ timezoneId: timezone });
  await context.addInitScript(timeStandIns);
  const page = await context.newPage();
  try {
    await page.goto(`${base}/?region=${region}`);
    let clicked = null;
    if (click) {
      await page.waitForSelector('#consent-gate-banner [data-action="accept-all"]', { state: "visible" });
      clicked = await page.evaluate(() => performance.now());
      await page.click('#consent-gate-banner [data-action="accept-all"]');
    }
    await page.waitForFunction(() => window.standInTimes["ga-config"] !== undefined, null, { timeout: 20_000 });
    const released = await page.evaluate(() => window.standInTimes["ga-config"]);
    return { released, clicked };
  } finally {
    await context.close();
  }
}

const server = await startServer({});
const browser = await launchFor(server);
const us = [];
const eu = [];
const euAfterClick = [];
try {
  for (let run = 0; run < RUNS; run++) {
    us.push((await visit(browser, server.url, { region: "US-CA", timezone: "America/Los_Angeles", click: false })).released);
    const { released, clicked } = await visit(browser, server.url, { region: "DE", timezone: "Europe/Berlin", click: true });
    eu.push(released);
    euAfterClick.push(released - clicked);
  }
} finally {
  await browser.close();
  server.close();
}

const size = (file) => fs.statSync(path.join(root, "dist", file)).size;
const module = fs.readdirSync(path.join(root, "dist")).find((f) => /^consent-gate\.[0-9a-f]+\.wasm$/.test(f));
const ms = (x) => `${x.toFixed(1)} ms`;
const met = median(us) <= median(eu);
console.log(`## Region rules

\`bench/regions.mjs\`, ${RUNS} runs each, interleaved, headless Chromium on loopback, the demo page with
\`"regions": "worldwide"\`: when Google Analytics' config script (a held tag) runs, in ms after navigation start.
A visitor in California (\`data-region="US-CA"\`, time zone America/Los_Angeles) gets no banner: the region's default
releases it once the time-zone table (\`zones.txt\`) has arrived. A visitor in Germany (\`DE\`, Europe/Berlin) clicks
Accept all as soon as the banner shows (no human is that fast: this is the EU page view's best case).

| visitor | median | min | max |
| --- | --- | --- | --- |
| US-CA, no choice | ${ms(median(us))} | ${ms(Math.min(...us))} | ${ms(Math.max(...us))} |
| DE, Accept all at once | ${ms(median(eu))} | ${ms(Math.min(...eu))} | ${ms(Math.max(...eu))} |
| DE, from the click | ${ms(median(euAfterClick))} | ${ms(Math.min(...euAfterClick))} | ${ms(Math.max(...euAfterClick))} |

Target: a US visitor's trackers run no later than an EU visitor's after Accept all: ${met ? "met" : "**missed**"}
(${(median(us) / median(eu)).toFixed(2)}×).

The files, with region rules in them: the stub ${size("consent-gate.js.gz").toLocaleString("en")} B gzip (${size("consent-gate.js.br").toLocaleString("en")} B brotli), the module
${size(module + ".gz").toLocaleString("en")} B gzip (${size(module + ".br").toLocaleString("en")} B brotli). The time-zone table is in neither: \`zones.txt\`,
${size("zones.txt.gz").toLocaleString("en")} B gzip (${size("zones.txt.br").toLocaleString("en")} B brotli), is fetched only by page views whose region is not opt-in.`);
