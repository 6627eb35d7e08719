// Accessibility (axe-core WCAG 2.2 AA scans, keyboard, zoom, small screens, reduced motion), the
// built-in languages (each rendered with no English left over, right-to-left mirrored), and the
// theme and position options.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { setup } from "./harness.mjs";

const env = setup();
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const AXE = path.join(root, "node_modules/axe-core/axe.min.js");
const LANGUAGES = fs.readdirSync(path.join(root, "i18n")).map((f) => f.replace(/\.json$/, "")).sort();

/** Runs axe-core's WCAG 2.0–2.2 A/AA rules on the banner, the dialog, an opt-out region's notice and
 * link, and held embeds' placeholders; returns the violations. */
async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const include = ["#consent-gate-banner", "#consent-gate-preferences", "#consent-gate-notice", ".cg-privacy", ".cg-ph"].filter((s) => document.querySelector(s)).map((s) => [s]);
    const result = await window.axe.run({ include }, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
}

/** Waits for the banner to appear (after a translation file has loaded, if one is needed). */
async function banner(t) {
  await t.page.waitForSelector("#consent-gate-banner", { state: "visible" });
  await t.page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
}

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no WCAG 2.2 AA violation in the banner and the dialog (${scheme})`, async () => {
    const t = await env.open({ colorScheme: scheme });
    await t.go("/");
    await banner(t);
    assert.deepEqual(await axe(t.page), [], "banner");
    await t.click('#consent-gate-banner [data-action="preferences"]');
    assert.deepEqual(await axe(t.page), [], "preferences dialog");
    await t.done();
  });
}

test("axe-core: a right-to-left language and the GPC notice pass too", async () => {
  const t = await env.open({ gpc: true, locale: "ar" });
  await t.go("/fixtures/lang.html");
  await banner(t);
  assert.deepEqual(await axe(t.page), []);
  await t.click('#consent-gate-banner [data-action="preferences"]');
  assert.deepEqual(await axe(t.page), []);
  await t.done();
});

for (const scheme of ["light", "dark"]) {
  test(`axe-core: an opt-out region's notice and link, with GPC honoured, pass too (${scheme})`, async () => {
    const t = await env.open({ colorScheme: scheme, gpc: true, timezone: "America/Los_Angeles" });
    await t.go("/?region=US-CA");
    await t.page.waitForSelector("#consent-gate-notice", { state: "visible" });
    await t.page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
    assert.deepEqual(await axe(t.page), [], "notice");
    await t.click('#consent-gate-notice [data-action="preferences"]');
    assert.deepEqual(await axe(t.page), [], "the preferences it opens");
    await t.page.keyboard.press("Escape");
    await t.click('#consent-gate-notice [data-action="dismiss"]');
    assert.equal(await t.page.locator(".cg-privacy-link").isVisible(), true, "the link shows once the notice is gone");
    assert.deepEqual(await axe(t.page), [], "the link and the honoured line");
    await t.done();
  });
}

for (const [scheme, lang] of [["light", "en"], ["dark", "en"], ["light", "ar"]]) {
  test(`axe-core: held embeds' placeholders pass, and work from the keyboard (${scheme}, ${lang})`, async () => {
    const t = await env.open({ colorScheme: scheme });
    await t.go(`/fixtures/embeds.html?lang=${lang}`);
    await t.page.waitForSelector(".cg-ph", { state: "visible" });
    assert.deepEqual(await axe(t.page), [], "placeholders and banner");
    const strings = lang === "en" ? null : JSON.parse(fs.readFileSync(path.join(root, "i18n", lang + ".json"), "utf8"));
    const first = await t.page.evaluate(() => {
      const ph = document.querySelector(".cg-ph");
      return { dir: ph.getAttribute("dir"), buttons: [...ph.querySelectorAll("button")].map((b) => b.textContent) };
    });
    assert.equal(first.dir, lang === "ar" ? "rtl" : "ltr");
    if (strings) assert.deepEqual(first.buttons, [strings.load_once, strings.always_allow.replace("{service}", "YouTube")]);
    await t.page.focus(".cg-ph:has(+ #yt1) [data-action='load-once']");
    await t.page.keyboard.press("Enter");
    await t.settle();
    assert.equal(await t.page.evaluate(() => document.getElementById("yt1").getAttribute("src")), "https://www.youtube.com/embed/one", "Enter loads it");
    await t.done();
  });
}

