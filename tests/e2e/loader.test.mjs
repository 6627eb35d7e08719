// The stub (dist/consent-gate.js) and the module it loads (dist/consent-gate.<hash>.wasm): what
// holds before the module has started, a returning visit, a module that cannot load, a
// Content-Security-Policy that blocks WebAssembly, a page in a legacy encoding, the banner's effect
// on layout and when it appears, and the precompressed copies of the stub, the module and the
// translations.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { test } from "node:test";
import zlib from "node:zlib";
import { ALL_SCRIPTS, setup } from "./harness.mjs";

const env = setup();
const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");

/** The module's file name in dist/ (consent-gate.<hash>.wasm). */
const MODULE = fs.readdirSync(dist).find((f) => /^consent-gate\.[0-9a-f]+\.wasm$/.test(f));

/** Resource Timing's entries for the given paths: `{ path, encoded, decoded }`. */
const received = (t, paths) => t.page.evaluate((wanted) => performance.getEntriesByType("resource")
  .map((e) => ({ path: new URL(e.name).pathname, encoded: e.encodedBodySize, decoded: e.decodedBodySize }))
  .filter((e) => wanted.includes(e.path)), paths);

test("before the module has started (it arrives late), catalogued trackers are held and dropped and the API waits; then a first visit gets its banner", async () => {
  const t = await env.open();
  await t.page.goto(t.url("/fixtures/insertion.html?slow-module=1500"));
  await t.page.waitForFunction(() => document.readyState === "complete");
  await t.page.waitForFunction(() => window.dropped.length === 3);
  const early = await t.page.evaluate(() => ({
    accepted: ConsentGate.isAccepted("analytics"), consent: ConsentGate.getConsent(), dropped: window.dropped.slice().sort(),
    scripts: document.querySelectorAll("script[data-cg-held]").length, embeds: document.querySelectorAll("img[data-cg-held]:not([src]), iframe[data-cg-held]:not([src])").length,
    banner: !!document.getElementById("consent-gate-banner"),
  }));
  assert.deepEqual(early, { accepted: false, consent: null, dropped: ["beacon", "fetch", "xhr"], scripts: 9, embeds: 3, banner: false });
  assert.deepEqual(env.trackerHits().map((h) => h.host + h.path), ["cdn.logr-in.com/9-markup.js"], "only the preload scanner's fetch of the markup tag");
  await t.page.evaluate(() => ConsentGate.ready);
  await t.settle();
  assert.equal(await t.bannerVisible(), true);
  assert.deepEqual(await t.page.evaluate(() => window.vendorRuns || []), []);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  await t.page.waitForFunction(() => (window.vendorRuns || []).length === 9);
  assert.deepEqual(t.consoleErrors, []);
  await t.done();
});

test("before the module has started, the page's own and its CDNs' scripts, images, frames and requests run at once, in order", async () => {
  const t = await env.open();
  await t.page.goto(t.url("/fixtures/ordinary.html?slow-module=1500"));
  await t.page.waitForFunction(() => window.results && ["fetch", "xhr", "image"].every((k) => k in window.results) && document.getElementById("frame"));
  const before = await t.page.evaluate(() => ({ started: !!document.getElementById("consent-gate-banner"), firstParty: window.firstParty, vendorRuns: window.vendorRuns.length, results: window.results }));
  assert.equal(before.started, false, "measured before the module started");
  assert.equal(before.firstParty, true);
  assert.equal(before.vendorRuns, 5, "the CDN scripts ran");
  assert.deepEqual(before.results, {
    image: "https://images.example.net/pixel.gif?next=https://www.google-analytics.com/collect", fetch: 204, beacon: true, xhr: 204,
  });
  assert.equal(await t.page.getAttribute("#frame", "src"), "https://embed.example.net/widget");
  assert.equal(await t.page.locator("[data-cg-held]").count(), 0, "nothing was held");
  await t.done();
});

