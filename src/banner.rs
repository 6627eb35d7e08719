//! The visible interface: the first-layer banner and the preferences dialog, and their stylesheet.
//!
//! This module builds and shows elements; it does not decide anything and does not listen for
//! events (the app routes clicks and keys here). Every string reaches the DOM as text, never as
//! HTML. Stable hooks: `#consent-gate-banner`, `#consent-gate-preferences`, `[data-action]`,
//! `input[data-category]`, and `input[data-service]` (a service's toggle, under its category's).

use consent_gate_core::consent::Consent;
use consent_gate_core::texts::{self, Text};
use consent_gate_core::CategorySet;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlDialogElement, HtmlInputElement};

use crate::dom;

/// The id of the banner.
pub const BANNER_ID: &str = "consent-gate-banner";
/// The `id` of the first-visit notice of a `notice` region.
pub const NOTICE_ID: &str = "consent-gate-notice";
/// The id of the preferences dialog.
pub const PREFERENCES_ID: &str = "consent-gate-preferences";

/// The banner's and the dialog's stylesheet, minified by hand (every visitor downloads it). Sites
/// theme it with custom properties on `:root` or any ancestor (`--cg-bg --cg-fg --cg-muted
/// --cg-accent --cg-accent-fg --cg-border --cg-font --cg-radius --cg-gap --cg-z --cg-max-width`);
/// the config sets the classes `cg-theme-auto|light|dark` and `cg-pos-bar|box|center`.
const STYLE: &str = include_str!("banner.css");

/// Adds the stylesheet to `<head>` (once), with the gate tag's CSP nonce. The gate adds it when
/// the banner or the dialog is first wanted.
pub fn install_style(doc: &Document, nonce: Option<&str>) {
    if doc.get_element_by_id("consent-gate-style").is_some() {
        return;
    }
    let Some(style) = dom::element(doc, "style") else { return };
    style.set_id("consent-gate-style");
    if let Some(nonce) = nonce {
        dom::set_attr(&style, "nonce", nonce);
    }
    style.set_text_content(Some(STYLE));
    if let Some(parent) = doc.head().map(Element::from).or_else(|| doc.document_element()) {
        dom::append(&parent, &style);
    }
}

/// Marks `el` as written in the interface's language: `lang`, and `dir` (right-to-left languages
/// lay out mirrored).
pub fn in_language(el: &Element, config: &consent_gate_core::Config) {
    dom::set_attr(el, "lang", &config.language);
    dom::set_attr(el, "dir", if texts::is_rtl(&config.language) { "rtl" } else { "ltr" });
}

/// The banner and dialog elements, built on first use.
pub struct Ui {
    banner: Option<Element>,
    dialog: Option<HtmlDialogElement>,
    opener: Option<Element>,
    banner_wanted: bool,
    /// In an opt-out region: the link's text, and whether the first-visit notice is wanted.
    regional: Option<(Text, bool)>,
    /// The first-visit notice, once built.
    notice: Option<Element>,
    /// The opt-out link: ours, or the site's `[data-consent-link]` elements, once filled in.
    links: Vec<Element>,
    /// The strings of the language shown are here (a built-in translation may still be loading).
    texts_ready: bool,
    /// How many of the page's services the dialog was built with (it is built again when the
    /// page has used more since).
    listed: usize,
}

/// A new `tag` element with `class` (if any) and `text` (if any, as text), appended to `parent`.
pub(crate) fn child(doc: &Document, parent: &Element, tag: &str, class: &str, text: Option<&str>) -> Option<Element> {
    let el = dom::element(doc, tag)?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if text.is_some() {
        el.set_text_content(text);
    }
    dom::append(parent, &el);
    Some(el)
}

fn button(doc: &Document, parent: &Element, action: &str, text: &str) -> Option<Element> {
    let b = child(doc, parent, "button", "cg-btn", Some(text))?;
    dom::set_attr(&b, "type", "button");
    dom::set_attr(&b, "data-action", action);
    Some(b)
}

