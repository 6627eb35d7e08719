// The gate on sites with a strict Content-Security-Policy (nonce + 'strict-dynamic', Trusted
// Types required): it takes the nonce from its own tag, gives it to what it releases and to its
// stylesheet, and reports releases the policy refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALL_SCRIPTS, setup } from "./harness.mjs";

const env = setup();
const STRICT = "script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'nonce-{nonce}'; object-src 'none'; base-uri 'none'";
const TRUSTED_TYPES = "; require-trusted-types-for 'script'; trusted-types consent-gate";

for (const [name, policy] of [["nonce + strict-dynamic", STRICT], ["and Trusted Types required", STRICT + TRUSTED_TYPES]]) {
  test(`strict CSP (${name}): the banner is styled and released scripts run`, async () => {
    const t = await env.open();
    await t.go("/?csp=" + encodeURIComponent(policy));
    assert.equal(await t.bannerVisible(), true);
    assert.equal(await t.page.$eval("#consent-gate-banner", (b) => getComputedStyle(b).position), "fixed", "the stylesheet got the nonce");
    assert.deepEqual(env.trackerHits(), []);
    await t.click('#consent-gate-banner [data-action="accept-all"]');
    assert.deepEqual(await t.ran(), ALL_SCRIPTS, "released external and inline scripts pass the policy");
    assert.equal(await t.page.getAttribute("iframe", "src"), "https://www.youtube-nocookie.com/embed/skyline-tour");
    await t.reload();
    assert.deepEqual(await t.ran(), ALL_SCRIPTS);
    assert.deepEqual(t.consoleErrors.filter((e) => e.startsWith("consent-gate:")), []);
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
