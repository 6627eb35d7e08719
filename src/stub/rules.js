// The stub's two host checks, pure functions tested in node (tests/node/prestart.test.mjs) against
// the core's answers for URLs on and around every catalog rule:
// - `catalogued(url)`, the pre-start rule (core/src/holding.rs, `before_start`): until the module
//   has started, a URL that one of the catalog's host rules covers is held (an element) or dropped
//   (a request), and every other URL passes. CATALOG_RULES, declared before this file in
//   dist/consent-gate.js, is generated at build time from the core's catalog
//   (`consent-gate-tool stub-table`), never written by hand: host → [[subdomains (0 or 1), path
//   prefix, query key, value prefix], …], the query condition left out where a rule has none.
// - `onHost(hosts, host)`, the filter in front of both rules: most URLs are on no tracker's host
//   and need no closer look.

/** Whether a catalogued host rule covers `url` (a URL object). */
function catalogued(url) {
  var scheme = url.protocol;
  if (scheme !== "https:" && scheme !== "http:" && scheme !== "wss:" && scheme !== "ws:") return false;
  var host = url.hostname;
  if (host.charAt(host.length - 1) === ".") host = host.slice(0, -1);
  var query = url.search.slice(1);
  // The host itself (every rule for it), then each parent domain (the rules that cover subdomains).
  for (var exact = true; ; exact = false) {
    var rules = CATALOG_RULES.get(host);
    for (var i = 0; rules && i < rules.length; i++) {
      var rule = rules[i];
      if ((exact || rule[0]) && pathCovers(rule[1], url.pathname) && (rule.length < 3 || paramCovers(rule[2], rule[3], query))) return true;
    }
    var dot = host.indexOf(".");
    if (dot < 0) return false;
    host = host.slice(dot + 1);
  }
}

/** A path prefix on a segment boundary: `/tr` covers `/tr` and `/tr/x`, not `/track`; a prefix
 * ending in `/` covers everything under it. */
function pathCovers(prefix, path) {
  if (path.slice(0, prefix.length) !== prefix) return false;
  var next = path.charAt(prefix.length);
  return prefix === "" || prefix.charAt(prefix.length - 1) === "/" || next === "" || next === "/";
}

/** Whether one `key=value` pair of `query` has the key `key` and a value starting with `prefix`. */
function paramCovers(key, prefix, query) {
  var pairs = query.split("&");
  for (var i = 0; i < pairs.length; i++) {
    var eq = pairs[i].indexOf("=");
    if (eq >= 0 && pairs[i].slice(0, eq) === key && pairs[i].slice(eq + 1, eq + 1 + prefix.length) === prefix) return true;
  }
  return false;
}

/** Whether `host` or one of its parent domains is in `hosts` (a Set of lowercase hosts). */
function onHost(hosts, host) {
  if (host.charAt(host.length - 1) === ".") host = host.slice(0, -1);
  for (;;) {
    if (hosts.has(host)) return true;
    var dot = host.indexOf(".");
    if (dot < 0) return false;
    host = host.slice(dot + 1);
  }
}
