// Auto-blocking: every way a page can insert a tracker, ordinary scripts left alone, Google
// Consent Mode, Google Analytics' own opt-out, the leak audit and the clean-up of trackers'
// cookies at load (each catalogued service's snippets and channels: catalog.test.mjs). The
// vendors' hosts are mapped to the local stand-ins, which count every request.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setup } from "./harness.mjs";

const env = setup();

/** The vendor scripts that ran: the generic stand-ins and the gtag.js stand-in. */
const ran = (t) => t.page.evaluate(() => [...(window.vendorRuns || []), ...(window.standIns || [])]);

/** Waits (up to 5 s) until `count` vendor scripts have run, then for the network to settle. */
async function ranAtLeast(t, count) {
  await t.page.waitForFunction((n) => (window.vendorRuns || []).length + (window.standIns || []).length >= n, count, { timeout: 5000 });
  await t.settle();
}

/** Opens `path`, whose script sets `window.inserted` once it has inserted its tags, and checks
 * that none of them reached a tracker or ran. */
async function openInserted(path) {
  const t = await env.open();
  await t.go(path);
  await t.page.waitForFunction(() => window.inserted === true);
  await t.settle();
  assert.deepEqual(env.trackerHits(), [], "nothing reached a tracker");
  assert.deepEqual(await ran(t), []);
  return t;
}

test("ordinary first-party and CDN scripts, images, frames and requests work with no consent at all", async () => {
  const t = await env.open();
  await t.go("/fixtures/ordinary.html");
  assert.equal(await t.bannerVisible(), true, "no choice was made");
  assert.equal(await t.page.evaluate(() => window.firstParty), true);
  const runs = await t.page.evaluate(() => window.vendorRuns.slice().sort());
  assert.deepEqual(runs, [
    "cdn.jsdelivr.net/npm/widget@1/widget.min.js", "esm.example.net/app.js", "notgoogle-analytics.com/analytics.js",
    "unpkg.example.net/lib.js", "www.google-analytics.com.evil.test/analytics.js",
  ]);
  const results = await t.page.evaluate(() => window.results);
  assert.deepEqual(results, {
    image: "https://images.example.net/pixel.gif?next=https://www.google-analytics.com/collect",
    fetch: 204, beacon: true, xhr: 204,
  });
  assert.equal(await t.page.getAttribute("#inner", "src"), "https://images.example.net/inner.png");
  assert.equal(await t.page.getAttribute("#frame", "src"), "https://embed.example.net/widget");
  const hosts = new Set(env.trackerHits().map((h) => h.host));
  for (const host of ["images.example.net", "embed.example.net", "api.example.net"]) assert.ok(hosts.has(host), host);
  assert.equal(await t.page.locator("[data-cg-held]").count(), 0, "nothing was held");
  assert.deepEqual(t.consoleErrors, []);
  await t.done();
});

test("every way of inserting a tracker is held; after consent scripts run once, in insertion order, and dropped requests stay dropped", async () => {
  const t = await env.open();
  await t.go("/fixtures/insertion.html");
  const early = env.trackerHits();
  assert.deepEqual(early.map((h) => h.host + h.path), ["cdn.logr-in.com/9-markup.js"], "only the preload scanner's fetch of the markup tag");
  assert.deepEqual(await ran(t), []);
  assert.deepEqual((await t.page.evaluate(() => window.dropped)).sort(), ["beacon", "fetch", "xhr"]);
  assert.equal(await t.page.getAttribute("#pixel", "src"), null, "the innerHTML pixel is held");
  assert.equal(await t.page.getAttribute("#frame", "src"), null, "the innerHTML frame is held");
  assert.equal(await t.page.getAttribute("#li", "src"), null, "the insertAdjacentHTML pixel is held");
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  await ranAtLeast(t, 9);
  assert.deepEqual(await ran(t), [
    "static.hotjar.com/c/1-append-child.js", "cdn.segment.com/2-insert-before.js", "connect.facebook.net/3-append.js",
    "www.clarity.ms/4-prepend.js", "cdn.mxpnl.com/5-replace-with.js", "cdn.amplitude.com/6-set-attribute-after-insertion.js",
    "edge.fullstory.com/7-src-after-insertion.js", "cdn.us.heap-api.com/8-type-after-src.js", "cdn.logr-in.com/9-markup.js",
  ], "each once, in the order the page inserted them");
  assert.equal(await t.page.getAttribute("#pixel", "src"), "https://www.facebook.com/tr?id=1&ev=PageView");
  assert.equal(await t.page.getAttribute("#frame", "src"), "https://vars.hotjar.com/box.html");
  const paths = env.trackerHits().map((h) => h.host + h.path);
  for (const released of ["www.facebook.com/tr?id=1&ev=PageView", "vars.hotjar.com/box.html", "px.ads.linkedin.com/collect/?pid=1&fmt=gif"]) {
    assert.ok(paths.includes(released), released);
  }
  for (const dropped of ["api.segment.io", "api-js.mixpanel.com", "r.logrocket.io"]) {
    assert.ok(!paths.some((p) => p.startsWith(dropped)), `${dropped}: dropped, not queued`);
  }
  assert.ok(!paths.some((p) => p.includes("detached-beacon")), "a detached pixel is a beacon: dropped");
  assert.equal(await t.page.evaluate(() => document.querySelectorAll("script[type='text/javascript'][src*='8-type']").length), 1,
    "a type set while held is restored on release");
  assert.deepEqual(t.consoleErrors, []);
  await t.done();
});

