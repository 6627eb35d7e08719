// The loader (inlined into dist/consent-gate.js after wasm-bindgen's glue, the module bytes and
// intercept.js). It compiles the module — synchronously when the browser allows, so the gate
// runs before the parser reaches the next tag — hands the site's config text to it, connects
// interception to it, and exposes window.ConsentGate. It decides nothing: every decision is in
// the module. Until the module has started, held tags stay held (they are inert markup), queries
// answer "not granted", and actions wait in a queue.
var script = document.currentScript;
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

function call(name, args, fallback) {
  if (!exports) {
    if (fallback === undefined && queue) queue.push([name, args]);
    return fallback;
  }
  try {
    return exports[name].apply(null, args);
  } catch (e) {
    console.error("consent-gate: internal error in " + name + "()", e);
    return fallback;
  }
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

var config;   // [text or undefined, loadFailed] once known
// Interception asks the module once it is compiled (before start it answers for the catalog).
var askBefore = ask;
function useModule(module) {
  exports = module;
  ask = function (url, request) {
    if (!exports) return askBefore(url, request);
    var category = exports.hold(url, request);
    return category === undefined ? null : category;
  };
}

function begin() {
  if (!exports || !config) return;
  try {
    var watched = exports.start(config[0], config[1], nonce, policy, gtag);
    if (typeof watched === "string") hosts = new Set(watched.split(" "));
  } catch (e) {
    exports = null;
    queue = null;
    return fail("could not start; every held tag stays held", e);
  }
  connect(function (tags) { call("admit", [tags]); }, function () { call("body_made", []); });
  var pending = queue;
  queue = null;
  pending.forEach(function (c) { call(c[0], c[1]); });
  settle[0](api);
  loadLanguage(call("needed_language", [], null));
}

// The interface's strings for a language other than English come from a small file next to
// this script (i18n/<code>.json), fetched only for the language the page shows.
function loadLanguage(code) {
  if (!code) return;
  var url = new URL("i18n/" + code + ".json", (script && script.src) || location.href);
  nativeFetch(url.href)
    .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status)); })
    .then(function (text) { call("add_language", [text]); }, function (e) {
      console.error("consent-gate: could not load " + url.href + "; showing English", e);
      call("add_language", [undefined]);
    });
}

// The module's bytes: one per character of WASM (see scripts/bundle.mjs). Read in another
// encoding than UTF-8 (inlined in a legacy page, or re-encoded on the way), characters are not
// bytes and the count is wrong: null.
function decode(text) {
  if (text.length !== WASM_SIZE) return null;
  var out = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

// Compiles the module and starts the gate.
function compile(bytes) {
  try {
    // Synchronous: the gate's state is known before the parser reaches the next tag.
    wasm_bindgen.initSync(new WebAssembly.Module(bytes));
    useModule(wasm_bindgen);
    begin();
  } catch (syncError) {
    // Some WebViews refuse synchronous compiles over 4 KB: compile asynchronously instead.
    wasm_bindgen(bytes).then(function () {
      useModule(wasm_bindgen);
      begin();
    }, function (e) {
      fail("the WebAssembly module could not start (a Content-Security-Policy needs 'wasm-unsafe-eval' in script-src); every held tag stays held", e);
    });
  }
}

if (window.ConsentGate) {
  console.error("consent-gate: loaded twice; the second copy does nothing");
} else {
  window.ConsentGate = api;
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
  var bytes = decode(WASM);
  if (bytes) {
    compile(bytes);
  } else {
    fail("this copy of consent-gate.js was not read as UTF-8, so its module is damaged; serve the file unchanged (it starts with a UTF-8 byte order mark), or inline it only in a UTF-8 page; every held tag stays held");
  }
}
