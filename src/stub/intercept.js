// Interception (in dist/consent-gate.js after the stub's host checks, rules.js, and before the
// loader; it runs while the gate's own script tag executes, before the parser reaches the next
// tag). It sees every URL the page gives a script, iframe or image (by property or attribute, in
// HTML text, in markup the parser adds after the gate, or on an element cloned or parsed
// elsewhere) and every beacon, fetch and XHR, and asks whether it must be held. It never wraps an
// insertion: the page's insertions run as fast as without the gate.
//
// It decides nothing. `ask(url, request)` (url: a URL object) answers with the category to hold
// an element under ("" = held until the module can decide), or null to leave it alone; for a
// request, anything but null means drop it. Until the module has started, the pre-start rule
// answers (rules.js: catalogued URLs are held or dropped, every other URL passes); then the
// module does. Held tags are marked for the gate (src → data-src, type → text/plain) and the gate
// releases them, in insertion order, once their category is granted.
var HELD = "data-cg-held";
var CATEGORY = "data-category";
var ELEMENT = Element.prototype;
var setAttr = ELEMENT.setAttribute;
var removeAttr = ELEMENT.removeAttribute;
var hasAttr = ELEMENT.hasAttribute;
var getAttr = ELEMENT.getAttribute;
var nativeFetch = window.fetch && window.fetch.bind(window); // the gate's own requests

var ask = function (url) {
  return catalogued(url) ? "" : null;
};
var report = null; // the module's admit(elements), once it has started
var reportBody = null; // and its body_made()
// The hosts whose URLs are worth a closer look: the catalog's until the module has started, then
// those of the config's trackers (a Set).
var hosts = new Set(CATALOG_RULES.keys());
var allowed = new WeakMap(); // element → the URL it was last allowed, so it is not asked twice

function absolute(url) {
  try {
    return new URL(String(url), document.baseURI).href;
  } catch (e) {
    return String(url);
  }
}

// Whether the document's base URL is on no tracker's host, kept for the base it was worked out
// for (a <base> element may change it) and the host list it was checked against.
var base = { uri: null, hosts: null, untracked: false };
function baseUntracked() {
  var uri = document.baseURI;
  if (base.uri !== uri || base.hosts !== hosts) {
    base.uri = uri;
    base.hosts = hosts;
    try {
      base.untracked = !onHost(hosts, new URL(uri).hostname);
    } catch (e) {
      base.untracked = false;
    }
  }
  return base.untracked;
}

// Whether `text` is a path on the base URL's host: "/" then anything but a second slash, a
// backslash (a slash in http URLs), or a space or control character (tabs and newlines are
// removed before the URL is parsed, so "/\t/host" names a host).
function basePath(text) {
  var second = text.charCodeAt(1);
  return text.charCodeAt(0) === 47 && second > 32 && second !== 47 && second !== 92;
}

// Whether `value` is a path on the document's base URL and that base is on no tracker's host:
// the common case, which needs no parse and no answer.
function local(value) {
  return typeof value === "string" && basePath(value) && baseUntracked();
}