test("keyboard only: the banner does not take focus; Tab reaches its controls first, in visual order; Enter and Space work", async () => {
  const t = await env.open();
  await t.go("/fixtures/lang.html");
  await banner(t);
  assert.equal(await t.page.evaluate(() => document.activeElement === document.body), true, "no focus stolen on load");
  const order = [];
  for (let i = 0; i < 4; i++) {
    await t.page.keyboard.press("Tab");
    order.push(await t.page.evaluate(() => document.activeElement.getAttribute("data-action") || document.activeElement.id));
  }
  // The banner is <body>'s first child: its controls come first, then the page's own.
  assert.deepEqual(order, ["accept-all", "reject-all", "preferences", "open-prefs"], order.join(", "));
  // Visible focus: the focused control has an outline.
  await t.page.focus('#consent-gate-banner [data-action="preferences"]');
  await t.page.keyboard.press("Shift+Tab");
  await t.page.keyboard.press("Tab");
  const outline = await t.page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle + " " + getComputedStyle(document.activeElement).outlineWidth);
  assert.equal(outline, "solid 3px");
  await t.page.keyboard.press("Enter");
  assert.equal(await t.page.locator("#consent-gate-preferences").isVisible(), true, "Enter opens the dialog");
  await t.page.focus('#consent-gate-preferences input[data-category="analytics"]');
  await t.page.keyboard.press("Space");
  assert.equal(await t.page.locator('#consent-gate-preferences input[data-category="analytics"]').isChecked(), true, "Space ticks");
  await t.page.focus('#consent-gate-preferences [data-action="save"]');
  await t.page.keyboard.press("Enter");
  await t.settle();
  assert.deepEqual(Object.entries((await t.consent()).categories).filter(([, on]) => on).map(([c]) => c), ["necessary", "analytics"]);
  await t.done();
});

test("every control and category has an accessible name and description", async () => {
  const t = await env.open();
  await t.go("/");
  await t.click('#consent-gate-banner [data-action="preferences"]');
  const missing = await t.page.evaluate(() => {
    const problems = [];
    const text = (id) => (document.getElementById(id) || {}).textContent || "";
    for (const dialog of document.querySelectorAll("#consent-gate-banner, #consent-gate-preferences")) {
      if (!text(dialog.getAttribute("aria-labelledby")).trim()) problems.push(dialog.id + " label");
      if (!text(dialog.getAttribute("aria-describedby")).trim()) problems.push(dialog.id + " description");
      for (const b of dialog.querySelectorAll("button")) if (!(b.getAttribute("aria-label") || b.textContent).trim()) problems.push("button");
      for (const box of dialog.querySelectorAll("input[data-category]")) {
        if (!box.closest("label").textContent.trim()) problems.push(box.dataset.category + " name");
        if (!text(box.getAttribute("aria-describedby")).trim()) problems.push(box.dataset.category + " description");
      }
    }
    return problems;
  });
  assert.deepEqual(missing, []);
  await t.done();
});

test("usable at 320 px wide and at 200% zoom: nothing overflows, targets are at least 24 px", async () => {
  for (const viewport of [{ width: 320, height: 640 }, { width: 640, height: 360 }]) {
    const t = await env.open();
    await t.page.setViewportSize(viewport);
    await t.go("/");
    await banner(t);
    const fits = async (selector) => t.page.evaluate(({ selector, viewport }) => {
      const el = document.querySelector(selector);
      const r = el.getBoundingClientRect();
      const small = [...el.querySelectorAll("button, input, a")].filter((c) => {
        const b = c.getBoundingClientRect();
        return b.width > 0 && (b.width < 24 || b.height < 24) && c.tagName !== "A";
      });
      return { inside: r.left >= 0 && r.right <= viewport.width + 0.5 && r.top >= 0 && r.bottom <= viewport.height + 0.5, small: small.length, scrollWidth: document.documentElement.scrollWidth };
    }, { selector, viewport });
    const b = await fits("#consent-gate-banner");
    assert.deepEqual([b.inside, b.small], [true, 0], JSON.stringify({ viewport, b }));
    assert.ok(b.scrollWidth <= viewport.width, "no horizontal scrolling");
    await t.click('#consent-gate-banner [data-action="preferences"]');
    const d = await fits("#consent-gate-preferences");
    assert.deepEqual([d.inside, d.small], [true, 0], JSON.stringify({ viewport, d }));
    await t.click('#consent-gate-preferences [data-action="reject-all"]');
    assert.equal((await t.consent()).source, "opt-out-cookie", "the last button is reachable and works");
    await t.done();
  }
});

