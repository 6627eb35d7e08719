//! The running gate of one page view: its state, and its transitions: starting, taking held
//! tags, answering interception, releasing, and applying a choice (storing it, cleaning up,
//! updating the interface, Google's dataLayer and the listeners). The page's events reach it
//! through [`crate::events`]; the objects it hands the page are [`crate::shapes`]'.
//!
//! All state lives in one `RefCell`, borrowed briefly. Nothing that can run page code (inserting
//! a released script, moving focus, calling listeners, dispatching events) happens while it is
//! borrowed, so a released script or a listener may call the API again. Should a call arrive
//! while the state is borrowed anyway, it is refused with a console error, never a panic.

use std::cell::RefCell;
use std::rc::Rc;

use consent_gate_core::audit::Timeline;
use consent_gate_core::consent::{Basis, Choice, Consent, Effects, Signals};
use consent_gate_core::region::{Decision, From, Link, Mode};
use consent_gate_core::texts::Text;
use consent_gate_core::console::Message;
use consent_gate_core::cookie::NamePattern;
use consent_gate_core::holding::{self, Action, Carrier};
use consent_gate_core::proof::{self, Delivery, Via};
use consent_gate_core::record::Source;
use consent_gate_core::release::Queue;
use consent_gate_core::store::{RecordStore, Store};
use consent_gate_core::trackers::measurement_id;
use consent_gate_core::CategorySet;
use consent_gate_core::Config;
use js_sys::{Function, Object};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Document, Element};

use crate::banner::{self, Ui};
use crate::cleanup;
use crate::dom;
use crate::events;
use crate::google;
use crate::placeholder;
use crate::release::{self, CATEGORY_ATTR, HELD_ATTR, SERVICE_ATTR};
use crate::shapes;
use crate::store::{CookieStore, LocalStore, Record};
use crate::trust::Trust;

pub(crate) struct State {
    pub(crate) doc: Document,
    pub(crate) consent: Consent,
    /// The held tags and the order they are released in.
    pub(crate) queue: Queue<Element>,
    pub(crate) ui: Ui,
    pub(crate) record: Record,
    pub(crate) opt_out: CookieStore,
    pub(crate) listeners: Vec<Function>,
    pub(crate) on_settled: Function,
    pub(crate) trust: Rc<Trust>,
    /// The built-in translation the loader is fetching; the interface waits for it.
    pub(crate) language_pending: Option<&'static str>,
    /// The categories in force over the page view, for the audit.
    pub(crate) timeline: Timeline,
    /// `gtag()` for Google Consent Mode commands; `None` when the config turns it off.
    pub(crate) gtag: Option<Function>,
    /// Google Analytics measurement IDs seen in tag URLs, with their tracker's name and category.
    pub(crate) ga_ids: Vec<(String, String, Option<usize>)>,
    /// The services the page used so far (held or let through), for the preferences' toggles.
    pub(crate) seen: Vec<String>,
    /// Held frames shown as placeholders: (frame, placeholder).
    pub(crate) placeholders: Vec<(Element, Element)>,
    /// Consent records not yet delivered to `records_url` (see [`consent_gate_core::proof`]).
    pub(crate) outbox: LocalStore,
    /// The loader's `post(url, body, id)`, which sends a record and answers [`delivered`].
    pub(crate) post: Function,
    /// Records posted in this page view and not yet answered.
    pub(crate) sending: Vec<String>,
    /// The region policy of this page view, where the config has `regions`.
    pub(crate) region: Option<Decision>,
    /// The page's region signal and where it came from.
    pub(crate) region_signal: Option<(String, From)>,
    /// The region's policy is not opt-in: the page view is held as opt-in, without an interface,
    /// until the loader hands over the time zone and its table ([`add_zones`]).
    pub(crate) zone_pending: bool,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Runs `f` on the state; `None` before start or while the state is borrowed (re-entrant call).
pub(crate) fn with<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    STATE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut state) => state.as_mut().map(f),
        Err(_) => {
            dom::report(Message::Busy);
            None
        }
    })
}

