// Shared fixture for the end-to-end tests: one local server and one headless browser per test
// file, a fresh browser context (no cookies, no storage) per test, and a watch on the page for
// uncaught errors, which fail the test. The browser is Debian's Chromium (Playwright), or with
// E2E_BROWSER=firefox Debian's Firefox ESR (puppeteer-core over WebDriver BiDi, through
// puppeteer.mjs, which gives it the Playwright methods the tests use).
import assert from "node:assert/strict";
import net from "node:net";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "../server.mjs";
import { launchFirefox, wrapContext } from "./puppeteer.mjs";

/** The end-to-end tests run in Firefox ESR instead of Chromium. */
export const FIREFOX = process.env.E2E_BROWSER === "firefox";


/** The browsers' own background requests, which the host mapping also routes to the stand-ins. */
export const BROWSER_HOSTS = /(^|\.)(googleapis\.com|gvt1\.com|gstatic\.com|mozilla\.(com|net|org)|firefox\.com)$|^(accounts|clients\d*|www)\.google\.com$/;

export const SITE_HOST = "shop.example.co.uk";

/** A loopback port that was free a moment ago, for a server a test starts itself. */
export const freePort = () => new Promise((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

export function setup() {
  const env = {};
  // Firefox takes GPC, the language and media preferences per browser, not per context.
  const firefoxes = new Map();
  const firefox = async (settings) => {
    const key = JSON.stringify(settings);
    if (!firefoxes.has(key)) firefoxes.set(key, await launchFirefox(settings));
    return firefoxes.get(key);
  };
  before(async () => {
    // Firefox resolves every host to 127.0.0.1 on the URL's own port: the stand-ins take 443 and 80.
    env.server = await startServer(FIREFOX ? { trackerPort: 443, plainTrackerPort: 80 } : {});
    if (FIREFOX) return;
    env.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--ignore-certificate-errors", `--host-resolver-rules=${env.server.resolverRules([SITE_HOST])}`,
      ],
    });
  });
  after(async () => {
    await env.browser?.close();
    for (const browser of firefoxes.values()) await browser.close();
    env.server?.close();
  });

  /** Requests that tracker hosts received (all of them, or one host's). */
  env.trackerHits = (host) => env.server.trackerHits(host).filter((h) => !BROWSER_HOSTS.test(h.host));

  /**
   * A page in a fresh context. `gpc` makes the browser send Global Privacy Control (Chromium has
   * no setting for it, so navigator.globalPrivacyControl is defined as browsers that do have it
   * define it); `locale` sets the browser's language; `colorScheme` and `reducedMotion` its media
   * preferences; `quiet` how long the network must be idle for `settle()` (a page whose requests
   * all go to the local stand-ins is done sooner than 400 ms). Console errors are collected;
   * uncaught page errors and unhandled promise rejections (both reported as `pageerror`) fail the
   * test at `done()`.
   */
  env.open = async ({ gpc = false, locale = "en-US", colorScheme = "light", reducedMotion = "no-preference", timezone = null, quiet = 400 } = {}) => {
    env.server.reset();
    let context;
    if (FIREFOX) {
      const settings = { gpc, locale: locale === "en-US" ? null : locale, colorScheme, reducedMotion, timezone };
      context = wrapContext(await (await firefox(settings)).createBrowserContext());
    } else {
      context = await env.browser.newContext({ ignoreHTTPSErrors: true, locale, colorScheme, reducedMotion, ...(timezone && { timezoneId: timezone }) });
      if (gpc) {
        await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true }));
      }
    }
    const page = await context.newPage();
    const pageErrors = [];
    const consoleErrors = [];
    const consoleWarnings = [];
    // Firefox also reports its own diagnostics (refused cookies, CSP reports) as page errors.
    page.on("pageerror", (e) => { if (!FIREFOX || !/^(Cookie “|Content-Security-Policy: )/.test(e.message)) pageErrors.push(e.message); });
    // Requests in flight, and when the last one started or ended: `settle()` waits for quiet.
    let inFlight = 0;
    let lastActivity = Date.now();
    page.on("request", () => { inFlight++; lastActivity = Date.now(); });
    for (const done of ["requestfinished", "requestfailed"]) page.on(done, () => { inFlight--; lastActivity = Date.now(); });
    /** Resolves once no request has been in flight for `quiet` ms (at most 10 s). */
    const settle = async () => {
      // Firefox reports requests over BiDi with a delay: give the first ones time to show up.
      if (FIREFOX) await new Promise((r) => setTimeout(r, 500));
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastActivity < quiet)) {
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(m.text());
      if (m.type() === "warning" || m.type() === "warn") consoleWarnings.push(m.text());
    });
    const t = {
      context, page, consoleErrors, consoleWarnings,
      url: (p = "/") => env.server.url + p,
      siteUrl: (p = "/") => `http://${SITE_HOST}:${env.server.port}${p}`,
      /** Loads `path` and waits for the network to settle. */
      settle,
      async go(p = "/", base = env.server.url) {
        await page.goto(base + p);
        await settle();
      },
      async reload() {
        await page.reload();
        await settle();
      },
      /** Clicks like a visitor: scroll the element into view first, then click it. (Playwright's
       * own scrolling sometimes lands the click in a cross-origin iframe that just loaded.) */
      async click(selector) {
        const target = page.locator(selector);
        await target.scrollIntoViewIfNeeded();
        await target.click();
        await settle();
      },
      ran: () => page.evaluate(() => window.standIns || []),
      cookies: async () => (await context.cookies()).map((c) => c.name),
      cookie: async (name) => (await context.cookies()).find((c) => c.name === name),
      bannerVisible: () => page.locator("#consent-gate-banner").isVisible(),
      consent: () => page.evaluate(() => window.ConsentGate.getConsent()),
      async done() {
        assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
        await context.close();
      },
    };
    return t;
  };
  return env;
}

/** The demo's held scripts, in document order, each once. */
export const ALL_SCRIPTS = ["gtag.js", "ga-init", "ga-config", "logrocket.js", "logrocket-call", "logrocket-init"];
export const ANALYTICS_SCRIPTS = ["gtag.js", "ga-init", "ga-config"];