test("a returning visitor's held tags run once the module is ready, in document order, exactly once", async () => {
  const first = await env.open();
  await first.go("/");
  await first.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await first.ran(), ALL_SCRIPTS);
  const cookies = await first.context.cookies();
  await first.done();
  // The choice is stored; the module is not in this browser's cache, and arrives late.
  const t = await env.open();
  await t.context.addCookies(cookies);
  await t.page.goto(t.url("/?slow-module=1500"));
  await t.page.waitForFunction(() => document.readyState === "complete");
  assert.deepEqual(await t.ran(), [], "nothing ran before the module was ready");
  assert.deepEqual(env.trackerHits(), [], "nothing reached a tracker");
  await t.page.evaluate(() => ConsentGate.ready);
  await t.settle();
  assert.deepEqual(await t.ran(), ALL_SCRIPTS);
  assert.equal(await t.bannerVisible(), false);
  assert.deepEqual(await t.page.evaluate(() => window.vendorRuns), ["static.hotjar.com/c/hotjar-1234567.js"], "the unmarked snippet the stub held ran too");
  assert.equal(await t.page.locator("#consent-gate-style").count(), 0, "nothing shown, no stylesheet parsed");
  await t.page.evaluate(() => ConsentGate.showPreferences());
  await t.page.locator("#consent-gate-preferences").waitFor();
  assert.equal(await t.page.locator("#consent-gate-style").count(), 1, "the dialog brings the stylesheet");
  assert.equal(await t.page.$eval("#consent-gate-preferences", (d) => getComputedStyle(d).getPropertyValue("--_radius").trim()), "10px", "and is styled by it");
  assert.deepEqual(t.consoleErrors, []);
  await t.done();
});

test("an action called before the module is ready is applied once it is", async () => {
  const t = await env.open();
  await t.context.addInitScript(() => {
    // Call accept() the moment the loader publishes the API, before the module can be ready.
    let api;
    Object.defineProperty(window, "ConsentGate", {
      configurable: true,
      get: () => api,
      set: (value) => {
        api = value;
        window.readyBeforeCall = false;
        value.ready.then(() => { window.readyAfterCall = true; });
        value.accept(["analytics"]);
      },
    });
  });
  await t.go("/");
  assert.deepEqual(await t.page.evaluate(() => [window.readyBeforeCall, window.readyAfterCall]), [false, true]);
  assert.deepEqual(await t.ran(), ["gtag.js", "ga-init", "ga-config"]);
  assert.equal((await t.consent()).source, "api");
  await t.done();
});