/// What [`read_consent`] reads: the consent state, the stores, and the region policy decided from
/// the region signal alone (the time zone may still tighten it).
type Read = (Consent, Record, CookieStore, Option<Decision>);

/// The consent state of this page view from its inputs: the config (or, if it is unusable, the
/// defaults with the gate held), the stored record, the opt-out cookie, the privacy signals and
/// the region (`region`: the page's signal and where it came from).
fn read_consent(doc: &Document, config: Option<String>, load_failed: bool, region: Option<(&str, From)>) -> Read {
    let parsed = match (config, load_failed) {
        (_, true) => Err(None),
        (None, false) => Ok(Config::default()),
        (Some(text), false) => Config::from_json(&text).map_err(Some),
    };
    let (mut config, held) = match parsed {
        Ok(config) => (config, false),
        Err(error) => {
            dom::report(error.as_ref().map_or(Message::ConfigNotLoaded, Message::InvalidConfig));
            (Config::default(), true)
        }
    };
    config.resolve_language(&dom::preferred_languages(doc));
    let record = RecordStore {
        cookie: CookieStore::consent(doc.clone(), &config.cookie),
        mirror: LocalStore::new(&config.cookie.name),
    };
    let opt_out = CookieStore::opt_out(doc.clone(), &config.opt_out_cookie, &config.cookie);
    // The region picks the policy; a config error means opt-in everywhere. Where it is not
    // opt-in, the page view stays opt-in (nothing released, no interface) until the time zone
    // has been checked ([`add_zones`]).
    let decision = if held { None } else { config.regions.as_ref().map(|r| r.resolve(region, "", "")) };
    let signals = Signals {
        opt_out_cookie: opt_out.load().is_some(),
        gpc: dom::navigator_flag("globalPrivacyControl"),
        dnt: dom::do_not_track(),
        mode: Mode::OptIn,
    };
    let stored = record.load();
    let consent = if held {
        Consent::held(config, stored.as_deref(), signals, dom::now())
    } else {
        let (consent, damaged) = Consent::new(config, stored.as_deref(), signals, dom::now());
        if let Some(reason) = damaged {
            dom::report(Message::RecordDamaged(reason));
        }
        consent
    };
    (consent, record, opt_out, decision)
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
pub fn start(config: Option<String>, load_failed: bool, region: Option<(&str, From)>, trust: Trust, gtag: Function, post: Function, stub_started: f64) -> Option<String> {
    let doc = dom::document()?;
    if STATE.with(|cell| cell.try_borrow().map_or(true, |s| s.is_some())) {
        dom::report(Message::StartedTwice);
        return None;
    }
    let region_signal = region.map(|(r, f)| (r.to_string(), f));
    let (consent, record, opt_out, region) = read_consent(&doc, config, load_failed, region);
    let zone_pending = match (&consent.config().regions, &region) {
        (Some(regions), Some(decision)) => regions.policy(decision).mode != Mode::OptIn,
        _ => false,
    };
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
    let (cookies, storage) = consent.config().patterns(|t| t.category.is_some() && !consent.grants(t.name, t.category));
    cleanup::delete_cookies(&doc, &cookies);
    cleanup::delete_storage(&storage);
    let mut timeline = Timeline::default();
    // Until now the stub held what the catalog covers, and nothing was granted.
    timeline.record(stub_started, CategorySet::empty());
    timeline.record(dom::now_ms(), consent.in_force());

    let parsing = doc.ready_state() == "loading";
    let on_settled: Function = Closure::<dyn Fn()>::new(events::on_script_settled).into_js_value().unchecked_into();
    let banner_needed = consent.banner_needed() && !zone_pending;
    let hosts = if consent.config().auto_block { consent.config().tracker_hosts() } else { String::new() };
    let mut outbox_key = consent.config().cookie.name.clone();
    outbox_key.push_str("_records");
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
                seen: Vec::new(),
                placeholders: Vec::new(),
                outbox: LocalStore::new(&outbox_key),
                post,
                sending: Vec::new(),
                region,
                region_signal,
                zone_pending,
            });
        }
    });

    events::install(&doc, parsing);

    with(|s| {
        if banner_needed {
            s.want_banner();
        }
        s.want_regional();
    });
    // Records an earlier page view could not deliver.
    send_records();
    Some(hosts)
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
            let intercepted = el.has_attribute(HELD_ATTR);
            // Only a tag interception held is judged by its URL; a marked one by its attributes.
            let url = if intercepted {
                el.get_attribute("src").or_else(|| el.get_attribute("data-src")).map(|u| dom::absolute_url(&u)).unwrap_or_default()
            } else {
                String::new()
            };
            if intercepted && !el.has_attribute(SERVICE_ATTR) {
                // Held by interception: it follows the service its URL belongs to.
                if let Some(tracker) = s.consent.config().tracker_of(&url) {
                    dom::set_attr(&el, SERVICE_ATTR, tracker.name);
                }
            }
            let service = el.get_attribute(SERVICE_ATTR);
            let unknown = if intercepted && !el.has_attribute(CATEGORY_ATTR) {
                let category = s.hold(&url, Carrier::Element);
                if let Some(category) = &category {
                    dom::set_attr(&el, CATEGORY_ATTR, category);
                }
                s.queue.adopt(el.clone(), category.as_deref(), service.as_deref(), &s.consent)
            } else {
                let categories = el.get_attribute(CATEGORY_ATTR).unwrap_or_default();
                s.queue.admit(el.clone(), &categories, service.as_deref(), &s.consent)
            };
            if let Some(name) = unknown {
                dom::report(Message::UnknownCategory(&name));
            }
            if let Some(name) = &service {
                s.saw(name);
            }
            s.show_placeholder(&el, service.as_deref());
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

