//! The browser calls several modules share (the window and document, cookies and storage,
//! navigator signals, `Reflect`, listeners, attributes), and the console.
//!
//! Everything here is infallible from the caller's side: a DOM call that throws (it should not,
//! but host pages can be strange) is swallowed or turned into `None`, so that no error escapes
//! into the page. Messages ([`consent_gate_core::console::Message`]) go to the console prefixed
//! with `consent-gate:`.
//!
//! JavaScript lists (node lists, arrays) are read with index loops into `Vec`s: iterator adapters
//! over them are compiled once per use, and cost every visitor kilobytes of the module. For the
//! same reason a call made from several places (a property read or set through `Reflect`, a
//! listener added, an attribute removed) goes through one function here: each copy of a
//! `web-sys` call with its error handling, inlined where it is used, is code in the module.

use consent_gate_core::console::{Level, Message};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlDocument, HtmlElement, Node, NodeList, Storage, Window};

/// Writes `message` to the console (`console.error` or `console.warn`, as its level says),
/// prefixed with `consent-gate: `.
pub fn report(message: Message) {
    let text = prefixed(&message);
    match message.level() {
        Level::Error => web_sys::console::error_1(&text),
        Level::Warning => web_sys::console::warn_1(&text),
    }
}

/// `console.error("consent-gate: " + message, cause)` (or `console.warn`, as its level says): a
/// message with the JavaScript error or the element that caused it.
pub fn report_with(message: Message, cause: &JsValue) {
    match message.level() {
        Level::Error => web_sys::console::error_2(&prefixed(&message), cause),
        Level::Warning => web_sys::console::warn_2(&prefixed(&message), cause),
    }
}

fn prefixed(message: &Message) -> JsValue {
    let mut text = String::from("consent-gate: ");
    text.push_str(&message.text());
    JsValue::from(text)
}

#[wasm_bindgen]
extern "C" {
    /// The page's `window` (read once).
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Option<Window>;
}

/// The page's `window`. (Not `web_sys::window()`, which finds it through `js_sys::global()`:
/// four probes for the global object, kept in the module as code and glue.)
pub fn window() -> Option<Window> {
    WINDOW.with(Option::clone)
}

