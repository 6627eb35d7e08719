// Region rules: the demo page (config "regions": "worldwide") as the site's edge writes it for
// visitors in different regions (the test server turns ?region= into data-region on the gate's
// tag, ?meta= into consent-gate-region metas before it and ?late-meta= into one after it), with
// the browser's time zone, GPC and the stored state varied. For each: which interface shows,
// what runs before any choice (the stand-ins' scripts, and requests to the tracker hosts), the
// opt-out link and the honoured line, and Google Consent Mode.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALL_SCRIPTS, ANALYTICS_SCRIPTS, setup } from "./harness.mjs";

const env = setup();

/** The page's Consent Mode commands, [command, analytics_storage, ad_storage]. */
const consentMode = (t) => t.page.evaluate(() => window.dataLayer.filter((e) => e[0] === "consent").map((e) => [e[1], e[2].analytics_storage, e[2].ad_storage]));

/** What the visitor sees: the banner, the notice, the opt-out link's text, the honoured line. */
async function seen(t) {
  return t.page.evaluate(() => ({
    banner: !!document.querySelector("#consent-gate-banner"),
    notice: !!document.querySelector("#consent-gate-notice"),
    link: document.querySelector(".cg-privacy-link")?.textContent ?? null,
    honoured: document.querySelector(".cg-honoured")?.textContent ?? null,
  }));
}

const OPT_IN = { banner: true, notice: false, link: null, honoured: null };
const US_FIRST_VISIT = { banner: false, notice: true, link: "Do Not Sell or Share My Personal Information", honoured: null };

/** Opens the demo for `query` and checks what shows and what ran before any choice. */
async function visit({ query, timezone = "America/Los_Angeles", gpc = false, want, ran }) {
  const t = await env.open({ timezone, gpc });
  await t.go("/?" + query);
  assert.deepEqual(await seen(t), want, `${query} in ${timezone}${gpc ? " with GPC" : ""}`);
  assert.deepEqual(await t.ran(), ran, `${query}: what ran before any choice`);
  return t;
}

for (const [query, timezone] of [
  ["region=DE", "Europe/Berlin"], ["region=GB", "Europe/London"], ["region=CH", "Europe/Zurich"], ["region=BR", "America/Sao_Paulo"],
  ["region=CA-QC", "America/Toronto"], ["region=CA-ON", "America/Toronto"], ["region=JP", "Asia/Tokyo"],
  ["region=XX", "America/Los_Angeles"], ["region=T1", "America/Los_Angeles"], ["region=", "America/Los_Angeles"],
  ["region=U%20S", "America/Los_Angeles"], ["late-meta=US", "America/Los_Angeles"], ["meta=XX&meta=US", "America/Los_Angeles"],
  ["region=US", "Europe/Paris"], ["region=US-CA", "UTC"],
]) {
  // UTC names no country: a US signal in it stays a US page view (checked below); every other case here is opt-in.
  if (timezone === "UTC") continue;
  test(`opt-in where the region says so or is unknown, or the time zone is stricter: ${query} in ${timezone}`, async () => {
    const t = await visit({ query, timezone, want: OPT_IN, ran: [] });
    assert.equal(env.trackerHits().length, 0, "no tracker host was contacted");
    assert.deepEqual((await consentMode(t)).at(-1).slice(1), ["denied", "denied"], "Consent Mode: denied until a choice");
    await t.click('#consent-gate-banner [data-action="accept-all"]');
    assert.deepEqual(await t.ran(), ALL_SCRIPTS);
    await t.done();
  });
}

test("US-CA: no banner; a first-visit notice and the Do Not Sell link; analytics runs at once, session replay waits; nothing is stored", async () => {
  for (const [query, timezone] of [["region=US-CA", "America/Los_Angeles"], ["region=US-TX", "America/Chicago"], ["region=US", "UTC"], ["meta=US-CA", "America/Los_Angeles"], ["meta=US&late-meta=DE", "America/New_York"]]) {
    const t = await visit({ query, timezone, want: US_FIRST_VISIT, ran: ANALYTICS_SCRIPTS });
    assert.ok(env.trackerHits("www.googletagmanager.com").length > 0, "Google Analytics was loaded");
    assert.equal(env.trackerHits("cdn.logrocket.io").length, 0, "session replay stays opt-in everywhere");
    assert.deepEqual((await consentMode(t)).slice(-2), [["default", "denied", "denied"], ["update", "granted", "granted"]],
      "Consent Mode follows the gate's decision, not Google's geolocation");
    assert.ok(!(await t.cookies()).includes("cg_consent"), "a region default is not a choice");
    assert.equal(await t.page.evaluate(() => ConsentGate.getConsent().source), "region-default");
    await t.done();
  }
});