/// Releases queued tags, in order, until the queue is empty or an external script must load.
pub fn pump() {
    while let Some(Some((doc, el, on_settled, trust))) =
        with(|s| s.queue.next_release().map(|el| (s.doc.clone(), el, s.on_settled.clone(), Rc::clone(&s.trust))))
    {
        with(|s| s.hide_placeholder(&el));
        if release::release(&doc, &el, &on_settled, &trust) {
            with(|s| s.queue.wait());
            break;
        }
    }
}

impl State {
    /// See [`hold`]; also keeps Google Analytics' own opt-out flag for the measurement ID an
    /// element's URL loads.
    fn hold(&mut self, url: &str, carrier: Carrier) -> Option<String> {
        let tracker = self.consent.config().tracker_of(url);
        let (name, category) = tracker.map_or((String::new(), None), |t| (t.name.to_string(), t.category));
        let verdict = action(self.consent.tracker_verdict(tracker, carrier));
        if tracker.is_some() {
            self.saw(&name);
        }
        if let Some(id) = measurement_id(url) {
            if !self.ga_ids.iter().any(|(known, _, _)| known == id) {
                self.ga_ids.push((id.to_string(), name.clone(), category));
            }
            google::disable_analytics(id, !self.consent.grants(&name, category));
        }
        verdict
    }

    /// Notes that the page uses the service called `name` (the preferences list it).
    fn saw(&mut self, name: &str) {
        if !self.seen.iter().any(|n| n == name) {
            self.seen.push(name.to_string());
        }
    }

    /// Shows the held frame `el` (of `service`) as a placeholder, unless the config turns them
    /// off, it is not a held frame, or it has one.
    fn show_placeholder(&mut self, el: &Element, service: Option<&str>) {
        let config = self.consent.config();
        // (Until a built-in translation has arrived there is nothing to say: [`add_language`].)
        let wanted = config.placeholders && self.language_pending.is_none() && el.tag_name().eq_ignore_ascii_case("iframe");
        if !wanted || !self.queue.held().any(|(tag, _, _)| tag == el) || self.placeholders.iter().any(|(f, _)| f == el) {
            return;
        }
        // A held frame's URL waits in `data-src`.
        let url = el.get_attribute("data-src").map(|u| dom::absolute_url(&u)).unwrap_or_default();
        let category = el.get_attribute(CATEGORY_ATTR).and_then(|names| names.split_ascii_whitespace().find_map(|n| config.category_index(n)));
        let Some(category) = category else { return };
        self.style();
        let host = consent_gate_core::url::parse(&url).map_or("", |p| p.host);
        if let Some(shown) = placeholder::show(&self.doc, &self.consent, el, service, category, host) {
            self.placeholders.push((el.clone(), shown));
        }
    }