/// The body text, then the privacy-policy link if there is one.
fn description(doc: &Document, parent: &Element, consent: &Consent, text: Text, id: &str) -> Option<()> {
    let config = consent.config();
    let p = child(doc, parent, "p", "cg-text", Some(config.text(text)))?;
    p.set_id(id);
    if let Some(url) = &config.privacy_policy_url {
        dom::append(&p, &doc.create_text_node(" "));
        let a = child(doc, &p, "a", "cg-link", Some(config.text(Text::PrivacyPolicy)))?;
        dom::set_attr(&a, "href", url);
    }
    if consent.privacy_signal() && !config.signal_opt_out().is_empty() {
        let notice = child(doc, parent, "p", "cg-signal", Some(config.text(Text::SignalHonoured)))?;
        dom::set_attr(&notice, "role", "status");
    }
    Some(())
}

/// A row of buttons. Accept all and Reject all share one style and sit side by side: equal
/// prominence, as regulators require.
fn actions(doc: &Document, parent: &Element, consent: &Consent, buttons: &[(&str, Text)]) -> Option<()> {
    let row = child(doc, parent, "div", "cg-actions", None)?;
    for &(action, text) in buttons {
        button(doc, &row, action, consent.config().text(text))?;
    }
    Some(())
}

/// A `role="dialog"` element labelled by its heading and described by its text (`<id>-title`,
/// `<id>-desc`), returned with the element the heading went into.
fn dialog_root(doc: &Document, consent: &Consent, tag: &str, id: &str, class: &str, title: Text, text: Text) -> Option<(Element, Element)> {
    let config = consent.config();
    let root = dom::element(doc, tag)?;
    root.set_id(id);
    let mut classes = String::from(class);
    classes.push(' ');
    classes.push_str(config.theme.class());
    classes.push(' ');
    classes.push_str(config.position.class());
    root.set_class_name(&classes);
    in_language(&root, config);
    dom::set_attr(&root, "role", "dialog");
    let title_id = String::from(id) + "-title";
    let text_id = String::from(id) + "-desc";
    dom::set_attr(&root, "aria-labelledby", &title_id);
    dom::set_attr(&root, "aria-describedby", &text_id);
    let head = child(doc, &root, "div", "cg-head", None)?;
    child(doc, &head, "h2", "cg-title", Some(consent.config().text(title)))?.set_id(&title_id);
    description(doc, &root, consent, text, &text_id)?;
    Some((root, head))
}

fn build_banner(doc: &Document, consent: &Consent) -> Option<Element> {
    let (root, _) = dialog_root(doc, consent, "div", BANNER_ID, "cg-root cg-banner", Text::BannerTitle, Text::BannerDescription)?;
    actions(doc, &root, consent, &[
        ("accept-all", Text::AcceptAll),
        ("reject-all", Text::RejectAll),
        ("preferences", Text::Preferences),
    ])?;
    Some(root)
}

/// The services the dialog lists under the category at `index`: the config's, then those of the
/// page's `seen` services that are in it.
fn services_of<'c>(consent: &'c Consent, index: usize, seen: &'c [String]) -> Vec<(&'c str, &'c str)> {
    let config = consent.config();
    let mut list: Vec<(&str, &str)> = Vec::new();
    for service in config.categories.get(index).map_or(&[][..], |c| &c.services[..]) {
        list.push((&service.name, &service.title));
    }
    for tracker in config.trackers() {
        let used = seen.iter().any(|n| n == tracker.name);
        if used && tracker.category == Some(index) && !list.iter().any(|(n, _)| *n == tracker.name) {
            list.push((tracker.name, tracker.title));
        }
    }
    list
}