test("US-CA with GPC: marketing (sale/sharing) stays off and the page says the opt-out request was honored", async () => {
  const t = await visit({
    query: "region=US-CA", gpc: true, ran: ANALYTICS_SCRIPTS,
    want: { ...US_FIRST_VISIT, honoured: "Opt-Out Request Honored" },
  });
  assert.deepEqual((await consentMode(t)).at(-1), ["update", "granted", "denied"]);
  assert.equal(await t.page.evaluate(() => ConsentGate.isAccepted("marketing")), false);
  await t.done();
});

test("the notice is dismissed for good; the link opens the preferences, whose Reject all opts out and is stored", async () => {
  const t = await visit({ query: "region=US-CA", want: US_FIRST_VISIT, ran: ANALYTICS_SCRIPTS });
  await t.click('#consent-gate-notice [data-action="dismiss"]');
  await t.reload();
  assert.deepEqual(await seen(t), { ...US_FIRST_VISIT, notice: false });
  await t.click(".cg-privacy-link");
  assert.equal(await t.page.locator("#consent-gate-preferences").isVisible(), true);
  const reloaded = t.page.waitForEvent("load");
  await t.click('#consent-gate-preferences [data-action="reject-all"]');
  await reloaded;
  await t.settle();
  env.server.reset();
  await t.reload();
  assert.deepEqual(await t.ran(), [], "after the opt-out nothing runs");
  assert.equal(env.trackerHits().length, 0);
  assert.deepEqual(await seen(t), { ...US_FIRST_VISIT, notice: false }, "the link stays");
  assert.equal(await t.page.evaluate(() => ConsentGate.getConsent().source), "opt-out-cookie");
  await t.done();
});

test("a region default never travels, a choice does: a US visit, then a visit as DE; an accepted choice, then a visit as US", async () => {
  const t = await visit({ query: "region=US-CA", want: US_FIRST_VISIT, ran: ANALYTICS_SCRIPTS });
  await t.go("/?region=DE");
  assert.deepEqual(await seen(t), OPT_IN);
  assert.deepEqual(await t.ran(), []);
  await t.click('#consent-gate-banner [data-action="accept-all"]');
  await t.go("/?region=US-CA");
  assert.deepEqual(await seen(t), { ...US_FIRST_VISIT, notice: false }, "a choice was made: no notice, the link stays");
  assert.deepEqual(await t.ran(), ALL_SCRIPTS, "the choice (session replay included) beats the region's default");
  await t.done();
});

test("the opt-out cookie applies in every region", async () => {
  const t = await env.open({ timezone: "America/Los_Angeles" });
  await t.go("/optout");
  await t.go("/?region=US-CA");
  assert.deepEqual(await t.ran(), []);
  assert.equal(env.trackerHits().length, 0);
  assert.equal((await seen(t)).link, "Do Not Sell or Share My Personal Information");
  await t.done();
});

test("a `none` policy: no interface at all, analytics runs, the API still opens the preferences; an opt-out policy with Your Privacy Choices", async () => {
  const config = (mode, link) => JSON.stringify({ regions: { policies: [
    { id: "here", match: ["US"], mode, ...(link && { link }) }, { id: "rest", match: ["*"], mode: "opt-in" },
  ], unknown: "rest" } });
  const t = await env.open({ timezone: "America/Chicago" });
  await t.go(`/fixtures/config.html?region=US-TX&config=${encodeURIComponent(config("none"))}`);
  assert.deepEqual(await seen(t), { banner: false, notice: false, link: null, honoured: null });
  assert.deepEqual(await t.ran(), ANALYTICS_SCRIPTS);
  await t.page.evaluate(() => ConsentGate.showPreferences());
  assert.equal(await t.page.locator("#consent-gate-preferences").isVisible(), true);
  await t.done();

  const o = await env.open({ timezone: "America/Chicago" });
  await o.go(`/fixtures/config.html?region=US-TX&config=${encodeURIComponent(config("opt-out", "privacy-choices"))}`);
  assert.deepEqual(await seen(o), { banner: false, notice: false, link: "Your Privacy Choices", honoured: null });
  assert.deepEqual(await o.ran(), ANALYTICS_SCRIPTS);
  await o.done();
});
