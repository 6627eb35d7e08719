//! The running gate of one page view: its state, and the handlers that connect the page's
//! events (parsing, clicks, keys, script loads, held tags, tracker URLs, API calls) to the
//! core's decisions and back to the DOM, Google's dataLayer and the console.
//!
//! All state lives in one `RefCell`, borrowed briefly. Nothing that can run page code (inserting
//! a released script, moving focus, calling listeners, dispatching events) happens while it is
//! borrowed, so a released script or a listener may call the API again. Should a call arrive
//! while the state is borrowed anyway, it is refused with a console error, never a panic.

use std::cell::RefCell;
use std::rc::Rc;

use consent_gate_core::audit::{Moment, Timeline};
use consent_gate_core::consent::{Basis, Choice, Consent, Effects, Signals};
use consent_gate_core::cookie::NamePattern;
use consent_gate_core::holding::{self, Action, Carrier};
use consent_gate_core::release::Queue;
use consent_gate_core::trackers::measurement_id;
use consent_gate_core::CategorySet;
use consent_gate_core::Config;
use js_sys::{Array, Function, Object};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CustomEvent, CustomEventInit, Document, Element, Event, EventTarget, KeyboardEvent, SecurityPolicyViolationEvent,
    StorageEvent,
};

use crate::banner::{self, Ui};
use crate::cleanup;
use crate::dom;
use crate::release::{self, CATEGORY_ATTR, HELD_ATTR};
use crate::trust::Trust;
use crate::google;
use crate::store::{CookieStore, LocalStore, RecordStore, Store};

struct State {
    doc: Document,
    consent: Consent,
    /// The held tags and the order they are released in.
    queue: Queue<Element>,
    ui: Ui,
    record: RecordStore,
    opt_out: CookieStore,
    listeners: Vec<Function>,
    on_settled: Function,
    trust: Rc<Trust>,
    /// The built-in translation the loader is fetching; the interface waits for it.
    language_pending: Option<&'static str>,
    /// The categories in force over the page view, for the audit.
    timeline: Timeline,
    /// `gtag()` for Google Consent Mode commands; `None` when the config turns it off.
    gtag: Option<Function>,
    /// Google Analytics measurement IDs seen in tag URLs, with their tracker's category.
    ga_ids: Vec<(String, Option<usize>)>,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Runs `f` on the state; `None` before start or while the state is borrowed (re-entrant call).
fn with<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    STATE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut state) => state.as_mut().map(f),
        Err(_) => {
            dom::error("an API call arrived while the gate was busy; it was ignored");
            None
        }
    })
}

