// The demo page (www/index.html) with the built dist/consent-gate.js, in headless Chromium, with
// the tracker vendors' hosts mapped to local stand-ins that count every request.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALL_SCRIPTS, ANALYTICS_SCRIPTS, setup } from "./harness.mjs";

const env = setup();

test("first visit: the banner shows and no tracker is contacted", async () => {
  const t = await env.open();
  await t.go("/");
  assert.equal(await t.bannerVisible(), true);
  const banner = t.page.locator("#consent-gate-banner");
  assert.equal(await banner.getAttribute("role"), "dialog");
  assert.equal(await t.page.locator("#consent-gate-banner-title").textContent(), "We value your privacy");
  for (const action of ["accept-all", "reject-all", "preferences"]) {
    assert.equal(await banner.locator(`[data-action="${action}"]`).count(), 1, action);
  }
  const accept = banner.locator('[data-action="accept-all"]');
  const reject = banner.locator('[data-action="reject-all"]');
  assert.equal(await accept.getAttribute("class"), await reject.getAttribute("class"), "equal prominence");
  assert.deepEqual(env.trackerHits(), []);
  assert.deepEqual(await t.ran(), []);
  assert.equal(await t.page.getAttribute("iframe", "src"), null, "the marketing iframe is held");
  assert.equal(await t.consent(), null);
  assert.equal(await t.page.evaluate(() => ConsentGate.isAccepted("analytics")), false);
  assert.equal(await t.page.evaluate(() => ConsentGate.isAccepted("necessary")), true);
  await t.done();
});

test("Reject all: nothing runs, now or after a reload, and the banner stays away", async () => {
  const t = await env.open();
  await t.go("/");
  await t.click('#consent-gate-banner [data-action="reject-all"]');
  assert.equal(await t.page.locator("#consent-gate-banner").count(), 0);
  assert.deepEqual(await t.ran(), []);
  assert.ok((await t.cookies()).includes("cg_optout"), "Reject all sets the opt-out cookie");
  assert.equal((await t.consent()).source, "opt-out-cookie");
  await t.reload();
  assert.equal(await t.page.locator("#consent-gate-banner").count(), 0);
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(env.trackerHits(), []);
  await t.done();
});

test("Accept all: held scripts run in document order, exactly once, now and after a reload", async () => {
  const t = await env.open();
  await t.go("/");
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), ALL_SCRIPTS);
  assert.equal(await t.page.getAttribute("iframe", "src"), "https://www.youtube-nocookie.com/embed/skyline-tour");
  const hosts = new Set(env.trackerHits().map((h) => h.host));
  for (const host of ["www.googletagmanager.com", "www.google-analytics.com", "cdn.logrocket.io", "r.logrocket.io", "www.youtube-nocookie.com"]) {
    assert.ok(hosts.has(host), host);
  }
  assert.equal(env.trackerHits("www.googletagmanager.com").length, 1);
  const consent = await t.consent();
  assert.equal(consent.source, "accept-all");
  assert.match(consent.id, /^[0-9a-f]{24}$/);
  assert.deepEqual(consent.categories, { necessary: true, performance: true, analytics: true, "session-replay": true, marketing: true });
  const cookie = await t.cookie("cg_consent");
  assert.match(cookie.value, /^1\.1\.\d+\.[0-9a-f]{24}\.a\.performance\+analytics\+session-replay\+marketing\.[0-9a-f]{8}$/);
  assert.equal(cookie.sameSite, "Lax");
  assert.ok(cookie.expires * 1000 - Date.now() > 181 * 86400e3, "kept for 182 days");
  assert.equal(await t.page.evaluate(() => localStorage.getItem("cg_consent")), cookie.value, "mirrored to localStorage");

  await t.reload();
  assert.equal(await t.page.locator("#consent-gate-banner").count(), 0);
  assert.deepEqual(await t.ran(), ALL_SCRIPTS, "each ran once on the new page");
  await t.done();
});

