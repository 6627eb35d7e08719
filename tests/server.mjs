// The local web: the demo site (www/ and dist/) over HTTP on 127.0.0.1, and stand-ins for the
// tracker vendors over HTTPS on a second port. Browsers reach the vendors' real host names
// through Chromium's --host-resolver-rules (see resolverRules()), so every request a tracker host
// receives is counted here, by host. Used by the end-to-end tests and by `scripts/demo.sh`.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".wasm": "application/wasm" };
/** The module's name in dist/ carries a hash of its content: served as a file that never changes. */
const HASHED = /^\/consent-gate\.[0-9a-f]+\.wasm$/;

/** The vendor hosts and what they serve: a stand-in script, a page, or an empty 204. */
const vendors = {
  "www.googletagmanager.com": { "/gtag/js": "stand-ins/gtag.js" },
  "www.google-analytics.com": {},
  "region1.google-analytics.com": {},
  "cdn.logrocket.io": { "/LogRocket.min.js": "stand-ins/logrocket.js" },
  "r.logrocket.io": {},
  "www.youtube-nocookie.com": { "/embed/": "stand-ins/video.html" },
  "bat.bing.com": { "/bat.js": "stand-ins/uet.js" },
};

function selfSignedCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-cert-"));
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
    "-days", "2", "-subj", "/CN=consent-gate-test"], { stdio: "ignore" });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

/** The encodings of the compressed copies the build writes beside dist/'s files, preferred first. */
const PRECOMPRESSED = [["br", ".br"], ["gzip", ".gz"]];

/** Whether an Accept-Encoding header accepts `encoding`: named, else through `*`, and not with q=0. */
function accepts(header, encoding) {
  let named = null;
  let any = null;
  for (const item of header.split(",")) {
    const [name, ...params] = item.split(";").map((part) => part.trim().toLowerCase());
    const ok = !params.some((p) => /^q=0(\.0*)?$/.test(p));
    if (name === encoding) named = ok;
    else if (name === "*") any = ok;
  }
  return named ?? any ?? false;
}

/**
 * Sends `file`, or its compressed copy beside it (`file.br`, `file.gz`) where the request's
 * Accept-Encoding takes that encoding, as a server configured for precompressed files does (with
 * `Vary: accept-encoding` on every answer for a file that has copies).
 */
function sendFile(res, file, extraHeaders = {}, acceptEncoding = "", cacheControl = "no-store") {
  const copies = PRECOMPRESSED.filter(([, ext]) => fs.existsSync(file + ext));
  const [encoding, suffix] = copies.find(([name]) => accepts(acceptEncoding, name)) || [];
  fs.readFile(file + (suffix || ""), (err, body) => {
    if (err) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    const negotiated = { ...(copies.length && { vary: "accept-encoding" }), ...(encoding && { "content-encoding": encoding }) };
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream", "cache-control": cacheControl, ...negotiated, ...extraHeaders });
    res.end(body);
  });
}

/** Where a site path is on disk: the built gate and its translations, test fixtures, or the demo in www/. */
function sitePath(pathname) {
  if (pathname === "/consent-gate.js" || pathname === "/zones.txt" || HASHED.test(pathname)) return path.join(root, "dist", pathname);
  if (pathname.startsWith("/i18n/")) return path.join(root, "dist", path.normalize(pathname));
  if (pathname.startsWith("/fixtures/")) return path.join(root, "tests/e2e", path.normalize(pathname));
  return path.join(root, "www", path.normalize(pathname === "/" ? "/index.html" : pathname));
}

/** The file name of the module the build wrote beside the stub in dist/. */
export function moduleName() {
  const found = fs.readdirSync(path.join(root, "dist")).filter((f) => HASHED.test("/" + f));
  if (found.length !== 1) throw new Error(`dist/ holds ${found.length} modules; build again`);
  return found[0];
}

/**
 * A page that sends each URL of `params` (`script=`, `frame=`, `pixel=`, `request=`, each
 * repeatable) through every channel of its kind, unmarked, each copy tagged with its channel in a
 * `cg` query parameter: scripts in the HTML and inserted; frames in the HTML, through
 * insertAdjacentHTML and inserted; images in the HTML, inserted, and detached (`new Image().src`,
 * a beacon); requests by `sendBeacon` and `fetch`. `window.fire(tag)` sends the detached images,
 * beacons and requests again (the page fires them once at load with the tag `load`);
 * `window.inserted` is true once all are in.
 */
