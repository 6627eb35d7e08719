//! The browser layer in a real headless Chromium (wasm-bindgen-test): releasing tags, the stores,
//! withdrawal clean-up and the interface elements. Run by scripts/test.sh.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{consent, fresh, global, insert, script_url, signal};
use consent_gate::banner::{self, Ui};
use consent_gate::release;
use consent_gate::trust::Trust;
use consent_gate::store::{CookieStore, LocalStore};
use consent_gate_core::store::{RecordStore, Store};
use consent_gate::{cleanup, dom};
use consent_gate_core::release::Queue;
use consent_gate_core::cookie::NamePattern;
use consent_gate_core::{CategorySet, Config};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The held tags under `root`, in document order.
fn held_in(root: &web_sys::Element) -> Vec<web_sys::Element> {
    dom::elements(root.query_selector_all("*")).into_iter().filter(release::is_held_tag).collect()
}

fn noop() -> js_sys::Function {
    Closure::<dyn Fn()>::new(|| {}).into_js_value().unchecked_into()
}

#[wasm_bindgen_test]
fn recognises_held_tags() {
    let doc = fresh();
    let root = insert(&doc, concat!(
        r#"<div><script type="text/plain" data-category="analytics">1</script>"#,
        r#"<script type=" TEXT/PLAIN " data-category="analytics">2</script>"#,
        r#"<script data-category="analytics">3</script>"#,
        r#"<iframe data-category="marketing" data-src="about:blank"></iframe>"#,
        r#"<img data-category="marketing" src="x.png">"#,
        r#"<input data-category="analytics" type="checkbox"></div>"#,
    ));
    let held: Vec<String> = held_in(&root).iter().map(|e| e.tag_name()).collect();
    assert_eq!(held, ["SCRIPT", "SCRIPT", "IFRAME"], "not: a running script, an img without data-src, our own checkboxes");
}

