// A Playwright-shaped face on puppeteer-core's pages and browser contexts, so that the same
// end-to-end tests drive Firefox ESR over WebDriver BiDi (Playwright cannot drive a stock
// Firefox). Only what the tests use: each method does what Playwright's does.
import puppeteer from "puppeteer-core";

/**
 * Firefox ESR, every host name resolved to 127.0.0.1 (the stand-ins listen on 443 and 80), with
 * Global Privacy Control, a language and media preferences (`colorScheme` light / dark,
 * `reducedMotion` reduce / no-preference) as Firefox's own settings.
 */
export function launchFirefox({ gpc = false, locale = null, colorScheme = "light", reducedMotion = "no-preference", timezone = null } = {}) {
  return puppeteer.launch({
    browser: "firefox",
    ...(timezone ? { env: { ...process.env, TZ: timezone } } : {}),
    executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      "network.dns.forceResolve": "127.0.0.1",
      "privacy.globalprivacycontrol.enabled": gpc,
      "privacy.globalprivacycontrol.functionality.enabled": gpc,
      "layout.css.prefers-color-scheme.content-override": colorScheme === "dark" ? 0 : 1,
      "ui.systemUsesDarkTheme": colorScheme === "dark" ? 1 : 0,
      "ui.prefersReducedMotion": reducedMotion === "reduce" ? 1 : 0,
      ...(locale ? { "intl.accept_languages": locale, "intl.locale.requested": locale } : {}),
    },
  });
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** Playwright's key combinations ("Shift+Tab") → puppeteer's presses. */
async function press(keyboard, key) {
  const parts = key === "+" ? ["+"] : key.split("+");
  const main = parts.pop();
  const name = main === "Space" ? " " : main;
  for (const modifier of parts) await keyboard.down(modifier);
  await keyboard.press(name);
  for (const modifier of parts.reverse()) await keyboard.up(modifier);
}

/** `selector` in the page or frame that `target()` resolves to. */
function locator(target, selector) {
  const one = async (fn, arg) => (await target()).$eval(selector, fn, arg);
  return {
    locator: (inner) => locator(target, `${selector} ${inner}`),
    count: async () => (await target()).$$eval(selector, (els) => els.length),
    isVisible: async () => (await target()).$$eval(selector, (els) => els.some((el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
    })),
    getAttribute: (name) => one((el, n) => el.getAttribute(n), name),
    textContent: () => one((el) => el.textContent),
    isChecked: () => one((el) => el.checked),
    isDisabled: () => one((el) => el.disabled),
    async check() { if (!(await one((el) => el.checked))) await (await target()).click(selector); },
    async uncheck() { if (await one((el) => el.checked)) await (await target()).click(selector); },
    click: async () => (await target()).click(selector),
    scrollIntoViewIfNeeded: () => one((el) => el.scrollIntoView({ block: "center" })),
    waitFor: async () => (await target()).waitForSelector(selector, { visible: true }),
    screenshot: async (options) => (await (await target()).$(selector)).screenshot(options),
  };
}

/** A page with Playwright's methods, over a puppeteer page. */
export function wrapPage(raw) {
  return {
    raw,
    on: (event, fn) => raw.on(event, fn),
    goto: (url) => raw.goto(url, { waitUntil: "load" }),
    reload: () => raw.reload({ waitUntil: "load" }),
    evaluate: (fn, arg) => raw.evaluate(fn, arg),
    $eval: (selector, fn, arg) => raw.$eval(selector, fn, arg),
    getAttribute: (selector, name) => raw.$eval(selector, (el, n) => el.getAttribute(n), name).catch(() => null),
    textContent: (selector) => raw.$eval(selector, (el) => el.textContent),
    focus: (selector) => raw.focus(selector),
    click: (selector) => raw.click(selector),
    locator: (selector) => locator(async () => raw, selector),
    frameLocator: (frame) => ({ locator: (selector) => locator(async () => (await raw.waitForSelector(frame)).contentFrame(), selector) }),
    frames: () => raw.frames(),
    mainFrame: () => raw.mainFrame(),
    waitForFunction: (fn, arg, options) => raw.waitForFunction(fn, options, arg),
    keyboard: { press: (key) => press(raw.keyboard, key) },
    waitForTimeout: pause,
    waitForSelector: (selector, { state } = {}) => raw.waitForSelector(selector, { visible: state === "visible" }),
    waitForEvent: (event) => {
      if (event !== "load") throw new Error(`waitForEvent(${event}) is not adapted`);
      return raw.waitForNavigation({ waitUntil: "load" });
    },
    setViewportSize: (size) => raw.setViewport(size),
    addScriptTag: (options) => raw.addScriptTag(options),
    setExtraHTTPHeaders: (headers) => raw.setExtraHTTPHeaders(headers),
    close: () => raw.close(),
  };
}

const toCookieData = (c) => {
  const { url, ...rest } = c;
  return url ? { ...rest, domain: new URL(url).hostname, path: rest.path || "/" } : rest;
};

/** A browser context with Playwright's methods, over a puppeteer browser context. */
export function wrapContext(raw) {
  const inits = [];
  const pages = [];
  const context = {
    raw,
    async newPage() {
      const page = await raw.newPage();
      for (const script of inits) await page.evaluateOnNewDocument(script);
      pages.push(page);
      return wrapPage(page);
    },
    async addInitScript(script) {
      inits.push(script);
      for (const page of pages) await page.evaluateOnNewDocument(script);
    },
    cookies: () => raw.cookies(),
    addCookies: (list) => raw.setCookie(...list.map(toCookieData)),
    async clearCookies() {
      const all = await raw.cookies();
      if (all.length) await raw.deleteCookie(...all);
    },
    close: () => raw.close(),
  };
  return context;
}
