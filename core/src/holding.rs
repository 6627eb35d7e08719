//! The one verdict on a URL that the page gives an element (a script, iframe or image) or sends a
//! request to (a beacon, fetch or XHR): leave it alone, hold the element, or drop the request.
//! Interception asks this for every URL on a tracker's host; nothing else decides it.
//!
//! Two rules, one function each:
//!
//! - **Before the gate has started** ([`before_start`]): the config is not known yet (the module
//!   is still loading, or the config is still being fetched), so only the catalog decides. A URL
//!   a catalogued service's host rules cover is held (an element, under no category yet: the gate
//!   decides once it starts) or dropped (a request: it cannot wait). Every other URL is left
//!   alone, so the page's own and its CDNs' scripts run in order and at once. The stub applies
//!   this rule from a table generated from [`crate::catalog`] at build time
//!   (`consent-gate-tool stub-table`), and a test holds the two to the same answers.
//! - **Once it has started** ([`Consent::url_verdict`]): the config's trackers (its own hosts
//!   and the catalog, as the config places them) and the categories in force decide.
//!
//! Hosts a config adds to the catalog (`services.*.hosts`) count from the gate's start: before
//! it, a page that must not load them marks its tags (`data-category`), which are inert.

use crate::consent::Consent;
use crate::trackers::{catalogued, Tracker};

/// What carries a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carrier {
    /// A script, iframe or image that would load it: it can be held and released later.
    Element,
    /// A beacon, fetch or XHR: it cannot wait, so it is sent now or dropped.
    Request,
}

/// What interception does with a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action<'c> {
    /// Not a tracker's, or its category is in force: leave it alone.
    Pass,
    /// Hold the element under this category (`""`: until the gate has started and decides).
    Hold(&'c str),
    /// Drop the request.
    Drop,
}

impl Carrier {
    /// What stops a URL carried this way: an element is held under `category`, a request dropped.
    fn stop(self, category: &str) -> Action<'_> {
        match self {
            Carrier::Element => Action::Hold(category),
            Carrier::Request => Action::Drop,
        }
    }
}

/// The pre-start rule: a URL that a catalogued service's host rules cover is stopped; every
/// other URL passes. (`url` is absolute, as the browser resolved it.)
pub fn before_start(url: &str, carrier: Carrier) -> Action<'static> {
    if catalogued(url) {
        carrier.stop("")
    } else {
        Action::Pass
    }
}

impl Consent {
    /// The rule once the gate has started: a URL of one of the config's trackers (see
    /// [`crate::Config::tracker_of`]) is stopped unless that service is granted (see
    /// [`Consent::grants`]); with
    /// `auto_block` off, every URL passes (the site marks its tags itself).
    pub fn url_verdict(&self, url: &str, carrier: Carrier) -> Action<'_> {
        self.tracker_verdict(self.config().tracker_of(url), carrier)
    }

    /// [`Consent::url_verdict`] for a URL of `tracker` (`None`: of no tracker), found already.
    pub fn tracker_verdict<'c>(&self, tracker: Option<Tracker<'c>>, carrier: Carrier) -> Action<'c> {
        match tracker {
            Some(tracker) if self.config().auto_block && !self.grants(tracker.name, tracker.category) => carrier.stop(tracker.category_name),
            _ => Action::Pass,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Choice, Signals};
    use crate::Config;

    const GA: &str = "https://www.googletagmanager.com/gtag/js?id=G-ABC123";
    const HOTJAR: &str = "https://static.hotjar.com/c/hotjar-1.js";
    const OWN: &str = "https://stats.example.net/t.js";
    const CDN: &str = "https://cdn.jsdelivr.net/npm/jquery@3/dist/jquery.min.js";

    fn consent(config: &str) -> Consent {
        Consent::new(Config::from_json(config).unwrap(), None, Signals::default(), 1_763_900_000).0
    }

    /// One row per situation: the URL, how it is carried, and what happens to it before the gate
    /// has started and after, with no choice made.
    #[test]
    fn decides_before_and_after_start() {
        let config = r#"{"categories": {"necessary": {"required": true}, "analytics": {"services": {"own": {"hosts": ["stats.example.net"]}}},
            "session-replay": {}, "marketing": {}}}"#;
        let rows = [
            (GA, Carrier::Element, Action::Hold(""), Action::Hold("analytics")),
            (GA, Carrier::Request, Action::Drop, Action::Drop),
            (HOTJAR, Carrier::Element, Action::Hold(""), Action::Hold("session-replay")),
            ("https://www.facebook.com/tr?id=1", Carrier::Request, Action::Drop, Action::Drop),
            ("https://www.facebook.com/profile.php", Carrier::Element, Action::Pass, Action::Pass),
            // The site's own hosts count once its config is known.
            (OWN, Carrier::Element, Action::Pass, Action::Hold("analytics")),
            (OWN, Carrier::Request, Action::Pass, Action::Drop),
            (CDN, Carrier::Element, Action::Pass, Action::Pass),
            (CDN, Carrier::Request, Action::Pass, Action::Pass),
            ("https://google-analytics.com.evil.test/analytics.js", Carrier::Element, Action::Pass, Action::Pass),
            ("data:text/javascript,1", Carrier::Element, Action::Pass, Action::Pass),
        ];
        let started = consent(config);
        for (url, carrier, before, after) in rows {
            assert_eq!(before_start(url, carrier), before, "before start: {url} {carrier:?}");
            assert_eq!(started.url_verdict(url, carrier), after, "after start: {url} {carrier:?}");
        }
    }

    #[test]
    fn granted_categories_pass_and_auto_block_off_passes_everything() {
        let mut c = consent("{}");
        c.choose(Choice::Only(crate::CategorySet::empty().with(2), Vec::new(), crate::record::Source::Api), 1_763_900_000, "00".into());
        assert_eq!(c.url_verdict(GA, Carrier::Element), Action::Pass, "analytics granted");
        assert_eq!(c.url_verdict(HOTJAR, Carrier::Element), Action::Hold("session-replay"));
        let off = consent(r#"{"auto_block": false}"#);
        assert_eq!(off.url_verdict(HOTJAR, Carrier::Element), Action::Pass);
        assert_eq!(off.url_verdict(HOTJAR, Carrier::Request), Action::Pass);
    }

    #[test]
    fn a_service_without_its_category_is_never_in_force() {
        let c = consent(r#"{"categories": {"essential": {"required": true}, "stats": {}}}"#);
        assert_eq!(c.url_verdict("https://connect.facebook.net/en_US/fbevents.js", Carrier::Element), Action::Hold("marketing"));
    }

    #[test]
    fn a_held_gate_stops_every_tracker_even_under_a_required_category() {
        let config = Config::from_json(r#"{"categories": {"necessary": {"required": true, "services": {"hotjar": {}}}}}"#).unwrap();
        let open = Consent::new(config.clone(), None, Signals::default(), 0).0;
        assert_eq!(open.url_verdict(HOTJAR, Carrier::Element), Action::Pass, "a required category is in force");
        let held = Consent::held(config, None, Signals::default(), 0);
        assert_eq!(held.url_verdict(HOTJAR, Carrier::Element), Action::Hold("necessary"));
    }
}
