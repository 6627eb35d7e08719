//! The policy: what is granted, given the config, the stored record, the opt-out cookie, the
//! visitor's privacy signals (GPC, DNT) and the clock, and what must happen when the visitor
//! chooses.
//!
//! [`Consent`] is a small state machine. It is built from the page's inputs, answers questions
//! ("is `analytics` granted?", "release this tag?", "show the banner?"), and turns each choice into
//! [`Effects`]: the record text to store, the opt-out cookie to set or delete, the categories
//! withdrawn (delete their cookies, maybe reload). (Which held tags run is the release queue's:
//! [`crate::release::Queue::regrant`].) It does no I/O.
//!
//! The rules, in order:
//! 1. Required categories are always granted.
//! 2. While the opt-out cookie is present, nothing else is granted and the banner stays hidden,
//!    whoever set the cookie.
//! 3. A stored record counts only if it is for this config revision or later, not older than
//!    `cookie.days`, and not from the future. Otherwise: no choice yet (banner, everything held),
//!    except in a region whose policy is not opt-in ([`Signals::mode`]): there the region's
//!    default grants every optional category but the `opt_in_everywhere` ones, and shows no
//!    banner. That default is never stored, so it never follows the visitor into an opt-in region.
//! 4. With a privacy signal (GPC, or DNT if enabled), `gpc_opt_out` categories stay denied, also
//!    under "Accept all"; only a choice that ticks them while the signal is present grants them.
//! 5. With an invalid config the gate is *held*: it runs on the defaults, shows the banner, and
//!    releases and stores nothing.
//!
//! Services: a granted category grants all of its services (the config's and the catalog's that
//! it places there). A visitor may instead grant services one by one (the preferences' service
//! toggles, "Always allow" on a placeholder, `acceptService()`); such a category is *partly*
//! granted: only those services run, and a tag that names only the category stays held. Service
//! grants follow rules 2 to 5 like categories (a privacy signal denies a service of a
//! `gpc_opt_out` category unless it was granted under the signal).

use crate::category::CategorySet;
use crate::config::Config;
use crate::record::{ConsentRecord, RecordError, Source};
use crate::region::Mode;

/// A record dated more than this many seconds in the future is invalid (clock tampering).
pub const MAX_CLOCK_SKEW: u64 = 24 * 60 * 60;

/// What the browser tells the gate about the visitor, read once per page view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signals {
    /// The opt-out cookie is present.
    pub opt_out_cookie: bool,
    /// `navigator.globalPrivacyControl === true`.
    pub gpc: bool,
    /// `navigator.doNotTrack == "1"`.
    pub dnt: bool,
    /// The region policy's mode for this page view ([`crate::region`]); opt-in without regions.
    pub mode: Mode,
}

/// A choice the visitor (or the site's code) makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Grant every category (except those a privacy signal denies).
    AcceptAll,
    /// Grant only the required categories, and set the opt-out cookie.
    RejectAll,
    /// Grant exactly these categories (plus the required ones) and these services of the other
    /// categories; an explicit choice.
    Only(CategorySet, Vec<String>, Source),
    /// Grant these categories and services as well as everything granted now ("Always allow"
    /// on a placeholder, `acceptService()`).
    Add(CategorySet, Vec<String>, Source),
}

/// Where the current state comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// No valid choice: the banner is shown and only required categories are granted.
    NoChoice,
    /// The opt-out cookie denies everything optional.
    OptOutCookie,
    /// A stored (or just made) choice.
    Choice(Source),
    /// No choice, in an opt-out region: the region's default (never stored).
    RegionDefault,
}

impl Basis {
    /// The name the JS API reports as `getConsent().source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::NoChoice => "none",
            Basis::OptOutCookie => "opt-out-cookie",
            Basis::RegionDefault => "region-default",
            Basis::Choice(source) => source.as_str(),
        }
    }
}

/// How a tag marked with `data-category` is to be treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// Every category it names is granted: release it.
    Release,
    /// Keep it held for now.
    Hold,
    /// It names a category the config does not have: it can never be released.
    Unknown(&'a str),
}

/// What the browser layer must do after a choice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effects {
    /// Store this record text (cookie and mirror).
    pub store: Option<String>,
    /// Delete the stored record.
    pub clear_record: bool,
    /// `Some(true)`: set the opt-out cookie; `Some(false)`: delete it.
    pub opt_out: Option<bool>,
    /// Categories granted before and not now.
    pub withdrawn: CategorySet,
    /// Services (trackers) granted before and not now: delete their cookies and storage.
    pub withdrawn_services: Vec<String>,
    /// Reload the page once the effects are applied.
    pub reload: bool,
}

/// The consent state of one page view.
#[derive(Clone, Debug)]
pub struct Consent {
    config: Config,
    signals: Signals,
    record: Option<ConsentRecord>,
    held: bool,
    granted: CategorySet,
    /// Services granted one by one, each of a category not granted whole.
    services: Vec<String>,
    basis: Basis,
}

impl Consent {
    /// The state for a page view. `stored` is the record text found in the cookie (or mirror);
    /// the error says why a text that was found is not used.
    pub fn new(config: Config, stored: Option<&str>, signals: Signals, now: u64) -> (Consent, Option<RecordError>) {
        let decoded = stored.map(ConsentRecord::decode);
        let error = decoded.as_ref().and_then(|r| r.as_ref().err().copied());
        let mut consent = Consent {
            config,
            signals,
            record: decoded.and_then(Result::ok),
            held: false,
            granted: CategorySet::empty(),
            services: Vec::new(),
            basis: Basis::NoChoice,
        };
        consent.evaluate(now);
        (consent, error)
    }

