// window.ConsentGate, markup rules (several categories, unknown category, data-type, late
// tags), keyboard use of the preferences dialog, and config loaded from data-config.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setup } from "./harness.mjs";

const env = setup();

test("the JS API: ready, accept, isAccepted, getConsent, on('change'), the change event, rejectAll, reset, optOut", async () => {
  const t = await env.open();
  await t.go("/fixtures/api.html");
  const page = t.page;
  assert.equal(await page.evaluate(async () => (await ConsentGate.ready) === ConsentGate), true);
  await page.evaluate(() => {
    window.changes = [];
    window.events = [];
    ConsentGate.on("change", (c) => changes.push(c && c.categories));
    document.addEventListener("consentgate:change", (e) => events.push(e.detail && e.detail.source));
  });

  await page.evaluate(() => ConsentGate.accept(["analytics"]));
  await t.settle();
  assert.deepEqual(await t.ran(), ["gtag.js", "ga-init", "ga-config"]);
  assert.equal(await page.evaluate(() => ConsentGate.isAccepted("analytics")), true);
  assert.equal(await page.evaluate(() => ConsentGate.isAccepted("session-replay")), false);
  assert.equal(await page.evaluate(() => ConsentGate.isAccepted("nope")), false);
  const consent = await t.consent();
  assert.equal(consent.source, "api");
  assert.equal(consent.revision, 1);
  assert.ok(Math.abs(consent.time - Date.now()) < 60_000);
  assert.deepEqual(await page.evaluate(() => changes), [{ necessary: true, performance: false, analytics: true, "session-replay": false, marketing: false }]);
  assert.deepEqual(await page.evaluate(() => events), ["api"]);
  assert.ok((await t.cookies()).includes("_ga"));

  // Wrong calls are console errors, not exceptions, and change nothing.
  await page.evaluate(() => { ConsentGate.accept(["analytics", "statistcs"]); ConsentGate.accept("analytics"); ConsentGate.on("chnage", () => {}); });
  assert.ok(t.consoleErrors.some((e) => e.includes("unknown category `statistcs`")), t.consoleErrors.join("\n"));
  assert.ok(t.consoleErrors.some((e) => e.includes("accept() takes an array")));
  assert.ok(t.consoleErrors.some((e) => e.includes("on() takes")));
  assert.equal(await page.evaluate(() => changes.length), 1);

  // A listener that throws is reported; the others still run.
  await page.evaluate(() => ConsentGate.on("change", () => { throw new Error("listener bug"); }));
  await page.evaluate(() => ConsentGate.rejectAll());
  await t.settle();
  assert.equal(await page.evaluate(() => ConsentGate.isAccepted("analytics")), false);
  assert.deepEqual(await page.evaluate(() => events), ["api", "opt-out-cookie"]);
  assert.ok(t.consoleErrors.some((e) => e.includes("a change listener threw")));
  assert.ok(!(await t.cookies()).includes("_ga"), "withdrawal deleted _ga (reload_on_withdraw is off here)");
  assert.ok((await t.cookies()).includes("cg_optout"));

  await page.evaluate(() => ConsentGate.reset());
  await t.settle();
  assert.equal(await t.consent(), null);
  assert.equal(await t.bannerVisible(), true, "reset shows the banner again");
  assert.ok(!(await t.cookies()).includes("cg_consent") && !(await t.cookies()).includes("cg_optout"));
  assert.equal(await page.evaluate(() => localStorage.getItem("cg_consent")), null);

  await page.evaluate(() => ConsentGate.optOut());
  await t.settle();
  assert.equal((await t.cookie("cg_optout")).value, "1");
  assert.equal(await page.locator("#consent-gate-banner").count(), 0);
  assert.deepEqual(await t.ran(), ["gtag.js", "ga-init", "ga-config"], "nothing ran twice");
  await t.done();
});

test("a tag naming several categories runs only when all are granted; img and module tags", async () => {
  const t = await env.open();
  await t.go("/fixtures/api.html");
  await t.page.evaluate(() => ConsentGate.accept(["analytics"]));
  await t.settle();
  assert.ok(!(await t.ran()).includes("multi"));
  assert.equal(await t.page.getAttribute("img", "src"), null);
  await t.page.evaluate(() => ConsentGate.accept(["analytics", "marketing", "session-replay"]));
  await t.settle();
  const ran = await t.ran();
  assert.equal(ran.filter((s) => s === "multi").length, 1);
  assert.equal(ran.filter((s) => s === "gtag.js").length, 1, "already released tags are not released again");
  assert.ok(ran.includes("module"), "data-type=module becomes the released script's type");
  assert.equal(await t.page.evaluate(() => document.querySelector('script[data-category="session-replay"]').type), "module");
  assert.equal(await t.page.getAttribute("img", "src"), "https://www.youtube-nocookie.com/pixel.gif");
  assert.equal(env.trackerHits("www.youtube-nocookie.com").length, 1);
  await t.done();
});