    /// Takes the placeholder of the frame `el` away (it is being released).
    fn hide_placeholder(&mut self, el: &Element) {
        if let Some(at) = self.placeholders.iter().position(|(frame, _)| frame == el) {
            let (frame, shown) = self.placeholders.remove(at);
            placeholder::hide(&frame, &shown);
        }
    }

    /// The held frame whose placeholder holds `el`.
    pub(crate) fn frame_of(&self, el: &Element) -> Option<Element> {
        self.placeholders.iter().find(|(_, shown)| shown.contains(Some(el))).map(|(frame, _)| frame.clone())
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

    /// Puts the consent record of the choice just made in the outbox, if the site collects them.
    /// (Where localStorage is unavailable the record is lost; the choice itself still holds.)
    fn keep_record(&self, via: Via) {
        if self.consent.config().records_url.is_none() {
            return;
        }
        let id = dom::random_id();
        let region = self.consent.config().regions.as_ref().zip(self.region.as_ref()).map(|(r, d)| (r.policy(d), d));
        let Some(body) = proof::record(&self.consent, via, &id, &dom::origin(), region) else { return };
        let _ = self.outbox.save(&proof::push(&self.outbox.load().unwrap_or_default(), &id, &body));
    }

    /// In an opt-out or notice region: the opt-out link, and the first-visit notice until the
    /// visitor dismissed it or chose.
    fn want_regional(&mut self) {
        let (Some(regions), Some(decision), false) = (&self.consent.config().regions, &self.region, self.zone_pending) else { return };
        let policy = regions.policy(decision);
        if !matches!(policy.mode, Mode::OptOut | Mode::Notice) {
            return;
        }
        let link = match policy.link {
            Link::DoNotSell => Text::DoNotSell,
            Link::PrivacyChoices => Text::PrivacyChoices,
        };
        let notice = policy.mode == Mode::Notice && self.consent.basis() == Basis::RegionDefault && self.notice_seen().load().is_none();
        self.style();
        self.ui.want_regional(&self.doc, &self.consent, link, notice);
    }

    /// Where the dismissal of the first-visit notice is kept (not a choice: nothing is granted
    /// or denied by it).
    fn notice_seen(&self) -> LocalStore {
        let mut key = self.consent.config().cookie.name.clone();
        key.push_str("_notice");
        LocalStore::new(&key)
    }

    /// The visitor dismissed the first-visit notice.
    pub(crate) fn dismiss_notice(&mut self) {
        let _ = self.notice_seen().save("1");
        self.ui.hide_notice();
    }

    /// After a change: the audit's timeline and Google Analytics' opt-out flags.
    fn follow(&mut self) {
        self.timeline.record(dom::now_ms(), self.consent.in_force());
        for (id, name, category) in &self.ga_ids {
            google::disable_analytics(id, !self.consent.grants(name, *category));
        }
    }

    /// Applies the storage side of `effects`: the record, the opt-out cookie, and the clean-up
    /// of withdrawn services.
    fn persist(&self, effects: &Effects) {
        if let Some(text) = &effects.store {
            if let Err(e) = self.record.save(text) {
                dom::report(Message::ChoiceNotKept(e));
            }
        }
        if effects.clear_record {
            self.record.clear();
        }
        match effects.opt_out {
            Some(true) => {
                if let Err(e) = self.opt_out.save("1") {
                    dom::report(Message::OptOutNotKept(e));
                }
            }
            Some(false) if self.opt_out.load().is_some() => {
                // Whoever set it (a server, the site's opt-out page) may have used a Domain.
                let name = NamePattern::Exact(self.consent.config().opt_out_cookie.clone());
                cleanup::delete_cookies(&self.doc, &[name]);
            }
            _ => {}
        }
        if !effects.withdrawn_services.is_empty() {
            let (cookies, storage) = self.consent.config().patterns(|t| effects.withdrawn_services.iter().any(|n| n == t.name));
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
        if self.consent.basis() != Basis::RegionDefault {
            self.ui.hide_notice();
        }
        let update = self.gtag.clone().map(|gtag| (gtag, google::consent_mode(&self.consent, self.consent.in_force(), false)));
        Applied {
            reload: effects.reload,
            closed: self.ui.close_preferences(),
            detail: shapes::consent(&self.consent),
            listeners: self.listeners.clone(),
            doc: self.doc.clone(),
            update,
        }
    }
}

/// Applies a change of consent: store it, clean up, update the interface, tell listeners, then
/// reload (after a withdrawal) or release what is now granted.
pub(crate) fn transition(change: impl FnOnce(&mut State) -> Effects) {
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
            dom::report_with(Message::ListenerThrew, &e);
        }
    }
    let init = CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("consentgate:change", &init) {
        let _ = doc.dispatch_event(&event);
    }
}

