//! Google's page-side signals: Consent Mode commands on the page's `dataLayer` (sent through the
//! loader's `gtag()`, which pushes an `arguments` object as Google's own snippet does), and
//! Google Analytics' `ga-disable-<ID>` opt-out flags. What they say is the core's
//! ([`consent_gate_core::consent_mode`]); this module only writes it to the page.

use consent_gate_core::consent::Consent;
use consent_gate_core::console::Message;
use consent_gate_core::CategorySet;
use js_sys::{Function, Object};
use wasm_bindgen::JsValue;

use crate::dom;

/// The Google Consent Mode parameters for the types `granted` grants (the first command, the
/// `default`, also waits for an update); `None` when the config turns Consent Mode off.
pub fn consent_mode(consent: &Consent, granted: CategorySet, default: bool) -> Option<Object> {
    let mapping = consent.config().consent_mode.as_ref()?;
    let params = Object::new();
    for (kind, on) in mapping.states(consent.config(), granted) {
        dom::set_property(&params, kind, &JsValue::from_str(if on { "granted" } else { "denied" }));
    }
    if default {
        dom::set_property(&params, "wait_for_update", &JsValue::from_f64(500.0));
    }
    Some(params)
}

/// `gtag("consent", command, params)`; `at_start`: ahead of the commands the page queued before
/// the gate started (the loader's `gtag` puts it there while Google's code has not taken the
/// dataLayer over). It may run Google's code, so never while the state is borrowed.
pub fn send(gtag: &Function, command: &str, params: Option<Object>, at_start: bool) {
    let Some(params) = params else { return };
    if let Err(e) = gtag.call3(&JsValue::NULL, &JsValue::from_str(command), &params, &JsValue::from_bool(at_start)) {
        dom::report_with(Message::ConsentModeFailed, &e);
    }
}

/// Sets `window['ga-disable-<id>']`, which Google Analytics checks before it sends anything.
pub fn disable_analytics(id: &str, disabled: bool) {
    let mut name = String::from("ga-disable-");
    name.push_str(id);
    dom::set_global(&name, disabled);
}
