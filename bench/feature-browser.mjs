// The headless Chromium that the feature benches (bench/regions.mjs, bench/placeholders.mjs) drive
// through Playwright, with every tracker host mapped to the test server's stand-ins, and the
// median they report.
import { chromium } from "playwright-core";

/** Launches Chromium for `server` (tests/server.mjs): its hosts resolve to the stand-ins. */
export function launchFor(server) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-quic", "--ignore-certificate-errors", `--host-resolver-rules=${server.resolverRules()}`],
  });
}

/** The median of `xs`. */
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