test("after the page is parsed, trackers inserted every other way (parsed HTML, imported and cloned nodes, ranges, shadow roots, setHTMLUnsafe, attribute nodes) are held too", async () => {
  const t = await openInserted("/fixtures/late.html");
  for (const id of ["#parsed", "#wrapped", "#templated", "#pixel", "#unsafe", "#swapped", "#detached"]) assert.equal(await t.page.getAttribute(id, "src"), null, id);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  await ranAtLeast(t, 11);
  assert.deepEqual(await ran(t), [
    "static.hotjar.com/c/1-src-after-insertion.js", "cdn.segment.com/2-contextual-fragment.js",
    "connect.facebook.net/3-insert-adjacent-element.js", "www.clarity.ms/4-range-insert-node.js", "cdn.mxpnl.com/5-shadow-root.js",
    "cdn.amplitude.com/6-marked.js", "static.hotjar.com/c/7-attribute-node.js", "cdn.segment.com/8-attribute-ns.js",
    "connect.facebook.net/9-attribute-value.js", "www.clarity.ms/10-clone.js", "inline/11-dataset-only",
  ], "each once, in the order the page inserted them (the tag no hook saw at the change of consent)");
  const paths = env.trackerHits().map((h) => h.host + h.path);
  for (const released of ["vars.hotjar.com/parsed.html", "vars.hotjar.com/wrapped.html", "vars.hotjar.com/templated.html", "www.facebook.com/tr?id=1&ev=late", "www.facebook.com/tr?id=1&ev=unsafe", "vars.hotjar.com/swapped.html", "vars.hotjar.com/detached.html"]) {
    assert.ok(paths.includes(released), released);
  }
  assert.deepEqual(t.consoleErrors, []);
  await t.done();
});

test("a path is on the document's base URL's host: once a <base> names a tracker's host, a path is held", async () => {
  const t = await openInserted("/fixtures/base.html");
  assert.equal(await t.page.evaluate(() => window.firstParty), true, "the path on the page's own host ran");
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  await ranAtLeast(t, 1);
  assert.deepEqual(await ran(t), ["www.clarity.ms/1-path-on-base.js"]);
  assert.deepEqual(t.consoleErrors, []);
  await t.done();
});

/** The page's dataLayer, as plain arrays. */
const dataLayer = (t) => t.page.evaluate(() => window.dataLayer.map((entry) => Array.from(entry).map((v) => (v instanceof Date ? "date" : v))));

test("Google Consent Mode v2: denied by default before any tag, updated on every choice; and Google Analytics' own opt-out flag", async () => {
  const t = await env.open();
  await t.go("/fixtures/snippet/ga4");
  const layer = await dataLayer(t);
  assert.deepEqual(layer[0], ["consent", "default", {
    ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied",
    functionality_storage: "granted", personalization_storage: "denied", security_storage: "granted", wait_for_update: 500,
  }], "the default comes first");
  assert.deepEqual(layer.slice(1), [["js", "date"], ["config", "G-TEST1234"]], "then the page's own commands");
  assert.equal(await t.page.evaluate(() => window["ga-disable-G-TEST1234"]), true);
  await t.page.evaluate(() => ConsentGate.accept(["analytics"]));
  await t.settle();
  const update = (await dataLayer(t)).filter((e) => e[0] === "consent").at(-1);
  assert.equal(update[1], "update");
  assert.equal(update[2].analytics_storage, "granted");
  assert.equal(update[2].ad_storage, "denied");
  assert.equal(await t.page.evaluate(() => window["ga-disable-G-TEST1234"]), false);
  await t.reload();
  const again = await dataLayer(t);
  assert.deepEqual(again.slice(0, 2).map((e) => [e[1], e[2].analytics_storage]), [["default", "denied"], ["update", "granted"]],
    "a stored choice is sent right after the default");
  await t.done();

  const off = await env.open();
  await off.go(`/fixtures/snippet/ga4?config=${encodeURIComponent('{"consent_mode": false}')}`);
  assert.ok((await dataLayer(off)).every((e) => e[0] !== "consent"));
  await off.done();
});

