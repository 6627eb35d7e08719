// The loader in dist/consent-gate.js: the asynchronous fallback for browsers that refuse
// synchronous WebAssembly compiles, a Content-Security-Policy that blocks WebAssembly, the
// banner's effect on layout and when it appears, and the precompressed copies of the gate and
// its translations.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { test } from "node:test";
import zlib from "node:zlib";
import { ALL_SCRIPTS, setup } from "./harness.mjs";

const env = setup();
const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");

/** Makes the page behave like old Chromium WebViews: synchronous compiles over 4 KB throw. */
async function refuseSyncCompiles(context) {
  await context.addInitScript(() => {
    const Module = WebAssembly.Module;
    window.syncRefusals = 0;
    WebAssembly.Module = function (bytes) {
      if (bytes.byteLength > 4096) {
        window.syncRefusals++;
        throw new RangeError("WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB.");
      }
      return new Module(bytes);
    };
    WebAssembly.Module.prototype = Module.prototype;
  });
}

test("where synchronous compiles are refused, the module compiles asynchronously and nothing leaks meanwhile", async () => {
  const t = await env.open();
  await refuseSyncCompiles(t.context);
  await t.page.goto(t.url("/"));
  // Before the module is ready: the API answers "not granted" and queues actions.
  const early = await t.page.evaluate(() => ({ accepted: ConsentGate.isAccepted("analytics"), consent: ConsentGate.getConsent() }));
  assert.deepEqual(early, { accepted: false, consent: null });
  await t.page.evaluate(() => ConsentGate.ready);
  await t.settle();
  assert.equal(await t.page.evaluate(() => window.syncRefusals), 1);
  assert.equal(await t.bannerVisible(), true);
  assert.deepEqual(env.trackerHits(), []);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), ALL_SCRIPTS);
  await t.reload();
  assert.deepEqual(await t.ran(), ALL_SCRIPTS, "a stored choice releases on the async path too");
  assert.deepEqual(t.consoleErrors, []);
  await t.done();
});

test("while the module compiles asynchronously every tag waits; then trackers stay held and everything else runs", async () => {
  const t = await env.open();
  await refuseSyncCompiles(t.context);
  await t.page.goto(t.url("/fixtures/ordinary.html"));
  await t.page.evaluate(() => ConsentGate.ready);
  await t.settle();
  assert.equal(await t.page.evaluate(() => window.syncRefusals), 1);
  assert.equal(await t.page.evaluate(() => window.firstParty), true, "the site's own script ran once the gate decided");
  assert.equal(await t.page.evaluate(() => window.vendorRuns.length), 5, "and so did the CDN scripts");
  await t.done();

  const h = await env.open();
  await refuseSyncCompiles(h.context);
  await h.page.goto(h.url("/fixtures/snippet/hotjar"));
  await h.page.evaluate(() => ConsentGate.ready);
  await h.settle();
  assert.deepEqual(env.trackerHits(), []);
  await h.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await h.page.evaluate(() => window.vendorRuns), ["static.hotjar.com/c/hotjar-1234567.js"]);
  await h.done();
});

test("an action called before the module is ready is applied once it is", async () => {
  const t = await env.open();
  await refuseSyncCompiles(t.context);
  await t.context.addInitScript(() => {
    // Call accept() the moment the loader publishes the API, before the module can be ready.
    let api;
    Object.defineProperty(window, "ConsentGate", {
      configurable: true,
      get: () => api,
      set: (value) => {
        api = value;
        window.compilesBeforeCall = window.syncRefusals;
        value.accept(["analytics"]);
      },
    });
  });
  await t.go("/");
  assert.deepEqual(await t.page.evaluate(() => [window.compilesBeforeCall, window.syncRefusals]), [0, 1], "called before any compile was tried");
  assert.deepEqual(await t.ran(), ["gtag.js", "ga-init", "ga-config"]);
  assert.equal((await t.consent()).source, "api");
  await t.done();
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

test("a page in a legacy encoding: the file (it starts with a UTF-8 byte order mark) works; its text inlined there fails closed, saying why", async () => {
  const t = await env.open();
  await t.go("/fixtures/legacy.html");
  await t.page.locator("#consent-gate-banner").waitFor();
  await t.settle();
  assert.deepEqual(env.trackerHits(), []);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  await t.page.waitForFunction(() => (window.vendorRuns || []).includes("static.hotjar.com/c/legacy.js"));
  assert.deepEqual(t.consoleErrors, []);
  await t.done();

  const inlined = await env.open();
  await inlined.go("/fixtures/legacy.html?inline");
  await inlined.settle();
  assert.ok(inlined.consoleErrors.some((e) => e.startsWith("consent-gate: this copy of consent-gate.js was not read as UTF-8")), inlined.consoleErrors.join("\n"));
  assert.equal(await inlined.page.locator("#consent-gate-banner").count(), 0);
  await inlined.page.evaluate(() => ConsentGate.acceptAll());
  await inlined.settle();
  assert.deepEqual(env.trackerHits(), [], "the tracker stays held");
  await inlined.done();
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

test("the banner is in the page as soon as <body> exists, before parsing ends, as its first child", async () => {
  const t = await env.open();
  await t.go("/fixtures/parsing.html");
  assert.deepEqual(await t.page.evaluate(() => window.whileParsing), { state: "loading", banner: "consent-gate-banner" });
  assert.equal(await t.bannerVisible(), true);
  assert.equal(await t.page.evaluate(() => document.body.firstElementChild.id), "consent-gate-banner");
  await t.done();
});

test("the gate and its translation are sent precompressed where the browser takes it, and work", async () => {
  const t = await env.open();
  await t.go("/fixtures/config.html?config=" + encodeURIComponent('{"language": "de"}'));
  assert.equal(await t.bannerVisible(), true);
  assert.equal(await t.page.locator("#consent-gate-banner").getAttribute("lang"), "de");
  const received = await t.page.evaluate(() => performance.getEntriesByType("resource")
    .map((e) => ({ path: new URL(e.name).pathname, encoded: e.encodedBodySize, decoded: e.decodedBodySize }))
    .filter((e) => e.path === "/consent-gate.js" || e.path === "/i18n/de.json"));
  assert.deepEqual(received.map((e) => e.path).sort(), ["/consent-gate.js", "/i18n/de.json"]);
  for (const { path: file, encoded, decoded } of received) {
    const on = (suffix) => fs.statSync(path.join(dist, file + suffix)).size;
    assert.equal(decoded, on(""), `${file}: the whole file arrived`);
    assert.ok([on(".br"), on(".gz")].includes(encoded), `${file}: ${encoded} bytes on the wire, the size of neither compressed copy`);
    assert.ok(encoded < decoded);
  }
  assert.deepEqual(t.consoleErrors, []);
  await t.done();
});

test("each precompressed copy is the file itself, sent only where the request accepts its encoding", async () => {
  const get = (acceptEncoding) => new Promise((resolve, reject) => {
    http.get(env.server.url + "/consent-gate.js", { headers: acceptEncoding === null ? {} : { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ encoding: res.headers["content-encoding"], vary: res.headers.vary, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
  const file = fs.readFileSync(path.join(dist, "consent-gate.js"));
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
    assert.equal(encoding, expected, `Accept-Encoding: ${acceptEncoding}`);
    assert.equal(vary, "accept-encoding");
    const decoded = encoding ? decode[encoding](body) : body;
    assert.ok(decoded.equals(file), `Accept-Encoding: ${acceptEncoding}: the file itself`);
  }
});
