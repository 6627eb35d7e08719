// The core consent scenarios again, in Firefox ESR (Debian's firefox-esr), driven over WebDriver
// BiDi by puppeteer-core. Firefox resolves every host to 127.0.0.1 (network.dns.forceResolve), so
// the tracker stand-ins listen on port 443 here; Global Privacy Control is Firefox's own setting.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import puppeteer from "puppeteer-core";
import { startServer } from "../server.mjs";
import { ALL_SCRIPTS, ANALYTICS_SCRIPTS, BROWSER_HOSTS, SITE_HOST } from "./harness.mjs";

const FIREFOX = process.env.FIREFOX || "/usr/bin/firefox-esr";
let server;
const browsers = {};

async function firefox({ gpc }) {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      "network.dns.forceResolve": "127.0.0.1",
      "privacy.globalprivacycontrol.enabled": gpc,
      "privacy.globalprivacycontrol.functionality.enabled": gpc,
    },
  });
}

before(async () => {
  server = await startServer({ trackerPort: 443 });
  browsers.plain = await firefox({ gpc: false });
});
after(async () => {
  for (const b of Object.values(browsers)) await b.close();
  server?.close();
});

const trackerHits = (host) => server.trackerHits(host).filter((h) => !BROWSER_HOSTS.test(h.host));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** A page in a fresh browser context, collecting uncaught errors and console errors. */
async function open(browser = browsers.plain) {
  server.reset();
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const pageErrors = [];
  const consoleErrors = [];
  // Firefox also reports its own diagnostics (refused cookies, CSP blocks of the demo's own
  // unnonced files) through the same channel; only exceptions count as errors.
  page.on("pageerror", (e) => { if (!/^(Cookie “|Content-Security-Policy: )/.test(e.message)) pageErrors.push(e.message); });
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  const t = {
    page, consoleErrors,
    async go(path, base = server.url) {
      await page.goto(base + path, { waitUntil: "load" });
      await pause(500);
    },
    async reload() {
      await page.reload({ waitUntil: "load" });
      await pause(500);
    },
    async click(selector) {
      await page.click(selector);
      await pause(700);
    },
    ran: () => page.evaluate(() => window.standIns || []),
    cookies: () => page.evaluate(() => document.cookie.split("; ").map((c) => c.split("=")[0]).filter(Boolean)),
    banner: () => page.evaluate(() => !!document.getElementById("consent-gate-banner")),
    consent: () => page.evaluate(() => window.ConsentGate.getConsent()),
    async done() {
      assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
      await context.close();
    },
  };
  return t;
}

test("Firefox: first visit shows the banner and contacts no tracker; Reject all holds everything after a reload", async () => {
  const t = await open();
  await t.go("/");
  assert.equal(await t.banner(), true);
  assert.deepEqual(trackerHits(), []);
  assert.equal(await t.consent(), null);
  await t.click('#consent-gate-banner [data-action="reject-all"]');
  assert.ok((await t.cookies()).includes("cg_optout"));
  await t.reload();
  assert.equal(await t.banner(), false);
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(trackerHits(), []);
  await t.done();
});

test("Firefox: Accept all runs the held scripts in order, once, and again after a reload without a banner", async () => {
  const t = await open();
  await t.go("/");
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), ALL_SCRIPTS);
  assert.equal(await t.page.$eval("iframe", (f) => f.getAttribute("src")), "https://www.youtube-nocookie.com/embed/skyline-tour");
  assert.equal(trackerHits("www.googletagmanager.com").length, 1);
  await t.reload();
  assert.equal(await t.banner(), false);
  assert.deepEqual(await t.ran(), ALL_SCRIPTS);
  await t.done();
});

test("Firefox: analytics only, in the preferences; the keyboard closes the dialog", async () => {
  const t = await open();
  await t.go("/");
  await t.click('#consent-gate-banner [data-action="preferences"]');
  assert.equal(await t.page.$eval("#consent-gate-preferences", (d) => d.open), true);
  await t.page.click('#consent-gate-preferences input[data-category="analytics"]');
  await t.click('#consent-gate-preferences [data-action="save"]');
  assert.deepEqual(await t.ran(), ANALYTICS_SCRIPTS);
  assert.deepEqual(trackerHits("cdn.logrocket.io"), []);
  await t.page.click('footer [data-consent-open="preferences"]');
  await t.page.keyboard.press("Escape");
  await pause(200);
  assert.equal(await t.page.$eval("#consent-gate-preferences", (d) => d.open), false);
  await t.done();
});

test("Firefox: the server's opt-out cookie means no banner and no tracker request", async () => {
  const t = await open();
  await t.go("/optout");
  await t.go("/");
  assert.equal(await t.banner(), false);
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(trackerHits(), []);
  assert.equal((await t.consent()).source, "opt-out-cookie");
  await t.done();
});

test("Firefox: its own Global Privacy Control setting keeps marketing off under Accept all", async () => {
  browsers.gpc ??= await firefox({ gpc: true });
  const t = await open(browsers.gpc);
  await t.go("/");
  assert.equal(await t.page.evaluate(() => navigator.globalPrivacyControl), true, "the browser sends GPC");
  assert.equal(await t.page.$eval("#consent-gate-banner .cg-signal", (n) => n.textContent.includes("Global Privacy Control")), true);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), ALL_SCRIPTS);
  assert.equal(await t.page.$eval("iframe", (f) => f.getAttribute("src")), null);
  assert.deepEqual(trackerHits("www.youtube-nocookie.com"), []);
  await t.done();
});