test("a module that cannot be loaded: one console error, the API waits, every catalogued and marked tag stays held, the page works", async () => {
  const t = await env.open();
  await t.go("/fixtures/module-missing.html");
  const errors = t.consoleErrors.filter((e) => e.startsWith("consent-gate:"));
  assert.equal(errors.length, 1, errors.join("\n"));
  assert.match(errors[0], /^consent-gate: could not load the module http:\/\/[^ ]+\/elsewhere\/consent-gate\.[0-9a-f]+\.wasm \(/);
  const rejected = await t.page.evaluate(() => ConsentGate.ready.then(() => "resolved", (e) => e.message));
  assert.ok(errors[0].startsWith(rejected) && rejected.endsWith("every held tag stays held"), rejected);
  assert.equal(await t.page.locator("#consent-gate-banner").count(), 0);
  await t.page.evaluate(() => ConsentGate.acceptAll());
  await t.settle();
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(await t.page.evaluate(() => window.results), { fetch: "dropped", beacon: false, ownFetch: 200 });
  assert.equal(await t.page.evaluate(() => window.firstParty), true, "the site's own script ran");
  const hits = env.trackerHits().map((h) => h.host);
  assert.ok(hits.every((h) => h === "www.googletagmanager.com"), `at most the preload scanner's fetch of the marked tag: ${hits}`);
  await t.done();
});

test("a module that fails while running stops: one console error, nothing thrown into the page, everything held from then on", async () => {
  for (const how of ["listener", "call"]) {
    const t = await env.open();
    await t.go("/");
    await t.page.evaluate(() => {
      // The page replaces a DOM method the module uses, and it throws inside the module.
      const original = Document.prototype.getElementById;
      Document.prototype.getElementById = function (id) {
        if (id === "consent-gate-style") throw new Error("boom");
        return original.call(this, id);
      };
    });
    if (how === "listener") await t.click("#open-prefs");
    else await t.page.evaluate(() => ConsentGate.showPreferences());
    const where = how === "listener" ? "a click listener" : "show_preferences()";
    const errors = t.consoleErrors.filter((e) => e.startsWith("consent-gate:"));
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.ok(errors[0].startsWith(`consent-gate: the module failed in ${where}; everything held stays held until the page is reloaded`), errors[0]);
    const after = await t.page.evaluate(async () => {
      ConsentGate.acceptAll();
      const s = document.createElement("script");
      s.src = "https://static.hotjar.com/c/hotjar-late.js";
      document.head.appendChild(s);
      const tracker = await fetch("https://api.segment.io/v1/t").then(() => "sent", () => "dropped");
      const own = await fetch("/fixtures/first-party.js").then((r) => r.status);
      return { accepted: ConsentGate.isAccepted("analytics"), consent: ConsentGate.getConsent(), held: s.hasAttribute("data-cg-held"), tracker, own };
    });
    await t.settle();
    assert.deepEqual(after, { accepted: false, consent: null, held: true, tracker: "dropped", own: 200 }, how);
    assert.deepEqual(await t.ran(), [], "nothing held was released");
    assert.deepEqual(env.trackerHits(), []);
    assert.equal(t.consoleErrors.filter((e) => e.startsWith("consent-gate:")).length, 1, "and nothing more was said");
    await t.done();
  }
});

test("a Content-Security-Policy without 'wasm-unsafe-eval': a clear console error, everything held, no page error", async () => {
  const t = await env.open();
  const policy = "script-src 'self' 'unsafe-inline' https:; object-src 'none'";
  await t.go("/?csp=" + encodeURIComponent(policy));
  assert.ok(t.consoleErrors.some((e) => e.includes("'wasm-unsafe-eval'") && e.startsWith("consent-gate:")), t.consoleErrors.join("\n"));
  assert.equal(await t.page.evaluate(() => ConsentGate.ready.then(() => "resolved", (e) => e.message)), "consent-gate: the WebAssembly module could not start (a Content-Security-Policy needs 'wasm-unsafe-eval' in script-src); every held tag stays held");
  assert.equal(await t.page.locator("#consent-gate-banner").count(), 0);
  assert.equal(await t.page.evaluate(() => ConsentGate.isAccepted("analytics")), false);
  await t.page.evaluate(() => ConsentGate.acceptAll());
  await t.settle();
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(env.trackerHits(), []);
  await t.done();
});

test("the same page under a policy that allows WebAssembly works", async () => {
  const t = await env.open();
  const policy = "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' https:; object-src 'none'";
  await t.go("/?csp=" + encodeURIComponent(policy));
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), ALL_SCRIPTS);
  await t.done();
});

test("a page in a legacy encoding: the stub works as a file and inlined (naming its module); inlined without the name, it fails closed, saying why", async () => {
  for (const variant of ["", "?inline"]) {
    const t = await env.open();
    await t.go("/fixtures/legacy.html" + variant);
    await t.page.locator("#consent-gate-banner").waitFor();
    await t.settle();
    assert.deepEqual(env.trackerHits(), [], variant);
    await t.click('#consent-gate-banner [data-action="accept-all"]');
    await t.page.waitForFunction(() => (window.vendorRuns || []).includes("static.hotjar.com/c/legacy.js"));
    assert.deepEqual(t.consoleErrors, [], variant);
    await t.done();
  }

  const bare = await env.open();
  await bare.go("/fixtures/legacy.html?inline=bare");
  assert.ok(bare.consoleErrors.some((e) => e.startsWith("consent-gate: could not load the module") && e.includes("/fixtures/consent-gate.")), bare.consoleErrors.join("\n"));
  assert.equal(await bare.page.locator("#consent-gate-banner").count(), 0);
  await bare.page.evaluate(() => ConsentGate.acceptAll());
  await bare.settle();
  assert.deepEqual(env.trackerHits(), [], "the tracker stays held");
  await bare.done();
});