/// A category's service toggles, each an `input[data-service]` in a `<label>`.
fn service_toggles(doc: &Document, parent: &Element, consent: &Consent, category: &str, services: &[(&str, &str)]) -> Option<()> {
    let config = consent.config();
    let list = child(doc, parent, "ul", "cg-svcs", None)?;
    dom::set_attr(&list, "aria-label", config.text(Text::Services));
    for (name, title) in services {
        let item = child(doc, &list, "li", "", None)?;
        let label = child(doc, &item, "label", "cg-switch cg-svc", None)?;
        let input = child(doc, &label, "input", "", None)?;
        dom::set_attr(&input, "type", "checkbox");
        dom::set_attr(&input, "data-service", name);
        dom::set_attr(&input, "data-of", category);
        child(doc, &label, "span", "", Some(title))?;
    }
    Some(())
}

fn build_preferences(doc: &Document, consent: &Consent, seen: &[String]) -> Option<HtmlDialogElement> {
    let config = consent.config();
    let (dialog, head) = dialog_root(doc, consent, "dialog", PREFERENCES_ID, "cg-root cg-prefs", Text::PreferencesTitle, Text::PreferencesDescription)?;
    dom::set_attr(&dialog, "aria-modal", "true");
    let close = button(doc, &head, "close", "\u{d7}")?;
    close.set_class_name("cg-close");
    dom::set_attr(&close, "aria-label", config.text(Text::Close));
    let list = child(doc, &dialog, "ul", "cg-cats", None)?;
    let mut id = String::new();
    for (index, category) in config.categories.iter().enumerate() {
        let (title, text) = config.category_texts(index);
        let item = child(doc, &list, "li", "cg-cat", None)?;
        let label = child(doc, &item, "label", "cg-switch", None)?;
        let input = child(doc, &label, "input", "", None)?;
        dom::set_attr(&input, "type", "checkbox");
        dom::set_attr(&input, "data-category", &category.name);
        id.clear();
        id.push_str("cg-cat-");
        consent_gate_core::number::push_decimal(&mut id, index as u64);
        id.push_str("-desc");
        dom::set_attr(&input, "aria-describedby", &id);
        child(doc, &label, "span", "cg-cat-title", Some(title))?;
        if category.required {
            dom::set_attr(&input, "disabled", "");
            child(doc, &label, "span", "cg-always", Some(config.text(Text::AlwaysOn)))?;
        }
        let details = child(doc, &item, "div", "cg-cat-desc", None)?;
        details.set_id(&id);
        child(doc, &details, "p", "cg-text", Some(text))?;
        let services = services_of(consent, index, seen);
        if category.required && !services.is_empty() {
            let mut text = String::from(config.text(Text::Services));
            for (i, (_, title)) in services.iter().enumerate() {
                text.push_str(if i == 0 { " " } else { ", " });
                text.push_str(title);
            }
            child(doc, &details, "p", "cg-services", Some(&text))?;
        } else if !services.is_empty() {
            service_toggles(doc, &details, consent, &category.name, &services)?;
        }
    }
    // The consent id of the visitor's choice, to quote when asking the site what it recorded
    // (filled in, or hidden, each time the dialog opens).
    let id = child(doc, &dialog, "p", "cg-id", Some(config.text(Text::ConsentId)))?;
    dom::append(&id, &doc.create_text_node(" "));
    child(doc, &id, "code", "", None)?;
    actions(doc, &dialog, consent, &[("save", Text::Save), ("accept-all", Text::AcceptAll), ("reject-all", Text::RejectAll)])?;
    Some(dialog.unchecked_into())
}

/// The first-visit notice of a `notice` region: what is collected, the opt-out link's text
/// (opening the preferences), and a button that dismisses it. It blocks nothing; while it is
/// shown, it stands in for the fixed opt-out link (banner.css hides that).
fn build_notice(doc: &Document, consent: &Consent, link: Text) -> Option<Element> {
    let (root, _) = dialog_root(doc, consent, "div", NOTICE_ID, "cg-root cg-banner cg-notice", Text::PrivacyChoices, Text::NoticeDescription)?;
    actions(doc, &root, consent, &[("preferences", link), ("dismiss", Text::Close)])?;
    Some(root)
}

