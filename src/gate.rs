//! The gate: takes the tags the page holds back (`<script type="text/plain" data-category>`,
//! `<iframe|img data-category data-src>`) and the tracker tags that interception held
//! (`data-cg-held`), as interception finds them; keeps them in the order they arrived, and
//! releases them once the categories they name are granted.
//!
//! The gate decides nothing itself: [`Consent::verdict`] says whether a tag may run. Release
//! order is the order the tags arrived in: as the parser added them, or as interception found
//! them (where the page gave a tag its URL, mostly just before inserting it). An external script
//! is waited for (`load` or `error`) before the next tag is released, so an inline script that
//! follows it sees it. While the document is still being parsed nothing is released: an inline
//! script's text may still be arriving, so the queue starts at `DOMContentLoaded`.

use consent_gate_core::consent::{Consent, Verdict};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

use crate::dom;

/// The attribute that names a tag's categories.
pub const CATEGORY_ATTR: &str = "data-category";

/// The attribute interception (`intercept.js`) puts on a tracker tag it held; without a
/// `data-category` it was held before the gate could decide, and waits for [`Gate::adopt`].
pub const HELD_ATTR: &str = "data-cg-held";

/// The held tags and the release queue.
#[derive(Default)]
pub struct Gate {
    held: Vec<Element>,
    /// Tags to release, in order; the first `released` of them are done (the list is emptied
    /// once all are).
    ready: Vec<Element>,
    released: usize,
    /// An external script was released and has not loaded (or failed) yet.
    waiting: bool,
    /// The document is still being parsed.
    parsing: bool,
    unknown: Vec<String>,
}

/// Whether `el` is a tag the gate holds: a `type="text/plain"` script, or another element with a
/// `data-src` still to apply, marked with `data-category`.
pub fn is_held_tag(el: &Element) -> bool {
    if !el.has_attribute(CATEGORY_ATTR) && !el.has_attribute(HELD_ATTR) {
        return false;
    }
    if el.tag_name().eq_ignore_ascii_case("script") {
        el.get_attribute("type").is_some_and(|t| t.trim_ascii().eq_ignore_ascii_case("text/plain"))
    } else {
        el.has_attribute("data-src") || el.has_attribute("data-srcset")
    }
}

impl Gate {
    /// A gate for a document whose parsing is (`true`) or is not yet finished.
    pub fn new(parsing: bool) -> Gate {
        Gate { parsing, ..Gate::default() }
    }

    /// Takes a tag that interception held before the gate could decide: `category` is what
    /// the gate decides now (`None`: it needs no consent and is released at once).
    pub fn adopt(&mut self, el: Element, category: Option<&str>, consent: &Consent) {
        match category {
            Some(category) => {
                dom::set_attr(&el, CATEGORY_ATTR, category);
                self.admit(el, consent);
            }
            None => self.ready.push(el),
        }
    }

    /// Takes a newly seen held tag: queue it for release, keep it held, or (naming an unknown
    /// category) report it once and never release it.
    pub fn admit(&mut self, el: Element, consent: &Consent) {
        let categories = el.get_attribute(CATEGORY_ATTR).unwrap_or_default();
        match consent.verdict(&categories) {
            Verdict::Release => self.ready.push(el),
            Verdict::Hold => self.held.push(el),
            Verdict::Unknown(name) => {
                if !self.unknown.iter().any(|n| n == name) {
                    let mut message = String::from("tags of the category `");
                    message.push_str(name);
                    message.push_str("` (named in data-category, or a catalogued tracker's) stay blocked: the config has no such category");
                    dom::error(&message);
                    self.unknown.push(name.into());
                }
            }
        }
    }

    /// Re-checks the held tags after the granted categories changed.
    pub fn regrant(&mut self, consent: &Consent) {
        for el in std::mem::take(&mut self.held) {
            if consent.verdict(&el.get_attribute(CATEGORY_ATTR).unwrap_or_default()) == Verdict::Release {
                self.ready.push(el);
            } else {
                self.held.push(el);
            }
        }
    }

    /// Parsing has finished: releases may start.
    pub fn parsed(&mut self) {
        self.parsing = false;
    }

    /// The released external script has loaded or failed.
    pub fn settled(&mut self) {
        self.waiting = false;
    }

    /// Marks that a released external script is loading.
    pub fn wait(&mut self) {
        self.waiting = true;
    }

    /// The next tag to release now, if any.
    pub fn next_release(&mut self) -> Option<Element> {
        if self.parsing || self.waiting {
            return None;
        }
        let el = self.ready.get(self.released)?.clone();
        self.released += 1;
        if self.released == self.ready.len() {
            self.ready.clear();
            self.released = 0;
        }
        Some(el)
    }
}

/// What a released script needs to pass the page's Content-Security-Policy: the nonce of the
/// gate's own script tag, and a Trusted Types policy for its source and text (a pass-through:
/// they come from the site's own markup; the policy object never leaves the gate).
#[derive(Default)]
pub struct Trust {
    /// The gate tag's nonce, given to every released script and to the stylesheet.
    pub nonce: Option<String>,
    /// The `consent-gate` Trusted Types policy, where the browser has Trusted Types.
    pub policy: Option<js_sys::Object>,
}