/// Calls `handler` for every `event` on `target`, for the life of the page. (A function pointer,
/// so that every listener is one closure type: one set of wasm-bindgen shims, not one per handler.)
fn listen(target: &EventTarget, event: &str, handler: fn(Event)) {
    let closure = Closure::<dyn Fn(Event)>::new(handler);
    dom::listen(target, event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// The consent state of this page view from its inputs: the config (or, if it is unusable, the
/// defaults with the gate held), the stored record, the opt-out cookie and the privacy signals.
fn read_consent(doc: &Document, config: Option<String>, load_failed: bool) -> (Consent, RecordStore, CookieStore) {
    let parsed = match (config, load_failed) {
        (_, true) => Err(String::from("the config named by data-config could not be loaded")),
        (None, false) => Ok(Config::default()),
        (Some(text), false) => Config::from_json(&text).map_err(|e| e.message()),
    };
    let (mut config, held) = match parsed {
        Ok(config) => (config, false),
        Err(mut message) => {
            message.push_str("; running on the defaults with every tag held");
            dom::error(&message);
            (Config::default(), true)
        }
    };
    config.resolve_language(&dom::preferred_languages(doc));
    let record = RecordStore {
        cookie: CookieStore::consent(doc.clone(), &config.cookie),
        mirror: LocalStore::new(&config.cookie.name),
    };
    let opt_out = CookieStore::opt_out(doc.clone(), &config.opt_out_cookie, &config.cookie);
    let signals = Signals {
        opt_out_cookie: opt_out.load().is_some(),
        gpc: dom::navigator_flag("globalPrivacyControl"),
        dnt: dom::do_not_track(),
    };
    let stored = record.load();
    let consent = if held {
        Consent::held(config, stored.as_deref(), signals, dom::now())
    } else {
        let (consent, damaged) = Consent::new(config, stored.as_deref(), signals, dom::now());
        if let Some(reason) = damaged {
            let mut message = String::from(reason.as_str());
            message.push_str("; asking again");
            dom::warn(&message);
        }
        consent
    };
    (consent, record, opt_out)
}

/// Starts the gate. `config` is the site's JSON text (`None`: no config, use the defaults);
/// `load_failed` says a `data-config` URL could not be fetched; `trust` carries the gate tag's
/// CSP nonce and the Trusted Types policy.
///
/// `stub_started` is when the stub began holding what the catalog covers (`performance.now()`),
/// the audit's first moment.
///
/// Returns the hosts interception must ask about, space-separated (see
/// [`Config::tracker_hosts`]; none where `auto_block` is off), or `None` if the gate did not
/// start: then interception keeps the pre-start rule.
pub fn start(config: Option<String>, load_failed: bool, trust: Trust, gtag: Function, stub_started: f64) -> Option<String> {
    let doc = dom::document()?;
    if STATE.with(|cell| cell.try_borrow().map_or(true, |s| s.is_some())) {
        dom::error("the gate was started twice; the second start was ignored");
        return None;
    }
    let (consent, record, opt_out) = read_consent(&doc, config, load_failed);
    let language_pending = consent.config().built_in_needed();
    let gtag = consent.config().consent_mode.is_some().then_some(gtag);
    if let Some(gtag) = &gtag {
        // Ahead of every command the page has queued (Google's tags, catalogued, have been held
        // until now): all but the required categories denied until the visitor's choice is
        // known, then that choice.
        google::send(gtag, "default", google::consent_mode(&consent, consent.config().required(), true), true);
        if consent.in_force() != consent.config().required() {
            google::send(gtag, "update", google::consent_mode(&consent, consent.in_force(), false), true);
        }
    }
    // Trackers' cookies and keys left from before (a visit before the site had the gate, a
    // withdrawal in another tab) go as soon as the page loads.
    let (cookies, storage) = consent.config().patterns(consent.config().all().minus(consent.in_force()));
    cleanup::delete_cookies(&doc, &cookies);
    cleanup::delete_storage(&storage);
    let mut timeline = Timeline::default();
    // Until now the stub held what the catalog covers, and nothing was granted.
    timeline.record(stub_started, CategorySet::empty());
    timeline.record(dom::now_ms(), consent.in_force());

    let parsing = doc.ready_state() == "loading";
    let on_settled: Function = Closure::<dyn Fn()>::new(on_script_settled).into_js_value().unchecked_into();
    let banner_needed = consent.banner_needed();
    let hosts = if consent.config().auto_block { consent.config().tracker_hosts() } else { String::new() };
    STATE.with(|cell| {
        if let Ok(mut state) = cell.try_borrow_mut() {
            *state = Some(State {
                doc: doc.clone(),
                consent,
                queue: Queue::new(parsing),
                ui: Ui::new(language_pending.is_none()),
                language_pending,
                record,
                opt_out,
                listeners: Vec::new(),
                on_settled,
                trust: Rc::new(trust),
                timeline,
                gtag,
                ga_ids: Vec::new(),
            });
        }
    });

    install_listeners(&doc, parsing);

    with(|s| {
        if banner_needed {
            s.want_banner();
        }
    });
    Some(hosts)
}

/// Listens for clicks, keys, CSP refusals, other tabs' choices and the end of parsing. (Held
/// tags, those already in the document included, reach [`admit`] from interception.)
fn install_listeners(doc: &Document, parsing: bool) {
    listen(doc, "click", on_click);
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

/// Takes held tags that arrived: marked by the site, or held by interception (deciding now
/// for those held before the gate could), then releases what may run. A tag heard of again
/// after its release is not held any more, and is left alone.
pub fn admit(tags: Vec<Element>) {
    if tags.is_empty() {
        return;
    }
    with(|s| {
        for el in tags.into_iter().filter(release::is_held_tag) {
            let unknown = if el.has_attribute(HELD_ATTR) && !el.has_attribute(CATEGORY_ATTR) {
                let url = el.get_attribute("src").or_else(|| el.get_attribute("data-src")).unwrap_or_default();
                let category = s.hold(&dom::absolute_url(&url), Carrier::Element);
                if let Some(category) = &category {
                    dom::set_attr(&el, CATEGORY_ATTR, category);
                }
                s.queue.adopt(el, category.as_deref(), &s.consent)
            } else {
                let categories = el.get_attribute(CATEGORY_ATTR).unwrap_or_default();
                s.queue.admit(el, &categories, &s.consent)
            };
            if let Some(name) = unknown {
                let mut message = String::from("tags of the category `");
                message.push_str(&name);
                message.push_str("` (named in data-category, or a catalogued tracker's) stay blocked: the config has no such category");
                dom::error(&message);
            }
        }
    });
    pump();
}

/// The parser has made `<body>` (interception saw it): the banner goes in now, so it is in the
/// page's first frame rather than waiting for the end of parsing.
pub fn body_made() {
    with(|s| s.ui.mount(&s.doc, &s.consent));
}

/// Whether interception must hold an element whose URL is `url` (`Some(category)`; `""`: until
/// the gate decides) or, for a `request` (beacon, fetch, XHR), drop it (`Some`): the core's
/// verdict ([`holding`]). Where the state cannot be read (before start, or busy with another
/// call), the pre-start rule answers, as the stub does.
pub fn hold(url: &str, request: bool) -> Option<String> {
    let carrier = if request { Carrier::Request } else { Carrier::Element };
    let decided = STATE.with(|cell| cell.try_borrow_mut().ok().and_then(|mut state| state.as_mut().map(|s| s.hold(url, carrier))));
    decided.unwrap_or_else(|| action(holding::before_start(url, carrier)))
}

/// An action as interception takes it: the category to hold under, or for a dropped request any
/// text (`""`), or `None` to leave the URL alone.
fn action(action: Action) -> Option<String> {
    match action {
        Action::Pass => None,
        Action::Hold(category) => Some(category.to_string()),
        Action::Drop => Some(String::new()),
    }
}

/// `ConsentGate.audit()`: every request the page made to a tracker host (from Resource Timing,
/// including those before the gate started), with the service, its category, when it started
/// and whether that category was granted then.
pub fn audit() -> JsValue {
    let list = Array::new();
    with(|s| {
        let config = s.consent.config();
        for (url, time) in dom::resources() {
            let Some(tracker) = config.tracker_of(&url) else { continue };
            let moment = s.timeline.at(time);
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
    });
    list.into()
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
    let mut message = String::from("the page's Content-Security-Policy (");
    message.push_str(&violation.effective_directive());
    message.push_str(") refused a released tag: ");
    message.push_str(if blocked.is_empty() || blocked == "inline" { "an inline script" } else { &blocked });
    message.push_str("; allow its source, or use 'strict-dynamic' with a nonce on the gate's script tag");
    dom::error(&message);
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

fn on_script_settled() {
    with(|s| s.queue.settled());
    pump();
}

/// Releases queued tags, in order, until the queue is empty or an external script must load.
pub fn pump() {
    while let Some(Some((doc, el, on_settled, trust))) =
        with(|s| s.queue.next_release().map(|el| (s.doc.clone(), el, s.on_settled.clone(), Rc::clone(&s.trust))))
    {
        if release::release(&doc, &el, &on_settled, &trust) {
            with(|s| s.queue.wait());
            break;
        }
    }
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
    if with(|s| s.ui.contains(&button)) != Some(true) {
        return;
    }
    match button.get_attribute("data-action").as_deref().unwrap_or_default() {
        "accept-all" => choose(Choice::AcceptAll),
        "reject-all" => choose(Choice::RejectAll),
        "preferences" => show_preferences(),
        "save" => {
            if let Some(ticked) = with(|s| s.ui.ticked(&s.consent)) {
                choose(Choice::Only(ticked, consent_gate_core::record::Source::Preferences));
            }
        }
        "close" => close_preferences(),
        _ => {}
    }
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

impl State {
    /// See [`hold`]; also keeps Google Analytics' own opt-out flag for the measurement ID an
    /// element's URL loads.
    fn hold(&mut self, url: &str, carrier: Carrier) -> Option<String> {
        let verdict = self.consent.url_verdict(url, carrier);
        if let Some(id) = measurement_id(url) {
            let category = self.consent.config().tracker_of(url).and_then(|t| t.category);
            if !self.ga_ids.iter().any(|(known, _)| known == id) {
                self.ga_ids.push((id.to_string(), category));
            }
            google::disable_analytics(id, !category.is_some_and(|i| self.consent.in_force().contains(i)));
        }
        action(verdict)
    }

    /// Adds the interface's stylesheet (once): when the banner or the dialog is first wanted, so
    /// that a page view that shows neither (a returning visitor's) never parses it.
    fn style(&self) {
        banner::install_style(&self.doc, self.trust.nonce.as_deref());
    }

    /// Asks for the banner (see [`Ui::want_banner`]).
    fn want_banner(&mut self) {
        self.style();
        self.ui.want_banner(&self.doc, &self.consent);
    }

    /// After a change: the audit's timeline and Google Analytics' opt-out flags.
    fn follow(&mut self) {
        let in_force = self.consent.in_force();
        self.timeline.record(dom::now_ms(), in_force);
        for (id, category) in &self.ga_ids {
            google::disable_analytics(id, !category.is_some_and(|i| in_force.contains(i)));
        }
    }

    /// Applies the storage side of `effects`: the record, the opt-out cookie, and the clean-up
    /// of withdrawn services.
    fn persist(&self, effects: &Effects) {
        if let Some(text) = &effects.store {
            if let Err(e) = self.record.save(text) {
                let mut message = String::from(e.as_str());
                message.push_str("; the choice applies to this page view only");
                dom::error(&message);
            }
        }
        if effects.clear_record {
            self.record.clear();
        }
        match effects.opt_out {
            Some(true) => {
                if let Err(e) = self.opt_out.save("1") {
                    dom::error(e.as_str());
                }
            }
            Some(false) if self.opt_out.load().is_some() => {
                // Whoever set it (a server, the site's opt-out page) may have used a Domain.
                let name = NamePattern::Exact(self.consent.config().opt_out_cookie.clone());
                cleanup::delete_cookies(&self.doc, &[name]);
            }
            _ => {}
        }
        if !effects.withdrawn.is_empty() {
            let (cookies, storage) = self.consent.config().patterns(effects.withdrawn);
            cleanup::delete_cookies(&self.doc, &cookies);
            cleanup::delete_storage(&storage);
        }
    }

    /// The state side of a change (see [`transition`]): store it, clean up, follow it in the
    /// gate and the interface; returns the rest, for [`finish`].
    fn apply(&mut self, effects: Effects) -> Applied {
        self.persist(&effects);
        self.follow();
        self.queue.regrant(&self.consent);
        if self.consent.banner_needed() {
            self.want_banner();
        } else {
            self.ui.hide_banner();
        }
        let update = self.gtag.clone().map(|gtag| (gtag, google::consent_mode(&self.consent, self.consent.in_force(), false)));
        Applied {
            reload: effects.reload,
            closed: self.ui.close_preferences(),
            detail: self.detail(),
            listeners: self.listeners.clone(),
            doc: self.doc.clone(),
            update,
        }
    }

    /// The object `getConsent()` returns and `change` carries: `null` while there is no choice.
    fn detail(&self) -> JsValue {
        let basis = self.consent.basis();
        if basis == Basis::NoChoice {
            return JsValue::NULL;
        }
        let config = self.consent.config();
        let record = self.consent.record();
        let out = Object::new();
        let set = |key: &str, value: JsValue| dom::set_property(&out, key, &value);
        set("id", record.map_or(JsValue::NULL, |r| JsValue::from_str(&r.id)));
        set("revision", JsValue::from_f64(record.map_or(config.revision, |r| r.revision) as f64));
        set("time", record.map_or(JsValue::NULL, |r| JsValue::from_f64(r.time as f64 * 1000.0)));
        let categories = Object::new();
        let granted = self.consent.granted();
        for (i, category) in config.categories.iter().enumerate() {
            dom::set_property(&categories, &category.name, &JsValue::from_bool(granted.contains(i)));
        }
        set("categories", categories.into());
        set("source", JsValue::from_str(basis.as_str()));
        set("gpc", JsValue::from_bool(self.consent.privacy_signal()));
        out.into()
    }
}

/// Applies a change of consent: store it, clean up, update the interface, tell listeners, then
/// reload (after a withdrawal) or release what is now granted.
fn transition(change: impl FnOnce(&mut State) -> Effects) {
    let applied = with(|s| {
        let effects = change(s);
        s.apply(effects)
    });
    if let Some(applied) = applied {
        finish(applied);
    }
}

/// What is left of a change once the state is given back: the steps that can run page code.
/// (Kept out of the generic [`transition`], which is compiled once per caller.)
struct Applied {
    reload: bool,
    /// The preferences dialog to close, and the element to give focus back to.
    closed: Option<(web_sys::HtmlDialogElement, Option<Element>)>,
    detail: JsValue,
    listeners: Vec<Function>,
    doc: Document,
    /// `gtag()` and its Consent Mode update.
    update: Option<(Function, Option<Object>)>,
}

/// Sends the Consent Mode update, closes the dialog, tells listeners, then reloads or releases.
fn finish(applied: Applied) {
    let Applied { reload, closed, detail, listeners, doc, update } = applied;
    if let Some((gtag, params)) = update {
        google::send(&gtag, "update", params, false);
    }
    if let Some((dialog, opener)) = closed {
        banner::close(&dialog, opener.as_ref());
    }
    emit(&doc, &detail, &listeners);
    if reload {
        dom::reload();
    } else {
        pump();
    }
}

fn emit(doc: &Document, detail: &JsValue, listeners: &[Function]) {
    for listener in listeners {
        if let Err(e) = listener.call1(&JsValue::NULL, detail) {
            dom::error_with("a change listener threw", &e);
        }
    }
    let init = CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("consentgate:change", &init) {
        let _ = doc.dispatch_event(&event);
    }
}

/// Records `choice` as the visitor's.
pub fn choose(choice: Choice) {
    transition(|s| s.consent.choose(choice, dom::now(), dom::random_id()));
}

/// Forgets the choice and the opt-out cookie and shows the banner again.
pub fn reset() {
    transition(|s| s.consent.reset(dom::now()));
}

/// Grants exactly the named categories (plus the required ones); refuses the call if a name is
/// unknown.
pub fn accept(names: &[String]) {
    let set = with(|s| match s.consent.categories(names.iter().map(String::as_str)) {
        Ok(set) => Some(set),
        Err(name) => {
            let mut message = String::from("accept() names the unknown category `");
            message.push_str(name);
            message.push_str("`; nothing was changed");
            dom::error(&message);
            None
        }
    });
    if let Some(Some(set)) = set {
        choose(Choice::Only(set, consent_gate_core::record::Source::Api));
    }
}

/// Whether the category called `name` is granted.
pub fn is_accepted(name: &str) -> bool {
    with(|s| s.consent.is_granted(name)).unwrap_or(false)
}

/// The current consent, as `getConsent()` returns it.
pub fn consent() -> JsValue {
    with(|s| s.detail()).unwrap_or(JsValue::NULL)
}

/// Shows the first-layer banner (again).
pub fn show_banner() {
    with(State::want_banner);
}

/// Opens the preferences dialog.
pub fn show_preferences() {
    if let Some(Some(dialog)) = with(|s| {
        s.style();
        s.ui.prepare_preferences(&s.doc, &s.consent)
    }) {
        banner::show_modal(&dialog);
    }
}

fn close_preferences() {
    if let Some(Some((dialog, opener))) = with(|s| s.ui.close_preferences()) {
        banner::close(&dialog, opener.as_ref());
    }
}

/// The built-in translation file the page needs (`de`), if the loader should fetch one.
pub fn needed_language() -> Option<String> {
    with(|s| s.language_pending.map(String::from)).flatten()
}

/// The text of the translation file the loader fetched (`None`: it failed; English is shown).
/// The interface appears now.
pub fn add_language(text: Option<String>) {
    with(|s| {
        if let (Some(code), Some(text)) = (s.language_pending.take(), text) {
            if let Err(e) = s.consent.add_built_in(code, &text) {
                let mut message = String::from("the built-in translation is damaged: ");
                message.push_str(&e.message());
                dom::error(&message);
            }
        }
        s.language_pending = None;
        s.ui.texts_ready(&s.doc, &s.consent);
    });
}

/// Adds a `change` listener.
pub fn on_change(listener: Function) {
    with(|s| s.listeners.push(listener));
}