    /// The state for a page whose config was invalid: `defaults` (the default config, its language
    /// resolved), with nothing ever released or stored (fail closed), though the visitor can still
    /// answer the banner for this page view.
    pub fn held(defaults: Config, stored: Option<&str>, signals: Signals, now: u64) -> Consent {
        // A config error means opt-in everywhere.
        let signals = Signals { mode: Mode::OptIn, ..signals };
        let (mut consent, _) = Consent::new(defaults, stored, signals, now);
        consent.held = true;
        consent.evaluate(now);
        consent
    }

    fn evaluate(&mut self, now: u64) {
        let required = self.config.required();
        let max_age = self.config.cookie.days.saturating_mul(24 * 60 * 60);
        let valid = |r: &&ConsentRecord| {
            r.revision >= self.config.revision
                && r.time <= now.saturating_add(MAX_CLOCK_SKEW)
                && now.saturating_sub(r.time) < max_age
        };
        let mut services = Vec::new();
        let (granted, basis) = if self.signals.opt_out_cookie {
            (CategorySet::empty(), Basis::OptOutCookie)
        } else if let Some(record) = self.record.as_ref().filter(valid) {
            let mut set = record
                .granted
                .iter()
                .filter_map(|name| self.config.category_index(name))
                .fold(CategorySet::empty(), CategorySet::with);
            let denied = if self.privacy_signal() && !record.signal { self.config.signal_opt_out() } else { CategorySet::empty() };
            set = set.minus(denied);
            services = self.config.partial(&record.services, set.union(denied));
            (set, Basis::Choice(record.source))
        } else if self.signals.mode != Mode::OptIn && !self.held {
            let config = &self.config;
            let mut set = config.all().minus(required).minus(config.opt_in_everywhere());
            if self.privacy_signal() {
                set = set.minus(config.signal_opt_out());
            }
            (set, Basis::RegionDefault)
        } else {
            (CategorySet::empty(), Basis::NoChoice)
        };
        self.granted = if self.held { required } else { required.union(granted) };
        self.services = if self.held { Vec::new() } else { services };
        self.basis = basis;
    }

    /// The config in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Adds the built-in translation file for `language` (see [`Config::add_built_in`]).
    pub fn add_built_in(&mut self, language: &str, text: &str) -> Result<(), crate::ConfigError> {
        self.config.add_built_in(language, text)
    }

    /// Whether the gate is held by an invalid config.
    pub fn is_held(&self) -> bool {
        self.held
    }

    /// The granted categories.
    pub fn granted(&self) -> CategorySet {
        self.granted
    }

    /// The categories whose tags may run now: the granted ones, none while held.
    pub fn in_force(&self) -> CategorySet {
        if self.held {
            CategorySet::empty()
        } else {
            self.granted
        }
    }

    /// Whether the category called `name` is granted whole (unknown names are not).
    pub fn is_granted(&self, name: &str) -> bool {
        self.config.category_index(name).is_some_and(|i| self.granted.contains(i))
    }

    /// Whether the service called `name`, of the category at `category`, may run now: its
    /// category is in force, or it was granted on its own.
    pub fn grants(&self, name: &str, category: Option<usize>) -> bool {
        !self.held && grants(self.granted, &self.services, name, category)
    }

    /// Whether the service called `name` (the config's or the catalog's) may run now; unknown
    /// names may not.
    pub fn is_service_granted(&self, name: &str) -> bool {
        self.config.service_category(name).is_some_and(|i| self.grants(name, Some(i)))
    }

    /// The services granted one by one (each of a category not granted whole).
    pub fn services(&self) -> &[String] {
        &self.services
    }

    /// Where the state comes from.
    pub fn basis(&self) -> Basis {
        self.basis
    }

    /// The record in force, if the state comes from one.
    pub fn record(&self) -> Option<&ConsentRecord> {
        match self.basis {
            Basis::Choice(_) => self.record.as_ref(),
            _ => None,
        }
    }

    /// The choice last made or read, in force or not (after Reject all, the opt-out cookie is
    /// what is in force): the consent id the visitor can quote, and what a consent record proves.
    pub fn chosen(&self) -> Option<&ConsentRecord> {
        self.record.as_ref()
    }

    /// Whether the first-layer banner should be shown on load.
    pub fn banner_needed(&self) -> bool {
        self.basis == Basis::NoChoice
    }

    /// Whether a privacy signal is present and honoured (the banner says so).
    pub fn privacy_signal(&self) -> bool {
        (self.config.gpc && self.signals.gpc) || (self.config.dnt && self.signals.dnt)
    }

    /// The region policy's mode this page view is under.
    pub fn mode(&self) -> Mode {
        self.signals.mode
    }

    /// Whether the browser sends Global Privacy Control (honoured or not).
    pub fn gpc(&self) -> bool {
        self.signals.gpc
    }

