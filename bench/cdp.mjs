// A bare DevTools Protocol client for the start-up measures: Chromium driven through the domains
// those measures need (Target, Page, Performance, Emulation, Input, and Network only for network
// emulation), and no others. Playwright enables the Network and Runtime domains on every page,
// and with them Chromium records a JavaScript stack for every request a script starts and tracks
// its promises: a few milliseconds (tens under CPU throttling) of main-thread script time that a
// visitor's browser never spends, charged to whichever banner starts its requests from script
// (consent-gate's stub fetches its module while the parser waits). Pages are read with
// Runtime.evaluate, which needs no domain enabled.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";

/** Starts `executable` headless with `args`; resolves with `{ newPage, close }`. */
export async function launch(executable, args) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "consent-gate-cdp-"));
  const browser = spawn(executable, ["--headless", "--remote-debugging-port=0", `--user-data-dir=${profile}`, ...args, "about:blank"], { stdio: "ignore" });
  let endpoint = null;
  for (let i = 0; i < 200 && !endpoint; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      const [port, target] = fs.readFileSync(path.join(profile, "DevToolsActivePort"), "utf8").split("\n");
      endpoint = `ws://127.0.0.1:${port}${target}`;
    } catch {
      // not written yet
    }
  }
  if (!endpoint) throw new Error(`${executable} did not open its DevTools port`);
  const socket = new WebSocket(endpoint, { perMessageDeflate: false, maxPayload: 1 << 28 });
  await new Promise((resolve, reject) => { socket.once("open", resolve); socket.once("error", reject); });
  let lastId = 0;
  const pending = new Map();
  const waiters = [];
  socket.on("message", (data) => {
    const message = JSON.parse(data);
    if (message.id !== undefined) {
      const done = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) done.reject(new Error(`${done.method}: ${message.error.message}`));
      else done.resolve(message.result);
      return;
    }
    for (const waiter of [...waiters]) {
      if (waiter.sessionId === message.sessionId && waiter.method === message.method) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message.params);
      }
    }
  });
  // Every command and awaited event gives up after a while, so that a page that crashed or a
  // browser that stopped answering fails the sample instead of stopping the bench.
  const send = (method, params = {}, sessionId = undefined) => new Promise((resolve, reject) => {
    const id = ++lastId;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`${method}: no answer in 60 s`));
    }, 60000);
    pending.set(id, { resolve: (r) => { clearTimeout(timer); resolve(r); }, reject: (e) => { clearTimeout(timer); reject(e); }, method });
    socket.send(JSON.stringify({ id, method, params, sessionId }));
  });
  const event = (sessionId, method, timeout = 180000) => new Promise((resolve, reject) => {
    const waiter = { sessionId, method, resolve: (params) => { clearTimeout(timer); resolve(params); } };
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(waiter), 1);
      reject(new Error(`${method}: not in ${timeout / 1000} s`));
    }, timeout);
    waiters.push(waiter);
  });

  /** A page in a context of its own, or in `context` (one made by an earlier page) to share it. */
  async function newPage(context = null) {
    const browserContextId = context || (await send("Target.createBrowserContext")).browserContextId;
    const { targetId } = await send("Target.createTarget", { url: "about:blank", browserContextId });
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
    const call = (method, params) => send(method, params, sessionId);
    await call("Page.enable");
    const evaluate = async (expression) => {
      const { result, exceptionDetails } = await call("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
      if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description || exceptionDetails.text}`);
      return result.value;
    };
    return {
      context: browserContextId,
      call,
      evaluate,
      /** Navigates and resolves once the page's load event has fired. */
      async goto(url) {
        const loaded = event(sessionId, "Page.loadEventFired");
        await call("Page.navigate", { url });
        await loaded;
      },
      /** Resolves once `expression` is truthy in the page (checked every 20 ms), else throws. */
      async until(expression, what, timeout = Number(process.env.UNTIL || 180000)) {
        const deadline = Date.now() + timeout;
        while (Date.now() < deadline) {
          if (await evaluate(expression)) return;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`waited ${timeout / 1000} s for ${what}`);
      },
      /** Clicks the middle of the element `selector` finds, as a mouse would. */
      async click(selector) {
        const box = await evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); el.scrollIntoView({ block: "center" }); const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`);
        for (const type of ["mousePressed", "mouseReleased"]) await call("Input.dispatchMouseEvent", { type, ...box, button: "left", clickCount: 1 });
      },
      /** The page's ScriptDuration and TaskDuration so far, in ms (Performance.enable first). */
      async metrics() {
        const all = Object.fromEntries((await call("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
        return { scriptMs: all.ScriptDuration * 1000, taskMs: all.TaskDuration * 1000 };
      },
      close: () => send("Target.closeTarget", { targetId }),
      /** Closes the page's context, with every page in it. */
      closeContext: () => send("Target.disposeBrowserContext", { browserContextId }),
    };
  }

  return {
    newPage,
    async close() {
      socket.close();
      await new Promise((resolve) => {
        browser.once("exit", resolve);
        browser.kill();
      });
      try {
        fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch {
        // Chromium's helpers may still be writing; a temporary profile left behind does no harm.
      }
    },
  };
}