test("reduced motion: the banner does not animate", async () => {
  for (const [motion, expected] of [["reduce", "none"], ["no-preference", "cg-in"]]) {
    const t = await env.open({ reducedMotion: motion });
    await t.go("/");
    assert.equal(await t.page.$eval("#consent-gate-banner", (b) => getComputedStyle(b).animationName), expected, motion);
    await t.done();
  }
});

/** Every text shown in the banner and the dialog, trimmed. */
const shownTexts = (page) => page.evaluate(() => {
  const out = [];
  for (const root of document.querySelectorAll("#consent-gate-banner, #consent-gate-preferences")) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) if (walker.currentNode.textContent.trim()) out.push(walker.currentNode.textContent.trim());
    for (const el of root.querySelectorAll("[aria-label]")) out.push(el.getAttribute("aria-label"));
  }
  return out;
});

for (const code of LANGUAGES) {
  test(`${code}: the browser's language selects its translation, with no English left over`, async () => {
    const strings = JSON.parse(fs.readFileSync(path.join(root, "i18n", code + ".json"), "utf8"));
    const allowed = new Set([...Object.entries(strings).filter(([k]) => k !== "categories").map(([, v]) => v),
      ...Object.values(strings.categories).flatMap((c) => [c.title, c.description]), "\u00d7"]);
    const t = await env.open({ locale: code });
    await t.go("/fixtures/lang.html");
    await banner(t);
    await t.click("#open-prefs");
    const texts = await shownTexts(t.page);
    // Service names (the toggles under a category) are proper names, shown as the site gives them.
    const serviceNames = await t.page.evaluate(() => [...document.querySelectorAll("#consent-gate-preferences .cg-svc")].map((e) => e.textContent.trim()));
    assert.ok(serviceNames.includes("Google Analytics"), "the services have toggles");
    const leftovers = texts.filter((s) => !allowed.has(s) && !s.startsWith(strings.services) && !serviceNames.includes(s));
    assert.deepEqual(leftovers, [], `${code} shows strings that are not in i18n/${code}.json`);
    assert.ok(texts.includes(strings.accept_all) && texts.includes(strings.categories.analytics.title));
    const dir = ["ar", "he"].includes(code) ? "rtl" : "ltr";
    for (const id of ["#consent-gate-banner", "#consent-gate-preferences"]) {
      assert.equal(await t.page.getAttribute(id, "lang"), code);
      assert.equal(await t.page.getAttribute(id, "dir"), dir);
    }
    assert.deepEqual(env.server.hits.filter((h) => h.path.includes("i18n")), [], "no tracker host involved");
    await t.done();
  });
}

test("English needs no translation file; an explicit language and the page's lang win over the browser's", async () => {
  const t = await env.open({ locale: "de-DE" });
  const requested = [];
  t.page.on("request", (r) => { if (r.url().includes("/i18n/")) requested.push(new URL(r.url()).pathname); });
  await t.go("/");   // www/index.html says <html lang="en">
  await banner(t);
  assert.equal(await t.page.textContent("#consent-gate-banner-title"), "We value your privacy");
  assert.deepEqual(requested, [], "a page in English downloads no translation");
  await t.go("/fixtures/data-config.html");   // its config says "language": "de"
  await banner(t);
  assert.deepEqual(requested, ["/i18n/de.json"], "only the one language shown");
  assert.equal(await t.page.textContent("#consent-gate-banner-title"), "Wir respektieren Ihre Privatsphäre", "the site's string");
  assert.equal(await t.page.textContent('#consent-gate-banner [data-action="preferences"]'), "Einstellungen", "the built-in file fills the rest");
  await t.done();
});