#[wasm_bindgen_test]
fn releases_an_inline_script_once_as_a_fresh_element() {
    let doc = fresh();
    let held = insert(&doc, r#"<script type="text/plain" data-category="analytics" id="s" class="c">window.cgInline = (window.cgInline || 0) + 1;</script>"#);
    let waits = release::release(&doc, &held, &noop(), &Trust::default());
    assert!(!waits, "inline scripts do not wait");
    assert_eq!(global("cgInline").as_f64(), Some(1.0));
    assert!(!held.is_connected(), "the held element was replaced");
    let released = doc.get_element_by_id("s").expect("the new script keeps the id");
    assert_eq!(released.class_name(), "c");
    assert_eq!(released.get_attribute("type"), None);
    assert!(!release::release(&doc, &held, &noop(), &Trust::default()));
    assert!(!release::release(&doc, &released, &noop(), &Trust::default()), "a released script is not held any more");
    assert_eq!(global("cgInline").as_f64(), Some(1.0), "ran exactly once");
}

#[wasm_bindgen_test]
async fn an_external_script_is_waited_for() {
    let doc = fresh();
    let held = insert(&doc, r#"<script type="text/plain" data-category="analytics"></script>"#);
    held.set_attribute("src", &script_url("window.cgExternal = true")).unwrap();
    let (settled, rx) = signal();
    assert!(release::release(&doc, &held, &settled, &Trust::default()), "an external script must load before the next tag");
    rx.await.unwrap();
    assert_eq!(global("cgExternal"), JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn a_script_type_is_read_as_the_browser_reads_it() {
    // Trimmed and in any case: each of these runs, so its load is waited for.
    let doc = fresh();
    for kind in [" Text/JavaScript ", "MODULE", "application/X-EcmaScript"] {
        let held = insert(&doc, r#"<script type="text/plain" data-category="analytics"></script>"#);
        held.set_attribute("data-type", kind).unwrap();
        held.set_attribute("src", &script_url("")).unwrap();
        let (settled, rx) = signal();
        assert!(release::release(&doc, &held, &settled, &Trust::default()), "{kind:?} runs, so it is waited for");
        rx.await.unwrap();
    }
    let data = insert(&doc, r#"<script type="text/plain" data-type="application/JSON" data-category="analytics"></script>"#);
    data.set_attribute("src", &script_url("")).unwrap();
    assert!(!release::release(&doc, &data, &noop(), &Trust::default()), "a data block never loads, so it is not waited for");
}

#[wasm_bindgen_test]
fn data_type_becomes_the_type_and_data_src_the_src() {
    let doc = fresh();
    let held = insert(&doc, r#"<script type="text/plain" data-type="text/x-template" data-category="analytics" id="t">not js</script>"#);
    assert!(!release::release(&doc, &held, &noop(), &Trust::default()), "a non-script type is not waited for");
    assert_eq!(doc.get_element_by_id("t").unwrap().get_attribute("type").as_deref(), Some("text/x-template"));
    let frame = insert(&doc, r#"<iframe data-category="marketing" data-src="about:blank#video"></iframe>"#);
    release::release(&doc, &frame, &noop(), &Trust::default());
    assert_eq!(frame.get_attribute("src").as_deref(), Some("about:blank#video"));
    assert!(!frame.has_attribute("data-src"));
}

#[wasm_bindgen_test]
fn a_tag_not_in_the_document_is_released_where_it_is_but_an_image_is_dropped() {
    let doc = fresh();
    let detached = |html: &str| {
        let el = insert(&doc, html);
        el.remove();
        el
    };
    let script = detached(r#"<script type="text/plain" data-type="module" data-cg-held data-category="analytics" src="/later.js"></script>"#);
    assert!(!release::release(&doc, &script, &noop(), &Trust::default()), "nothing runs now, so nothing is waited for");
    assert_eq!(script.get_attribute("type").as_deref(), Some("module"), "it runs if the page inserts it");
    assert!(!script.has_attribute("data-cg-held") && !script.has_attribute("data-type"));
    assert!(!script.is_connected());
    let frame = detached(r#"<iframe data-cg-held data-category="marketing" data-src="about:blank#later"></iframe>"#);
    release::release(&doc, &frame, &noop(), &Trust::default());
    assert_eq!(frame.get_attribute("src").as_deref(), Some("about:blank#later"));
    let pixel = detached(r#"<img data-cg-held data-category="marketing" data-src="/pixel.gif">"#);
    release::release(&doc, &pixel, &noop(), &Trust::default());
    assert_eq!(pixel.get_attribute("src"), None, "a detached image is a beacon: dropped, not sent late");
    assert_eq!(pixel.get_attribute("data-src").as_deref(), Some("/pixel.gif"));
}

#[wasm_bindgen_test]
async fn an_intercepted_script_is_released_as_the_same_element_with_its_type_and_listeners() {
    let doc = fresh();
    let url = script_url("window.cgIntercepted = (window.cgIntercepted || 0) + 1");
    // As intercept.js leaves a script the page created: its type kept in data-type, held as
    // text/plain. (Scripts from HTML text never run, so it is made with createElement.)
    let held = doc.create_element("script").unwrap();
    for (name, value) in [("data-cg-held", ""), ("data-type", "text/javascript"), ("type", "text/plain"), ("data-category", "analytics"), ("src", &url)] {
        held.set_attribute(name, value).unwrap();
    }
    doc.get_element_by_id("cg-test-root").unwrap().append_child(&held).unwrap();
    let (page_onload, rx) = signal();
    js_sys::Reflect::set(&held, &"onload".into(), &page_onload).unwrap();
    assert!(release::is_held_tag(&held));
    assert!(release::release(&doc, &held, &noop(), &Trust::default()), "an external script is waited for");
    rx.await.unwrap();
    assert_eq!(global("cgIntercepted").as_f64(), Some(1.0), "the page's own onload fired after it ran");
    assert!(held.is_connected(), "the same element, not a copy");
    assert_eq!(held.get_attribute("type").as_deref(), Some("text/javascript"));
    assert!(!held.has_attribute("data-cg-held") && !held.has_attribute("data-type"));
    assert!(!release::release(&doc, &held, &noop(), &Trust::default()), "released once");
}

#[wasm_bindgen_test]
fn a_tag_held_before_the_gate_could_decide_is_adopted() {
    let doc = fresh();
    let state = consent("{}", None);
    let mut queue = Queue::new(false);
    let tracker = insert(&doc, r#"<img data-cg-held="" data-src="https://www.facebook.com/tr?id=1" id="t">"#);
    let own = insert(&doc, r#"<img data-cg-held="" data-src="/logo.png" id="o">"#);
    assert!(release::is_held_tag(&tracker) && release::is_held_tag(&own), "held without a category yet");
    queue.adopt(tracker, Some("marketing"), None, &state);
    queue.adopt(own, None, None, &state);
    let next = queue.next_release().expect("the tag that needs no consent is released at once");
    assert_eq!(next.id(), "o");
    assert!(!release::release(&doc, &next, &noop(), &Trust::default()));
    assert_eq!(next.get_attribute("src").as_deref(), Some("/logo.png"));
    assert_eq!(queue.next_release(), None, "the tracker stays held");
}

#[wasm_bindgen_test]
fn the_consent_cookie_and_its_mirror() {
    let doc = fresh();
    let config = Config::default();
    let store = RecordStore { cookie: CookieStore::consent(doc.clone(), &config.cookie), mirror: LocalStore::new("cg_consent") };
    assert_eq!(store.load(), None);
    store.save("1.1.2.abc").unwrap();
    assert!(dom::cookies(&doc).contains("cg_consent=1.1.2.abc"));
    assert_eq!(dom::local_storage().unwrap().get_item("cg_consent").unwrap().as_deref(), Some("1.1.2.abc"));
    store.cookie.clear();
    assert_eq!(store.load().as_deref(), Some("1.1.2.abc"), "the mirror answers when the cookie is gone");
    store.cookie.save("damaged").unwrap();
    assert_eq!(store.load().as_deref(), Some("damaged"), "a present cookie is the truth, even when damaged");
    let too_large = "x".repeat(5000);
    store.save(&too_large).unwrap();
    assert_eq!(store.load().as_deref(), Some(too_large.as_str()), "a refused cookie does not shadow the newer mirror");
    store.clear();
    assert_eq!(store.load(), None);
}

#[wasm_bindgen_test]
fn a_refused_cookie_is_an_error() {
    let doc = fresh();
    let store = CookieStore::consent(doc, &Config::default().cookie);
    let too_large = "x".repeat(5000);
    assert_eq!(store.save(&too_large), Err(consent_gate_core::store::StoreError::CookieRefused));
}

#[wasm_bindgen_test]
fn withdrawal_deletes_matching_cookies_and_storage_keys() {
    let doc = fresh();
    for c in ["_ga=1", "_ga_ABC=2", "_gid=3", "keep=4", "_gax=5"] {
        dom::set_cookie(&doc, &(String::from(c) + "; Path=/"));
    }
    let local = dom::local_storage().unwrap();
    let session = dom::session_storage().unwrap();
    for key in ["_lr_id", "_lr_x", "mine"] {
        local.set_item(key, "1").unwrap();
        session.set_item(key, "1").unwrap();
    }
    let patterns: Vec<NamePattern> = ["_ga", "^_ga_", "_gid"].iter().filter_map(|p| NamePattern::parse(p)).collect();
    cleanup::delete_cookies(&doc, &patterns);
    let left = dom::cookies(&doc);
    assert!(left.contains("keep=4") && left.contains("_gax=5"), "{left}");
    assert!(!left.contains("_ga=") && !left.contains("_ga_ABC") && !left.contains("_gid"), "{left}");
    let lr = NamePattern::parse("^_lr_").unwrap();
    cleanup::delete_storage(&[lr]);
    for storage in [local, session] {
        assert_eq!(storage.length().unwrap(), 1);
        assert!(storage.get_item("mine").unwrap().is_some());
    }
}

#[wasm_bindgen_test]
fn the_banner_and_dialog_carry_their_hooks_and_show_text_as_text() {
    let doc = fresh();
    let state = consent(
        r#"{"privacy_policy_url": "/privacy", "categories": {"necessary": {"required": true}, "stats": {"title": "<b>Stats</b>", "services": {"ga": {"title": "Google Analytics"}}}}}"#,
        None,
    );
    banner::install_style(&doc, Some("n0nce"));
    banner::install_style(&doc, None);
    assert_eq!(doc.query_selector_all("#consent-gate-style").unwrap().length(), 1, "the style is added once");
    assert_eq!(doc.get_element_by_id("consent-gate-style").unwrap().get_attribute("nonce").as_deref(), Some("n0nce"));
    let mut ui = Ui::new(true);
    ui.want_banner(&doc, &state);
    let banner_el = doc.get_element_by_id(banner::BANNER_ID).expect("banner shown");
    assert_eq!(banner_el.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(banner_el.get_attribute("aria-labelledby").as_deref(), Some("consent-gate-banner-title"));
    assert_eq!(banner_el.query_selector("a").unwrap().unwrap().get_attribute("href").as_deref(), Some("/privacy"));
    for action in ["accept-all", "reject-all", "preferences"] {
        let selector = String::from("[data-action=\"") + action + "\"]";
        assert!(banner_el.query_selector(&selector).unwrap().is_some(), "{action}");
    }
    let dialog = ui.prepare_preferences(&doc, &state, &[]).expect("dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title = dialog.query_selector(".cg-cat-title:nth-of-type(1)").unwrap();
    assert!(dialog.inner_html().contains("&lt;b&gt;Stats&lt;/b&gt;"), "config text is text, never HTML");
    assert!(title.is_some());
    let service: web_sys::HtmlInputElement = dialog.query_selector("input[data-service=\"ga\"]").unwrap().expect("a service toggle").dyn_into().unwrap();
    assert_eq!(service.get_attribute("data-of").as_deref(), Some("stats"));
    assert!(service.parent_element().unwrap().text_content().unwrap().contains("Google Analytics"));
    let boxes = dialog.query_selector_all("input[data-category]").unwrap();
    assert_eq!(boxes.length(), 2);
    let required: web_sys::HtmlInputElement = boxes.item(0).unwrap().dyn_into().unwrap();
    assert!(required.checked() && required.disabled());
    let stats: web_sys::HtmlInputElement = boxes.item(1).unwrap().dyn_into().unwrap();
    assert!(!stats.checked(), "nothing optional is pre-checked");
    // Ticking the service alone shows its category as mixed and saves the service, not the category.
    service.set_checked(true);
    banner::toggled(&dialog, &service);
    assert!(!stats.checked() && stats.indeterminate(), "mixed");
    assert_eq!(ui.ticked(&state), (CategorySet::empty().with(0), vec!["ga".to_string()]));
    // Ticking the category ticks its services and grants it whole.
    stats.set_checked(true);
    banner::toggled(&dialog, &stats);
    assert!(service.checked() && !stats.indeterminate());
    assert_eq!(ui.ticked(&state), (CategorySet::empty().with(0).with(1), vec!["ga".to_string()]));
    ui.hide_banner();
    assert!(doc.get_element_by_id(banner::BANNER_ID).is_none());
}