    /// What to do with a tag whose `data-category` attribute is `categories` (space-separated
    /// names; all must be granted) and whose `data-service` is `service`: a service the config or
    /// the catalog knows decides alone (it runs once that service is granted); an unknown one is
    /// ignored.
    pub fn verdict<'a>(&self, categories: &'a str, service: Option<&str>) -> Verdict<'a> {
        let mut names = categories.split_ascii_whitespace().peekable();
        if names.peek().is_none() {
            return Verdict::Unknown(categories);
        }
        let mut release = !self.held;
        for name in names {
            match self.config.category_index(name) {
                Some(i) => release &= self.granted.contains(i),
                None => return Verdict::Unknown(name),
            }
        }
        if let Some((name, category)) = service.and_then(|s| Some((s, self.config.service_category(s)?))) {
            release = self.grants(name, Some(category));
        }
        if release {
            Verdict::Release
        } else {
            Verdict::Hold
        }
    }

    /// The categories called `names`, or the first unknown name.
    pub fn categories<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Result<CategorySet, &'a str> {
        names.into_iter().try_fold(CategorySet::empty(), |set, name| {
            self.config.category_index(name).map(|i| set.with(i)).ok_or(name)
        })
    }

    /// Records a choice made at `now`, with a fresh random consent `id` (lowercase hex).
    pub fn choose(&mut self, choice: Choice, now: u64, id: String) -> Effects {
        let optional = self.config.all().minus(self.config.required());
        let signal_denied = if self.privacy_signal() { self.config.signal_opt_out() } else { CategorySet::empty() };
        let (set, services, source) = match choice {
            Choice::AcceptAll => (optional.minus(signal_denied), Vec::new(), Source::AcceptAll),
            Choice::RejectAll => (CategorySet::empty(), Vec::new(), Source::RejectAll),
            Choice::Only(set, services, source) => (set.minus(set.minus(optional)), services, source),
            Choice::Add(more, services, source) => {
                let mut all = self.services.clone();
                all.extend(services);
                (self.granted.union(more).minus(self.config.required()), all, source)
            }
        };
        let services = self.config.partial(&services, set.union(self.config.required()));
        let mut granted = Vec::new();
        for (i, category) in self.config.categories.iter().enumerate() {
            if set.contains(i) {
                granted.push(category.name.clone());
            }
        }
        let opt_out = set.is_empty() && services.is_empty();
        let record = ConsentRecord { revision: self.config.revision, time: now, id, source, signal: self.privacy_signal(), granted, services };
        let store = (!self.held).then(|| record.encode());
        self.record = Some(record);
        self.transition(now, opt_out, |effects| {
            effects.store = store;
        })
    }

    /// The region's mode became known (see [`crate::region`]): what it grants by default applies
    /// now. Nothing is stored.
    pub fn set_mode(&mut self, mode: Mode, now: u64) -> Effects {
        self.signals.mode = if self.held { Mode::OptIn } else { mode };
        let mut effects = self.transition(now, self.signals.opt_out_cookie, |_| {});
        effects.opt_out = None;
        effects
    }

    /// Forgets the choice and the opt-out cookie: the banner is due again.
    pub fn reset(&mut self, now: u64) -> Effects {
        self.record = None;
        self.transition(now, false, |effects| effects.clear_record = true)
    }

    /// Takes a choice made in another tab of the site: the record text now stored and whether the
    /// opt-out cookie is present. Nothing is to be stored; newly granted categories are
    /// released here (the shell re-checks its held tags), withdrawn ones cleaned up (and the page
    /// reloaded) here too.
    pub fn refresh(&mut self, stored: Option<&str>, opt_out_cookie: bool, now: u64) -> Effects {
        self.record = stored.and_then(|text| ConsentRecord::decode(text).ok());
        let mut effects = self.transition(now, opt_out_cookie, |_| {});
        effects.opt_out = None;
        effects
    }

    fn transition(&mut self, now: u64, opt_out: bool, stored: impl FnOnce(&mut Effects)) -> Effects {
        let mut effects = self.effects(now, opt_out);
        if !self.held {
            stored(&mut effects);
        }
        effects
    }

    /// The state after re-evaluating at `now` with the opt-out cookie `opt_out`, and what it
    /// withdrew. (Not inlined: [`Consent::transition`] is compiled once per kind of change, and
    /// this is the bulk of it; measured.)
    #[inline(never)]
    fn effects(&mut self, now: u64, opt_out: bool) -> Effects {
        let (granted, services) = (self.granted, std::mem::take(&mut self.services));
        self.signals.opt_out_cookie = opt_out;
        self.evaluate(now);
        let withdrawn = granted.minus(self.granted);
        let mut withdrawn_services = Vec::new();
        for tracker in self.config.trackers() {
            if !self.held && grants(granted, &services, tracker.name, tracker.category) && !self.grants(tracker.name, tracker.category) {
                withdrawn_services.push(tracker.name.to_string());
            }
        }
        let reload = !(withdrawn.is_empty() && withdrawn_services.is_empty()) && self.config.reload_on_withdraw;
        Effects { opt_out: (!self.held).then_some(opt_out), withdrawn, withdrawn_services, reload, ..Effects::default() }
    }
}