/// The persistent opt-out link of an opt-out region, opening the preferences: the site's
/// `[data-consent-link]` elements get its text, else the gate adds a small one in a bottom
/// corner. Beside it, where Global Privacy Control was honoured, "Opt-Out Request Honored".
fn mount_links(doc: &Document, body: &Element, consent: &Consent, link: Text) -> Vec<Element> {
    let site = dom::elements(doc.query_selector_all("[data-consent-link]"));
    if !site.is_empty() {
        for el in &site {
            fill_link(doc, el, el, consent, link);
        }
        return site;
    }
    let config = consent.config();
    let Some(root) = dom::element(doc, "div") else { return site };
    root.set_class_name(&(String::from("cg-root cg-privacy ") + config.theme.class()));
    in_language(&root, config);
    if let Some(button) = child(doc, &root, "button", "cg-privacy-link", None) {
        dom::set_attr(&button, "type", "button");
        fill_link(doc, &button, &root, consent, link);
    }
    dom::append(body, &root);
    vec![root]
}

/// Makes `el` the opt-out link (its text, opening the preferences), with the honoured-signal
/// line appended to `note_parent` where GPC was honoured.
fn fill_link(doc: &Document, el: &Element, note_parent: &Element, consent: &Consent, link: Text) {
    let config = consent.config();
    el.set_text_content(Some(config.text(link)));
    dom::set_attr(el, "data-consent-open", "preferences");
    if consent.privacy_signal() && !config.signal_opt_out().is_empty() {
        if let Some(note) = child(doc, note_parent, "span", "cg-honoured", Some(config.text(Text::OptOutHonoured))) {
            dom::set_attr(&note, "role", "status");
        }
    }
}

/// The dialog's checkboxes that `selector` picks (each an `<input>` this module made).
fn checkboxes(dialog: &Element, selector: &str) -> Vec<HtmlInputElement> {
    let mut inputs = Vec::new();
    for el in dom::elements(dialog.query_selector_all(selector)) {
        inputs.push(el.unchecked_into());
    }
    inputs
}

/// Shows the category toggle `category` as its service toggles stand: off where none is on, else
/// mixed (a native checkbox's indeterminate state, which screen readers announce as "mixed"). It
/// is on only where the category is granted whole, or ticked itself: services ticked one by one
/// never grant the services the page has not listed.
fn show_mixed(dialog: &Element, category: &HtmlInputElement) {
    let Some(name) = category.get_attribute("data-category") else { return };
    let any = checkboxes(dialog, "input[data-service]").iter().any(|s| s.checked() && s.get_attribute("data-of").as_deref() == Some(&name));
    category.set_checked(false);
    set_mixed(category, any);
}

/// Sets a checkbox's indeterminate (mixed) state. (As a property: the typed web-sys method would
/// add glue to the stub.)
fn set_mixed(input: &HtmlInputElement, mixed: bool) {
    dom::set_property(input, "indeterminate", &mixed.into());
}

/// Whether a checkbox shows the mixed state.
fn is_mixed(input: &HtmlInputElement) -> bool {
    dom::property(input, "indeterminate").is_truthy()
}

/// A toggle in the dialog changed: a category's sets all of its services; a service's shows its
/// category's as off or mixed (see [`show_mixed`]).
pub fn toggled(dialog: &Element, input: &HtmlInputElement) {
    if let Some(name) = input.get_attribute("data-category") {
        set_mixed(input, false);
        for service in checkboxes(dialog, "input[data-service]") {
            if service.get_attribute("data-of").as_deref() == Some(&name) {
                service.set_checked(input.checked());
            }
        }
    } else if let Some(of) = input.get_attribute("data-of") {
        for category in checkboxes(dialog, "input[data-category]") {
            if category.get_attribute("data-category").as_deref() == Some(&of) {
                show_mixed(dialog, &category);
            }
        }
    }
}