/// Records `choice` as the visitor's, made `via` the banner, the dialog or the API; with a
/// `records_url`, sends its consent record.
pub fn choose(choice: Choice, via: Via) {
    transition(|s| {
        let effects = s.consent.choose(choice, dom::now(), dom::random_id());
        if effects.store.is_some() {
            s.keep_record(via);
        }
        effects
    });
    send_records();
}

/// Posts every record in the outbox that is not on its way already (see [`State::keep_record`]).
fn send_records() {
    let Some(Some((post, url, records))) = with(|s| {
        let url = s.consent.config().records_url.clone()?;
        let outbox = s.outbox.load().unwrap_or_default();
        let mut records = Vec::new();
        for (id, body) in proof::pending(&outbox) {
            if !s.sending.iter().any(|sent| sent == id) {
                s.sending.push(id.to_string());
                records.push((JsValue::from_str(id), JsValue::from_str(body)));
            }
        }
        Some((s.post.clone(), JsValue::from_str(&url), records))
    }) else {
        return;
    };
    for (id, body) in records {
        let _ = post.call3(&JsValue::NULL, &url, &body, &id);
    }
}

/// The records service answered the record `id` with `status` (0: no answer).
pub fn delivered(id: &str, status: u16) {
    with(|s| {
        s.sending.retain(|sent| sent != id);
        let delivery = Delivery::of(status);
        if delivery == Delivery::Retry {
            return;
        }
        if delivery == Delivery::Refused {
            let mut text = String::new();
            consent_gate_core::number::push_decimal(&mut text, u64::from(status));
            dom::report(Message::RecordRefused(&text));
        }
        let outbox = proof::remove(&s.outbox.load().unwrap_or_default(), id);
        let _ = if outbox.is_empty() { s.outbox.clear(); Ok(()) } else { s.outbox.save(&outbox) };
    });
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
            dom::report(Message::AcceptUnknownCategory(name));
            None
        }
    });
    if let Some(Some(set)) = set {
        choose(Choice::Only(set, Vec::new(), Source::Api), Via::Api);
    }
}

/// Grants the service called `name` as well as everything granted now; refuses the call if no
/// config service or catalog entry has that name.
pub fn accept_service(name: &str) {
    if with(|s| s.consent.config().service_category(name).is_some()) != Some(true) {
        dom::report(Message::AcceptUnknownService(name));
        return;
    }
    choose(Choice::Add(CategorySet::empty(), vec![name.to_string()], Source::Api), Via::Api);
}

/// Whether the category called `name` is granted.
pub fn is_accepted(name: &str) -> bool {
    with(|s| s.consent.is_granted(name)).unwrap_or(false)
}

/// Whether the service called `name` is granted.
pub fn is_service_accepted(name: &str) -> bool {
    with(|s| s.consent.is_service_granted(name)).unwrap_or(false)
}