// What the rule in force says of the URL `value` names (see ask). A URL on no tracker's host, the
// common case, costs one parse, or none if it is local; one that does not parse loads nothing.
function decide(value, request) {
  var url;
  if (local(value)) return null;
  try {
    url = new URL(String(value), document.baseURI);
  } catch (e) {
    return null;
  }
  try {
    return onHost(hosts, url.hostname) ? ask(url, request) : null;
  } catch (e) {
    console.error("consent-gate: could not check " + value + "; holding it", e);
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
  if (first) {
    setAttr.call(el, HELD, "");
    reported.delete(el); // released before, held again: the module hears of it again
  }
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

// A URL is being given to `el`: returns false if the assignment must not happen. The URL is
// decided first: most need no consent, and then whether the site marked `el` does not matter.
function assigning(el, value) {
  var quick = local(value);
  var category = quick ? null : decide(value, false);
  if (category === null) {
    // Remembered, so the insertion does not ask again; a local URL is as quick to ask again.
    if (!quick) allowed.set(el, String(value));
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
  if (marked(el)) return true;
  hold(el, absolute(value), category);
  admit([el]);
  return el.localName === "script";
}

// Replaces the setter of `proto[name]` (where the browser has one) with `set(object, value,
// native)`, `native` being the browser's own setter.
function hookSetter(proto, name, set) {
  var d = proto && Object.getOwnPropertyDescriptor(proto, name);
  if (!d || !d.set) return;
  Object.defineProperty(proto, name, {
    configurable: true,
    enumerable: d.enumerable,
    get: d.get,
    set: function (value) {
      set(this, value, d.set);
    }
  });
}

function setSrc(el, value, native) {
  if (assigning(el, value)) native.call(el, value);
  reportMarked(el);
}

var TAGS = { script: 1, iframe: 1, img: 1 };
hookSetter(window.HTMLScriptElement && HTMLScriptElement.prototype, "src", setSrc);
hookSetter(window.HTMLIFrameElement && HTMLIFrameElement.prototype, "src", setSrc);
hookSetter(window.HTMLImageElement && HTMLImageElement.prototype, "src", setSrc);

// A held script's type stays text/plain; the page's type is kept for its release.
hookSetter(HTMLScriptElement.prototype, "type", function (el, value, native) {
  if (hasAttr.call(el, HELD)) setAttr.call(el, "data-type", value);
  else native.call(el, value);
  reportMarked(el);
});

// setAttribute(name, value) on an element that may load (`this`); returns false if the
// attribute must not be set.
function setting(el, name, value) {
  var n = String(name).toLowerCase();
  if (n === "src") return assigning(el, value);
  if (n === "type" && el.localName === "script" && hasAttr.call(el, HELD)) {
    setAttr.call(el, "data-type", value);
    return false;
  }
  return true;
}

// After an attribute of `el` changed: a tag the site marked reaches the module.
function reportMarked(el) {
  if (marked(el)) admit([el]);
}

ELEMENT.setAttribute = function (name, value) {
  if (TAGS[this.localName] !== 1) return setAttr.apply(this, arguments);
  if (setting(this, name, value)) setAttr.apply(this, arguments);
  reportMarked(this);
};

// The other ways to set an attribute: with a namespace, as an attribute node, or through one.
var setAttrNS = ELEMENT.setAttributeNS;
ELEMENT.setAttributeNS = function (namespace, name, value) {
  if (TAGS[this.localName] !== 1 || namespace) return setAttrNS.apply(this, arguments);
  if (setting(this, name, value)) setAttrNS.apply(this, arguments);
  reportMarked(this);
};
["setAttributeNode", "setAttributeNodeNS"].forEach(function (name) {
  var setNode = ELEMENT[name];
  ELEMENT[name] = function (attr) {
    if (TAGS[this.localName] !== 1 || !(attr instanceof Attr) || attr.namespaceURI) return setNode.apply(this, arguments);
    var result = setting(this, attr.name, attr.value) ? setNode.apply(this, arguments) : null;
    reportMarked(this);
    return result;
  };
});
hookSetter(Attr.prototype, "value", function (attr, value, native) {
  var el = attr.ownerElement;
  if (!el || TAGS[el.localName] !== 1 || attr.namespaceURI) return native.call(attr, value);
  if (setting(el, attr.name, value)) native.call(attr, value);
  reportMarked(el);
});

// Elements that arrive with their URL already set: from the parser, from HTML text, parsed
// elsewhere (DOMParser, createContextualFragment, a <template>) or cloned; and tags the site marked.
var SELECTOR = "[data-category],[" + HELD + "],script[src],iframe[src],img[src]";

// Returns `found` (a list, or null for none yet) with `el` added if it is a tag to report: one
// the site marked, or one held now.
function consider(el, found) {
  if (hasAttr.call(el, CATEGORY) || hasAttr.call(el, HELD)) return add(found, el);
  if (TAGS[el.localName] !== 1) return found;
  var src = getAttr.call(el, "src");
  if (!src || local(src) || allowed.get(el) === src) return found;
  var category = decide(src, false);
  if (category === null) return found;
  hold(el, absolute(src), category);
  return add(found, el);
}

function add(list, el) {
  if (!list) list = [];
  list.push(el);
  return list;
}

// `found` with the tags to report in and under `root` added (any node may be given; only an
// element, a fragment or a document has any).
function sweep(root, found) {
  var type = root.nodeType;
  if (type === 1) found = consider(root, found);
  else if (type !== 11 && type !== 9) return found;
  if (root.firstElementChild) {
    var inner = root.querySelectorAll(SELECTOR);
    for (var i = 0; i < inner.length; i++) found = consider(inner[i], found);
  }
  return found;
}

// The module hears of each tag once (again only if it is held again after a release), in a
// microtask, never from inside one of its own DOM calls. Tags found before it started wait for
// it (see connect).
var reported = new WeakSet();
var unreported = null;
var early = [];
function admit(tags) {
  if (!tags) return;
  for (var i = 0; i < tags.length; i++) {
    if (reported.has(tags[i])) continue;
    reported.add(tags[i]);
    if (!unreported) {
      unreported = [];
      queueMicrotask(function () {
        var tags = unreported;
        unreported = null;
        if (report) report(tags);
        else early.push.apply(early, tags);
      });
    }
    unreported.push(tags[i]);
  }
}

// The module has started (`to` is its admit, `onBody` its body_made): it hears of the tags in the
// document, in the order they came: those before the gate's tag (there before interception), then
// those found since, in the order they were found (the order the page inserted them), then any
// others in the document that no hook saw (marked through `dataset` alone).
var gateTag = document.currentScript;
function connect(to, onBody) {
  report = to;
  reportBody = onBody;
  var inDocument = document.querySelectorAll("[data-category],[" + HELD + "]");
  var before = [];
  var unseen = [];
  for (var i = 0; i < inDocument.length; i++) {
    var el = inDocument[i];
    if (reported.has(el)) continue;
    reported.add(el);
    var preceding = gateTag && gateTag.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING;
    (preceding ? before : unseen).push(el);
  }
  var tags = before.concat(early, unseen);
  early = null;
  if (tags.length) report(tags);
}

// While the document is parsed, the parser's tags are seen by an observer. After that no
// insertion is watched: a URL is checked where it is given to an element (the setters above),
// and elements made with their URL already set are checked where they are made (below). Every
// insertion of the page stays the browser's own, as fast as without the gate.
// The module also hears, once, that the parser has made <body> (the banner goes in then).
var bodySeen = false;
function observe(records) {
  var tags = null;
  for (var r = 0; r < records.length; r++) {
    var added = records[r].addedNodes;
    for (var i = 0; i < added.length; i++) tags = sweep(added[i], tags);
  }
  admit(tags);
  if (reportBody && !bodySeen && document.body) {
    bodySeen = true;
    reportBody();
  }
}
if (document.readyState === "loading") {
  var parser = new MutationObserver(observe);
  parser.observe(document, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () {
    observe(parser.takeRecords());
    parser.disconnect();
  });
}

// A tag the site marked and inserted after the page was parsed that none of the hooks here saw
// (its category given with `dataset.category` alone) reaches the module at the next change.
document.addEventListener("consentgate:change", function () {
  admit(document.querySelectorAll('script[data-category][type="text/plain" i],[data-category][data-src],[data-category][data-srcset]'));
});

// `proto[name]` makes a node (a clone, a parsed fragment or document) that may carry URLs or
// held tags: what it returns is checked before the page has it.
function checkMade(proto, name) {
  var make = proto && proto[name];
  if (typeof make !== "function") return;
  proto[name] = function () {
    var made = make.apply(this, arguments);
    if (made && typeof made === "object") admit(sweep(made, null));
    return made;
  };
}
checkMade(Node.prototype, "cloneNode");
checkMade(Document.prototype, "importNode");
checkMade(window.Range && Range.prototype, "createContextualFragment");
checkMade(window.DOMParser && DOMParser.prototype, "parseFromString");

// A <template>'s content was parsed where no URL is checked: it is checked when the page takes it.
var contentProperty = window.HTMLTemplateElement && Object.getOwnPropertyDescriptor(HTMLTemplateElement.prototype, "content");
if (contentProperty && contentProperty.get) {
  Object.defineProperty(HTMLTemplateElement.prototype, "content", {
    configurable: true,
    enumerable: contentProperty.enumerable,
    get: function () {
      var content = contentProperty.get.call(this);
      if (content) admit(sweep(content, null));
      return content;
    }
  });
}

// The element methods HTML text's checked content is inserted with.
var native = {};
["append", "prepend", "before", "after", "replaceWith", "replaceChildren"].forEach(function (name) {
  native[name] = ELEMENT[name];
});

// HTML text: a frame starts loading as it is inserted, an image as it is parsed, and a marked
// tag must reach the gate. So HTML that names a URL or a category is parsed first in an inert
// <template>; if that finds anything, its checked content is inserted instead of the text.
function inert(html) {
  var text = String(html);
  if (text.indexOf("src") < 0 && text.indexOf(CATEGORY) < 0) return null;
  var template = document.createElement("template");
  template.innerHTML = html; // a template: the setter below leaves it to the browser
  var content = contentProperty ? contentProperty.get.call(template) : template.content;
  var tags = sweep(content, null);
  return tags ? [content, tags] : null;
}

// Puts HTML text in with `native[method]` on `el`, if, parsed, it holds a tracker or a marked
// tag; returns whether it did (if not, the text goes in as the page gave it).
function insertChecked(el, html, method) {
  var checked = inert(html);
  if (!checked) return false;
  native[method].call(el, checked[0]);
  admit(checked[1]);
  return true;
}

// The setter `name` puts HTML text in place of an element's children (`children`) or of the
// element itself. A template's children are its inert content: nothing there needs a check.
function hookHtml(name, children) {
  hookSetter(ELEMENT, name, function (el, html, native) {
    if (children && el.localName === "template") return native.call(el, html);
    if (!insertChecked(el, html, children ? "replaceChildren" : "replaceWith")) native.call(el, html);
  });
}
hookHtml("innerHTML", true);
hookHtml("outerHTML", false);
var insertHtml = ELEMENT.insertAdjacentHTML;
var PLACES = { beforebegin: "before", afterbegin: "prepend", beforeend: "append", afterend: "after" };
ELEMENT.insertAdjacentHTML = function (position, html) {
  var place = PLACES[String(position).toLowerCase()];
  if (!place || !insertChecked(this, html, place)) return insertHtml.apply(this, arguments);
};
var setHtml = ELEMENT.setHTMLUnsafe;
if (setHtml) {
  ELEMENT.setHTMLUnsafe = function (html) {
    if (this.localName === "template" || !insertChecked(this, html, "replaceChildren")) return setHtml.apply(this, arguments);
  };
}

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

// The module's Google Consent Mode commands: gtag("consent", command, params) on the page's
// dataLayer, as an arguments object as gtag() makes it. Those of the gate's start (`atStart`: the
// default, then a stored choice) go ahead of the commands the page queued meanwhile, while
// Google's code (held until then) has not taken the dataLayer over.
var startCommands = 0;
function gtag(command, params, atStart) {
  var layer = (window.dataLayer = window.dataLayer || []);
  var entry = (function () { return arguments; })("consent", command, params);
  if (atStart && Array.isArray(layer) && layer.push === Array.prototype.push) layer.splice(startCommands++, 0, entry);
  else layer.push(entry);
}