impl Ui {
    /// An interface whose strings are (`true`) or are not yet ready.
    pub fn new(texts_ready: bool) -> Ui {
        Ui { banner: None, dialog: None, opener: None, banner_wanted: false, regional: None, notice: None, links: Vec::new(), texts_ready, listed: 0 }
    }

    /// In an opt-out region: the persistent opt-out link with `link` as its text, and the
    /// first-visit `notice` if wanted; shown now if `<body>` exists, else by [`Ui::mount`].
    pub fn want_regional(&mut self, doc: &Document, consent: &Consent, link: Text, notice: bool) {
        self.regional = Some((link, notice));
        self.mount(doc, consent);
    }

    /// Removes the first-visit notice (dismissed, or a choice was made).
    pub fn hide_notice(&mut self) {
        if let Some((_, notice)) = &mut self.regional {
            *notice = false;
        }
        if let Some(notice) = self.notice.take() {
            notice.remove();
        }
    }

    /// The strings have arrived: what was built in another language is rebuilt, and the banner
    /// appears if it is wanted.
    pub fn texts_ready(&mut self, doc: &Document, consent: &Consent) {
        self.texts_ready = true;
        if let Some(banner) = self.banner.take() {
            banner.remove();
        }
        if let Some(notice) = self.notice.take() {
            notice.remove();
        }
        for link in self.links.drain(..) {
            if link.has_attribute("data-consent-link") {
                link.set_text_content(None);
            } else {
                link.remove();
            }
        }
        if self.open_dialog().is_none() {
            if let Some(dialog) = self.dialog.take() {
                dialog.remove();
            }
        }
        self.mount(doc, consent);
    }

    /// Asks for the banner: it is shown now if `<body>` exists, else by [`Ui::mount`].
    pub fn want_banner(&mut self, doc: &Document, consent: &Consent) {
        self.banner_wanted = true;
        self.mount(doc, consent);
    }

    /// Attaches what was asked for once `<body>` exists: the banner as its first child, so it
    /// is first in reading and Tab order whenever it goes in (while the page is still parsed,
    /// the rest of the body follows it).
    pub fn mount(&mut self, doc: &Document, consent: &Consent) {
        let Some(body) = doc.body().filter(|_| self.texts_ready) else { return };
        if self.banner_wanted && self.banner.as_ref().is_none_or(|b| !b.is_connected()) {
            self.banner = self.banner.take().or_else(|| build_banner(doc, consent));
            if let Some(banner) = &self.banner {
                dom::prepend(&body, banner);
            }
        }
        if let Some((link, notice)) = self.regional {
            if self.links.is_empty() {
                self.links = mount_links(doc, &body, consent, link);
            }
            if notice && self.notice.is_none() {
                self.notice = build_notice(doc, consent, link);
                if let Some(notice) = &self.notice {
                    dom::append(&body, notice);
                }
            }
        }
    }

    /// Removes the banner.
    pub fn hide_banner(&mut self) {
        self.banner_wanted = false;
        if let Some(banner) = &self.banner {
            banner.remove();
        }
    }