test("Firefox: a revision bump, a tampered cookie and an invalid config each hold everything", async () => {
  const t = await open();
  await t.go("/");
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  server.reset();
  await t.go("/fixtures/config.html?config=" + encodeURIComponent('{"revision": 2}'));
  assert.equal(await t.banner(), true);
  assert.deepEqual([await t.ran(), trackerHits()], [[], []]);
  await t.go("/");
  await t.page.evaluate(() => { document.cookie = "cg_consent=" + document.cookie.match(/cg_consent=([^;]+)/)[1].replace(".a.", ".p.") + "; path=/"; });
  server.reset();
  await t.reload();
  assert.equal(await t.banner(), true, "tampered: asked again");
  assert.deepEqual([await t.ran(), trackerHits()], [[], []]);
  await t.go("/fixtures/config.html?config=" + encodeURIComponent('{"revision": "two", "categories": {"analytics": {}}}'));
  assert.ok(t.consoleErrors.some((e) => e.includes("`revision` must be a whole number")), t.consoleErrors.join("\n"));
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual([await t.ran(), trackerHits()], [[], []]);
  await t.done();
});

test("Firefox: withdrawing analytics deletes _ga on the registrable domain and reloads", async () => {
  const t = await open();
  const site = `http://${SITE_HOST}:${server.port}`;
  await t.go("/", site);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.ok((await t.cookies()).includes("_ga"));
  await t.page.click('footer [data-consent-open="preferences"]');
  await t.page.click('#consent-gate-preferences input[data-category="analytics"]');
  await Promise.all([t.page.waitForNavigation({ waitUntil: "load" }), t.page.click('#consent-gate-preferences [data-action="save"]')]);
  await pause(500);
  const names = await t.cookies();
  assert.ok(!names.includes("_ga") && !names.includes("_gid") && !names.includes("_ga_DEMO123"), names.join(", "));
  assert.deepEqual(await t.ran(), ["logrocket.js", "logrocket-call", "logrocket-init"]);
  await t.done();
});

test("Firefox: under a strict CSP (nonce, 'strict-dynamic', 'wasm-unsafe-eval') the banner is styled and releases run", async () => {
  const t = await open();
  const policy = "script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'nonce-{nonce}'; object-src 'none'; base-uri 'none'";
  await t.go("/?csp=" + encodeURIComponent(policy));
  assert.equal(await t.page.$eval("#consent-gate-banner", (b) => getComputedStyle(b).position), "fixed");
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), ALL_SCRIPTS);
  await t.done();
});

const vendorRuns = (t) => t.page.evaluate(() => [...(window.vendorRuns || []), ...(window.standIns || [])]);

test("Firefox: unmarked vendor snippets contact nobody before consent and run after Accept all", async () => {
  for (const snippet of ["gtm", "hotjar", "meta-pixel", "segment"]) {
    const t = await open();
    await t.go(`/fixtures/snippet/${snippet}`);
    assert.deepEqual(trackerHits(), [], snippet);
    assert.deepEqual(await vendorRuns(t), []);
    await t.click('#consent-gate-banner [data-action="accept-all"]');
    assert.notDeepEqual(await vendorRuns(t), [], `${snippet} ran after consent`);
    await t.done();
  }
});

test("Firefox: a markup tracker tag never runs before consent", async () => {
  const t = await open();
  await t.go("/fixtures/snippet/logrocket");
  assert.ok(trackerHits().length <= 1, "at most the speculative fetch");
  assert.deepEqual(await vendorRuns(t), []);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await vendorRuns(t), ["cdn.logr-in.com/LogRocket.min.js"]);
  await t.done();
});

test("Firefox: every way of inserting a tracker is held, then released once in insertion order", async () => {
  const t = await open();
  await t.go("/fixtures/insertion.html");
  assert.ok(trackerHits().every((h) => h.path === "/9-markup.js"), JSON.stringify(trackerHits()));
  assert.deepEqual((await t.page.evaluate(() => window.dropped)).sort(), ["beacon", "fetch", "xhr"]);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual((await vendorRuns(t)).map((r) => r.split("/").pop()), [
    "1-append-child.js", "2-insert-before.js", "3-append.js", "4-prepend.js", "5-replace-with.js",
    "6-set-attribute-after-insertion.js", "7-src-after-insertion.js", "8-type-after-src.js", "9-markup.js",
  ]);
  await t.done();
});

test("Firefox: ordinary scripts run with no consent", async () => {
  const t = await open();
  await t.go("/fixtures/ordinary.html");
  assert.equal(await t.page.evaluate(() => window.firstParty), true);
  assert.equal((await vendorRuns(t)).length, 5);
  assert.deepEqual(await t.page.evaluate(() => window.results), {
    image: "https://images.example.net/pixel.gif?next=https://www.google-analytics.com/collect", fetch: 204, beacon: true, xhr: 204,
  });
  await t.done();
});