test("the audit lists every request to a tracker host with its service, time and whether it was granted then", async () => {
  const t = await env.open();
  await t.go("/fixtures/early.html");
  const before = await t.page.evaluate(() => ConsentGate.audit());
  assert.equal(before.length, 1);
  assert.deepEqual({ ...before[0], time: typeof before[0].time }, {
    url: "https://www.facebook.com/tr?id=1&ev=early", service: "meta-pixel", title: "Meta Pixel", category: "marketing",
    time: "number", granted: false, beforeGate: true,
  });
  await t.done();

  const g = await env.open();
  await g.go("/fixtures/snippet/gtm");
  assert.deepEqual(await g.page.evaluate(() => ConsentGate.audit()), []);
  await g.click('#consent-gate-banner [data-action="accept-all"]');
  await ranAtLeast(g, 1);
  const after = await g.page.evaluate(() => ConsentGate.audit());
  assert.ok(after.length >= 2, JSON.stringify(after));
  assert.ok(after.every((e) => e.granted && !e.beforeGate), JSON.stringify(after));
  assert.ok(after.some((e) => e.service === "google-tag-manager"));
  await g.done();
});

test("trackers' cookies and storage left from before are deleted at load while their category is denied", async () => {
  const t = await env.open();
  const url = t.url("/");
  const plant = () => t.context.addCookies(["_ga", "_ga_TEST1234", "_fbp", "_hjSessionUser_1", "keep_me"].map((name) => ({ name, value: "1", url })));
  await plant();
  await t.context.addInitScript(() => {
    if (!sessionStorage.getItem("planted")) {
      localStorage.setItem("ajs_user_id", "u1");
      localStorage.setItem("own_key", "1");
      sessionStorage.setItem("planted", "1");
    }
  });
  await t.go("/");
  assert.deepEqual((await t.cookies()).sort(), ["keep_me"]);
  assert.deepEqual(await t.page.evaluate(() => Object.keys(localStorage).sort()), ["own_key"]);
  await t.page.evaluate(() => ConsentGate.accept(["analytics"]));
  await plant();
  await t.reload();
  const left = await t.cookies();
  assert.ok(left.includes("_ga") && left.includes("_ga_TEST1234") && left.includes("keep_me"), left.join());
  assert.ok(!left.includes("_fbp") && !left.includes("_hjSessionUser_1"), "marketing and session replay are still denied");
  await t.done();
});

test("auto_block: false leaves unmarked trackers to the site", async () => {
  const t = await env.open();
  await t.go(`/fixtures/snippet/hotjar?config=${encodeURIComponent('{"auto_block": false}')}`);
  assert.deepEqual(await ran(t), ["static.hotjar.com/c/hotjar-1234567.js"]);
  await t.done();
});

test("a site moves a catalogued service to another category and adds its own tracker hosts", async () => {
  const config = { categories: { necessary: { required: true }, analytics: { services: { hotjar: {}, own: { hosts: ["stats.example.net"] } } } } };
  const t = await env.open();
  await t.go(`/fixtures/snippet/hotjar?config=${encodeURIComponent(JSON.stringify(config))}`);
  assert.deepEqual(await ran(t), []);
  assert.equal(await t.page.getAttribute("script[src*=hotjar]", "data-category"), "analytics");
  const own = await t.page.evaluate(() => fetch("https://stats.example.net/hit").then(() => "sent", () => "dropped"));
  assert.equal(own, "dropped");
  await t.page.evaluate(() => ConsentGate.accept(["analytics"]));
  await ranAtLeast(t, 1);
  assert.deepEqual(await ran(t), ["static.hotjar.com/c/hotjar-1234567.js"]);
  await t.done();
});
