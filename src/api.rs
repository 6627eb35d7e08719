//! The functions the JavaScript loader calls: `start`, and the methods behind `window.ConsentGate`.
//!
//! Arguments arrive as untyped `JsValue`s and are checked here, so a wrong call from a site's
//! code (a string where an array belongs) is a console error, not an exception.

use wasm_bindgen::prelude::*;

use crate::app;
use crate::dom;
use crate::trust::Trust;
use consent_gate_core::consent::Choice;
use consent_gate_core::console::Message;
use consent_gate_core::proof::Via;
use consent_gate_core::region::From;

/// Starts the gate with the site's config text (`undefined`: none; `load_failed`: the
/// `data-config` URL could not be fetched), the region the page names (`data-region` on the gate
/// tag, else the first `consent-gate-region` meta before it, `region_from_meta`; `undefined`:
/// neither), the gate tag's CSP nonce (empty: none), the
/// `consent-gate` Trusted Types policy (`null` where there is none), the loader's `gtag()` for
/// Google Consent Mode commands, the loader's `post(url, body, id)` for consent records, when the stub started (`performance.now()`) and the loader's
/// `guard()`, which every listener the module adds goes through. Returns the hosts interception
/// asks about (see [`app::start`]).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn start(
    config: Option<String>,
    load_failed: bool,
    region: Option<String>,
    region_from_meta: bool,
    nonce: String,
    policy: JsValue,
    gtag: js_sys::Function,
    post: js_sys::Function,
    stub_started: f64,
    guard: js_sys::Function,
) -> Option<String> {
    let trust = Trust { nonce: (!nonce.is_empty()).then_some(nonce), policy: policy.dyn_into::<js_sys::Object>().ok() };
    dom::set_guard(guard);
    let from = if region_from_meta { From::Meta } else { From::Attribute };
    app::start(config, load_failed, region.as_deref().map(|r| (r, from)), trust, gtag, post, stub_started)
}

/// Interception asks: must the element or `request` whose URL is `url` (absolute) be held or
/// dropped? A category name (`""`: undecided yet) means yes; `undefined` means no (see
/// [`consent_gate_core::holding`]).
#[wasm_bindgen]
pub fn hold(url: String, request: bool) -> Option<String> {
    app::hold(&url, request)
}

/// Interception found held tags (marked by the site, or held by it) in the document.
#[wasm_bindgen]
pub fn admit(tags: js_sys::Array) {
    let mut elements = Vec::new();
    for i in 0..tags.length() {
        if let Ok(el) = tags.get(i).dyn_into::<web_sys::Element>() {
            elements.push(el);
        }
    }
    app::admit(elements);
}

/// Interception saw the parser make `<body>`.
#[wasm_bindgen]
pub fn body_made() {
    app::body_made();
}

/// `ConsentGate.audit()`
#[wasm_bindgen]
pub fn audit() -> JsValue {
    app::audit()
}

/// `ConsentGate.acceptAll()`
#[wasm_bindgen]
pub fn accept_all() {
    app::choose(Choice::AcceptAll, Via::Api);
}

/// `ConsentGate.rejectAll()` and `ConsentGate.optOut()`: deny all optional categories and set
/// the opt-out cookie.
#[wasm_bindgen]
pub fn reject_all() {
    app::choose(Choice::RejectAll, Via::Api);
}

/// `ConsentGate.accept(["analytics", …])`
#[wasm_bindgen]
pub fn accept(names: JsValue) {
    match dom::strings(&names) {
        Some(names) => app::accept(&names),
        None => dom::report(Message::AcceptNeedsNames),
    }
}

/// `ConsentGate.acceptService(name)`
#[wasm_bindgen]
pub fn accept_service(name: JsValue) {
    match name.as_string() {
        Some(name) => app::accept_service(&name),
        None => dom::report(Message::AcceptUnknownService("")),
    }
}

/// `ConsentGate.isServiceAccepted(name)`
#[wasm_bindgen]
pub fn is_service_accepted(name: JsValue) -> bool {
    name.as_string().is_some_and(|n| app::is_service_accepted(&n))
}

/// `ConsentGate.isAccepted(name)`
#[wasm_bindgen]
pub fn is_accepted(name: JsValue) -> bool {
    name.as_string().is_some_and(|n| app::is_accepted(&n))
}

/// `ConsentGate.getConsent()`
#[wasm_bindgen]
pub fn get_consent() -> JsValue {
    app::consent()
}

/// `ConsentGate.showBanner()`
#[wasm_bindgen]
pub fn show_banner() {
    app::show_banner();
}

/// `ConsentGate.showPreferences()`
#[wasm_bindgen]
pub fn show_preferences() {
    app::show_preferences();
}

/// `ConsentGate.reset()`
#[wasm_bindgen]
pub fn reset() {
    app::reset();
}

/// `ConsentGate.on("change", fn)`
#[wasm_bindgen]
pub fn on(event: JsValue, listener: JsValue) {
    match (event.as_string().as_deref(), listener.dyn_into::<js_sys::Function>()) {
        (Some("change"), Ok(listener)) => app::on_change(listener),
        _ => dom::report(Message::OnNeedsChange),
    }
}

/// The records service answered the consent record `id` with HTTP `status` (0: no answer).
#[wasm_bindgen]
pub fn delivered(id: String, status: u16) {
    app::delivered(&id, status);
}

/// Whether the loader should fetch the time-zone table (`zones.txt`, beside the module).
#[wasm_bindgen]
pub fn needs_zones() -> bool {
    app::needs_zones()
}

/// Hands the gate the browser's time zone (`""`: none) and the fetched time-zone table's text
/// (`undefined` if it could not be loaded).
#[wasm_bindgen]
pub fn add_zones(text: Option<String>, zone: String) {
    app::add_zones(text, &zone);
}

/// The built-in translation the loader should fetch (`i18n/<code>.json`), if any.
#[wasm_bindgen]
pub fn needed_language() -> Option<String> {
    app::needed_language()
}

/// Hands the fetched translation file's text to the gate (`undefined` if it could not be loaded).
#[wasm_bindgen]
pub fn add_language(text: Option<String>) {
    app::add_language(text);
}