test("right-to-left: the layout is mirrored (screenshot check)", async () => {
  const boxes = {};
  for (const locale of ["en", "he"]) {
    const t = await env.open({ locale });
    await t.go("/fixtures/lang.html");
    await banner(t);
    boxes[locale] = await t.page.evaluate(() => {
      const box = (s) => document.querySelector(s).getBoundingClientRect().toJSON();
      return { accept: box('[data-action="accept-all"]').x, reject: box('[data-action="reject-all"]').x, title: box("#consent-gate-banner-title"), banner: box("#consent-gate-banner") };
    });
    const shot = await t.page.locator("#consent-gate-banner").screenshot();
    assert.ok(shot.length > 2000, "the banner renders");
    if (locale === "he") {
      fs.mkdirSync(path.join(root, "target/screenshots"), { recursive: true });
      fs.writeFileSync(path.join(root, "target/screenshots/rtl-he.png"), shot);
    }
    await t.done();
  }
  assert.ok(boxes.en.accept < boxes.en.reject, "left to right: Accept all comes first on the left");
  assert.ok(boxes.he.accept > boxes.he.reject, "right to left: Accept all comes first on the right");
  const right = (b) => b.banner.right - b.title.right;
  const left = (b) => b.title.left - b.banner.left;
  assert.ok(right(boxes.he) < left(boxes.he), "the Hebrew title hugs the right edge");
});

test("theme and position come from the config", async () => {
  const t = await env.open();
  await t.page.setViewportSize({ width: 1280, height: 720 });
  const geometry = async (config) => {
    await t.go("/fixtures/config.html?config=" + encodeURIComponent(JSON.stringify(config)));
    await banner(t);
    // Rounded: Firefox lays out in fractions of a pixel.
    const rect = await t.page.$eval("#consent-gate-banner", (b) => ({ ...b.getBoundingClientRect().toJSON(), bg: getComputedStyle(b).backgroundColor }));
    return Object.fromEntries(Object.entries(rect).map(([k, v]) => [k, typeof v === "number" ? Math.round(v * 100) / 100 : v]));
  };
  const bar = await geometry({ position: "bar" });
  assert.deepEqual([bar.x, bar.width, bar.bottom], [0, 1280, 720], "bar: full width at the bottom");
  const box = await geometry({ position: "box", theme: "dark" });
  assert.ok(box.x === 16 && box.width <= 400 && box.bottom === 704, JSON.stringify(box));
  assert.equal(box.bg, "rgb(30, 30, 36)", "dark theme even though the browser prefers light");
  const center = await geometry({ position: "center", theme: "light" });
  assert.ok(Math.abs(center.x + center.width / 2 - 640) < 1 && Math.abs(center.y + center.height / 2 - 360) < 1, JSON.stringify(center));
  assert.equal(center.bg, "rgb(255, 255, 255)");
  await t.done();
});

test("bar position at 1280 px: the title, the description, the GPC notice and the buttons share one centred column", async () => {
  for (const [locale, dir] of [["en-US", "ltr"], ["he", "rtl"]]) {
    const t = await env.open({ gpc: true, locale });
    await t.page.setViewportSize({ width: 1280, height: 720 });
    await t.go("/fixtures/lang.html");
    await banner(t);
    const columns = await t.page.evaluate(() => {
      const box = (s) => document.querySelector(s).getBoundingClientRect();
      const parts = ["#consent-gate-banner-title", "#consent-gate-banner-desc", "#consent-gate-banner .cg-signal", "#consent-gate-banner .cg-actions"];
      return { banner: box("#consent-gate-banner").toJSON(), parts: parts.map((s) => ({ s, left: box(s).left, right: box(s).right })) };
    });
    const [title, ...rest] = columns.parts;
    assert.ok(columns.banner.width === 1280, "a full-width bar");
    const start = dir === "ltr" ? "left" : "right";
    for (const part of rest) assert.ok(Math.abs(part[start] - title[start]) < 1, `${dir}: ${part.s} starts where the title does: ${JSON.stringify(columns.parts)}`);
    const row = rest[2];
    const margin = row.left - columns.banner.left;
    assert.ok(margin > 100 && Math.abs(columns.banner.right - row.right - margin) < 1, `${dir}: the column is centred: ${JSON.stringify(columns)}`);
    await t.done();
  }
});