impl Trust {
    /// Sets `property` (`src` or `text`) of `script` to `value`, through the policy's `method`
    /// (`createScriptURL` / `createScript`) when there is one.
    fn assign(&self, script: &Element, property: &str, method: &str, value: &str) -> bool {
        let value = JsValue::from_str(value);
        let trusted = match &self.policy {
            Some(policy) => match dom::property(policy, method).dyn_into::<js_sys::Function>().and_then(|f| f.call1(policy, &value)) {
                Ok(trusted) => trusted,
                Err(_) => return false,
            },
            None => value,
        };
        dom::set_property(script, property, &trusted)
    }
}

/// Releases one held tag. A script is replaced by a fresh `<script>` (a script element runs only
/// when inserted, and only once) with the same attributes, `type` taken from `data-type`, and
/// the gate's nonce; `on_settled` is attached to its `load` and `error` events. Other elements
/// get their `src` / `srcset` from `data-src` / `data-srcset`.
///
/// A script or frame not in the document (held where it was made, not inserted yet, or taken
/// out) is released where it is, and loads if the page inserts it. An image not in the document
/// is not released: it would load at once, a beacon sent after the fact (beacons are dropped
/// while denied, not queued).
///
/// Returns whether the caller must wait for `on_settled` before releasing the next tag. A tag
/// already released is skipped.
pub fn release(doc: &Document, el: &Element, on_settled: &js_sys::Function, trust: &Trust) -> bool {
    let tag = el.tag_name();
    if !is_held_tag(el) || (tag.eq_ignore_ascii_case("img") && !el.is_connected()) {
        return false;
    }
    let intercepted = el.has_attribute(HELD_ATTR);
    dom::remove_attr(el, HELD_ATTR);
    let is_script = tag.eq_ignore_ascii_case("script");
    if is_script && !el.is_connected() {
        restore_type(el);
        return false;
    }
    if intercepted && is_script {
        return reinsert(el, on_settled);
    }
    if !is_script {
        move_attribute(el, "data-src", "src");
        move_attribute(el, "data-srcset", "srcset");
        return false;
    }
    let Some(script) = dom::element(doc, "script") else { return false };
    let names = el.get_attribute_names();
    for i in 0..names.length() {
        let Some(name) = names.get(i).as_string() else { continue };
        if !["type", "data-type", "nonce", "src"].contains(&name.as_str()) {
            if let Some(value) = el.get_attribute(&name) {
                dom::set_attr(&script, &name, &value);
            }
        }
    }
    let data_type = el.get_attribute("data-type");
    if let Some(kind) = &data_type {
        dom::set_attr(&script, "type", kind);
    }
    if let Some(nonce) = &trust.nonce {
        dom::set_attr(&script, "nonce", nonce);
    }
    let src = el.get_attribute("src");
    let text = el.text_content().unwrap_or_default();
    let assigned = src.as_deref().is_none_or(|src| trust.assign(&script, "src", "createScriptURL", src))
        && (text.is_empty() || trust.assign(&script, "text", "createScript", &text));
    if !assigned {
        dom::error("the page's Trusted Types policy refused a released script; allow the policy name consent-gate in the trusted-types directive");
        return false;
    }
    let waits = runs(data_type.as_deref()) && script.has_attribute("src");
    if waits {
        settles(&script, on_settled);
    }
    if el.replace_with_with_node_1(&script).is_err() {
        return false;
    }
    // The replaced element is no longer a held tag, so it is never released a second time.
    dom::remove_attr(el, CATEGORY_ATTR);
    waits
}

/// Renames `el`'s attribute `from` (if it has one) to `to`.
fn move_attribute(el: &Element, from: &str, to: &str) {
    if let Some(value) = el.get_attribute(from) {
        dom::remove_attr(el, from);
        dom::set_attr(el, to, &value);
    }
}

/// Releases a script that interception held: the page's own element, with its own type back,
/// removed and inserted again in place. A script whose type was not JavaScript when inserted
/// has not started, so inserting it again runs it, once; and the page's `onload` and listeners
/// on it, which loaders wait for, still fire.
fn reinsert(el: &Element, on_settled: &js_sys::Function) -> bool {
    let kind = restore_type(el);
    let waits = runs(kind.as_deref()) && el.has_attribute("src");
    if waits {
        settles(el, on_settled);
    }
    let Some(parent) = el.parent_node() else { return false };
    parent.insert_before(el, el.next_sibling().as_ref()).is_ok() && waits
}

/// Gives a held script its own type back (`data-type`; none if it had none), and returns it.
fn restore_type(el: &Element) -> Option<String> {
    let kind = el.get_attribute("data-type");
    match &kind {
        Some(kind) => {
            dom::remove_attr(el, "data-type");
            dom::set_attr(el, "type", kind);
        }
        None => {
            dom::remove_attr(el, "type");
        }
    }
    kind
}

/// Whether a script of this `type` (`None`: no attribute) runs, and so fires `load` or `error`.
fn runs(kind: Option<&str>) -> bool {
    kind.is_none_or(|t| {
        let t = t.trim_ascii();
        t.is_empty() || t.eq_ignore_ascii_case("module") || mentions(t, "javascript") || mentions(t, "ecmascript")
    })
}

/// Whether `text` contains `word` (not empty, lowercase) in any case: a plain scan, smaller in
/// the module than lowercasing a copy and `str::contains`'s substring search.
fn mentions(text: &str, word: &str) -> bool {
    text.as_bytes().windows(word.len()).any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// Calls `on_settled` when the external script `el` has loaded or failed.
fn settles(el: &Element, on_settled: &js_sys::Function) {
    dom::listen(el, "load", on_settled);
    dom::listen(el, "error", on_settled);
}