test("the banner causes no layout shift", async () => {
  const t = await env.open();
  await t.context.addInitScript(() => {
    window.shift = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.shift += e.value; }).observe({ type: "layout-shift", buffered: true });
  });
  await t.go("/");
  assert.equal(await t.bannerVisible(), true);
  await t.click('#consent-gate-banner [data-action="reject-all"]');
  assert.equal(await t.page.evaluate(() => window.shift), 0);
  await t.done();
});

test("a module ready before <body> is made puts the banner in as soon as it exists, before parsing ends, as its first child", async () => {
  const t = await env.open();
  await t.go("/fixtures/parsing.html");
  assert.deepEqual(await t.page.evaluate(() => window.whileParsing), { state: "loading", banner: "consent-gate-banner" });
  assert.equal(await t.bannerVisible(), true);
  assert.equal(await t.page.evaluate(() => document.body.firstElementChild.id), "consent-gate-banner");
  await t.done();
});

test("the stub, the module and a translation are sent precompressed where the browser takes it, the module as application/wasm, cacheable for good; and they work", async () => {
  const t = await env.open();
  await t.go("/fixtures/config.html?config=" + encodeURIComponent('{"language": "de"}'));
  assert.equal(await t.bannerVisible(), true);
  assert.equal(await t.page.locator("#consent-gate-banner").getAttribute("lang"), "de");
  const files = ["/consent-gate.js", `/${MODULE}`, "/i18n/de.json"];
  const arrived = await received(t, files);
  assert.deepEqual(arrived.map((e) => e.path).sort(), [...files].sort());
  for (const { path: file, encoded, decoded } of arrived) {
    const on = (suffix) => fs.statSync(path.join(dist, file + suffix)).size;
    assert.equal(decoded, on(""), `${file}: the whole file arrived`);
    assert.ok([on(".br"), on(".gz")].includes(encoded), `${file}: ${encoded} bytes on the wire, the size of neither compressed copy`);
    assert.ok(encoded < decoded);
  }
  assert.deepEqual(t.consoleErrors, []);
  await t.done();

  const headers = await new Promise((resolve, reject) => {
    http.get(`${env.server.url}/${MODULE}`, { headers: { "accept-encoding": "br" } }, (res) => { res.resume(); resolve(res.headers); }).on("error", reject);
  });
  assert.equal(headers["content-type"], "application/wasm");
  assert.equal(headers["cache-control"], "public, max-age=31536000, immutable");
});

test("each precompressed copy is the file itself, sent only where the request accepts its encoding", async () => {
  for (const name of ["consent-gate.js", MODULE]) await sentAsAccepted(name);
});

async function sentAsAccepted(name) {
  const get = (acceptEncoding) => new Promise((resolve, reject) => {
    http.get(`${env.server.url}/${name}`, { headers: acceptEncoding === null ? {} : { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ encoding: res.headers["content-encoding"], vary: res.headers.vary, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
  const file = fs.readFileSync(path.join(dist, name));
  const decode = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync };
  for (const [acceptEncoding, expected] of [
    ["gzip, deflate, br, zstd", "br"],
    ["gzip, deflate", "gzip"],
    ["br;q=0, gzip;q=0.5", "gzip"],
    ["*", "br"],
    ["br;q=0, *", "gzip"],
    ["gzip;q=0, br;q=0.0", undefined],
    ["identity", undefined],
    [null, undefined],
  ]) {
    const { encoding, vary, body } = await get(acceptEncoding);
    assert.equal(encoding, expected, `${name}, Accept-Encoding: ${acceptEncoding}`);
    assert.equal(vary, "accept-encoding");
    const decoded = encoding ? decode[encoding](body) : body;
    assert.ok(decoded.equals(file), `Accept-Encoding: ${acceptEncoding}: the file itself`);
  }
}