function channelsPage(params) {
  const tagged = (url, channel) => {
    const plain = url.split("#")[0];
    return plain + (plain.includes("?") ? "&" : "?") + "cg=" + channel;
  };
  const attr = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  const list = (kind) => params.getAll(kind);
  const markupScripts = list("script").map((u) => `<script src="${attr(tagged(u, "markup-script"))}"></script>`).join("\n");
  const markupBody = [
    ...list("frame").map((u) => `<iframe src="${attr(tagged(u, "markup-frame"))}"></iframe>`),
    ...list("pixel").map((u) => `<img alt="" src="${attr(tagged(u, "markup-pixel"))}">`),
  ].join("\n");
  const data = JSON.stringify({ script: list("script"), frame: list("frame"), pixel: list("pixel"), request: list("request") }).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Channels</title>
<script src="/consent-gate.js"></script>
${markupScripts}
</head><body><main><h1>Channels</h1>
${markupBody}
<div id="box"></div>
<script>
  var urls = ${data};
  function tagged(url, channel) { var plain = url.split("#")[0]; return plain + (plain.indexOf("?") < 0 ? "?" : "&") + "cg=" + channel; }
  urls.script.forEach(function (u) { var s = document.createElement("script"); s.src = tagged(u, "inserted-script"); document.head.appendChild(s); });
  var box = document.getElementById("box");
  urls.frame.forEach(function (u) {
    box.insertAdjacentHTML("beforeend", '<iframe src="' + tagged(u, "inner-frame").replace(/&/g, "&amp;") + '"></iframe>');
    var f = document.createElement("iframe"); f.src = tagged(u, "inserted-frame"); box.appendChild(f);
  });
  urls.pixel.forEach(function (u) { var i = document.createElement("img"); i.alt = ""; i.src = tagged(u, "inserted-pixel"); box.appendChild(i); });
  window.fire = function (tag) {
    urls.pixel.forEach(function (u) { new Image().src = tagged(u, "detached-" + tag); });
    urls.request.forEach(function (u) {
      navigator.sendBeacon(tagged(u, "beacon-" + tag), "x");
      fetch(tagged(u, "fetch-" + tag), { method: "POST", mode: "no-cors", body: "x" }).catch(function () {});
    });
  };
  fire("load");
  window.inserted = true;
</script></main></body></html>`;
}

/** The config text given in `?config=`, safe inside a <script> element. */
function inlineConfig(url) {
  return (url.searchParams.get("config") || "{}").replace(/</g, "\\u003c");
}

/**
 * A page of held embeds, as a site writes them (the config in `?config=`, `?lang=` its language):
 * two YouTube frames marked with their service (one with a thumbnail from the site, one with a
 * thumbnail from a plain-http host, which the gate must not show), a Google Maps frame marked with
 * its service, a frame marked with only its category, and a Vimeo frame a script inserts unmarked
 * (auto-blocked). With `?youtube=N`: N marked YouTube frames and nothing else (the bench's page).
 */
function embedsPage(url) {
  const config = inlineConfig(url);
  const lang = (url.searchParams.get("lang") || "en").replace(/[^a-zA-Z-]/g, "");
  const n = Number(url.searchParams.get("youtube") || 0);
  const frames = n > 0
    ? Array.from({ length: n }, (_, i) => `<iframe id="yt${i + 1}" data-category="marketing" data-service="youtube" data-src="https://www.youtube.com/embed/v${i + 1}" title="Video ${i + 1}" width="480" height="270"></iframe>`).join("\n")
    : `<iframe id="yt1" data-category="marketing" data-service="youtube" data-src="https://www.youtube.com/embed/one" data-placeholder-image="/tour-thumbnail.svg" title="Video one" width="480" height="270"></iframe>
<p>Between the videos.</p>
<iframe id="yt2" data-category="marketing" data-service="youtube" data-src="https://www.youtube.com/embed/two" data-placeholder-image="http://thumbs.example.org/two.jpg" title="Video two" width="320" height="180"></iframe>
<div class="map"><iframe id="maps" data-category="marketing" data-service="google-maps" data-src="https://www.google.com/maps/embed?pb=skyline" title="Map" width="400" height="300"></iframe></div>
<iframe id="widget" data-category="marketing" data-src="https://widget.example.net/embed" title="Widget" width="300" height="200"></iframe>
<div id="later"></div>
<script>var f = document.createElement("iframe"); f.id = "vimeo"; f.title = "Vimeo video"; f.width = 400; f.height = 225; f.src = "https://player.vimeo.com/video/1"; document.getElementById("later").appendChild(f);</script>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Embeds</title>
<script type="application/json" id="consent-gate-config">${config}</script>
<script src="/consent-gate.js"></script>
</head><body><main><h1>Embeds</h1>
${frames}
<p id="after">After the embeds.</p>
</main></body></html>`;
}

/** A strict policy for the demo: nonces, 'strict-dynamic', WebAssembly only, Trusted Types (the
 * gate's policy, and the page's default policy that admits its vendor snippet's URL). */
export const STRICT_CSP = "script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'nonce-{nonce}'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types consent-gate default";

/**
 * Starts the site and the stand-ins. `pagePolicy` is the Content-Security-Policy of pages served
 * without a `?csp=` (none by default; the demo uses STRICT_CSP); `{nonce}` in it becomes a fresh
 * nonce per response. `recordsUrl` (or, later, `setRecordsUrl()`) is put in the demo pages'
 * config as `records_url`: where they post consent records (a running consent-gate-server).
 */
export async function startServer({ port = 0, trackerPort = 0, plainTrackerPort = null, host = "127.0.0.1", pagePolicy = null, recordsUrl = null } = {}) {
  const hits = [];
  let records = recordsUrl;
  /**
   * A demo page's text, with `records_url` added to its config when there is one, and the region
   * the page's URL asks for written as a site's edge would: `?region=US-CA` becomes `data-region`
   * on the gate's tag; each `?meta=` a `consent-gate-region` meta before it, `?late-meta=` one
   * after it (which the gate must ignore).
   */
  const demoPage = (file, url) => {
    let text = fs.readFileSync(file, "utf8");
    if (records) text = text.replace(/(id="consent-gate-config">\s*\{)/, `$1 "records_url": ${JSON.stringify(records)},`);
    return withRegion(text, url);
  };
  /** `text` with the region its URL asks for written around its gate tag (see demoPage). */
  const withRegion = (text, url) => {
    const attr = (value) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    const metas = url.searchParams.getAll("meta").map((m) => `<meta name="consent-gate-region" content="${attr(m)}">`).join("");
    const late = url.searchParams.getAll("late-meta").map((m) => `<meta name="consent-gate-region" content="${attr(m)}">`).join("");
    const region = url.searchParams.get("region");
    return text.replace('<script src="/consent-gate.js"></script>',
      `${metas}<script${region === null ? "" : ` data-region="${attr(region)}"`} src="/consent-gate.js"></script>${late}`);
  };
  const regional = (url) => ["region", "meta", "late-meta"].some((p) => url.searchParams.has(p));
  const site = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://site");
    // A page with `?slow-module=MS` in its URL gets the module that much later (its fetch names
    // the page in Referer): the time before the module has started, made long.
    const slow = Number(new URL(req.headers.referer || "http://site/").searchParams.get("slow-module") || 0);
    if (HASHED.test(url.pathname) && slow > 0) await new Promise((r) => setTimeout(r, slow));
    if (url.pathname === "/slow.js") {
      // A parser-blocking script that takes `?ms=` to arrive.
      await new Promise((r) => setTimeout(r, Number(url.searchParams.get("ms") || 500)));
      res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
      return res.end("window.slowScriptRan = true;");
    }
    if (url.pathname === "/elsewhere/consent-gate.js") {
      // The stub deployed without its module beside it.
      return sendFile(res, sitePath("/consent-gate.js"));
    }
    if (url.pathname === "/optout") {
      // The site's own opt-out page: a server Set-Cookie, as the privacy notice promises.
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "set-cookie": "cg_optout=1; Path=/; Max-Age=31536000; SameSite=Lax" });
      return res.end('<!doctype html><html lang="en"><title>Opted out</title><p>You are opted out of optional cookies on this browser. <a href="/">Back</a></p></html>');
    }
    const snippet = url.pathname.match(/^\/fixtures\/snippet\/([a-z0-9-]+)$/);
    if (snippet) {
      // A vendor's install snippet (tests/e2e/snippets/<vendor>.html), pasted unchanged and
      // unmarked after the gate, as a site following the vendor's instructions would: in <head>,
      // or in <body> where it holds content (an embed's frame or placeholder).
      const file = path.join(root, "tests/e2e/snippets", snippet[1] + ".html");
      if (!fs.existsSync(file)) return sendFile(res, file);
      const config = inlineConfig(url);
      const text = fs.readFileSync(file, "utf8");
      const inBody = /<(iframe|div|blockquote|p)[\s>]/i.test(text);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${snippet[1]}</title>
<script type="application/json" id="consent-gate-config">${config}</script>
<script src="/consent-gate.js"></script>
${inBody ? "" : text}</head><body><main><h1>${snippet[1]}</h1>${inBody ? text : ""}</main></body></html>`);
    }
    if (url.pathname === "/fixtures/channels") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(channelsPage(url.searchParams));
    }
    if (url.pathname === "/fixtures/legacy.html") {
      // A page in a legacy encoding (windows-1252) with the gate as a file or, with `?inline`,
      // the stub's text pasted into the page (naming its module with data-module unless
      // `?inline=bare`); after it, a tracker inserted by a script.
      const inline = url.searchParams.get("inline");
      const named = inline === "bare" ? "" : ` data-module="/${moduleName()}"`;
      const gate = inline !== null
        ? [Buffer.from(`<script${named}>`), fs.readFileSync(sitePath("/consent-gate.js")), Buffer.from("</script>")]
        : [Buffer.from('<script src="/consent-gate.js"></script>')];
      res.writeHead(200, { "content-type": "text/html; charset=windows-1252", "cache-control": "no-store" });
      return res.end(Buffer.concat([
        Buffer.from('<!doctype html><html lang="fr"><head><title>Caf\xe9</title>', "latin1"),
        ...gate,
        Buffer.from('<script>var s = document.createElement("script"); s.src = "https://static.hotjar.com/c/legacy.js"; document.head.appendChild(s);</script>'),
        Buffer.from("</head><body><main><h1>Caf\xe9</h1></main></body></html>", "latin1"),
      ]));
    }
    if (url.pathname === "/fixtures/embeds.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(embedsPage(url));
    }
    if (url.pathname === "/fixtures/config.html") {
      // A page with the gate, the config text given in `?config=` (and a region as on demo pages), and a held Google Analytics
      // pair, as a site would write it.
      const config = inlineConfig(url);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(withRegion(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Config fixture</title>
<script type="application/json" id="consent-gate-config">${config}</script>
<script src="/consent-gate.js"></script>
<script type="text/plain" data-category="analytics" src="https://www.googletagmanager.com/gtag/js?id=G-DEMO123"></script>
<script type="text/plain" data-category="analytics">
  (window.standIns = window.standIns || []).push("ga-init");
  window.dataLayer = window.dataLayer || []; function gtag() { dataLayer.push(arguments); } gtag("config", "G-DEMO123");
</script></head><body><main><h1>Config fixture</h1></main></body></html>`, url));
    }
    // `?csp=POLICY` serves the page under that Content-Security-Policy. A `{nonce}` in it becomes
    // a fresh nonce, also given to the page's gate tag, as a site with a strict CSP does.
    const csp = url.searchParams.get("csp") ?? (url.pathname.endsWith(".html") || url.pathname === "/" ? pagePolicy : null);
    if (csp && csp.includes("{nonce}")) {
      // A fresh nonce for the header and for the page's own <script> and stylesheet tags.
      const nonce = crypto.randomBytes(16).toString("base64");
      const page = demoPage(sitePath(url.pathname), url)
        .replace(/<script(?=[\s>])/g, `<script nonce="${nonce}"`)
        .replace(/<link rel="stylesheet"/g, `<link rel="stylesheet" nonce="${nonce}"`);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": csp.replaceAll("{nonce}", nonce) });
      return res.end(page);
    }
    if ((records || regional(url)) && !csp && /^\/(index\.html)?$|^\/privacy\.html$/.test(url.pathname)) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(demoPage(sitePath(url.pathname), url));
    }
    // The module and the translations are fetched by the loader; a frame with an opaque origin
    // (sandboxed) fetches them cross-origin, as a site's pages would from a CDN.
    const fetched = HASHED.test(url.pathname) || url.pathname.startsWith("/i18n/") || url.pathname === "/zones.txt" ? { "access-control-allow-origin": "*" } : {};
    const cache = HASHED.test(url.pathname) ? "public, max-age=31536000, immutable" : "no-store";
    sendFile(res, sitePath(url.pathname), { ...fetched, ...(csp && { "content-security-policy": csp }) }, req.headers["accept-encoding"], cache);
  });
  const vendor = (req, res) => {
    const vendorHost = (req.headers.host || "").replace(/:\d+$/, "");
    const url = new URL(req.url, "https://" + vendorHost);
    hits.push({ host: vendorHost, path: url.pathname + url.search, time: Date.now() });
    const routes = vendors[vendorHost] || {};
    const match = Object.keys(routes).find((prefix) => url.pathname.startsWith(prefix));
    if (match) return sendFile(res, path.join(root, "www", routes[match]), { "access-control-allow-origin": "*" });
    const dest = req.headers["sec-fetch-dest"] ?? (url.pathname.endsWith(".js") ? "script" : ""); // none over http
    if (dest === "script") {
      // Any other vendor script: a stand-in that records that it ran and sends one beacon.
      res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store", "access-control-allow-origin": "*" });
      return res.end(`(window.vendorRuns = window.vendorRuns || []).push(${JSON.stringify(vendorHost + url.pathname)});
navigator.sendBeacon(${JSON.stringify("https://" + vendorHost + "/collect")}, "hit");`);
    }
    res.writeHead(204, { "access-control-allow-origin": "*" });
    res.end();
  };
  // The stand-ins answer https (as vendors do) and plain http (protocol-relative snippet URLs on
  // an http page) on one port: a TLS handshake starts with byte 0x16.
  const secure = https.createServer(selfSignedCertificate(), vendor);
  const plain = http.createServer(vendor);
  const sniff = () => net.createServer((socket) => {
    socket.once("readable", () => {
      const first = socket.read(1);
      if (!first) return socket.destroy();
      socket.unshift(first);
      (first[0] === 0x16 ? secure : plain).emit("connection", socket);
    });
  });
  const trackers = sniff();
  // A second port for plain http, where a browser keeps the URL's own port (Firefox: 80).
  const plainTrackers = plainTrackerPort === null ? null : sniff();
  await new Promise((r) => site.listen(port, host, r));
  await new Promise((r) => trackers.listen(trackerPort, host, r));
  if (plainTrackers) await new Promise((r) => plainTrackers.listen(plainTrackerPort, host, r));
  const sitePort = site.address().port;
  const vendorPort = trackers.address().port;
  return {
    url: `http://${host}:${sitePort}`,
    port: sitePort,
    trackerPort: vendorPort,
    hits,
    /** Requests received by tracker hosts, optionally only those of one host. */
    trackerHits(vendorHost) { return hits.filter((h) => !vendorHost || h.host === vendorHost); },
    reset() { hits.length = 0; },
    /** Where the demo pages post consent records from now on (`null`: nowhere). */
    setRecordsUrl(url) { records = url; },
    /** Chromium flag value: every vendor host (and any other non-local host) → the stand-ins. */
    resolverRules(extraSiteHosts = []) {
      const site = extraSiteHosts.map((h) => `MAP ${h} ${host}:${sitePort}`);
      return [...site, `MAP * ${host}:${vendorPort}`, `EXCLUDE ${host}`, "EXCLUDE localhost"].join(", ");
    },
    close() {
      for (const server of [site, secure, plain]) server.closeAllConnections?.();
      site.close();
      trackers.close();
      plainTrackers?.close();
    },
  };
}

// `node tests/server.mjs [port]`: serve the demo until interrupted.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const port = Number(process.argv[2] || process.env.PORT || 8080);
  const recordsUrl = process.env.CG_RECORDS_URL || null;
  const server = await startServer({ port, trackerPort: Number(process.env.TRACKER_PORT || port + 1), pagePolicy: STRICT_CSP, recordsUrl });
  console.log(`consent-gate demo: ${server.url}/ (served under a strict Content-Security-Policy with Trusted Types)`);
  if (recordsUrl) console.log(`consent records: posted to ${recordsUrl}`);
  console.log(`tracker stand-ins (HTTPS): 127.0.0.1:${server.trackerPort}`);
  console.log("Open it in Chromium with the vendors' hosts mapped to the stand-ins:");
  console.log(`  chromium --user-data-dir=$(mktemp -d) --ignore-certificate-errors --host-resolver-rules="${server.resolverRules()}" ${server.url}/`);
  setInterval(() => {}, 1 << 30);
}