test("analytics only, chosen in the preferences", async () => {
  const t = await env.open();
  await t.go("/");
  await t.click('#consent-gate-banner [data-action="preferences"]');
  const dialog = t.page.locator("#consent-gate-preferences");
  assert.equal(await dialog.isVisible(), true);
  assert.equal(await dialog.getAttribute("aria-modal"), "true");
  const necessary = dialog.locator('input[data-category="necessary"]');
  assert.equal(await necessary.isChecked(), true);
  assert.equal(await necessary.isDisabled(), true);
  for (const name of ["performance", "analytics", "session-replay", "marketing"]) {
    assert.equal(await dialog.locator(`input[data-category="${name}"]`).isChecked(), false, `${name} is not pre-checked`);
  }
  assert.match(await dialog.textContent(), /Google Analytics/);
  await dialog.locator('input[data-category="analytics"]').check();
  await t.click('#consent-gate-preferences [data-action="save"]');
  assert.equal(await dialog.isVisible(), false);
  assert.equal(await t.page.locator("#consent-gate-banner").count(), 0);
  assert.deepEqual(await t.ran(), ANALYTICS_SCRIPTS);
  assert.deepEqual(env.trackerHits("cdn.logrocket.io"), []);
  assert.equal(await t.page.getAttribute("iframe", "src"), null);
  assert.equal((await t.consent()).source, "preferences");
  await t.reload();
  assert.deepEqual(await t.ran(), ANALYTICS_SCRIPTS);
  assert.deepEqual(env.trackerHits("cdn.logrocket.io"), []);
  assert.deepEqual(env.trackerHits("r.logrocket.io"), []);
  await t.done();
});

test("an opt-out cookie set by the server's Set-Cookie: no banner, no tracker request", async () => {
  const t = await env.open();
  await t.go("/optout");
  assert.equal((await t.cookie("cg_optout")).value, "1");
  await t.go("/");
  assert.equal(await t.page.locator("#consent-gate-banner").count(), 0);
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(env.trackerHits(), []);
  assert.equal((await t.consent()).source, "opt-out-cookie");
  // An explicit later grant in the preferences removes it.
  await t.click('footer [data-consent-open="preferences"]');
  await t.page.locator('#consent-gate-preferences input[data-category="analytics"]').check();
  await t.click('#consent-gate-preferences [data-action="save"]');
  assert.deepEqual(await t.ran(), ANALYTICS_SCRIPTS);
  assert.equal(await t.cookie("cg_optout"), undefined);
  await t.reload();
  assert.deepEqual(await t.ran(), ANALYTICS_SCRIPTS);
  await t.done();
});

test("Global Privacy Control: marketing stays denied under Accept all, until ticked", async () => {
  const t = await env.open({ gpc: true });
  await t.go("/");
  const notice = t.page.locator("#consent-gate-banner .cg-signal");
  assert.equal(await notice.isVisible(), true, "the banner says the signal was honoured");
  assert.match(await notice.textContent(), /Global Privacy Control/);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), ALL_SCRIPTS);
  assert.equal(await t.page.getAttribute("iframe", "src"), null, "marketing is not granted by Accept all");
  assert.deepEqual(env.trackerHits("www.youtube-nocookie.com"), []);
  const consent = await t.consent();
  assert.equal(consent.categories.marketing, false);
  assert.equal(consent.gpc, true);
  await t.click('footer [data-consent-open="preferences"]');
  assert.equal(await t.page.locator('#consent-gate-preferences input[data-category="marketing"]').isChecked(), false);
  await t.page.locator('#consent-gate-preferences input[data-category="marketing"]').check();
  await t.click('#consent-gate-preferences [data-action="save"]');
  assert.equal(await t.page.getAttribute("iframe", "src"), "https://www.youtube-nocookie.com/embed/skyline-tour");
  await t.reload();
  assert.equal(await t.page.getAttribute("iframe", "src"), "https://www.youtube-nocookie.com/embed/skyline-tour", "the explicit tick is remembered");
  await t.done();
});

test("a revision bump asks again and holds everything until the visitor chooses", async () => {
  const t = await env.open();
  await t.go("/");
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  env.server.reset();
  await t.go("/fixtures/config.html?config=" + encodeURIComponent('{"revision": 2}'));
  assert.equal(await t.bannerVisible(), true);
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(env.trackerHits(), []);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), ANALYTICS_SCRIPTS);
  assert.match((await t.cookie("cg_consent")).value, /^1\.2\./, "stored under revision 2");
  await t.done();
});

