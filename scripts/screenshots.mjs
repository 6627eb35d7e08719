// Makes the README's screenshots (docs/screenshots/*.png) in headless Chromium from the built
// dist/: each banner position, the dark theme, the preferences dialog and a right-to-left
// language. Usage: scripts/build.sh && node scripts/screenshots.mjs
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../tests/server.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const out = path.join(root, "docs/screenshots");
fs.mkdirSync(out, { recursive: true });

const shots = [
  { name: "bar", config: { position: "bar", theme: "light" } },
  { name: "box-dark", config: { position: "box", theme: "dark" } },
  { name: "center", config: { position: "center", theme: "light" } },
  { name: "preferences", config: { theme: "light", privacy_policy_url: "/privacy.html" }, open: true },
  { name: "rtl-ar", config: { position: "box", theme: "light", language: "ar" } },
];

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: 1024, height: 600 } });
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.goto(`${server.url}/fixtures/config.html?config=${encodeURIComponent(JSON.stringify(shot.config))}`);
    await page.waitForSelector("#consent-gate-banner", { state: "visible" });
    if (shot.open) await page.click('#consent-gate-banner [data-action="preferences"]');
    await page.screenshot({ path: path.join(out, shot.name + ".png") });
    await page.close();
    console.log("docs/screenshots/" + shot.name + ".png");
  }
} finally {
  await browser.close();
  server.close();
}
