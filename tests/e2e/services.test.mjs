// Per-service choice and placeholders for held embeds, on /fixtures/embeds.html (two YouTube frames
// marked with their service, a Google Maps frame, a frame marked with only its category, and a Vimeo
// frame a script inserts unmarked): what each placeholder says and where it sits, what "Load once"
// and "Always allow" load and store, the preferences' service toggles, withdrawal of one service,
// and a record stored before services existed. Requests are counted at the stand-in vendor hosts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FIREFOX, setup } from "./harness.mjs";

const env = setup();

const FRAMES = {
  yt1: { title: "YouTube", size: [480, 270] },
  yt2: { title: "YouTube", size: [320, 180] },
  maps: { title: "Google Maps", size: [400, 300] },
  widget: { title: "widget.example.net", size: [300, 200] },
  vimeo: { title: "Vimeo", size: [400, 225] },
};
const VENDORS = ["www.youtube.com", "www.google.com", "player.vimeo.com", "widget.example.net"];

/** Each frame's state: its placeholder's text, box, image and links, or its URL once loaded. */
const frames = (t) => t.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("main iframe")].map((f) => {
  const ph = f.previousElementSibling?.classList.contains("cg-ph") ? f.previousElementSibling : null;
  const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)]; };
  return [f.id, {
    src: f.getAttribute("src"),
    hidden: getComputedStyle(f).display === "none",
    placeholder: ph && {
      title: ph.querySelector(".cg-ph-title").textContent,
      text: ph.querySelector(".cg-text").textContent,
      buttons: [...ph.querySelectorAll("button")].map((b) => b.textContent),
      privacy: ph.querySelector("a")?.getAttribute("href") ?? null,
      image: ph.querySelector("img")?.getAttribute("src") ?? null,
      label: ph.getAttribute("aria-label"),
      box: box(ph),
    },
    box: box(f),
  }];
})));

const hits = () => Object.fromEntries(VENDORS.map((h) => [h, env.trackerHits(h).length]));
const afterTop = (t) => t.page.evaluate(() => Math.round(document.getElementById("after").getBoundingClientRect().top));

/** The sum of Chromium's layout-shift scores so far (Firefox has no Layout Instability API). */
const layoutShift = (t) => FIREFOX ? 0 : t.page.evaluate(() => new Promise((resolve) => {
  new PerformanceObserver((list) => resolve(list.getEntries().reduce((sum, e) => sum + e.value, 0))).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(0), 200);
}));

/** A consent record as a release before services wrote it (format 1, FNV-1a checksum). */
function oldRecord(granted) {
  const body = `1.1.${Math.floor(Date.now() / 1000) - 60}.0123456789abcdef.p.${granted.join("+")}`;
  let h = 0x811c9dc5;
  for (const b of Buffer.from(body)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${body}.${h.toString(16).padStart(8, "0")}`;
}

test("a placeholder of the frame's size stands in for each held frame, naming its service and category; nothing reaches a vendor", async () => {
  const t = await env.open();
  await t.go("/fixtures/embeds.html");
  const state = await frames(t);
  for (const [id, { title, size }] of Object.entries(FRAMES)) {
    const { placeholder, hidden, src } = state[id];
    assert.ok(placeholder, `${id} has a placeholder`);
    assert.equal(src, null, `${id} is held`);
    assert.ok(hidden, `${id} is hidden behind it`);
    assert.equal(placeholder.title, title);
    assert.equal(placeholder.label, title, "the group is named for its service");
    // The frame's box: its size and the 2px inset border browsers give an iframe.
    assert.deepEqual(placeholder.box.slice(2), size.map((n) => n + 4), `${id}: the placeholder has the frame's size`);
    assert.ok(placeholder.text.includes(`${title} (Marketing)`), placeholder.text);
  }
  assert.deepEqual(state.yt1.placeholder.buttons, ["Load once", "Always allow YouTube"]);
  assert.deepEqual(state.widget.placeholder.buttons, ["Load once", "Always allow Marketing"], "a frame of no known service offers its category");
  assert.equal(state.yt1.placeholder.privacy, "https://policies.google.com/privacy");
  assert.equal(state.vimeo.placeholder.privacy, "https://vimeo.com/privacy");
  assert.equal(state.widget.placeholder.privacy, null);
  assert.equal(state.yt1.placeholder.image, env.server.url + "/tour-thumbnail.svg", "the site's thumbnail");
  assert.equal(state.yt2.placeholder.image, null, "a plain-http thumbnail from elsewhere is not shown");
  assert.ok(t.consoleWarnings.some((w) => w.includes("data-placeholder-image http://thumbs.example.org/two.jpg")), t.consoleWarnings.join("\n"));
  assert.deepEqual(hits(), Object.fromEntries(VENDORS.map((h) => [h, 0])), "no request to any vendor before a click");
  assert.equal(env.server.hits.filter((h) => h.host === "thumbs.example.org").length, 0);
  assert.ok(await t.bannerVisible(), "the banner still asks");
  await t.done();
});

