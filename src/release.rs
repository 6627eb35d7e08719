//! Releasing held tags: which element is a held one, and the DOM surgery that lets one run or
//! load. The order and the moment are the core's ([`consent_gate_core::release::Queue`]); this
//! module only moves elements. Held tags are the page's marked ones (`<script type="text/plain"
//! data-category>`, `<iframe|img data-category data-src>`) and those interception held
//! (`data-cg-held`).

use consent_gate_core::console::Message;
use consent_gate_core::release::{runs, Tag};
use web_sys::{Document, Element};

use crate::dom;
use crate::trust::Trust;

/// The attribute that names a tag's categories.
pub const CATEGORY_ATTR: &str = "data-category";

/// The attribute that names a tag's service: a tag with one of a known service runs once that
/// service is granted. The gate sets it on a tag interception held.
pub const SERVICE_ATTR: &str = "data-service";

/// The attribute interception (`src/stub/intercept.js`) puts on a tracker tag it held; without a
/// `data-category` it was held before the gate could decide.
pub const HELD_ATTR: &str = "data-cg-held";

/// Whether `el` is a held tag (see [`Tag::is_held`]).
pub fn is_held_tag(el: &Element) -> bool {
    let kind = el.get_attribute("type");
    Tag {
        script: el.tag_name().eq_ignore_ascii_case("script"),
        marked: el.has_attribute(CATEGORY_ATTR),
        intercepted: el.has_attribute(HELD_ATTR),
        kind: kind.as_deref(),
        pending_url: el.has_attribute("data-src") || el.has_attribute("data-srcset"),
    }
    .is_held()
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
        dom::report(Message::TrustedTypesRefused);
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

/// Calls `on_settled` when the external script `el` has loaded or failed.
fn settles(el: &Element, on_settled: &js_sys::Function) {
    dom::listen(el, "load", on_settled);
    dom::listen(el, "error", on_settled);
}
