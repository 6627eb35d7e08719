//! Placeholders for held embeds: a held `<iframe>` is hidden and a box of the same size stands in
//! its place, naming its service and category, linking the service's privacy policy, and offering
//! "Load once" (this frame, this page view) and "Always allow" (the service, stored). What it says
//! is the core's ([`consent_gate_core::placeholder`]); this module builds, places and removes it.
//! Every string reaches the DOM as text; its size is set through the CSSOM (`style.width`), which
//! a strict Content-Security-Policy allows.

use consent_gate_core::consent::Consent;
use consent_gate_core::console::Message;
use consent_gate_core::placeholder::image_allowed;
use consent_gate_core::texts::Text;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use crate::banner;
use crate::dom;

/// The attribute that hides a held frame while its placeholder stands in for it (banner.css).
const HIDDEN_ATTR: &str = "data-cg-placeheld";

/// The frame's layout properties the placeholder copies, so that it sits where the frame sat
/// (CSSOM names).
const LAYOUT: [&str; 11] = ["position", "top", "right", "bottom", "left", "marginTop", "marginRight", "marginBottom", "marginLeft", "float", "verticalAlign"];

/// Builds the placeholder of the held `frame` (of the service called `service`, held under the
/// category at `category`, loading a URL on `host`), puts it before the frame and hides the frame.
pub fn show(doc: &Document, consent: &Consent, frame: &Element, service: Option<&str>, category: usize, host: &str) -> Option<Element> {
    // A frame not in the document yet gets its placeholder once it is inserted (and admitted again).
    let parent = frame.parent_node()?;
    let config = consent.config();
    let content = config.placeholder(service, category, host);
    let root = dom::element(doc, "div")?;
    root.set_class_name(&(String::from("cg-root cg-ph ") + config.theme.class()));
    banner::in_language(&root, config);
    dom::set_attr(&root, "role", "group");
    dom::set_attr(&root, "aria-label", content.title);
    if let Some(src) = frame.get_attribute("data-placeholder-image") {
        let url = dom::absolute_url(&src);
        if image_allowed(&url, &dom::origin()) {
            let img = banner::child(doc, &root, "img", "cg-ph-img", None)?;
            dom::set_attr(&img, "alt", "");
            dom::set_attr(&img, "src", &url);
        } else {
            dom::report_with(Message::PlaceholderImageIgnored(&src), frame);
        }
    }
    let body = banner::child(doc, &root, "div", "cg-ph-body", None)?;
    banner::child(doc, &body, "p", "cg-ph-title", Some(content.title))?;
    let text = banner::child(doc, &body, "p", "cg-text", Some(&content.text))?;
    if let Some(url) = content.privacy {
        dom::append(&text, &doc.create_text_node(" "));
        let a = banner::child(doc, &text, "a", "cg-link", Some(config.text(Text::PrivacyPolicy)))?;
        dom::set_attr(&a, "href", url);
        dom::set_attr(&a, "target", "_blank");
        dom::set_attr(&a, "rel", "noopener noreferrer");
    }
    let row = banner::child(doc, &body, "div", "cg-actions", None)?;
    for (action, label) in [("load-once", config.text(Text::LoadOnce)), ("allow-service", content.allow.as_str())] {
        let b = banner::child(doc, &row, "button", "cg-btn", Some(label))?;
        dom::set_attr(&b, "type", "button");
        dom::set_attr(&b, "data-action", action);
    }
    fit(frame, &root);
    parent.insert_before(&root, Some(frame)).ok()?;
    dom::set_attr(frame, HIDDEN_ATTR, "");
    Some(root)
}

/// Gives `placeholder` the frame's box: its size as laid out now (or, where it is not laid out,
/// its `width` and `height` attributes, else an iframe's default 300 × 150), its display kind and
/// where it sits. (Read and written as properties, through the calls the module has anyway: each
/// typed web-sys method would add its own glue to the stub and the module.)
fn fit(frame: &Element, placeholder: &Element) {
    let laid_out = |name: &str| dom::property(frame, name).as_f64().filter(|n| *n > 0.0);
    // (Whole pixels: parsing a float would bring Rust's float parser into the module.)
    let attribute = |name: &str, default: f64| frame.get_attribute(name).and_then(|v| consent_gate_core::number::parse_decimal(v.trim_ascii())).map_or(default, |n| n as f64);
    let (width, height) = match (laid_out("offsetWidth"), laid_out("offsetHeight")) {
        (Some(w), Some(h)) => (w, h),
        _ => (attribute("width", 300.0), attribute("height", 150.0)),
    };
    let style = dom::property(placeholder, "style");
    let set = |name: &str, value: &str| dom::set_property(&style, name, &JsValue::from_str(value));
    let computed = dom::window().map(|w| dom::call(&w, "getComputedStyle", frame)).unwrap_or(JsValue::UNDEFINED);
    if computed.is_object() {
        for name in LAYOUT {
            let value = dom::property(&computed, name).as_string().unwrap_or_default();
            // A static frame: the placeholder keeps its own `relative`, which places its image.
            if !(name == "position" && value == "static") {
                set(name, &value);
            }
        }
        // An inline frame's box is an inline-block's (banner.css); a block one's stays a block,
        // and a frame the page hides stays hidden.
        let display = dom::property(&computed, "display").as_string().unwrap_or_default();
        if !display.starts_with("inline") {
            set("display", if display == "none" { "none" } else { "block" });
        }
    }
    let mut px = String::new();
    for (name, value) in [("width", width), ("height", height)] {
        px.clear();
        consent_gate_core::number::push_decimal(&mut px, value as u64);
        px.push_str("px");
        set(name, &px);
    }
}

/// Takes `placeholder` away and shows `frame` again (it is being released).
pub fn hide(frame: &Element, placeholder: &Element) {
    placeholder.remove();
    dom::remove_attr(frame, HIDDEN_ATTR);
}
