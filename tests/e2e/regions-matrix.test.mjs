// Region rules as a matrix (#31): every region signal × time zone × GPC × stored state, on the demo
// page (config "regions": "worldwide"), each case in a fresh browser context. The test run takes
// the 60 cases that cover every pair of values of any two of the four factors (a case takes about
// a second; all 360 would add some ten minutes to CI); E2E_FULL_MATRIX=1 runs all 360. For each: which
// interface shows, what runs before any choice (the stand-in scripts, and requests to the tracker
// hosts), Google Consent Mode's last command, the opt-out link and the honoured line, and, after an
// Accept all, the region fields of the consent record the gate keeps for the records service.
//
// The expected values come from the rules as README states them (an oracle written here, not read
// from the gate): the preset makes the US `notice` and everything else opt-in; a Europe/* time zone
// makes a US signal opt-in; an unknown or malformed signal is the opt-in fallback; a choice or the
// opt-out cookie beats the region's default; a default is never stored.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALL_SCRIPTS, ANALYTICS_SCRIPTS, setup } from "./harness.mjs";

const env = setup();

/** Region signals: the query the test server turns into `data-region` / metas, and what the gate
 * must make of it: the policy, the region code it records, and where the code came from. */
const SIGNALS = [
  ["DE", "region=DE", "europe", "DE", "attribute"],
  ["GB", "region=GB", "europe", "GB", "attribute"],
  ["CH", "meta=CH", "europe", "CH", "meta"],
  ["US-CA", "region=US-CA", "us", "US-CA", "attribute"],
  ["US-TX", "meta=US-TX", "us", "US-TX", "meta"],
  ["US", "region=US", "us", "US", "attribute"],
  ["CA-QC", "region=CA-QC", "quebec", "CA-QC", "attribute"],
  ["CA-ON", "region=CA-ON", "rest", "CA-ON", "attribute"],
  ["BR", "region=BR", "brazil", "BR", "attribute"],
  ["JP", "region=JP", "rest", "JP", "attribute"],
  ["XX", "region=XX", "rest", "", "fallback"],
  ["T1", "region=T1", "rest", "", "fallback"],
  ["none", "late-meta=US", "rest", "", "fallback"],
  ["malformed", "region=U%20S", "rest", "", "fallback"],
  ["two metas", "meta=XX&meta=US", "rest", "", "fallback"],
];
const ZONES = ["Europe/Berlin", "America/Los_Angeles", "UTC"];
const STORED = ["none", "accepted", "opt-out cookie", "US default, then here"];
const LINK = "Do Not Sell or Share My Personal Information";
const HONOURED = "Opt-Out Request Honored";

