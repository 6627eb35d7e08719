// The loader (the end of dist/consent-gate.js, after wasm-bindgen's glue, the pre-start rule and
// interception). It starts fetching the module (MODULE, beside this script) at once and compiles
// it as it arrives (streaming: the browser compiles it off the main thread); it hands the site's
// config text to it, moves interception from the pre-start rule to the module, and exposes
// window.ConsentGate. It decides nothing: every decision is the module's. Until the module has
// started, held tags stay held (they are inert markup), catalogued URLs are held or dropped,
// queries answer "not granted", and actions wait in a queue; a module that cannot load leaves it
// so, with a console error saying why, and a module that fails later returns it to that state.
var script = document.currentScript;
var stubStarted = performance.now();
var exports = null;
var queue = [];
var settle;
var ready = new Promise(function (resolve, reject) { settle = [resolve, reject]; });
ready.catch(function () {});

function fail(message, cause) {
  if (cause === undefined) console.error("consent-gate: " + message);
  else console.error("consent-gate: " + message, cause);
  settle[1](new Error("consent-gate: " + message));
}

// The module threw (a trap, or a DOM method the page replaced throwing inside it): its state can
// no longer be trusted. It is asked nothing more; interception goes back to the pre-start rule,
// so what the catalog covers is held and dropped, held tags stay held, the API answers "not
// granted", and the page works on. One console error says so.
var preStart = ask;
var stopped = false;
function stop(where, cause) {
  if (stopped) return;
  stopped = true;
  exports = null;
  queue = null;
  ask = preStart;
  console.error("consent-gate: the module failed in " + where + "; everything held stays held until the page is reloaded", cause);
}

function call(name, args, fallback) {
  if (!exports) {
    if (fallback === undefined && queue) queue.push([name, args]);
    return fallback;
  }
  try {
    return exports[name].apply(null, args);
  } catch (e) {
    stop(name + "()", e);
    return fallback;
  }
}

// Every listener the module adds runs through this, so that nothing it throws reaches the page.
function guard(listener) {
  return function (event) {
    if (stopped) return;
    try {
      listener(event);
    } catch (e) {
      stop("a " + event.type + " listener", e);
    }
  };
}

function method(name, fallback) {
  return function () { return call(name, Array.prototype.slice.call(arguments), fallback); };
}

var api = {
  version: VERSION,
  ready: ready,
  acceptAll: method("accept_all"),
  rejectAll: method("reject_all"),
  optOut: method("reject_all"),
  accept: method("accept"),
  isAccepted: method("is_accepted", false),
  acceptService: method("accept_service"),
  isServiceAccepted: method("is_service_accepted", false),
  getConsent: method("get_consent", null),
  showBanner: method("show_banner"),
  showPreferences: method("show_preferences"),
  reset: method("reset"),
  on: method("on"),
  audit: method("audit", [])
};

// Under a strict Content-Security-Policy the scripts the gate releases need the gate tag's nonce
// (read from the property: browsers hide the attribute), and under Trusted Types a policy. The
// policy passes the site's own held markup through unchanged and never leaves this closure.
var nonce = (script && (script.nonce || script.getAttribute("nonce"))) || "";
var policy = null;
if (window.trustedTypes && window.trustedTypes.createPolicy) {
  try {
    policy = window.trustedTypes.createPolicy("consent-gate", {
      createScript: function (s) { return s; },
      createScriptURL: function (s) { return s; }
    });
  } catch (e) {
    console.error("consent-gate: the page's trusted-types directive does not allow the policy consent-gate; held scripts cannot be released", e);
  }
}

// The region the site's edge or server wrote into the page, read now, while only what comes
// before this tag is parsed: data-region on the tag, else the first consent-gate-region meta
// (one injected later in the page cannot override it).
var region = script && script.getAttribute("data-region");
var regionFromMeta = false;
if (region === null) {
  var regionMeta = document.querySelector('meta[name="consent-gate-region"]');
  region = regionMeta && regionMeta.getAttribute("content");
  regionFromMeta = true;
}

var module = null; // the instantiated module's API, once it is
var config; // [text or undefined, loadFailed] once known

// Starts the gate once both the module and the config are there.
function begin() {
  if (!module || !config) return;
  try {
    var watched = module.start(config[0], config[1], region, regionFromMeta, nonce, policy, gtag, post, stubStarted, guard);
    if (typeof watched !== "string") throw new Error("the gate did not start");
    hosts = new Set(watched ? watched.split(" ") : []);
  } catch (e) {
    queue = null;
    return fail("could not start; every held tag stays held", e);
  }
  exports = module;
  ask = function (url, request) {
    var category;
    try {
      category = exports.hold(url.href, request);
    } catch (e) {
      stop("hold()", e);
      return preStart(url, request);
    }
    return category === undefined ? null : category;
  };
  connect(function (tags) { call("admit", [tags]); }, function () { call("body_made", []); });
  var pending = queue;
  queue = null;
  pending.forEach(function (c) { call(c[0], c[1]); });
  settle[0](api);
  loadLanguage(call("needed_language", [], null));
  if (call("needs_zones", [], false)) loadZones();
}

