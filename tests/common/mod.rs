//! Shared fixture for the browser tests: every test starts from a clean page (no cookies, no
//! storage, no banner, an empty test container), as a first-time visitor would. The rest of the
//! body belongs to the test runner, which reads its results from it.

use consent_gate::dom;
use consent_gate_core::consent::{Consent, Signals};
use consent_gate_core::cookie;
use consent_gate_core::Config;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

const ROOT: &str = "cg-test-root";

/// The document, emptied: cookies, localStorage, sessionStorage, the banner, the dialog and the
/// test container.
pub fn fresh() -> Document {
    let doc = dom::document().expect("a document");
    let header = dom::cookies(&doc);
    for (name, _) in cookie::pairs(&header) {
        dom::set_cookie(&doc, &cookie::delete_cookie(name, None));
    }
    for storage in [dom::local_storage(), dom::session_storage()].into_iter().flatten() {
        storage.clear().expect("storage clears");
    }
    for id in ["consent-gate-banner", "consent-gate-preferences", ROOT] {
        if let Some(el) = doc.get_element_by_id(id) {
            el.remove();
        }
    }
    let root = doc.create_element("div").expect("a div");
    root.set_id(ROOT);
    doc.body().expect("a body").append_child(&root).expect("appends");
    doc
}

/// A consent state on the default config with `stored` record text.
pub fn consent(config: &str, stored: Option<&str>) -> Consent {
    Consent::new(Config::from_json(config).expect("valid config"), stored, Signals::default(), dom::now()).0
}

/// Parses `html` into the test container and returns the element it made.
pub fn insert(doc: &Document, html: &str) -> Element {
    let root = doc.get_element_by_id(ROOT).expect("fresh() made the container");
    root.insert_adjacent_html("beforeend", html).expect("html inserts");
    root.last_element_child().expect("an element")
}

/// `window[name]` (set by scripts the tests release).
pub fn global(name: &str) -> JsValue {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A script URL whose script runs `source` (a blob: URL).
pub fn script_url(source: &str) -> String {
    let blob = web_sys::Blob::new_with_str_sequence(&js_sys::Array::of1(&source.into())).expect("a blob");
    web_sys::Url::create_object_url_with_blob(&blob).expect("a blob URL")
}

/// A JS function and a future that resolves once the function has been called.
pub fn signal() -> (js_sys::Function, futures_channel::oneshot::Receiver<()>) {
    let (tx, rx) = futures_channel::oneshot::channel::<()>();
    let tx = std::cell::Cell::new(Some(tx));
    let f = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        if let Some(tx) = tx.take() {
            let _ = tx.send(());
        }
    });
    (wasm_bindgen::JsCast::unchecked_into(f.into_js_value()), rx)
}
