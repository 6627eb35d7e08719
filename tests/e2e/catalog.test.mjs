// The catalog, end to end, driven by the catalog itself (catalog/services.toml, through
// `consent-gate-tool catalog`): for every service, each of its vendor install snippets pasted
// unchanged and unmarked (tests/e2e/snippets/), and each of its example URLs sent through every
// channel of its kind (a script in the HTML and inserted; a frame in the HTML, through
// insertAdjacentHTML and inserted; an image in the HTML, inserted and detached; a beacon and a
// fetch). Nothing reaches the vendor before consent, everything arrives after Accept all, nothing
// after Reject all. The scripts the catalog exempts (payments, bot protection) run before any
// choice. The vendors' hosts are mapped to the local stand-ins, which count every request.
//
// What the browser fetches before a script can act is out of any script's reach: the preload
// scanner's speculative fetch of a `<script src>` or `<img src>` written in the HTML, and the
// navigation an `<iframe src>` written in the HTML may start as the parser inserts it, before the
// gate's observer runs. That one request per tag and page load is allowed here (see README,
// Auto-blocking, Limits): the tag neither runs nor shows. Marked tags avoid even that.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { setup } from "./harness.mjs";

const env = setup();
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

const catalog = JSON.parse(execFileSync("cargo", ["run", "--quiet", "--release", "-p", "consent-gate-tools", "--", "catalog"],
  { cwd: root, maxBuffer: 1 << 24 }).toString());

/** The stub's own rule (src/stub/rules.js) over one service's rules: whether a hit is that
 * service's. Made once per service (the tests poll with it). */
const rulesSource = fs.readFileSync(path.join(root, "src/stub/rules.js"), "utf8");
const owners = new Map();
function ownedBy(service) {
  if (!owners.has(service.id)) {
    const context = vm.createContext({ URL, CATALOG_RULES: new Map(service.table) });
    vm.runInContext(rulesSource, context, { filename: "src/stub/rules.js" });
    owners.set(service.id, (hit) => context.catalogued(new URL(`https://${hit.host}${hit.path}`)));
  }
  return owners.get(service.id);
}

/** Every request the stand-ins received: this service's, and any other tracker's. */
function hitsOf(service) {
  const own = ownedBy(service);
  return { own: env.server.trackerHits().filter(own), other: env.trackerHits().filter((h) => !own(h)) };
}

/** The vendor scripts that ran (every stand-in script records itself). */
const ran = (t) => t.page.evaluate(() => [...(window.vendorRuns || []), ...(window.standIns || [])]);

/** Polls `check` (up to 5 s) until it returns true, then waits for the network to settle. `what`
 * (text, or a function giving it at the time of failure) says what was awaited. */
