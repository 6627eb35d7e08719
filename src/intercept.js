// Interception (inlined into dist/consent-gate.js ahead of the loader, and run first, while the
// gate's own script tag executes). It sees every URL the page gives a script, iframe or image
// (by property, setAttribute, innerHTML/insertAdjacentHTML, or in markup the parser adds after
// the gate) and every beacon, fetch and XHR, and asks the module whether it must be held.
//
// It decides nothing. `ask(url, request)` answers with the category to hold an element under
// ("" = held until the module can decide), or null to leave it alone; for a request, anything
// but null means drop it. Until the loader has the module, elements are held and cross-origin
// requests dropped: fail closed. Held tags are marked for the gate (src → data-src, type →
// text/plain) and the gate releases them, in insertion order, once their category is granted.
var HELD = "data-cg-held";
var CATEGORY = "data-category";
var ELEMENT = Element.prototype;
var setAttr = ELEMENT.setAttribute;
var removeAttr = ELEMENT.removeAttribute;
var hasAttr = ELEMENT.hasAttribute;
var getAttr = ELEMENT.getAttribute;
var nativeFetch = window.fetch && window.fetch.bind(window); // the gate's own requests

var ask = function (url, request) {
  return request && absolute(url).indexOf(location.origin + "/") === 0 ? null : "";
};
var report = null; // the module's admit(elements), once it has started
var allowed = new WeakMap(); // element → the URL it was last allowed, so it is not asked twice

function absolute(url) {
  try {
    return new URL(String(url), document.baseURI).href;
  } catch (e) {
    return String(url);
  }
}

function decide(url, request) {
  try {
    return ask(absolute(url), request);
  } catch (e) {
    console.error("consent-gate: could not check " + url + "; holding it", e);
    return "";
  }
}

// The site marked it (data-category) and the gate governs it: leave it to the gate.
function marked(el) {
  return hasAttr.call(el, CATEGORY) && !hasAttr.call(el, HELD);
}

// Holds `el` (a script, iframe or img) whose URL is `url`. A script keeps its src (a script
// whose type is not JavaScript is neither fetched nor run); other elements get no src at all.
function hold(el, url, category) {
  var first = !hasAttr.call(el, HELD);
  if (first) setAttr.call(el, HELD, "");
  if (el.localName === "script") {
    if (first) {
      var type = getAttr.call(el, "type");
      if (type !== null) setAttr.call(el, "data-type", type);
      setAttr.call(el, "type", "text/plain");
    }
  } else {
    setAttr.call(el, "data-src", url);
    removeAttr.call(el, "src");
  }
  if (category) setAttr.call(el, CATEGORY, category);
  else removeAttr.call(el, CATEGORY);
}

// A URL is being given to `el`: returns false if the assignment must not happen.
function assigning(el, value) {
  if (marked(el)) return true;
  var url = absolute(value);
  var category = decide(url, false);
  if (category === null) {
    allowed.set(el, String(value));
    if (hasAttr.call(el, HELD) && el.localName === "script") {
      // A held script's src changed to one that needs no consent: it is no longer held.
      var type = getAttr.call(el, "data-type");
      removeAttr.call(el, HELD);
      removeAttr.call(el, "data-type");
      if (type === null) removeAttr.call(el, "type");
      else setAttr.call(el, "type", type);
    }
    return true;
  }
  hold(el, url, category);
  return el.localName === "script";
}

function hookSrc(proto) {
  var d = proto && Object.getOwnPropertyDescriptor(proto, "src");
  if (!d || !d.set) return;
  Object.defineProperty(proto, "src", {
    configurable: true,
    enumerable: d.enumerable,
    get: d.get,
    set: function (value) {
      if (assigning(this, value)) d.set.call(this, value);
    }
  });
}

var TAGS = { script: 1, iframe: 1, img: 1 };
hookSrc(window.HTMLScriptElement && HTMLScriptElement.prototype);
hookSrc(window.HTMLIFrameElement && HTMLIFrameElement.prototype);
hookSrc(window.HTMLImageElement && HTMLImageElement.prototype);

// A held script's type stays text/plain; the page's type is kept for its release.
var typeProperty = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, "type");
if (typeProperty && typeProperty.set) {
  Object.defineProperty(HTMLScriptElement.prototype, "type", {
    configurable: true,
    enumerable: typeProperty.enumerable,
    get: typeProperty.get,
    set: function (value) {
      if (hasAttr.call(this, HELD)) setAttr.call(this, "data-type", value);
      else typeProperty.set.call(this, value);
    }
  });
}

ELEMENT.setAttribute = function (name, value) {
  if (TAGS[this.localName] === 1 && typeof name === "string") {
    var n = name.toLowerCase();
    if (n === "src" && !assigning(this, value)) return;
    if (n === "type" && this.localName === "script" && hasAttr.call(this, HELD)) {
      return setAttr.call(this, "data-type", value);
    }
  }
  return setAttr.apply(this, arguments);
};