    /// Builds (once) and attaches the preferences dialog, ticks the granted categories and
    /// remembers the element to give focus back to. Returns the dialog, to be opened with
    /// [`show_modal`] once no state is borrowed (opening moves focus, which runs page code).
    pub fn prepare_preferences(&mut self, doc: &Document, consent: &Consent, seen: &[String]) -> Option<HtmlDialogElement> {
        let body = doc.body()?;
        if self.listed != seen.len() && self.open_dialog().is_none() {
            if let Some(old) = self.dialog.take() {
                old.remove();
            }
        }
        if self.dialog.is_none() {
            self.dialog = build_preferences(doc, consent, seen);
            self.listed = seen.len();
        }
        let dialog = self.dialog.clone()?;
        if !dialog.is_connected() {
            dom::append(&body, &dialog);
        }
        if !dialog.open() {
            self.opener = doc.active_element();
        }
        if let Ok(Some(id)) = dialog.query_selector(".cg-id") {
            let chosen = consent.chosen().filter(|_| !consent.banner_needed());
            if let (Some(record), Ok(Some(code))) = (chosen, id.query_selector("code")) {
                code.set_text_content(Some(&record.id));
            }
            if chosen.is_some() {
                dom::remove_attr(&id, "hidden");
            } else {
                dom::set_attr(&id, "hidden", "");
            }
        }
        let config = consent.config();
        for input in checkboxes(&dialog, "input[data-service]") {
            let name = input.get_attribute("data-service").unwrap_or_default();
            let of = input.get_attribute("data-of").and_then(|n| config.category_index(&n));
            input.set_checked(consent.grants(&name, of));
        }
        let granted = consent.granted();
        for input in checkboxes(&dialog, "input[data-category]") {
            let on = input.get_attribute("data-category").and_then(|n| config.category_index(&n));
            input.set_checked(on.is_some_and(|i| granted.contains(i)));
            set_mixed(&input, false);
            if !input.checked() {
                show_mixed(&dialog, &input);
            }
        }
        Some(dialog)
    }

    /// The open preferences dialog, if it is open.
    pub fn open_dialog(&self) -> Option<HtmlDialogElement> {
        self.dialog.clone().filter(|d| d.open())
    }

    /// The open dialog and the element that had focus before it opened, to be closed with
    /// [`close`] once no state is borrowed.
    pub fn close_preferences(&mut self) -> Option<(HtmlDialogElement, Option<Element>)> {
        let dialog = self.open_dialog()?;
        Some((dialog, self.opener.take().filter(|e| e.is_connected())))
    }

    /// What is ticked in the dialog: the categories on whole, and the services on in the others.
    pub fn ticked(&self, consent: &Consent) -> (CategorySet, Vec<String>) {
        let Some(dialog) = &self.dialog else { return (CategorySet::empty(), Vec::new()) };
        let mut set = CategorySet::empty();
        for input in checkboxes(dialog, "input[data-category]") {
            let index = input.get_attribute("data-category").and_then(|n| consent.config().category_index(&n));
            if let (true, false, Some(i)) = (input.checked(), is_mixed(&input), index) {
                set = set.with(i);
            }
        }
        let mut services = Vec::new();
        for input in checkboxes(dialog, "input[data-service]") {
            if let (true, Some(name)) = (input.checked(), input.get_attribute("data-service")) {
                services.push(name);
            }
        }
        (set, services)
    }

    /// Whether `el` is inside the banner or the dialog.
    pub fn contains(&self, el: &Element) -> bool {
        let inside = |root: Option<&Element>| root.is_some_and(|r| r.contains(Some(el)));
        inside(self.banner.as_ref()) || inside(self.notice.as_ref()) || inside(self.dialog.as_ref().map(|d| -> &Element { d }))
    }
}

/// Opens `dialog` modally; the browser moves focus to its first control (the close button) and
/// makes the rest of the page inert.
pub fn show_modal(dialog: &HtmlDialogElement) {
    if !dialog.open() {
        let _ = dialog.show_modal();
    }
}

/// Closes `dialog` and gives focus back to `opener`.
pub fn close(dialog: &HtmlDialogElement, opener: Option<&Element>) {
    dialog.close();
    if let Some(opener) = opener {
        dom::focus(opener);
    }
}

/// The controls that take focus in the dialog, in tab order.
pub fn focusables(dialog: &Element) -> Vec<Element> {
    dom::elements(dialog.query_selector_all("button, input:not([disabled]), a[href]"))
}
