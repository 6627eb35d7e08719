// Hardening: sites with a strict Content-Security-Policy (nonce + 'strict-dynamic', Trusted Types
// required) — the gate takes the nonce from its own tag, gives it to what it releases and to its
// stylesheet, and reports releases the policy refuses — and hostile config text and names.
import assert from "node:assert/strict";
import { test } from "node:test";
import { STRICT_CSP } from "../server.mjs";
import { ALL_SCRIPTS, setup } from "./harness.mjs";

const env = setup();
const WITHOUT_TRUSTED_TYPES = STRICT_CSP.replace("; require-trusted-types-for 'script'; trusted-types consent-gate default", "");

for (const [name, policy] of [["nonce + strict-dynamic", WITHOUT_TRUSTED_TYPES], ["and Trusted Types required, as the demo serves it", STRICT_CSP]]) {
  test(`strict CSP (${name}): the banner is styled and released scripts run`, async () => {
    const t = await env.open();
    await t.go("/?csp=" + encodeURIComponent(policy));
    assert.equal(await t.bannerVisible(), true);
    assert.equal(await t.page.$eval("#consent-gate-banner", (b) => getComputedStyle(b).position), "fixed", "the stylesheet got the nonce");
    // The video's placeholder: built as elements, sized through the CSSOM, which the policy allows.
    assert.deepEqual(await t.page.$eval("#video .cg-ph", (p) => [p.offsetWidth, p.offsetHeight, !!p.querySelector("img")]), [560, 315, true], "the demo's frame has no border");
    assert.deepEqual(env.trackerHits(), []);
    await t.click('#consent-gate-banner [data-action="accept-all"]');
    assert.deepEqual(await t.ran(), ALL_SCRIPTS, "released external and inline scripts pass the policy");
    assert.equal(await t.page.getAttribute("iframe", "src"), "https://www.youtube-nocookie.com/embed/skyline-tour");
    await t.reload();
    assert.deepEqual(await t.ran(), ALL_SCRIPTS);
    assert.deepEqual(t.consoleErrors, [], "the demo's own files pass the policy too");
    await t.done();
  });
}

test("a release the CSP refuses is reported on the console, not lost silently", async () => {
  const t = await env.open();
  // Inline scripts and WebAssembly are allowed, the vendor hosts are not.
  await t.go("/?csp=" + encodeURIComponent("script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'"));
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  assert.ok(t.consoleErrors.some((e) => e.includes("consent-gate: the page's Content-Security-Policy (script-src-elem) refused a released tag: https://www.googletagmanager.com/gtag/js")), t.consoleErrors.join("\n"));
  assert.deepEqual(env.trackerHits("www.googletagmanager.com"), [], "the browser did not fetch it");
  assert.ok((await t.ran()).includes("ga-init"), "the queue went on after the refused script");
  await t.done();
});

test("hostile config text and names: shown as text, and they cannot corrupt the cookie or other categories", async () => {
  const t = await env.open();
  const long = "x".repeat(10_000);
  const evil = 'a;b=c,"<x>"é';
  const config = {
    categories: {
      necessary: { required: true, title: '<img src=x onerror="window.pwned=1">Necessary' },
      [evil]: { title: "<script>window.pwned=2</script>Evil", description: "<b>bold?</b>" },
      analytics: {},
      [long]: {},
    },
    translations: { en: { banner_title: '<img src=x onerror="window.pwned=3">Hello' } },
  };
  await t.go("/fixtures/config.html?config=" + encodeURIComponent(JSON.stringify(config)));
  assert.equal(await t.page.textContent("#consent-gate-banner-title"), '<img src=x onerror="window.pwned=3">Hello');
  await t.click('#consent-gate-banner [data-action="preferences"]');
  assert.equal(await t.page.locator("#consent-gate-preferences img, #consent-gate-preferences script, #consent-gate-preferences b").count(), 0, "no markup from config");
  assert.equal(await t.page.evaluate(() => window.pwned), undefined);
  await t.page.evaluate((names) => ConsentGate.accept(names), [evil]);
  await t.settle();
  const cookie = await t.cookie("cg_consent");
  assert.match(cookie.value, /\.a%3Bb%3Dc%2C%22%3Cx%3E%22%C3%A9\./, "the name is percent-encoded in the record");
  await t.reload();
  const state = await t.page.evaluate((n) => [ConsentGate.isAccepted(n[0]), ConsentGate.isAccepted("analytics"), ConsentGate.isAccepted(n[1])], [evil, long]);
  assert.deepEqual(state, [true, false, false], "after a reload exactly the chosen category is granted");
  // A 10 KB category name does not fit in a cookie: the localStorage mirror keeps the choice.
  await t.page.evaluate((names) => ConsentGate.accept(names), [evil, long]);
  await t.settle();
  assert.ok(t.consoleErrors.every((e) => !e.includes("this page view only")), "the mirror kept it");
  await t.reload();
  assert.deepEqual(await t.page.evaluate((n) => [ConsentGate.isAccepted(n[0]), ConsentGate.isAccepted(n[1]), ConsentGate.isAccepted("analytics")], [evil, long]), [true, true, false]);
  await t.done();
});
