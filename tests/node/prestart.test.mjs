// The rules on URLs exist once, in the core (core/src/holding.rs); the stub applies the pre-start
// rule from a table generated from the core's catalog, and filters URLs by host before asking
// either rule. This test feeds the same URLs, made from the host rules themselves (on and around
// each: subdomains, look-alike hosts, path and query boundaries, case, ports, user info, other
// schemes), to the stub's functions (src/stub/rules.js, run here as the browser runs them, on the
// URL the browser parsed) and to the core (consent-gate-tool, on the href the stub passes the
// module), and fails on any difference.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** A config with hosts of its own, beside the catalog's. */
const CONFIG = JSON.stringify({ categories: { necessary: { required: true, services: { plausible: {} } }, analytics: { services: {
  own: { hosts: ["*.Own-Stats.test", "stats.example.com/t/", "cdn.example.org/pixel?k=v-"] }, hotjar: {} } }, marketing: {} } });

/** consent-gate-tool's output for `args` (standard input: `input`). */
function tool(args, input = "") {
  return execFileSync("cargo", ["run", "--quiet", "--release", "-p", "consent-gate-tools", "--", ...args], { cwd: root, input, maxBuffer: 1 << 26 }).toString();
}

/** The stub's host checks, with the generated table, in a context of their own. */
function stub() {
  const context = vm.createContext({ URL, CATALOG_RULES: new Map(JSON.parse(tool(["stub-table"]))) });
  vm.runInContext(fs.readFileSync(path.join(root, "src/stub/rules.js"), "utf8"), context, { filename: "src/stub/rules.js" });
  return { catalogued: context.catalogued, onHost: context.onHost, catalogHosts: new Set(context.CATALOG_RULES.keys()) };
}

/** The vectors for `config` as the browser parses them (text that is no URL loads nothing, and
 * interception leaves it alone before asking either rule). */
function vectors(config) {
  const urls = [];
  for (const text of JSON.parse(tool(["vectors", ...(config ? [config] : [])]))) {
    try {
      urls.push(new URL(text));
    } catch {
      // not a URL
    }
  }
  return urls;
}

/** The core's answers (`hold drop` / `pass pass` …) for `urls`, from `args`. */
const core = (args, urls) => tool(args, urls.map((u) => u.href).join("\n") + "\n").trimEnd().split("\n");

test("before the module has started, the stub's rule gives the core's answer for every URL made from the catalog's rules", () => {
  const { catalogued, onHost, catalogHosts } = stub();
  const urls = vectors();
  const answers = core(["prestart"], urls);
  assert.equal(answers.length, urls.length);
  const differences = [];
  const counts = { hold: 0, pass: 0 };
  urls.forEach((url, i) => {
    // As interception asks: the host filter first, then the rule.
    const held = onHost(catalogHosts, url.hostname) && catalogued(url);
    const answer = held ? "hold drop" : "pass pass";
    counts[held ? "hold" : "pass"]++;
    if (answer !== answers[i]) differences.push(`${url.href}: stub ${answer}, core ${answers[i]}`);
  });
  assert.deepEqual(differences, []);
  // Both answers occur, often: the vectors sit on both sides of every rule.
  assert.ok(counts.hold > 500 && counts.pass > 500, JSON.stringify(counts));
});

test("once the module has started, the host filter passes it every URL its rule would hold or drop", () => {
  const { onHost } = stub();
  const hosts = new Set(tool(["tracker-hosts", CONFIG]).trim().split(" "));
  const urls = vectors(CONFIG);
  const answers = core(["started", CONFIG], urls);
  const stopped = urls.filter((url, i) => answers[i] !== "pass pass");
  const missed = stopped.filter((url) => !onHost(hosts, url.hostname)).map((url) => url.href);
  assert.deepEqual(missed, []);
  assert.ok(stopped.some((u) => u.hostname.endsWith("own-stats.test")) && stopped.some((u) => u.hostname === "cdn.example.org"), "the config's own hosts are among them");
  assert.ok(stopped.length > 500, `${stopped.length} URLs held or dropped`);
});

test("the stub's table has every catalogued host once, lowercase", () => {
  const table = JSON.parse(tool(["stub-table"]));
  const hosts = table.map(([host]) => host);
  assert.equal(new Set(hosts).size, hosts.length);
  for (const host of hosts) assert.match(host, /^[a-z0-9.-]+$/);
  assert.ok(hosts.includes("googletagmanager.com") && hosts.includes("www.facebook.com"));
});