/// Whether a service is granted where the categories `granted` are and the `services` one by one.
fn grants(granted: CategorySet, services: &[String], name: &str, category: Option<usize>) -> bool {
    category.is_some_and(|i| granted.contains(i)) || services.iter().any(|s| s == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Source;
    use proptest::prelude::*;

    const NOW: u64 = 1_763_900_000;
    const DAY: u64 = 86_400;
    // Default categories: 0 necessary, 1 performance, 2 analytics, 3 session-replay, 4 marketing.
    const NECESSARY: usize = 0;
    const ANALYTICS: usize = 2;
    const REPLAY: usize = 3;
    const MARKETING: usize = 4;

    fn set(indices: &[usize]) -> CategorySet {
        indices.iter().fold(CategorySet::empty(), |s, &i| s.with(i))
    }

    fn record(revision: u64, time: u64, granted: &[&str], signal: bool) -> String {
        ConsentRecord {
            revision,
            time,
            id: "0123456789abcdef".into(),
            source: Source::Preferences,
            signal,
            granted: granted.iter().map(|s| s.to_string()).collect(),
            services: Vec::new(),
        }
        .encode()
    }

    fn signals(opt_out_cookie: bool, gpc: bool) -> Signals {
        Signals { opt_out_cookie, gpc, ..Signals::default() }
    }

    /// One row per situation: what is stored, the signals, and what the policy decides.
    #[test]
    fn decides_on_load() {
        let all_optional = ["performance", "analytics", "session-replay", "marketing"];
        let rows: Vec<(&str, Option<String>, Signals, CategorySet, Basis)> = vec![
            ("first visit", None, signals(false, false), set(&[NECESSARY]), Basis::NoChoice),
            ("valid choice", Some(record(1, NOW - DAY, &["analytics"], false)), signals(false, false),
                set(&[NECESSARY, ANALYTICS]), Basis::Choice(Source::Preferences)),
            ("expired choice", Some(record(1, NOW - 182 * DAY, &["analytics"], false)), signals(false, false),
                set(&[NECESSARY]), Basis::NoChoice),
            ("choice from the future", Some(record(1, NOW + 2 * DAY, &["analytics"], false)), signals(false, false),
                set(&[NECESSARY]), Basis::NoChoice),
            ("small clock skew is tolerated", Some(record(1, NOW + 60, &["analytics"], false)), signals(false, false),
                set(&[NECESSARY, ANALYTICS]), Basis::Choice(Source::Preferences)),
            ("tampered", Some(record(1, NOW, &["analytics"], false).replace("analytics", "marketing")), signals(false, false),
                set(&[NECESSARY]), Basis::NoChoice),
            ("unparsable", Some("%%%".into()), signals(false, false), set(&[NECESSARY]), Basis::NoChoice),
            ("opt-out cookie, no record", None, signals(true, false), set(&[NECESSARY]), Basis::OptOutCookie),
            ("opt-out cookie beats a stored grant", Some(record(1, NOW, &all_optional, false)), signals(true, false),
                set(&[NECESSARY]), Basis::OptOutCookie),
            ("GPC denies marketing granted without the signal", Some(record(1, NOW, &all_optional, false)), signals(false, true),
                set(&[0, 1, 2, 3]), Basis::Choice(Source::Preferences)),
            ("marketing ticked under GPC stays granted", Some(record(1, NOW, &["marketing"], true)), signals(false, true),
                set(&[NECESSARY, MARKETING]), Basis::Choice(Source::Preferences)),
            ("categories no longer configured are ignored", Some(record(1, NOW, &["analytics", "gone"], false)), signals(false, false),
                set(&[NECESSARY, ANALYTICS]), Basis::Choice(Source::Preferences)),
        ];
        for (situation, stored, signals, granted, basis) in rows {
            let (consent, _) = Consent::new(Config::default(), stored.as_deref(), signals, NOW);
            assert_eq!(consent.granted(), granted, "{situation}");
            assert_eq!(consent.basis(), basis, "{situation}");
            assert_eq!(consent.banner_needed(), basis == Basis::NoChoice, "{situation}");
        }
    }

    #[test]
    fn revision_bump_invalidates_older_choices() {
        let config = Config::from_json(r#"{"revision": 2}"#).unwrap();
        let (consent, _) = Consent::new(config.clone(), Some(&record(1, NOW, &["analytics"], false)), Signals::default(), NOW);
        assert!(consent.banner_needed());
        assert_eq!(consent.verdict("analytics", None), Verdict::Hold);
        let (consent, _) = Consent::new(config, Some(&record(2, NOW, &["analytics"], false)), Signals::default(), NOW);
        assert!(!consent.banner_needed());
        assert_eq!(consent.verdict("analytics", None), Verdict::Release);
    }

    #[test]
    fn reports_why_a_stored_text_is_unused() {
        let (_, error) = Consent::new(Config::default(), Some("junk"), Signals::default(), NOW);
        assert_eq!(error, Some(RecordError::Malformed));
        let (_, error) = Consent::new(Config::default(), None, Signals::default(), NOW);
        assert_eq!(error, None);
    }

    #[test]
    fn dnt_counts_only_when_enabled() {
        let dnt = Signals { dnt: true, ..Signals::default() };
        let (consent, _) = Consent::new(Config::default(), None, dnt, NOW);
        assert!(!consent.privacy_signal());
        let config = Config::from_json(r#"{"dnt": true}"#).unwrap();
        let (consent, _) = Consent::new(config, None, dnt, NOW);
        assert!(consent.privacy_signal());
        let config = Config::from_json(r#"{"gpc": false}"#).unwrap();
        let (consent, _) = Consent::new(config, None, signals(false, true), NOW);
        assert!(!consent.privacy_signal(), "gpc: false ignores the signal");
    }

    #[test]
    fn verdicts_for_markup() {
        let (consent, _) = Consent::new(Config::default(), Some(&record(1, NOW, &["analytics"], false)), Signals::default(), NOW);
        assert_eq!(consent.verdict("analytics", None), Verdict::Release);
        assert_eq!(consent.verdict("  analytics\tnecessary ", None), Verdict::Release);
        assert_eq!(consent.verdict("necessary", None), Verdict::Release);
        assert_eq!(consent.verdict("analytics marketing", None), Verdict::Hold, "all named categories must be granted");
        assert_eq!(consent.verdict("session-replay", None), Verdict::Hold);
        assert_eq!(consent.verdict("analytics statistics", None), Verdict::Unknown("statistics"));
        assert_eq!(consent.verdict("", None), Verdict::Unknown(""));
        assert_eq!(consent.verdict("   ", None), Verdict::Unknown("   "));
    }

    #[test]
    fn accept_all_and_reject_all() {
        let (mut consent, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        let effects = consent.choose(Choice::AcceptAll, NOW, "00000000aaaaaaaa".into());
        assert_eq!(consent.granted(), set(&[0, 1, 2, 3, 4]));
        assert_eq!(effects.withdrawn, CategorySet::empty());
        assert_eq!(effects.opt_out, Some(false));
        assert!(!effects.reload);
        let stored = ConsentRecord::decode(effects.store.as_deref().unwrap()).unwrap();
        assert_eq!(stored.granted, ["performance", "analytics", "session-replay", "marketing"]);
        assert_eq!((stored.source, stored.time, stored.revision), (Source::AcceptAll, NOW, 1));

        let effects = consent.choose(Choice::RejectAll, NOW + 5, "00000000bbbbbbbb".into());
        assert_eq!(consent.granted(), set(&[NECESSARY]));
        assert_eq!(consent.basis(), Basis::OptOutCookie, "Reject all sets the opt-out cookie");
        assert_eq!(effects.withdrawn, set(&[1, 2, 3, 4]));
        assert_eq!(effects.opt_out, Some(true));
        assert!(effects.reload, "reload_on_withdraw defaults to true");
        assert!(!consent.banner_needed());
    }

    #[test]
    fn explicit_grant_removes_the_opt_out_cookie() {
        let (mut consent, _) = Consent::new(Config::default(), None, signals(true, false), NOW);
        assert_eq!(consent.basis(), Basis::OptOutCookie);
        let effects = consent.choose(Choice::Only(set(&[ANALYTICS]), Vec::new(), Source::Preferences), NOW, "00000000cccccccc".into());
        assert_eq!(effects.opt_out, Some(false));
        assert_eq!(consent.granted(), set(&[NECESSARY, ANALYTICS]));
        assert_eq!(consent.basis(), Basis::Choice(Source::Preferences));
        assert!(consent.record().is_some());
    }

    #[test]
    fn saving_nothing_is_an_opt_out() {
        let (mut consent, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        let effects = consent.choose(Choice::Only(set(&[NECESSARY]), Vec::new(), Source::Preferences), NOW, "00000000dddddddd".into());
        assert_eq!(effects.opt_out, Some(true));
        let stored = ConsentRecord::decode(effects.store.as_deref().unwrap()).unwrap();
        assert!(stored.granted.is_empty(), "required categories are not stored");
    }

    #[test]
    fn gpc_keeps_marketing_off_under_accept_all_but_not_under_an_explicit_tick() {
        let (mut consent, _) = Consent::new(Config::default(), None, signals(false, true), NOW);
        assert!(consent.privacy_signal());
        consent.choose(Choice::AcceptAll, NOW, "00000000eeeeeeee".into());
        assert!(consent.is_granted("analytics"));
        assert!(!consent.is_granted("marketing"));
        consent.choose(Choice::Only(set(&[MARKETING]), Vec::new(), Source::Preferences), NOW, "00000000ffffffff".into());
        assert!(consent.is_granted("marketing"));
        assert!(consent.record().unwrap().signal);
    }

    #[test]
    fn withdrawal_lists_the_services_patterns() {
        let (mut consent, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        consent.choose(Choice::AcceptAll, NOW, "0000000011111111".into());
        let effects = consent.choose(Choice::Only(set(&[REPLAY]), Vec::new(), Source::Preferences), NOW, "0000000022222222".into());
        assert_eq!(effects.withdrawn, set(&[1, ANALYTICS, MARKETING]));
        let (cookies, storage) = consent.config().patterns(|t| effects.withdrawn_services.iter().any(|n| n == t.name));
        assert!(cookies.iter().any(|p| p.matches("_ga")) && cookies.iter().any(|p| p.matches("_ga_XYZ")));
        assert!(!cookies.iter().any(|p| p.matches("_lr_uf_-x")), "session replay was kept");
        assert!(!storage.iter().any(|p| p.matches("_lr_id")));
        let (cookies, storage) = consent.config().patterns(|t| t.category == Some(REPLAY));
        assert!(cookies.iter().any(|p| p.matches("_lr_hb_-x")));
        assert!(storage.iter().any(|p| p.matches("_lr_id")));
    }

    #[test]
    fn reload_on_withdraw_can_be_switched_off() {
        let config = Config::from_json(r#"{"reload_on_withdraw": false}"#).unwrap();
        let (mut consent, _) = Consent::new(config, None, Signals::default(), NOW);
        consent.choose(Choice::AcceptAll, NOW, "0000000011111111".into());
        let effects = consent.choose(Choice::RejectAll, NOW, "0000000011111111".into());
        assert!(!effects.withdrawn.is_empty() && !effects.reload);
    }

    #[test]
    fn reset_forgets_everything() {
        let (mut consent, _) = Consent::new(Config::default(), None, signals(true, false), NOW);
        let effects = consent.reset(NOW);
        assert!(effects.clear_record);
        assert_eq!(effects.opt_out, Some(false));
        assert!(consent.banner_needed());
        consent.choose(Choice::AcceptAll, NOW, "0000000011111111".into());
        let effects = consent.reset(NOW);
        assert_eq!(effects.withdrawn, set(&[1, 2, 3, 4]));
        assert!(effects.reload);
        assert_eq!(consent.record(), None);
    }

    #[test]
    fn a_choice_from_another_tab_applies_without_storing_anything() {
        let (mut other_tab, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        let accepted = other_tab.choose(Choice::AcceptAll, NOW, "0000000011111111".into());
        let (mut this_tab, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        let effects = this_tab.refresh(accepted.store.as_deref(), false, NOW);
        assert_eq!(this_tab.granted(), set(&[0, 1, 2, 3, 4]));
        assert_eq!((effects.store, effects.opt_out, effects.clear_record), (None, None, false));
        assert!(!this_tab.banner_needed());
        let rejected = other_tab.choose(Choice::RejectAll, NOW, "0000000022222222".into());
        let effects = this_tab.refresh(rejected.store.as_deref(), true, NOW);
        assert_eq!(effects.withdrawn, set(&[1, 2, 3, 4]));
        assert!(effects.reload);
        let effects = this_tab.refresh(None, false, NOW);
        assert!(this_tab.banner_needed(), "a reset elsewhere asks again here");
        assert_eq!(effects, Effects::default());
    }

    #[test]
    fn held_gate_releases_and_stores_nothing() {
        let stored = record(1, NOW, &["analytics"], false);
        let mut consent = Consent::held(Config::default(), Some(&stored), Signals::default(), NOW);
        assert!(consent.is_held());
        assert_eq!(consent.verdict("analytics", None), Verdict::Hold);
        assert_eq!(consent.verdict("necessary", None), Verdict::Hold);
        let effects = consent.choose(Choice::AcceptAll, NOW, "0000000011111111".into());
        assert_eq!(effects, Effects::default(), "nothing stored, nothing released");
        assert!(!consent.is_granted("analytics"));
        assert!(!consent.banner_needed(), "the visitor answered for this page view");
    }

    #[test]
    fn names_to_categories() {
        let (consent, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        assert_eq!(consent.categories(["analytics", "marketing"]), Ok(set(&[ANALYTICS, MARKETING])));
        assert_eq!(consent.categories(["analytics", "nope"]), Err("nope"));
    }

    proptest! {
        /// Whatever is stored and signalled, required categories are granted, the opt-out cookie
        /// leaves nothing else granted, and no stored text can grant a category it doesn't name.
        #[test]
        fn invariants(stored in proptest::option::of(".*"), opt_out: bool, gpc: bool, dnt: bool, now: u64) {
            let signals = Signals { opt_out_cookie: opt_out, gpc, dnt, ..Signals::default() };
            let (consent, _) = Consent::new(Config::default(), stored.as_deref(), signals, now);
            prop_assert!(consent.granted().contains(NECESSARY));
            if opt_out {
                prop_assert_eq!(consent.granted(), set(&[NECESSARY]));
            }
            if gpc {
                prop_assert!(!consent.granted().contains(MARKETING) || consent.record().is_some_and(|r| r.signal));
            }
        }

        #[test]
        fn choices_round_trip_through_storage(picks in proptest::collection::vec(0usize..5, 0..5), gpc: bool, now in 1u64..u64::MAX / 2) {
            let chosen = set(&picks);
            let signals = Signals { gpc, ..Signals::default() };
            let (mut consent, _) = Consent::new(Config::default(), None, signals, now);
            let effects = consent.choose(Choice::Only(chosen, Vec::new(), Source::Preferences), now, "0123456789abcdef".into());
            let granted = consent.granted();
            prop_assert_eq!(granted, chosen.union(set(&[NECESSARY])));
            let stored_signals = Signals { opt_out_cookie: effects.opt_out == Some(true), ..signals };
            let (reloaded, _) = Consent::new(Config::default(), effects.store.as_deref(), stored_signals, now + 1);
            prop_assert_eq!(reloaded.granted(), granted);
        }
    }

    #[test]
    fn an_opt_out_region_grants_by_default_without_storing_it() {
        for mode in [Mode::OptOut, Mode::Notice, Mode::None] {
            let signals = Signals { mode, ..Signals::default() };
            let (mut c, _) = Consent::new(Config::default(), None, signals, NOW);
            assert_eq!(c.basis(), Basis::RegionDefault);
            assert!(!c.banner_needed());
            // Session replay stays opt-in everywhere.
            assert_eq!(c.in_force(), set(&[NECESSARY, 1, ANALYTICS, MARKETING]));
            assert_eq!(c.chosen(), None);
            // GPC opts out of marketing (sale/sharing).
            let (gpc, _) = Consent::new(Config::default(), None, Signals { gpc: true, ..signals }, NOW);
            assert_eq!(gpc.in_force(), set(&[NECESSARY, 1, ANALYTICS]));
            // The opt-out cookie denies everything optional.
            let (cookie, _) = Consent::new(Config::default(), None, Signals { opt_out_cookie: true, ..signals }, NOW);
            assert_eq!(cookie.in_force(), set(&[NECESSARY]));
            // Reject all withdraws the defaults: clean up, reload, store a real choice.
            let effects = c.choose(Choice::RejectAll, NOW, "00112233".into());
            assert_eq!(effects.withdrawn, set(&[1, ANALYTICS, MARKETING]));
            assert!(effects.store.is_some() && effects.reload);
        }
    }

    #[test]
    fn a_choice_beats_the_region_and_a_default_never_travels() {
        let accepted_analytics = record(1, NOW, &["analytics"], false);
        let opt_out = Signals { mode: Mode::OptOut, ..Signals::default() };
        let (c, _) = Consent::new(Config::default(), Some(&accepted_analytics), opt_out, NOW);
        assert_eq!(c.in_force(), set(&[NECESSARY, ANALYTICS]));
        // A visitor who saw a US default and comes back from Germany: nothing was stored.
        let (us, _) = Consent::new(Config::default(), None, opt_out, NOW);
        assert_eq!(us.chosen(), None);
        let (de, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        assert_eq!((de.in_force(), de.banner_needed()), (set(&[NECESSARY]), true));
        // A config error means opt-in everywhere.
        let held = Consent::held(Config::default(), None, opt_out, NOW);
        assert_eq!((held.in_force(), held.banner_needed()), (CategorySet::empty(), true));
    }


    #[test]
    fn a_mode_known_later_releases_or_keeps_holding() {
        let (mut c, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        let effects = c.set_mode(Mode::OptOut, NOW);
        assert_eq!((c.basis(), c.in_force()), (Basis::RegionDefault, set(&[NECESSARY, 1, ANALYTICS, MARKETING])));
        assert!(effects.store.is_none() && effects.withdrawn.is_empty() && effects.opt_out.is_none());
        let effects = c.set_mode(Mode::OptIn, NOW);
        assert_eq!((c.basis(), c.in_force()), (Basis::NoChoice, set(&[NECESSARY])));
        assert_eq!(effects.withdrawn, set(&[1, ANALYTICS, MARKETING]));
        let mut held = Consent::held(Config::default(), None, Signals::default(), NOW);
        held.set_mode(Mode::OptOut, NOW);
        assert_eq!(held.in_force(), CategorySet::empty());
    }

    fn services_record(granted: &[&str], services: &[&str], signal: bool) -> String {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        ConsentRecord { revision: 1, time: NOW, id: "0123456789abcdef".into(), source: Source::Placeholder, signal, granted: names(granted), services: names(services) }.encode()
    }

    #[test]
    fn a_service_granted_alone_runs_and_its_category_stays_held() {
        let (mut c, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        let effects = c.choose(Choice::Add(CategorySet::empty(), vec!["youtube".into()], Source::Placeholder), NOW, "0000000011111111".into());
        assert!(c.is_service_granted("youtube") && !c.is_service_granted("vimeo") && !c.is_service_granted("meta-pixel"));
        assert!(!c.is_granted("marketing"), "marketing is only partly granted");
        assert_eq!(c.verdict("marketing", Some("youtube")), Verdict::Release);
        assert_eq!(c.verdict("marketing", None), Verdict::Hold, "a tag naming only the category");
        assert_eq!(c.verdict("marketing", Some("vimeo")), Verdict::Hold);
        assert_eq!(c.verdict("marketing", Some("not-a-service")), Verdict::Hold, "an unknown service is ignored");
        assert_eq!(effects.opt_out, Some(false), "a service granted is not an opt-out");
        let stored = ConsentRecord::decode(effects.store.as_deref().unwrap()).unwrap();
        assert_eq!((stored.granted.len(), stored.services.as_slice(), stored.source), (0, &["youtube".to_string()][..], Source::Placeholder));
        // It holds on the next page view, and a second service adds to the first.
        let (mut again, _) = Consent::new(Config::default(), effects.store.as_deref(), Signals::default(), NOW + 1);
        assert!(again.is_service_granted("youtube"));
        let effects = again.choose(Choice::Add(CategorySet::empty(), vec!["vimeo".into()], Source::Api), NOW + 2, "0000000022222222".into());
        assert_eq!(ConsentRecord::decode(effects.store.as_deref().unwrap()).unwrap().services, ["youtube", "vimeo"]);
        assert!(effects.withdrawn_services.is_empty() && !effects.reload);
        // "Always allow" on a placeholder of a tag that names no service grants its category.
        let effects = again.choose(Choice::Add(set(&[ANALYTICS]), Vec::new(), Source::Placeholder), NOW, "0000000044444444".into());
        assert!(again.is_granted("analytics") && again.services().len() == 2 && effects.withdrawn_services.is_empty());
        // Granting the category whole makes the services part of it.
        again.choose(Choice::Only(set(&[MARKETING]), vec!["youtube".into()], Source::Preferences), NOW, "0000000033333333".into());
        assert!(again.is_granted("marketing") && again.services().is_empty());
    }

    #[test]
    fn withdrawing_one_service_cleans_up_only_that_one() {
        let (mut c, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        c.choose(Choice::Only(set(&[ANALYTICS]), vec!["youtube".into(), "meta-pixel".into()], Source::Preferences), NOW, "0000000011111111".into());
        let effects = c.choose(Choice::Only(set(&[ANALYTICS]), vec!["youtube".into()], Source::Preferences), NOW, "0000000022222222".into());
        assert_eq!(effects.withdrawn, CategorySet::empty());
        assert_eq!(effects.withdrawn_services, ["meta-pixel"]);
        assert!(effects.reload);
        let (cookies, _) = c.config().patterns(|t| effects.withdrawn_services.iter().any(|n| n == t.name));
        assert!(cookies.iter().any(|p| p.matches("_fbp")) && !cookies.iter().any(|p| p.matches("_ga")));
        // Withdrawing a whole category lists each of its services that was granted.
        let effects = c.choose(Choice::Only(CategorySet::empty(), vec!["youtube".into()], Source::Preferences), NOW, "0000000033333333".into());
        assert!(effects.withdrawn_services.iter().any(|n| n == "google-analytics") && !effects.withdrawn_services.iter().any(|n| n == "youtube"));
        // Unknown names and services of categories granted whole are not stored one by one.
        c.choose(Choice::Only(set(&[MARKETING]), vec!["youtube".into(), "nope".into(), "hotjar".into(), "hotjar".into()], Source::Api), NOW, "0000000044444444".into());
        assert_eq!(c.services(), ["hotjar"]);
    }

    #[test]
    fn service_grants_follow_the_opt_out_cookie_the_signal_and_a_held_gate() {
        let stored = services_record(&[], &["youtube", "hotjar"], false);
        let (c, _) = Consent::new(Config::default(), Some(&stored), signals(true, false), NOW);
        assert!(!c.is_service_granted("youtube") && !c.is_service_granted("hotjar"), "the opt-out cookie beats them");
        let (c, _) = Consent::new(Config::default(), Some(&stored), signals(false, true), NOW);
        assert!(!c.is_service_granted("youtube"), "GPC denies a marketing service granted without the signal");
        assert!(c.is_service_granted("hotjar"), "session replay is not sale or sharing");
        let (c, _) = Consent::new(Config::default(), Some(&services_record(&[], &["youtube"], true)), signals(false, true), NOW);
        assert!(c.is_service_granted("youtube"), "granted under the signal: an explicit choice");
        let held = Consent::held(Config::default(), Some(&stored), Signals::default(), NOW);
        assert!(!held.is_service_granted("hotjar"));
        assert_eq!(held.verdict("marketing", Some("youtube")), Verdict::Hold);
        // An opt-out cookie in force: "Always allow" is an explicit grant that lifts it.
        let (mut c, _) = Consent::new(Config::default(), None, signals(true, false), NOW);
        let effects = c.choose(Choice::Add(CategorySet::empty(), vec!["youtube".into()], Source::Placeholder), NOW, "0000000011111111".into());
        assert_eq!(effects.opt_out, Some(false));
        assert!(c.is_service_granted("youtube"));
    }

    #[test]
    fn urls_follow_their_service() {
        let (mut c, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        c.choose(Choice::Add(CategorySet::empty(), vec!["youtube".into()], Source::Placeholder), NOW, "0000000011111111".into());
        use crate::holding::{Action, Carrier};
        assert_eq!(c.url_verdict("https://www.youtube.com/embed/x", Carrier::Element), Action::Pass);
        assert_eq!(c.url_verdict("https://player.vimeo.com/video/1", Carrier::Element), Action::Hold("marketing"));
    }

    proptest! {
        /// Whatever services a visitor grants one by one, a category stays partly granted (its
        /// category-only tags held) unless it was granted whole, and the choice reads back the same.
        #[test]
        fn service_choices_round_trip(picks in proptest::collection::vec(0usize..6, 0..6), whole in proptest::collection::vec(1usize..5, 0..3)) {
            let names = ["youtube", "vimeo", "hotjar", "google-analytics", "meta-pixel", "unknown"];
            let chosen: Vec<String> = picks.iter().map(|&i| names[i].to_string()).collect();
            let (mut c, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
            let effects = c.choose(Choice::Only(set(&whole), chosen.clone(), Source::Preferences), NOW, "0123456789abcdef".into());
            for name in &names[..5] {
                let category = c.config().service_category(name);
                let expected = chosen.iter().any(|n| n == name) || category.is_some_and(|i| whole.contains(&i));
                prop_assert_eq!(c.is_service_granted(name), expected, "{}", name);
            }
            prop_assert!(!c.is_service_granted("unknown"));
            for i in 1..5 {
                prop_assert_eq!(c.granted().contains(i), whole.contains(&i));
            }
            let (reloaded, _) = Consent::new(Config::default(), effects.store.as_deref(), Signals { opt_out_cookie: effects.opt_out == Some(true), ..Signals::default() }, NOW + 1);
            prop_assert_eq!(reloaded.granted(), c.granted());
            prop_assert_eq!(reloaded.services(), c.services());
        }
    }

}