/// "Load once" on the placeholder that holds `button`: that frame loads now, nothing is stored,
/// and focus moves to it.
pub(crate) fn load_once(button: &Element) {
    let frame = with(|s| {
        let frame = s.frame_of(button)?;
        s.queue.take(&frame).then_some(frame)
    });
    pump();
    if let Some(Some(frame)) = frame {
        dom::focus(&frame);
    }
}

/// "Always allow" on the placeholder that holds `button`: grants the frame's service (or, for a
/// frame of no known service, its category), stored like any choice.
pub(crate) fn allow_from_placeholder(button: &Element) {
    let grant = with(|s| {
        let frame = s.frame_of(button)?;
        let config = s.consent.config();
        let service = frame.get_attribute(SERVICE_ATTR).filter(|name| config.service_category(name).is_some());
        Some(match service {
            Some(name) => (CategorySet::empty(), vec![name]),
            None => {
                let names = frame.get_attribute(CATEGORY_ATTR).unwrap_or_default();
                (s.consent.categories(names.split_ascii_whitespace()).ok()?, Vec::new())
            }
        })
    });
    if let Some(Some((categories, services))) = grant {
        choose(Choice::Add(categories, services, Source::Placeholder), Via::Placeholder);
    }
}

/// The current consent, as `getConsent()` returns it.
pub fn consent() -> JsValue {
    with(|s| shapes::consent(&s.consent)).unwrap_or(JsValue::NULL)
}

/// `ConsentGate.audit()`: every request the page made to a tracker host (see [`shapes::audit`]).
pub fn audit() -> JsValue {
    with(|s| shapes::audit(s.consent.config(), &s.timeline)).unwrap_or_else(|| js_sys::Array::new().into())
}

/// Shows the first-layer banner (again).
pub fn show_banner() {
    with(State::want_banner);
}

/// Opens the preferences dialog.
pub fn show_preferences() {
    if let Some(Some(dialog)) = with(|s| {
        s.style();
        s.ui.prepare_preferences(&s.doc, &s.consent, &s.seen)
    }) {
        banner::show_modal(&dialog);
    }
}

pub(crate) fn close_preferences() {
    if let Some(Some((dialog, opener))) = with(|s| s.ui.close_preferences()) {
        banner::close(&dialog, opener.as_ref());
    }
}

/// Whether the loader should read the time zone and fetch its table (`zones.txt`) for
/// [`add_zones`].
pub fn needs_zones() -> bool {
    with(|s| s.zone_pending).unwrap_or(false)
}

/// The browser's time zone (`""`: none) and the time-zone table's text (`None`: it could not be
/// loaded): the region's policy is decided now, tightened by the time zone's country where that
/// is stricter, and the interface follows. Without the table the page view stays opt-in: a time
/// zone that cannot be checked is not trusted to relax anything.
pub fn add_zones(text: Option<String>, zone: &str) {
    transition(|s| {
        if !std::mem::take(&mut s.zone_pending) {
            return Effects::default();
        }
        let Some(regions) = &s.consent.config().regions else { return Effects::default() };
        let decision = match &text {
            Some(zones) => regions.resolve(s.region_signal.as_ref().map(|(r, f)| (r.as_str(), *f)), zone, zones),
            None => regions.resolve(None, "", ""),
        };
        let mode = regions.policy(&decision).mode;
        s.region = Some(decision);
        s.consent.set_mode(mode, dom::now())
    });
    with(State::want_regional);
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
                dom::report(Message::TranslationDamaged(&e));
            }
        }
        s.language_pending = None;
        s.ui.texts_ready(&s.doc, &s.consent);
        // The held frames that arrived meanwhile get their placeholders now.
        let frames: Vec<(Element, Option<String>)> = s.queue.held().map(|(el, _, service)| (el.clone(), service.map(String::from))).collect();
        for (el, service) in frames {
            s.show_placeholder(&el, service.as_deref());
        }
    });
}

/// Adds a `change` listener.
pub fn on_change(listener: Function) {
    with(|s| s.listeners.push(listener));
}