// The module's URL: the tag's data-module, or MODULE beside this script (beside the page, for a
// copy inlined into it). The translations are beside the module.
var moduleUrl = new URL((script && script.getAttribute("data-module")) || MODULE, (script && script.src) || location.href).href;

// Sends a consent record (the module's JSON text) to the site's records service and gives the
// module the answer's status (0: none). As text/plain, which needs no CORS preflight; without
// cookies; keepalive, so that it completes when a choice reloads the page. The module decides
// what is sent, and what is sent again on the next page view.
function post(url, body, id) {
  nativeFetch(url, { method: "POST", body: body, keepalive: true, credentials: "omit" })
    .then(function (r) { call("delivered", [id, r.status]); }, function () { call("delivered", [id, 0]); });
}

// Fetches a file beside the module and hands its text to `deliver` (undefined if it could not be
// loaded, with a console error that says what follows from that).
function loadBeside(path, consequence, deliver) {
  var url = new URL(path, moduleUrl).href;
  nativeFetch(url)
    .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status)); })
    .then(deliver, function (e) {
      console.error("consent-gate: could not load " + url + "; " + consequence, e);
      deliver(undefined);
    });
}

// A page view whose region is not opt-in: the browser's time zone (read only now: Intl is not
// free, and every other page view does without it) and the table of the zones' countries
// (zones.txt), with which the module may make the region's policy stricter. Without a zone
// there is nothing to look up.
function loadZones() {
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
  if (!zone) return call("add_zones", ["", zone]);
  loadBeside("zones.txt", "the region's policy is treated as opt-in", function (text) { call("add_zones", [text, zone]); });
}

// The interface's strings for a language other than English come from a small file beside the
// module (i18n/<code>.json), fetched only for the language the page shows.
function loadLanguage(code) {
  if (code) loadBeside("i18n/" + code + ".json", "showing English", function (text) { call("add_language", [text]); });
}

// Fetches the module and compiles it while it downloads where the server sends it as
// application/wasm (from its bytes otherwise). A module that cannot be fetched or compiled leaves
// everything held. The fetch goes through a preload link first: Firefox queues a plain fetch()
// behind the page's parser-blocking scripts (it started only once they had all arrived), a
// preload it starts at once; the fetch then takes the preloaded response.
function loadModule() {
  var url = moduleUrl;
  var imports = wasm_bindgen.imports();
  var preload = document.createElement("link");
  preload.rel = "preload";
  preload.as = "fetch";
  preload.crossOrigin = "anonymous";
  preload.href = url;
  (document.head || document.documentElement).appendChild(preload);
  nativeFetch(url, { credentials: "same-origin" }).then(function (response) {
    preload.remove();
    if (!response.ok) return Promise.reject(new Error("HTTP " + response.status));
    var type = response.headers.get("content-type") || "";
    var compiled = WebAssembly.instantiateStreaming && /^application\/wasm\s*(;|$)/i.test(type)
      ? WebAssembly.instantiateStreaming(response, imports)
      : response.arrayBuffer().then(function (bytes) { return WebAssembly.instantiate(bytes, imports); });
    return compiled.then(function (result) {
      wasm_bindgen(result.instance, result.module);
      module = wasm_bindgen;
      begin();
    }, function (e) {
      fail("the WebAssembly module could not start (a Content-Security-Policy needs 'wasm-unsafe-eval' in script-src); every held tag stays held", e);
    });
  }).catch(function (e) {
    preload.remove();
    fail("could not load the module " + url + " (deploy it beside consent-gate.js, or name it in data-module; a Content-Security-Policy's connect-src must allow it); every held tag stays held", e);
  });
}

if (window.ConsentGate) {
  console.error("consent-gate: loaded twice; the second copy does nothing");
} else {
  window.ConsentGate = api;
  loadModule();
  var url = script && script.getAttribute("data-config");
  if (url) {
    nativeFetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status)); })
      .then(function (text) { config = [text, false]; begin(); }, function (e) {
        console.error("consent-gate: could not fetch the config " + url, e);
        config = [undefined, true];
        begin();
      });
  } else {
    var inline = document.getElementById("consent-gate-config");
    config = [inline ? inline.textContent : undefined, false];
  }
}