/// The window's document.
pub fn document() -> Option<Document> {
    window()?.document()
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// The page's origin (`https://example.com`).
pub fn origin() -> String {
    window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// A fresh random consent id: 12 bytes from `crypto.getRandomValues`, as hex.
pub fn random_id() -> String {
    let mut bytes = [0u8; 12];
    let filled = window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    let mut id = String::with_capacity(24);
    consent_gate_core::number::push_hex(&mut id, &bytes);
    id
}

/// `document.cookie` (empty when cookies are unavailable).
pub fn cookies(doc: &Document) -> String {
    // web-sys has `cookie` on HTMLDocument; browsers have it on every Document (and it throws,
    // caught here, where cookies are unavailable).
    doc.unchecked_ref::<HtmlDocument>().cookie().unwrap_or_default()
}

/// Assigns `text` to `document.cookie`.
pub fn set_cookie(doc: &Document, text: &str) {
    let _ = doc.unchecked_ref::<HtmlDocument>().set_cookie(text);
}

/// Whether the page was served over https (cookies then get `Secure`).
pub fn is_https() -> bool {
    window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "https:")
}

/// The page's host name.
pub fn hostname() -> String {
    window().and_then(|w| w.location().hostname().ok()).unwrap_or_default()
}

/// `localStorage`, if the page may use it (it throws in sandboxed frames and with cookies off).
pub fn local_storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

/// `sessionStorage`, if the page may use it.
pub fn session_storage() -> Option<Storage> {
    window()?.session_storage().ok().flatten()
}

/// A new element; `None` only if the document refuses (it never does for our tag names).
pub fn element(doc: &Document, tag: &str) -> Option<Element> {
    doc.create_element(tag).ok()
}

/// Sets an attribute, ignoring the (impossible for valid names) error.
pub fn set_attr(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

thread_local! {
    /// The loader's `guard(listener)`: a listener that catches what `listener` throws, so that a
    /// failing module stops (and says so) instead of throwing into the page.
    static GUARD: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

/// Sets the loader's guard (see [`listen`]).
pub fn set_guard(guard: js_sys::Function) {
    GUARD.with(|g| *g.borrow_mut() = Some(guard));
}

/// Calls `listener` for every `event` on `target`, through the loader's guard.
pub fn listen(target: &web_sys::EventTarget, event: &str, listener: &js_sys::Function) {
    let guarded = GUARD.with(|g| g.borrow().as_ref().and_then(|guard| guard.call1(&JsValue::NULL, listener).ok()));
    let _ = target.add_event_listener_with_callback(event, guarded.as_ref().map_or(listener, |f| f.unchecked_ref()));
}

/// Removes an attribute, ignoring the (impossible for valid names) error.
pub fn remove_attr(el: &Element, name: &str) {
    let _ = el.remove_attribute(name);
}

/// Appends `child` to `parent`, ignoring hierarchy errors.
pub fn append(parent: &Node, child: &Node) {
    let _ = parent.append_child(child);
}

/// Makes `child` the first child of `parent`, ignoring hierarchy errors.
pub fn prepend(parent: &Node, child: &Node) {
    let _ = parent.insert_before(child, parent.first_child().as_ref());
}

/// The elements a `querySelectorAll` found (none if it threw).
pub fn elements(found: Result<NodeList, JsValue>) -> Vec<Element> {
    let mut out = Vec::new();
    if let Ok(list) = found {
        for i in 0..list.length() {
            // A selector matches nothing but elements.
            if let Some(node) = list.item(i) {
                out.push(node.unchecked_into());
            }
        }
    }
    out
}

/// The element an event was dispatched to (`None` when it is not an element: the document, the
/// window).
pub fn target(event: &web_sys::Event) -> Option<Element> {
    event.target()?.dyn_into().ok()
}

/// `document.querySelectorAll(selector)` as elements.
pub fn select_all(doc: &Document, selector: &str) -> Vec<Element> {
    elements(doc.query_selector_all(selector))
}

/// Focuses `el` if it can take focus (HTML, SVG and MathML elements have `focus()`; a call that
/// throws is caught).
pub fn focus(el: &Element) {
    let _ = el.unchecked_ref::<HtmlElement>().focus();
}

/// A property of `navigator`, read untyped (browsers differ in which they have, and in their
/// types); `undefined` if it cannot be read.
fn navigator(name: &str) -> JsValue {
    window().map_or(JsValue::UNDEFINED, |w| property(&w.navigator(), name))
}

/// Reads a property of `navigator` as a boolean `=== true`.
pub fn navigator_flag(name: &str) -> bool {
    navigator(name) == JsValue::TRUE
}

/// `navigator.doNotTrack == "1"` (Chromium reports `null` when unset).
pub fn do_not_track() -> bool {
    navigator("doNotTrack").as_string().as_deref() == Some("1")
}

/// The items of `value` if it is an array of strings.
pub fn strings(value: &JsValue) -> Option<Vec<String>> {
    let list = value.dyn_ref::<js_sys::Array>()?;
    let mut out = Vec::new();
    for i in 0..list.length() {
        out.push(list.get(i).as_string()?);
    }
    Some(out)
}

/// The visitor's languages, most preferred first: the page's `<html lang>`, then
/// `navigator.languages`.
pub fn preferred_languages(doc: &Document) -> Vec<String> {
    let mut languages = Vec::new();
    if let Some(lang) = doc.document_element().and_then(|html| html.get_attribute("lang")) {
        if !lang.trim_ascii().is_empty() {
            languages.push(lang);
        }
    }
    if let Some(list) = navigator("languages").dyn_ref::<js_sys::Array>() {
        for i in 0..list.length() {
            if let Some(language) = list.get(i).as_string() {
                languages.push(language);
            }
        }
    }
    languages
}

/// Milliseconds since the page's time origin (`performance.now()`).
pub fn now_ms() -> f64 {
    window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// The URL and start time of every resource the page loaded (Resource Timing).
pub fn resources() -> Vec<(String, f64)> {
    let Some(performance) = window().and_then(|w| w.performance()) else { return Vec::new() };
    let entries = performance.get_entries_by_type("resource");
    let mut out = Vec::new();
    for i in 0..entries.length() {
        let entry: web_sys::PerformanceEntry = entries.get(i).unchecked_into();
        out.push((entry.name(), entry.start_time()));
    }
    out
}

/// `url` resolved against the document's base URL (unchanged if it is not a URL).
pub fn absolute_url(url: &str) -> String {
    let base = document().and_then(|d| d.base_uri().ok().flatten());
    base.and_then(|b| web_sys::Url::new_with_base(url, &b).ok()).map_or_else(|| url.to_string(), |u| u.href())
}

/// `target[key]`; `undefined` if reading it threw.
pub fn property(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key] = value`; `false` if that threw (a Trusted Types check refusing the value, say).
pub fn set_property(target: &JsValue, key: &str, value: &JsValue) -> bool {
    js_sys::Reflect::set(target, &JsValue::from_str(key), value).is_ok()
}

/// `target[method](arg)`; `undefined` if it is not a function or threw.
pub fn call(target: &JsValue, method: &str, arg: &JsValue) -> JsValue {
    property(target, method).dyn_into::<js_sys::Function>().ok().and_then(|f| f.call1(target, arg).ok()).unwrap_or(JsValue::UNDEFINED)
}

/// `window[name] = value`.
pub fn set_global(name: &str, value: bool) {
    if let Some(w) = window() {
        set_property(&w, name, &JsValue::from_bool(value));
    }
}

/// `location.reload()`.
pub fn reload() {
    if let Some(w) = window() {
        let _ = w.location().reload();
    }
}