test("Load once loads exactly that frame in the placeholder's box, stores nothing, and a reload shows the placeholder again", async () => {
  const t = await env.open();
  await t.go("/fixtures/embeds.html");
  const before = await frames(t);
  const top = await afterTop(t);
  await t.click('.cg-ph:has(+ #yt1) [data-action="load-once"]');
  const after = await frames(t);
  assert.equal(after.yt1.src, "https://www.youtube.com/embed/one");
  assert.equal(after.yt1.placeholder, null);
  assert.deepEqual(after.yt1.box, before.yt1.placeholder.box, "the frame takes the placeholder's box");
  assert.equal(await afterTop(t), top, "nothing below moved");
  assert.equal(await layoutShift(t), 0, "no layout shift");
  assert.ok(after.yt2.placeholder && after.vimeo.placeholder, "the others stay held");
  assert.deepEqual(env.trackerHits("www.youtube.com").map((h) => h.path), ["/embed/one"]);
  assert.equal(await t.page.evaluate(() => document.activeElement?.id), "yt1", "focus moves to the loaded frame");
  assert.ok(!(await t.cookies()).includes("cg_consent"), "nothing stored");
  assert.equal(await t.consent(), null);
  await t.reload();
  assert.ok((await frames(t)).yt1.placeholder, "after a reload it is held again");
  assert.equal(env.trackerHits("www.youtube.com").length, 1, "and nothing more reached YouTube");
  await t.done();
});

test("Always allow YouTube loads every YouTube frame now and after a reload, and is stored as a service, not as Marketing", async () => {
  const t = await env.open();
  await t.go("/fixtures/embeds.html");
  await t.click('.cg-ph:has(+ #yt2) [data-action="allow-service"]');
  let state = await frames(t);
  assert.equal(state.yt1.src, "https://www.youtube.com/embed/one");
  assert.equal(state.yt2.src, "https://www.youtube.com/embed/two");
  for (const id of ["maps", "widget", "vimeo"]) assert.ok(state[id].placeholder, `${id} stays held`);
  const consent = await t.consent();
  assert.equal(consent.source, "placeholder");
  assert.deepEqual(consent.services, ["youtube"]);
  assert.equal(consent.categories.marketing, false, "Marketing is not granted whole");
  assert.equal(await t.page.evaluate(() => ConsentGate.isServiceAccepted("youtube")), true);
  assert.equal(await t.page.evaluate(() => ConsentGate.isAccepted("marketing")), false);
  assert.ok(!(await t.bannerVisible()), "a choice was made");
  assert.ok((await t.cookies()).includes("cg_consent"));
  await t.reload();
  state = await frames(t);
  assert.ok(state.yt1.src && state.yt2.src && !state.yt1.placeholder, "YouTube loads at once after a reload");
  assert.ok(state.maps.placeholder && state.vimeo.placeholder && state.widget.placeholder);
  assert.equal(env.trackerHits("player.vimeo.com").length + env.trackerHits("www.google.com").length, 0);
  await t.done();
});

test("the preferences list the page's services under their category; one service's toggle grants just it and shows the category as mixed", async () => {
  const t = await env.open();
  await t.go("/fixtures/embeds.html");
  await t.click('#consent-gate-banner [data-action="preferences"]');
  const toggles = () => t.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#consent-gate-preferences input")].map((i) => [
    i.dataset.category || i.dataset.service, i.indeterminate ? "mixed" : i.checked,
  ])));
  const listed = await t.page.evaluate(() => [...document.querySelectorAll('input[data-of="marketing"]')].map((e) => e.dataset.service).sort());
  assert.deepEqual(listed, ["google-maps", "vimeo", "youtube"], "the services this page uses");
  await t.page.locator('input[data-service="vimeo"]').check();
  assert.equal((await toggles()).marketing, "mixed");
  await t.click('#consent-gate-preferences [data-action="save"]');
  let state = await frames(t);
  assert.ok(state.vimeo.src && !state.vimeo.placeholder, "Vimeo loads");
  assert.ok(state.yt1.placeholder && state.maps.placeholder, "the rest of Marketing stays held");
  assert.deepEqual((await t.consent()).services, ["vimeo"]);
  assert.ok(env.trackerHits("player.vimeo.com").length > 0);

  await t.page.evaluate(() => ConsentGate.showPreferences());
  let shown = await toggles();
  assert.equal(shown.vimeo, true);
  assert.equal(shown.marketing, "mixed", "reopened: still mixed");
  await t.page.click('input[data-category="marketing"]');
  shown = await toggles();
  assert.deepEqual([shown.marketing, shown.youtube, shown.vimeo, shown["google-maps"]], [true, true, true, true], "the category sets all of its services");
  await t.click('#consent-gate-preferences [data-action="save"]');
  state = await frames(t);
  assert.ok(Object.keys(FRAMES).every((id) => state[id].src && !state[id].placeholder), "everything loads");
  assert.equal((await t.consent()).categories.marketing, true);

  // Taking one service back: the page reloads (a frame cannot be unloaded) with only it held again.
  await t.page.evaluate(() => ConsentGate.showPreferences());
  await t.page.locator('input[data-service="youtube"]').uncheck();
  assert.equal((await toggles()).marketing, "mixed");
  await Promise.all([t.page.waitForEvent("load"), t.page.click('#consent-gate-preferences [data-action="save"]')]);
  await t.settle();
  state = await frames(t);
  assert.ok(state.yt1.placeholder && state.yt2.placeholder, "YouTube is held again");
  assert.ok(state.vimeo.src && state.maps.src, "Vimeo and Maps still load");
  assert.ok(state.widget.placeholder, "a frame of no known service follows the category, no longer granted whole");
  await t.done();
});

