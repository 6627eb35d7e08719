// README's nginx recipe (docs/recipes/nginx-region-*.conf, included as they are) in Debian's
// nginx, in front of the demo site on loopback: the country and subdivision headers a CDN sends
// become data-region on the gate's tag, malformed values become XX, and the page a browser gets
// through it decides the region's policy (the US notice and link, or the opt-in banner).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { freePort, setup } from "./harness.mjs";

const env = setup();
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const NGINX = process.env.NGINX || "/usr/sbin/nginx";
const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "cg-nginx-"));
let nginx = null;
let base = null;

/** nginx with the recipe, proxying to the demo site; once, after the harness has started it. */
async function ready() {
  if (base) return base;
  const port = await freePort();
  const recipe = (name) => path.join(root, "docs/recipes", name);
  fs.writeFileSync(path.join(prefix, "nginx.conf"), `
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  include ${recipe("nginx-region-http.conf")};
  server {
    listen 127.0.0.1:${port};
    location / {
      include ${recipe("nginx-region-location.conf")};
      proxy_pass http://127.0.0.1:${env.server.port};
    }
  }
}
`);
  nginx = spawn(NGINX, ["-p", prefix, "-c", path.join(prefix, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "ignore", "inherit"] });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base + "/privacy.html")).ok) return base;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not start: ${fs.readFileSync(path.join(prefix, "error.log"), "utf8")}`);
}

after(async () => {
  if (nginx) {
    const exited = new Promise((r) => nginx.once("exit", r));
    nginx.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(prefix, { recursive: true, force: true });
});

test("nginx writes the CDN's region into the gate's tag, and only well-formed codes", async () => {
  const url = await ready();
  for (const [headers, want] of [
    [{ "CF-IPCountry": "US", "CF-Region-Code": "CA" }, "US-CA"],
    [{ "CF-IPCountry": "DE" }, "DE"],
    [{ "CF-IPCountry": "XX" }, "XX"],
    [{}, "XX"],
    [{ "CF-IPCountry": 'US"><script>alert(1)</script>' }, "XX"],
    [{ "CF-IPCountry": "us" }, "XX"],
    [{ "CF-IPCountry": "US", "CF-Region-Code": 'CA" onload="x' }, "US"],
  ]) {
    const html = await (await fetch(url + "/", { headers })).text();
    const tags = html.match(/<script[^>]*src="\/consent-gate\.js"[^>]*>/g);
    assert.deepEqual(tags, [`<script data-region="${want}" src="/consent-gate.js">`], JSON.stringify(headers));
  }
});

test("a browser behind nginx gets the policy of the region its headers name", async () => {
  const url = await ready();
  for (const [headers, notice, banner] of [[{ "CF-IPCountry": "US", "CF-Region-Code": "CA" }, true, false], [{ "CF-IPCountry": "FR" }, false, true]]) {
    const t = await env.open({ timezone: "America/Los_Angeles" });
    await t.page.setExtraHTTPHeaders(headers);
    await t.go("/", url);
    assert.equal(await t.page.locator("#consent-gate-notice").isVisible(), notice, JSON.stringify(headers));
    assert.equal(await t.page.locator("#consent-gate-banner").isVisible(), banner, JSON.stringify(headers));
    await t.done();
  }
});
