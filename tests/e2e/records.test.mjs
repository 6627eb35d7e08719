// Consent records: the demo page posts each choice to a real consent-gate-server (built by
// scripts/test.sh; SQLite in a temporary folder), and a record it could not deliver waits in
// localStorage for the next page view, then is sent once.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { freePort, setup, SITE_HOST } from "./harness.mjs";

const env = setup();
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const binary = path.join(root, "target/release/consent-gate-server");
const token = "e2e-admin-token-0123456789";
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "cg-records-"));
let port;
let server = null;

/** Starts the service on `port` with the demo's origins allowed; resolves once it answers. */
async function startRecords() {
  server = spawn(binary, [], {
    env: {
      ...process.env,
      CG_LISTEN: `127.0.0.1:${port}`,
      CG_DATABASE_URL: `sqlite:${path.join(folder, "records.db")}`,
      CG_ADMIN_TOKEN: token,
      CG_ALLOWED_ORIGINS: `${env.server.url},http://${SITE_HOST}:${env.server.port}`,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("consent-gate-server did not start");
}

async function stopRecords() {
  if (!server) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await exited;
  server = null;
}

/** The records the service holds for a consent id (`[]` for none). */
async function recordsOf(consentId) {
  const response = await fetch(`http://127.0.0.1:${port}/v1/consents/${consentId}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 404) return [];
  assert.equal(response.status, 200);
  return response.json();
}

/** Waits until the service holds `count` records for `consentId`. */
async function waitForRecords(consentId, count) {
  for (let i = 0; i < 100; i++) {
    const records = await recordsOf(consentId);
    if (records.length >= count) return records;
    await new Promise((r) => setTimeout(r, 50));
  }
  return recordsOf(consentId);
}

/** Once, before the first test (after the harness's own set-up, which starts the site): the
 * service, and the demo pages' records_url pointing at it. */
async function ready() {
  if (port) return;
  assert.ok(fs.existsSync(binary), `${binary} is missing: scripts/test.sh builds it`);
  port = await freePort();
  env.server.setRecordsUrl(`http://127.0.0.1:${port}/v1/consents`);
  await startRecords();
}

after(async () => {
  await ready();
  await stopRecords();
  env.server?.setRecordsUrl(null);
  fs.rmSync(folder, { recursive: true, force: true });
});

test("the demo page posts each choice to the records service; the preferences show the consent id", async () => {
  await ready();
  const t = await env.open({ gpc: true });
  await t.go("/");
  await t.click("#consent-gate-banner [data-action=accept-all]");
  const first = (await t.consent()).id;
  const [accepted] = await waitForRecords(first, 1);
  assert.equal(accepted.consent_id, first);
  assert.equal(accepted.source, "banner");
  assert.equal(accepted.gpc, true);
  // GPC keeps marketing denied under Accept all; the record says so.
  assert.deepEqual(accepted.granted, ["necessary", "performance", "analytics", "session-replay"]);
  assert.deepEqual(accepted.denied, ["marketing"]);
  assert.equal(accepted.origin, new URL(t.url()).origin);
  assert.equal(accepted.language, "en");
  assert.ok(Math.abs(Date.parse(accepted.client_time) - Date.now()) < 120_000, accepted.client_time);
  assert.equal(accepted.revision, 1);

  // The dialog shows the id the record was stored under.
  await t.page.evaluate(() => ConsentGate.showPreferences());
  assert.equal(await t.page.locator("#consent-gate-preferences .cg-id code").textContent(), first);
  assert.equal(await t.page.locator("#consent-gate-preferences .cg-id").isVisible(), true);

  // Reject all in the dialog: a withdrawal, so the page reloads; the record arrived all the same.
  const reloaded = t.page.waitForEvent("load");
  await t.click("#consent-gate-preferences [data-action=reject-all]");
  await reloaded;
  await t.settle();
  const second = await t.page.evaluate(() => document.cookie.match(/cg_consent=1\.\d+\.\d+\.([0-9a-f]+)\./)?.[1]);
  assert.ok(second && second !== first, `the consent cookie's id after Reject all: ${second}`);
  const [rejected] = await waitForRecords(second, 1);
  assert.equal(rejected.source, "preferences");
  assert.deepEqual(rejected.granted, ["necessary"]);
  assert.equal(await t.page.evaluate(() => localStorage.getItem("cg_consent_records")), null, "the outbox is empty");
  assert.deepEqual(t.consoleErrors.filter((e) => e.includes("consent-gate")), []);
  await t.done();
});

test("a record made in an opt-out region names the region policy it was made under", async () => {
  await ready();
  const t = await env.open({ timezone: "America/Los_Angeles" });
  await t.go("/?region=US-CA");
  await t.click('#consent-gate-notice [data-action="preferences"]');
  const reloaded = t.page.waitForEvent("load");
  await t.click('#consent-gate-preferences [data-action="reject-all"]');
  await reloaded;
  await t.settle();
  const id = await t.page.evaluate(() => document.cookie.match(/cg_consent=1\.\d+\.\d+\.([0-9a-f]+)\./)?.[1]);
  const [record] = await waitForRecords(id, 1);
  assert.equal(record.source, "preferences");
  assert.deepEqual(record.region, { policy: "us", code: "US-CA", from: "attribute", mode: "notice" });
  assert.deepEqual(record.granted, ["necessary"]);
  await t.done();
});

test("a record that could not be delivered waits for the next page view, then is sent once", async () => {
  await ready();
  await stopRecords();
  const t = await env.open();
  await t.go("/");
  await t.click("#consent-gate-banner [data-action=accept-all]");
  const id = (await t.consent()).id;
  await t.page.waitForFunction(() => (localStorage.getItem("cg_consent_records") || "").includes("{"));
  const waiting = await t.page.evaluate(() => localStorage.getItem("cg_consent_records"));
  assert.equal(waiting.trim().split("\n").length, 1, waiting);
  assert.ok(waiting.includes(`"consent_id":"${id}"`), waiting);

  // The next page view with the service down again keeps it, and does not duplicate it.
  await t.reload();
  await t.page.waitForTimeout(300);
  assert.equal(await t.page.evaluate(() => localStorage.getItem("cg_consent_records")), waiting);

  await startRecords();
  await t.reload();
  const records = await waitForRecords(id, 1);
  assert.equal(records.length, 1);
  await t.page.waitForFunction(() => localStorage.getItem("cg_consent_records") === null);
  // Delivered: later page views send nothing more.
  await t.reload();
  await t.page.waitForTimeout(300);
  assert.equal((await recordsOf(id)).length, 1);
  await t.done();
});

test("Always allow on a placeholder posts a record of that one service", async () => {
  await ready();
  const t = await env.open();
  await t.go("/");
  await t.click('#video .cg-ph [data-action="allow-service"]');
  const id = (await t.consent()).id;
  const [record] = await waitForRecords(id, 1);
  assert.equal(record.source, "placeholder");
  assert.deepEqual(record.services, ["youtube"]);
  assert.ok(record.denied.includes("marketing"), "Marketing is not granted whole");
  await t.done();
});

test("without records_url nothing is posted and nothing is kept", async () => {
  await ready();
  const t = await env.open();
  await t.go("/fixtures/config.html?config=" + encodeURIComponent("{}"));
  await t.page.evaluate(() => ConsentGate.acceptAll());
  await t.settle();
  const id = (await t.consent()).id;
  await t.page.waitForTimeout(300);
  assert.deepEqual(await recordsOf(id), []);
  assert.equal(await t.page.evaluate(() => localStorage.getItem("cg_consent_records")), null);
  await t.done();
});