test("withdrawing one service deletes its cookies and no other's", async () => {
  const config = JSON.stringify({
    categories: {
      necessary: { required: true },
      marketing: { title: "Marketing", services: { youtube: { cookies: ["yt_demo"] }, "google-maps": { cookies: ["maps_demo"] } } },
    },
  });
  const t = await env.open();
  await t.go("/fixtures/embeds.html?config=" + encodeURIComponent(config));
  await t.click('.cg-ph:has(+ #yt1) [data-action="allow-service"]');
  await t.click('.cg-ph:has(+ #maps) [data-action="allow-service"]');
  assert.deepEqual((await t.consent()).services.sort(), ["google-maps", "youtube"]);
  await t.page.evaluate(() => { document.cookie = "yt_demo=1; path=/"; document.cookie = "maps_demo=1; path=/"; });
  await t.page.evaluate(() => ConsentGate.showPreferences());
  await t.page.locator('input[data-service="google-maps"]').uncheck();
  await Promise.all([t.page.waitForEvent("load"), t.page.click('#consent-gate-preferences [data-action="save"]')]);
  await t.settle();
  const cookies = await t.cookies();
  assert.ok(cookies.includes("yt_demo"), "YouTube's cookie stays");
  assert.ok(!cookies.includes("maps_demo"), "Google Maps' cookie is gone");
  assert.deepEqual((await t.consent()).services, ["youtube"]);
  await t.done();
});

test("a record stored before services existed keeps working: no banner, its categories whole, and services follow them", async () => {
  const t = await env.open();
  await t.context.addCookies([{ name: "cg_consent", value: oldRecord(["performance", "analytics", "session-replay", "marketing"]), url: env.server.url }]);
  await t.go("/fixtures/embeds.html");
  assert.ok(!(await t.bannerVisible()), "not asked again");
  const state = await frames(t);
  assert.ok(Object.keys(FRAMES).every((id) => state[id].src && !state[id].placeholder), "every frame loads");
  const consent = await t.consent();
  assert.equal(consent.categories.marketing, true);
  assert.ok(["youtube", "vimeo", "google-maps", "google-analytics"].every((s) => consent.services.includes(s)));
  assert.equal(await t.page.evaluate(() => ConsentGate.isServiceAccepted("vimeo")), true);

  const u = await env.open();
  await u.context.addCookies([{ name: "cg_consent", value: oldRecord(["analytics"]), url: env.server.url }]);
  await u.go("/fixtures/embeds.html");
  assert.ok(!(await u.bannerVisible()));
  assert.ok((await frames(u)).yt1.placeholder, "Marketing was not granted: held");
  assert.equal(env.trackerHits("www.youtube.com").length, 0);
  await t.done();
  await u.done();
});

test("placeholders can be turned off, and the site can give a service its own text and privacy policy", async () => {
  let t = await env.open();
  await t.go("/fixtures/embeds.html?config=" + encodeURIComponent('{"placeholders": false}'));
  let state = await frames(t);
  assert.ok(Object.keys(FRAMES).every((id) => !state[id].placeholder && !state[id].src && !state[id].hidden), "held, without placeholders");
  await t.done();
  const config = { categories: { necessary: { required: true }, marketing: { title: "Marketing", services: { youtube: { placeholder: "Our tour on {service}.", privacy_policy_url: "/privacy#youtube" } } } } };
  t = await env.open();
  await t.go("/fixtures/embeds.html?config=" + encodeURIComponent(JSON.stringify(config)));
  state = await frames(t);
  assert.equal(state.yt1.placeholder.text, "Our tour on YouTube. Privacy policy");
  assert.equal(state.yt1.placeholder.privacy, "/privacy#youtube");
  assert.ok(state.vimeo.placeholder.text.startsWith("This content is provided by Vimeo"), "other services keep the built-in text");
  await t.done();
});

test("acceptService() grants one service from the site's code; an unknown name changes nothing and says so", async () => {
  const t = await env.open();
  await t.go("/fixtures/embeds.html");
  await t.page.evaluate(() => ConsentGate.acceptService("not-a-service"));
  assert.equal(await t.consent(), null);
  assert.ok(t.consoleErrors.some((e) => e.includes("acceptService() names the unknown service `not-a-service`")));
  await t.page.evaluate(() => ConsentGate.acceptService("google-maps"));
  await t.settle();
  const state = await frames(t);
  assert.ok(state.maps.src && state.yt1.placeholder);
  const consent = await t.consent();
  assert.deepEqual([consent.source, consent.services], ["api", ["google-maps"]]);
  await t.done();
});