async function until(t, check, what) {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${typeof what === "function" ? what() : what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await t.settle();
}

/** Opens `page` in a fresh context with the request counts reset, rejects all and reloads: the
 * page as a visitor who said no sees it. */
async function rejected(page) {
  env.server.reset();
  const r = await env.open();
  await r.go(page);
  await r.click('#consent-gate-banner [data-action="reject-all"]');
  await r.reload();
  return r;
}

/** The `<script src>`, `<img src>` and `<iframe src>` URLs written in `html` (not in <noscript>):
 * each may be fetched once per page load before any script can act. As host + path + query. */
function speculative(html) {
  const live = html.replace(/<noscript>[\s\S]*?<\/noscript>/gi, "");
  const urls = [...live.matchAll(/<(?:script|img|iframe)\b[^>]*?\ssrc=["']([^"']+)["']/gi)].map((m) => m[1].replace(/&amp;/g, "&"));
  return urls.map((u) => { const url = new URL(u, "https://x.test"); return url.host + url.pathname + url.search; });
}

/** Asserts that every hit in `hits` is a speculative fetch of one of `allowed`, at most `loads` per URL. */
function onlySpeculative(hits, allowed, loads, what) {
  const count = new Map();
  for (const h of hits) {
    const key = h.host + h.path;
    assert.ok(allowed.includes(key), `${what}: ${key} reached the vendor`);
    count.set(key, (count.get(key) || 0) + 1);
    assert.ok(count.get(key) <= loads, `${what}: ${key} fetched ${count.get(key)} times in ${loads} page loads`);
  }
}

for (const service of catalog.service) {
  for (const snippet of service.snippets) {
    test(`${service.id}: its ${snippet} snippet, unmarked, contacts nobody before consent, loads after Accept all, never after Reject all`, async () => {
      const html = fs.readFileSync(path.join(root, "tests/e2e/snippets", snippet + ".html"), "utf8");
      const allowed = speculative(html);
      const page = `/fixtures/snippet/${snippet}`;
      const t = await env.open();
      await t.go(page);
      const before = hitsOf(service);
      onlySpeculative([...before.own, ...before.other], allowed, 1, "before consent");
      assert.deepEqual(await ran(t), [], "nothing ran");
      await t.click('#consent-gate-banner [data-action="accept-all"]');
      if (/<script/i.test(html) && service.examples.some((e) => e.kind === "script")) {
        // (A script the preload scanner fetched may run from that response, with no new request.)
        await until(t, async () => (await ran(t)).length > 0, "the vendor's script to run after Accept all");
      } else {
        await until(t, () => hitsOf(service).own.length > before.own.length, "the vendor to be contacted after Accept all");
      }
      assert.deepEqual(t.consoleErrors, []);
      await t.done();

      const r = await rejected(page);
      const after = hitsOf(service);
      onlySpeculative([...after.own, ...after.other], allowed, 2, "after Reject all");
      assert.deepEqual(await ran(r), []);
      await r.done();
    });
  }

  test(`${service.id}: each example URL through every channel of its kind is held before consent, arrives after Accept all, and never after Reject all`, async () => {
    const query = new URLSearchParams();
    for (const e of service.examples) query.append(e.kind, e.url);
    const page = `/fixtures/channels?${query}`;
    const channel = (hit) => new URL(`https://${hit.host}${hit.path}`).searchParams.get("cg");
    const speculativeOnly = (hits, loads, what) => {
      const allowed = hits.filter((h) => /^markup-(script|pixel|frame)$/.test(channel(h))).map((h) => h.host + h.path);
      onlySpeculative(hits, allowed, loads, what);
    };
    const t = await env.open();
    await t.go(page);
    await t.page.waitForFunction(() => window.inserted === true);
    await t.settle();
    const before = hitsOf(service);
    speculativeOnly([...before.own, ...before.other], 1, "before consent");
    assert.deepEqual(await ran(t), [], "nothing ran");

    await t.click('#consent-gate-banner [data-action="accept-all"]');
    const channels = { script: ["markup-script", "inserted-script"], frame: ["markup-frame", "inner-frame", "inserted-frame"],
      pixel: ["markup-pixel", "inserted-pixel"], request: [] };
    const expected = service.examples.flatMap((e) => channels[e.kind].map((c) => `${e.url} ${c}`));
    const arrived = () => new Set(hitsOf(service).own.map((h) => h.host + h.path.replace(/[?&]cg=.*$/, "") + " " + channel(h)));
    const stripped = (url) => { const u = new URL(url.split("#")[0]); return u.host + u.pathname + u.search; };
    const missing = () => expected.filter((x) => { const [url, c] = x.split(" "); return !arrived().has(`${stripped(url)} ${c}`); });
    await until(t, () => missing().length === 0, () => `every held element to load after Accept all (missing: ${missing().join(", ")})`);
    assert.equal(await t.page.locator("[data-cg-held]").count(), 0, "every held element in the page was released");
    await t.page.evaluate(() => window.fire("granted"));
    const sent = service.examples.flatMap((e) =>
      e.kind === "request" ? ["beacon-granted", "fetch-granted"] : e.kind === "pixel" ? ["detached-granted"] : []);
    const got = () => new Set(hitsOf(service).own.map(channel));
    await until(t, () => sent.every((c) => got().has(c)), `requests made after Accept all to arrive (${sent.join(", ")})`);
    assert.ok(![...got()].some((c) => /-load$/.test(c)), "requests made before consent were dropped, not queued");
    if (service.examples.some((e) => e.kind === "script")) assert.notDeepEqual(await ran(t), [], "the scripts ran");
    assert.deepEqual(t.consoleErrors, []);
    await t.done();

    const r = await rejected(page);
    await r.page.waitForFunction(() => window.inserted === true);
    await r.page.evaluate(() => window.fire("denied"));
    await r.settle();
    const after = hitsOf(service);
    speculativeOnly([...after.own, ...after.other], 2, "after Reject all");
    assert.deepEqual(await ran(r), []);
    await r.done();
  });
}

for (const exempt of catalog.exempt) {
  test(`${exempt.title} is never held: its snippet runs before any choice`, async () => {
    const t = await env.open();
    await t.go(`/fixtures/snippet/${exempt.snippet}`);
    assert.equal(await t.bannerVisible(), true, "no choice was made");
    const runs = await ran(t);
    const own = exempt.examples.map((u) => { const url = new URL(u); return url.host + url.pathname; });
    assert.ok(runs.some((r) => own.includes(r)), `${exempt.id} ran: ${JSON.stringify(runs)}`);
    assert.equal(await t.page.locator("[data-cg-held]").count(), 0, "nothing was held");
    await t.done();
  });
}