test("withdrawal deletes _ga on the registrable domain and reloads", async () => {
  const t = await env.open();
  await t.go("/", t.siteUrl(""));
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  const ga = await t.cookie("_ga");
  assert.equal(ga.domain, ".example.co.uk", "the stand-in set _ga like gtag.js does");
  assert.ok(await t.cookie("_lr_uf_-skyline"));
  await t.page.evaluate(() => document.addEventListener("consentgate:change", (e) => sessionStorage.setItem("changed", JSON.stringify(e.detail.categories))));
  await t.click('footer [data-consent-open="preferences"]');
  await t.page.locator('#consent-gate-preferences input[data-category="analytics"]').uncheck();
  const reloaded = t.page.waitForEvent("load");
  await t.click('#consent-gate-preferences [data-action="save"]');
  await reloaded;
  await t.settle();
  const names = await t.cookies();
  for (const gone of ["_ga", "_gid", "_ga_DEMO123"]) {
    assert.ok(!names.includes(gone), `${gone} deleted`);
  }
  assert.ok(names.includes("_lr_uf_-skyline"), "session-replay cookies are kept");
  assert.equal(JSON.parse(await t.page.evaluate(() => sessionStorage.getItem("changed"))).analytics, false, "change fired before the reload");
  assert.deepEqual(await t.ran(), ["logrocket.js", "logrocket-call", "logrocket-init"]);
  await t.done();
});

test("a tampered consent cookie means no choice: banner, everything held", async () => {
  const t = await env.open();
  await t.go("/");
  await t.click('#consent-gate-banner [data-action="reject-all"]');
  const cookie = await t.cookie("cg_consent");
  // Grant everything by hand, and drop the opt-out cookie.
  await t.context.clearCookies();
  await t.context.addCookies([{ ...cookie, value: cookie.value.replace(".r..", ".a.analytics+session-replay.") }]);
  env.server.reset();
  await t.reload();
  assert.equal(await t.bannerVisible(), true);
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(env.trackerHits(), []);
  assert.ok(t.consoleWarnings.some((w) => w.includes("consent-gate: the stored choice was altered")), t.consoleWarnings.join("\n"));
  await t.done();
});

test("an invalid config: one console error naming the field, everything held", async () => {
  const t = await env.open();
  await t.go("/fixtures/config.html?config=" + encodeURIComponent('{"revision": "two", "categories": {"analytics": {}}}'));
  const mine = t.consoleErrors.filter((e) => e.startsWith("consent-gate:"));
  assert.equal(mine.length, 1, mine.join("\n"));
  assert.match(mine[0], /`revision` must be a whole number/);
  assert.equal(await t.bannerVisible(), true);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(env.trackerHits(), []);
  assert.equal(await t.cookie("cg_consent"), undefined, "nothing is stored from a held gate");
  await t.done();
});

test("many tabs: a choice made in one tab is applied in the site's other open tabs", async () => {
  const t = await env.open();
  await t.go("/");
  const other = await t.context.newPage();
  await other.goto(t.url("/"));
  await t.settle();
  assert.equal(await other.locator("#consent-gate-banner").isVisible(), true);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  await other.waitForFunction(() => (window.standIns || []).includes("logrocket-init"));
  assert.deepEqual(await other.evaluate(() => window.standIns), ALL_SCRIPTS, "granted there too, each once");
  assert.equal(await other.locator("#consent-gate-banner").count(), 0, "and its banner went away");
  // A withdrawal is enforced in the other tab too: it reloads, and nothing runs.
  const reloaded = other.waitForEvent("load");
  await t.click('footer [data-consent-open="preferences"]');
  await t.click('#consent-gate-preferences [data-action="reject-all"]');
  await reloaded;
  await t.settle();
  assert.deepEqual(await other.evaluate(() => window.standIns || []), []);
  assert.equal(await other.evaluate(() => ConsentGate.isAccepted("analytics")), false);
  await other.close();
  await t.done();
});

test("broken storage (a sandboxed frame: cookies and localStorage throw): the gate works for the page view and says why nothing is kept", async () => {
  const t = await env.open();
  await t.go("/fixtures/sandboxed.html");
  const frame = t.page.frameLocator("iframe");
  await frame.locator("#consent-gate-banner").waitFor();
  assert.deepEqual(env.trackerHits(), []);
  await frame.locator('#consent-gate-banner [data-action="accept-all"]').click();
  await t.settle();
  const inner = t.page.frames().find((f) => f !== t.page.mainFrame());
  assert.deepEqual(await inner.evaluate(() => window.standIns), ALL_SCRIPTS, "the choice applies to this page view");
  assert.ok(t.consoleErrors.some((e) => e.includes("consent-gate: the browser refused the consent cookie") && e.includes("this page view only")), t.consoleErrors.join("\n"));
  await t.done();
});
