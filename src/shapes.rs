//! The JavaScript objects the gate hands the page: the consent `getConsent()` returns and
//! `change` carries, and `audit()`'s entries. Their types are in types/consent-gate.d.ts.

use consent_gate_core::audit::{Moment, Timeline};
use consent_gate_core::consent::{Basis, Consent};
use consent_gate_core::Config;
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::dom;

/// The object `getConsent()` returns and `change` carries: `null` while there is no choice.
pub fn consent(consent: &Consent) -> JsValue {
    let basis = consent.basis();
    if basis == Basis::NoChoice {
        return JsValue::NULL;
    }
    let config = consent.config();
    let record = consent.record();
    let out = Object::new();
    let set = |key: &str, value: JsValue| dom::set_property(&out, key, &value);
    set("id", record.map_or(JsValue::NULL, |r| JsValue::from_str(&r.id)));
    set("revision", JsValue::from_f64(record.map_or(config.revision, |r| r.revision) as f64));
    set("time", record.map_or(JsValue::NULL, |r| JsValue::from_f64(r.time as f64 * 1000.0)));
    let categories = Object::new();
    let granted = consent.granted();
    for (i, category) in config.categories.iter().enumerate() {
        dom::set_property(&categories, &category.name, &JsValue::from_bool(granted.contains(i)));
    }
    set("categories", categories.into());
    // Every service that may run: those of the categories granted whole, and those granted one
    // by one.
    let services = Array::new();
    for tracker in config.trackers() {
        if consent.grants(tracker.name, tracker.category) {
            services.push(&JsValue::from_str(tracker.name));
        }
    }
    set("services", services.into());
    set("source", JsValue::from_str(basis.as_str()));
    set("gpc", JsValue::from_bool(consent.privacy_signal()));
    out.into()
}

/// `ConsentGate.audit()`: every request the page made to a tracker host (from Resource Timing,
/// including those before the gate started), with the service, its category, when it started
/// and whether that category was granted then.
pub fn audit(config: &Config, timeline: &Timeline) -> JsValue {
    let list = Array::new();
    {
        for (url, time) in dom::resources() {
            let Some(tracker) = config.tracker_of(&url) else { continue };
            let moment = timeline.at(time);
            let granted = matches!(moment, Moment::Granted(set) if tracker.category.is_some_and(|i| set.contains(i)));
            let entry = Object::new();
            let set = |key: &str, value: JsValue| dom::set_property(&entry, key, &value);
            set("url", JsValue::from_str(&url));
            set("service", JsValue::from_str(tracker.name));
            set("title", JsValue::from_str(tracker.title));
            set("category", JsValue::from_str(tracker.category_name));
            set("time", JsValue::from_f64(time));
            set("granted", JsValue::from_bool(granted));
            set("beforeGate", JsValue::from_bool(moment == Moment::BeforeGate));
            list.push(&entry);
        }
    }
    list.into()
}

