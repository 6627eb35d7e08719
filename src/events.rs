//! The page's events, routed to the gate: clicks (the banner's and dialog's buttons, and the
//! page's own `data-consent-open` links), keys (Escape, and Tab kept inside the open dialog),
//! refusals by the page's Content-Security-Policy, other tabs' choices, the end of parsing, and
//! released scripts that have loaded.

use consent_gate_core::consent::Choice;
use consent_gate_core::console::Message;
use consent_gate_core::proof::Via;
use consent_gate_core::record::Source;
use consent_gate_core::store::Store;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Event, EventTarget, KeyboardEvent, SecurityPolicyViolationEvent, StorageEvent};

use crate::app::{allow_from_placeholder, choose, close_preferences, load_once, pump, show_banner, show_preferences, transition, with};
use crate::banner;
use crate::dom;
use crate::release::CATEGORY_ATTR;

/// Calls `handler` for every `event` on `target`, for the life of the page. (A function pointer,
/// so that every listener is one closure type: one set of wasm-bindgen shims, not one per handler.)
fn listen(target: &EventTarget, event: &str, handler: fn(Event)) {
    let closure = Closure::<dyn Fn(Event)>::new(handler);
    dom::listen(target, event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Listens for clicks, keys, CSP refusals, other tabs' choices and the end of parsing. (Held
/// tags, those already in the document included, reach [`crate::app::admit`] from interception.)
pub(crate) fn install(doc: &Document, parsing: bool) {
    listen(doc, "click", on_click);
    listen(doc, "change", on_toggle);
    listen(doc, "keydown", on_keydown);
    listen(doc, "securitypolicyviolation", on_csp_violation);
    if let Some(window) = dom::window() {
        listen(&window, "storage", on_storage);
    }
    if parsing {
        listen(doc, "DOMContentLoaded", |_| on_parsed());
    }
}

fn on_parsed() {
    with(|s| {
        s.queue.parsed();
        s.ui.mount(&s.doc, &s.consent);
    });
    pump();
}

/// Reports a released tag that the page's Content-Security-Policy refused, so a release is never
/// silently lost. Released tags keep the `data-category` of their held original; the event's
/// target is the tag itself or, for a refused script URL, the document.
fn on_csp_violation(event: Event) {
    let Some(violation) = event.dyn_ref::<SecurityPolicyViolationEvent>() else { return };
    let blocked = violation.blocked_uri();
    let target = dom::target(&event);
    let ours = match target {
        Some(el) => el.has_attribute(CATEGORY_ATTR),
        None => dom::document().is_some_and(|doc| {
            dom::select_all(&doc, "script[data-category][src]").iter().any(|s| s.unchecked_ref::<web_sys::HtmlScriptElement>().src() == blocked)
        }),
    };
    if !ours {
        return;
    }
    dom::report(Message::CspRefused { directive: &violation.effective_directive(), blocked: &blocked });
}

/// Another tab of the site stored or cleared a choice (its localStorage mirror changed): apply it
/// here too.
fn on_storage(event: Event) {
    let Some(change) = event.dyn_ref::<StorageEvent>() else { return };
    let ours = with(|s| change.key().is_none_or(|key| key == s.consent.config().cookie.name)).unwrap_or(false);
    if ours {
        transition(|s| {
            let stored = s.record.load();
            let opt_out = s.opt_out.load().is_some();
            s.consent.refresh(stored.as_deref(), opt_out, dom::now())
        });
    }
}

/// A released external script has loaded or failed: the queue goes on.
pub(crate) fn on_script_settled() {
    with(|s| s.queue.settled());
    pump();
}

fn on_click(event: Event) {
    let Some(target) = dom::target(&event) else { return };
    if let Some(opener) = target.closest("[data-consent-open], [data-cc]").ok().flatten() {
        // Our attribute, and vanilla-cookieconsent's `data-cc` values for sites that switch.
        let what = opener.get_attribute("data-consent-open").or_else(|| opener.get_attribute("data-cc"));
        let known = match what.as_deref().unwrap_or_default() {
            "preferences" | "show-preferencesModal" => {
                show_preferences();
                true
            }
            "banner" | "show-consentModal" => {
                show_banner();
                true
            }
            _ => false,
        };
        if known {
            event.prevent_default();
        }
        return;
    }
    let Some(button) = target.closest("[data-action]").ok().flatten() else { return };
    // A placeholder's buttons (app.rs checks the placeholder is one of the gate's).
    match button.get_attribute("data-action").as_deref() {
        Some("load-once") => return load_once(&button),
        Some("allow-service") => return allow_from_placeholder(&button),
        _ => {}
    }
    if with(|s| s.ui.contains(&button)) != Some(true) {
        return;
    }
    let via = if button.closest("dialog").ok().flatten().is_some() { Via::Preferences } else { Via::Banner };
    match button.get_attribute("data-action").as_deref().unwrap_or_default() {
        "accept-all" => choose(Choice::AcceptAll, via),
        "reject-all" => choose(Choice::RejectAll, via),
        "preferences" => show_preferences(),
        "save" => {
            if let Some((categories, services)) = with(|s| s.ui.ticked(&s.consent)) {
                choose(Choice::Only(categories, services, Source::Preferences), Via::Preferences);
            }
        }
        "close" => close_preferences(),
        "dismiss" => {
            with(|s| s.dismiss_notice());
        }
        _ => {}
    }
}

/// A toggle in the open dialog changed: its category's or services' toggles follow.
fn on_toggle(event: Event) {
    let Some(Some(dialog)) = with(|s| s.ui.open_dialog()) else { return };
    // Only the dialog's own checkboxes fire `change` in it.
    let Some(input) = dom::target(&event).filter(|el| dialog.contains(Some(el)) && el.tag_name() == "INPUT") else { return };
    banner::toggled(&dialog, input.unchecked_ref());
}

fn on_keydown(event: Event) {
    let Some(Some(dialog)) = with(|s| s.ui.open_dialog()) else { return };
    let Some(key) = event.dyn_ref::<KeyboardEvent>() else { return };
    match key.key().as_str() {
        "Escape" => {
            event.prevent_default();
            close_preferences();
        }
        "Tab" => {
            // Keep focus inside the modal dialog: wrap around at both ends.
            let items = banner::focusables(&dialog);
            let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
            let active = dom::document().and_then(|d| d.active_element());
            let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
            let wrap_to = if key.shift_key() {
                (!inside || active.as_ref() == Some(first)).then_some(last)
            } else {
                (!inside || active.as_ref() == Some(last)).then_some(first)
            };
            if let Some(target) = wrap_to {
                event.prevent_default();
                dom::focus(target);
            }
        }
        _ => {}
    }
}