test("an unknown category in markup: one console error naming it, and the tag never runs", async () => {
  const t = await env.open();
  await t.go("/fixtures/api.html");
  const named = t.consoleErrors.filter((e) => e.includes("`statistics`"));
  assert.equal(named.length, 1, t.consoleErrors.join("\n"));
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.ok(!(await t.ran()).includes("statistics"));
  await t.done();
});

test("tags added later (single-page apps) are held and released like tags present at load", async () => {
  const t = await env.open();
  await t.go("/fixtures/api.html");
  await t.page.evaluate(() => {
    const s = document.createElement("script");
    s.type = "text/plain";
    s.dataset.category = "session-replay";
    s.src = "https://cdn.logrocket.io/LogRocket.min.js";
    document.body.appendChild(s);
    document.getElementById("spa").innerHTML =
      '<div><script type="text/plain" data-category="session-replay">standIns = window.standIns || []; standIns.push("from-innerHTML"); window.LogRocket && LogRocket.init("spa/app");<\/script></div>';
  });
  await t.settle();
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(env.trackerHits("cdn.logrocket.io"), []);
  await t.page.evaluate(() => ConsentGate.accept(["session-replay"]));
  await t.settle();
  assert.deepEqual(await t.ran(), ["module", "logrocket.js", "from-innerHTML", "logrocket-init"], "in document order, the inline one after the external one loaded");
  await t.page.evaluate(() => {
    const s = document.createElement("script");
    s.type = "text/plain";
    s.setAttribute("data-category", "session-replay");
    s.textContent = "standIns.push('late')";
    document.body.appendChild(s);
    const held = document.createElement("script");
    held.type = "text/plain";
    held.setAttribute("data-category", "analytics");
    held.textContent = "standIns.push('late-analytics')";
    document.body.appendChild(held);
  });
  await t.settle();
  const ran = await t.ran();
  assert.equal(ran.at(-1), "late", "granted: runs as soon as it is added");
  assert.ok(!ran.includes("late-analytics"), "not granted: held");
  await t.done();
});

test("the preferences dialog by keyboard: focus moves in, stays in, Escape closes and returns focus", async () => {
  const t = await env.open();
  await t.go("/fixtures/api.html");
  const page = t.page;
  await page.focus("#open-prefs");
  await page.keyboard.press("Enter");
  const dialog = page.locator("#consent-gate-preferences");
  assert.equal(await dialog.isVisible(), true);
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return { inside: !!a.closest("#consent-gate-preferences"), what: a.getAttribute("data-category") || a.getAttribute("data-action") };
  });
  assert.deepEqual(await focused(), { inside: true, what: "close" }, "focus moves to the dialog's first control");
  const seen = new Set();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    const f = await focused();
    assert.equal(f.inside, true, `Tab ${i + 1} stays in the dialog`);
    seen.add(f.what);
  }
  for (const control of ["close", "performance", "analytics", "marketing", "save", "accept-all", "reject-all"]) assert.ok(seen.has(control), control);
  await page.keyboard.press("Shift+Tab");
  assert.equal((await focused()).inside, true);
  await page.keyboard.press(" ");
  await page.keyboard.press("Escape");
  assert.equal(await dialog.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), "open-prefs", "focus returns to the opener");
  assert.equal(await t.consent(), null, "closing is not a choice");
  assert.equal(await t.bannerVisible(), true, "the banner is still waiting for an answer");
  await t.done();
});

test("config from data-config: categories, cookie name and translations apply", async () => {
  const t = await env.open();
  await t.go("/fixtures/data-config.html");
  assert.equal(await t.page.locator("#consent-gate-banner-title").textContent(), "Wir respektieren Ihre Privatsphäre");
  assert.equal(await t.page.locator('#consent-gate-banner [data-action="accept-all"]').textContent(), "Alle akzeptieren");
  assert.equal(await t.page.locator('#consent-gate-banner [data-action="preferences"]').textContent(), "Einstellungen", "strings the site did not translate come from the built-in German");
  assert.deepEqual(env.trackerHits(), []);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), ["gtag.js"]);
  assert.match((await t.cookie("site_consent")).value, /\.a\.statistics\./);
  assert.deepEqual(t.consoleErrors, []);
  await t.done();
});

test("a data-config URL that fails: a console error, the banner, everything held", async () => {
  const t = await env.open();
  await t.go("/fixtures/data-config-missing.html");
  assert.ok(t.consoleErrors.some((e) => e.includes("could not fetch the config /fixtures/missing.json")), t.consoleErrors.join("\n"));
  assert.ok(t.consoleErrors.some((e) => e.includes("every tag held")));
  assert.equal(await t.bannerVisible(), true);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.deepEqual(await t.ran(), []);
  assert.deepEqual(env.trackerHits(), []);
  await t.done();
});