/** A consent record as Accept all stores it (format 1, FNV-1a checksum), made a minute ago. */
function acceptedRecord() {
  const body = `1.1.${Math.floor(Date.now() / 1000) - 60}.0123456789abcdef.a.performance+analytics+session-replay+marketing`;
  let h = 0x811c9dc5;
  for (const b of Buffer.from(body)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${body}.${h.toString(16).padStart(8, "0")}`;
}

/** What the rules say of one case. */
function expected({ policy, code, from }, zone, gpc, stored) {
  // A US signal in a Europe/* zone is opt-in: the zone's country decides, and the record says so.
  const tightened = policy === "us" && zone === "Europe/Berlin";
  const region = tightened ? { policy: "europe", code: "DE", from: "time-zone", mode: "opt-in" }
    : { policy, code, from, mode: policy === "us" ? "notice" : "opt-in" };
  const notice = region.mode === "notice";
  const choice = stored === "accepted";
  const optedOut = stored === "opt-out cookie";
  const regionDefault = notice && !choice && !optedOut;
  const ran = choice ? ALL_SCRIPTS : regionDefault ? ANALYTICS_SCRIPTS : [];
  // Consent Mode's last word [analytics_storage, ad_storage]: GPC denies marketing (ad_storage)
  // wherever anything is granted.
  const consentMode = choice || regionDefault ? ["granted", gpc ? "denied" : "granted"] : ["denied", "denied"];
  return {
    seen: {
      banner: !notice && !choice && !optedOut,
      notice: regionDefault,
      link: notice ? LINK : null,
      honoured: notice && gpc ? HONOURED : null,
    },
    ran,
    consentMode,
    region,
  };
}

/** Resolves once the stand-ins have received no request for 150 ms: a request an earlier page
 * view sent (a frame it released just before it went away) is counted before the case starts,
 * where the case's reset clears it, not during the case. */
async function serverQuiet() {
  let seen = -1;
  while (seen !== env.server.hits.length) {
    seen = env.server.hits.length;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Opens the page in a fresh context and reads the case's facts. */
async function run(signal, zone, gpc, stored) {
  // Records go nowhere (a closed port), so each stays in the outbox where the test reads it.
  env.server.setRecordsUrl("http://127.0.0.1:9/v1/consents");
  await serverQuiet();
  const t = await env.open({ timezone: zone, gpc, quiet: 150 });
  if (stored === "accepted") await t.context.addCookies([{ name: "cg_consent", value: acceptedRecord(), url: env.server.url }]);
  if (stored === "opt-out cookie") await t.context.addCookies([{ name: "cg_optout", value: "1", url: env.server.url }]);
  if (stored === "US default, then here") {
    await t.go("/?region=US-CA");
    await serverQuiet();
    env.server.reset();
  }
  await t.go("/?" + signal[1]);
  const facts = await t.page.evaluate(() => ({
    seen: {
      banner: !!document.querySelector("#consent-gate-banner"),
      notice: !!document.querySelector("#consent-gate-notice"),
      link: document.querySelector(".cg-privacy-link")?.textContent ?? null,
      honoured: document.querySelector(".cg-honoured")?.textContent ?? null,
    },
    ran: window.standIns || [],
    consentMode: (window.dataLayer || []).filter((e) => e[0] === "consent").map((e) => [e[2].analytics_storage, e[2].ad_storage]).at(-1),
    stored: document.cookie.includes("cg_consent="),
  }));
  facts.hits = env.trackerHits().map((h) => h.host);
  // Accept all makes a record (its region is checked) and releases the trackers: their requests
  // must not reach the stand-ins after this case, where the next would count them. Playwright
  // stops them in the browser; under Firefox the case waits for them to end.
  if (t.context.route) await t.context.route("**/*", (route) => route.abort());
  await t.page.evaluate(() => ConsentGate.acceptAll());
  await t.page.waitForFunction(() => (localStorage.getItem("cg_consent_records") || "").includes('"region"'), null, { timeout: 5000 });
  const outbox = await t.page.evaluate(() => localStorage.getItem("cg_consent_records"));
  facts.region = JSON.parse(outbox.match(/"region":(\{[^}]*\})/)[1]);
  if (!t.context.route) await t.settle();
  await t.done();
  return facts;
}

const FULL = process.env.E2E_FULL_MATRIX === "1";

/** The cases of one signal (its position `n`): all of them, or the four of the pairwise cover. Each
 * signal takes every stored state once, with the zone and GPC turning with `n + stored`: so any
 * two factors' values meet in some case (four consecutive turns reach all 3 zones and both GPC
 * values, and across signals every zone and GPC value meets every stored state and each other). */
function cases(n) {
  const all = [];
  STORED.forEach((stored, s) => {
    for (const [z, zone] of ZONES.entries()) {
      for (const gpc of [false, true]) {
        if (FULL || ((n + s) % ZONES.length === z && (n + s) % 2 === Number(gpc))) all.push([zone, gpc, stored]);
      }
    }
  });
  return all;
}

for (const [n, signal] of SIGNALS.entries()) {
  test(`region matrix: ${signal[0]} (${signal[1]}) × time zones × GPC × stored states${FULL ? "" : " (pairwise)"}`, async () => {
    const [, , policy, code, from] = signal;
    for (const [zone, gpc, stored] of cases(n)) {
      const label = `${signal[0]} in ${zone}${gpc ? " with GPC" : ""}, stored: ${stored}`;
      const want = expected({ policy, code, from }, zone, gpc, stored);
      const got = await run(signal, zone, gpc, stored);
      assert.deepEqual(got.seen, want.seen, `${label}: what shows`);
      assert.deepEqual(got.ran, want.ran, `${label}: what ran before any choice`);
      if (want.ran.length === 0) assert.deepEqual(got.hits, [], `${label}: no tracker host contacted`);
      if (!want.ran.includes("logrocket.js")) assert.ok(!got.hits.includes("cdn.logrocket.io"), `${label}: session replay not loaded`);
      assert.deepEqual(got.consentMode, want.consentMode, `${label}: Consent Mode`);
      assert.equal(got.stored, stored === "accepted", `${label}: a region default is never stored`);
      assert.deepEqual(got.region, want.region, `${label}: the record's region`);
    }
  });
}