// Elements that arrive with their URL already set: from the parser, from HTML text, or cloned.
var SELECTOR = "[data-category],[" + HELD + "],script[src],iframe[src],img[src]";

function consider(el, found) {
  if (hasAttr.call(el, CATEGORY) || hasAttr.call(el, HELD)) {
    found.push(el);
    return;
  }
  if (TAGS[el.localName] !== 1) return;
  var src = getAttr.call(el, "src");
  if (!src || allowed.get(el) === src) return;
  var url = absolute(src);
  var category = decide(url, false);
  if (category !== null) {
    hold(el, url, category);
    found.push(el);
  }
}

function sweep(root, found) {
  if (root.nodeType !== 1) return;
  consider(root, found);
  if (root.firstElementChild) {
    var inner = root.querySelectorAll(SELECTOR);
    for (var i = 0; i < inner.length; i++) consider(inner[i], found);
  }
}

function admit(found) {
  if (found.length && report) report(found);
}

new MutationObserver(function (records) {
  var found = [];
  for (var r = 0; r < records.length; r++) {
    var added = records[r].addedNodes;
    for (var i = 0; i < added.length; i++) sweep(added[i], found);
  }
  admit(found);
}).observe(document, { childList: true, subtree: true });

// HTML text: a frame starts loading as it is inserted, an image as it is parsed, before an
// observer would see them. So HTML that names a URL is parsed first in an inert <template>;
// if it holds a tracker, its checked content is inserted instead of the text.
function inert(html) {
  if (String(html).indexOf("src") < 0) return null;
  var template = document.createElement("template");
  innerHtml.set.call(template, html);
  var found = [];
  var tags = template.content.querySelectorAll("iframe[src],img[src]");
  for (var i = 0; i < tags.length; i++) consider(tags[i], found);
  return found.length ? [template.content, found] : null;
}

var innerHtml = Object.getOwnPropertyDescriptor(ELEMENT, "innerHTML");
var outerHtml = Object.getOwnPropertyDescriptor(ELEMENT, "outerHTML");
function hookHtml(name, d, insert) {
  if (!d || !d.set) return;
  Object.defineProperty(ELEMENT, name, {
    configurable: true,
    enumerable: d.enumerable,
    get: d.get,
    set: function (html) {
      var checked = this.localName === "template" ? null : inert(html);
      if (!checked) return d.set.call(this, html);
      insert(this, checked[0]);
      admit(checked[1]);
    }
  });
}
hookHtml("innerHTML", innerHtml, function (el, content) { el.replaceChildren(content); });
hookHtml("outerHTML", outerHtml, function (el, content) { el.replaceWith(content); });
var insertHtml = ELEMENT.insertAdjacentHTML;
var PLACES = { beforebegin: "before", afterbegin: "prepend", beforeend: "append", afterend: "after" };
ELEMENT.insertAdjacentHTML = function (position, html) {
  var place = PLACES[String(position).toLowerCase()];
  var checked = place ? inert(html) : null;
  if (!checked) return insertHtml.apply(this, arguments);
  this[place](checked[0]);
  admit(checked[1]);
};

// Requests to tracker hosts are dropped while their category is denied: not queued, and failed
// the way a blocked request fails.
function blocked(url) {
  return decide(url, true) !== null;
}

if (nativeFetch) {
  var fetch0 = window.fetch;
  window.fetch = function (input) {
    var url = input && typeof input === "object" && "url" in input ? input.url : input;
    if (blocked(url)) return Promise.reject(new TypeError("consent-gate: blocked until consent"));
    return fetch0.apply(this, arguments);
  };
}
if (window.Navigator && Navigator.prototype.sendBeacon) {
  var beacon = Navigator.prototype.sendBeacon;
  Navigator.prototype.sendBeacon = function (url) {
    return blocked(url) ? false : beacon.apply(this, arguments);
  };
}
if (window.XMLHttpRequest) {
  var xhr = XMLHttpRequest.prototype;
  var open = xhr.open;
  var send = xhr.send;
  var dropped = new WeakSet();
  xhr.open = function (method, url) {
    if (blocked(url)) dropped.add(this);
    else dropped.delete(this);
    return open.apply(this, arguments);
  };
  xhr.send = function () {
    if (!dropped.has(this)) return send.apply(this, arguments);
    var request = this;
    setTimeout(function () {
      request.dispatchEvent(new ProgressEvent("error"));
      request.dispatchEvent(new ProgressEvent("loadend"));
    }, 0);
  };
}

// Google Consent Mode commands go on the page's dataLayer as gtag() does: as an arguments object.
function gtag() {
  (window.dataLayer = window.dataLayer || []).push(arguments);
}
