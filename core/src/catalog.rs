//! The tracker catalog: known analytics, session-replay and advertising services and embeds,
//! with the hosts their scripts, frames, pixels and beacons use, the first-party cookies and
//! storage keys they set, and the category they belong to by default.
//!
//! The catalog is data: `catalog/services.toml` (one entry a service, with the vendor's
//! documentation, its install snippets and example URLs), compiled into [`CATALOG`] by build.rs
//! through the `consent-gate-catalog` crate, which reads it strictly and checks what it can
//! alone. The tests here check the rest on the compiled table: every rule and pattern is one the
//! core reads, every example URL belongs to its own service, no exempt script (payments, bot
//! protection) is covered.
//!
//! Order matters: the first service whose host rule matches a URL is the one it belongs to, so
//! specific rules come before broad ones (see services.toml).

/// A catalogued service. Its lists are space-separated (read with `split_ascii_whitespace`):
/// one string each, where slices of strings would ship a pointer and a length per item. (One
/// string for the whole entry, split where read, made the module larger: measured.)
#[derive(Debug)]
pub struct Entry {
    /// The name a config uses to move it (`categories.analytics.services.hotjar`).
    pub id: &'static str,
    /// Shown in the audit and, if the site lists it, in the preferences.
    pub title: &'static str,
    /// The category it belongs to unless the config moves it.
    pub category: &'static str,
    /// The vendor's privacy policy (https), linked from a held embed's placeholder.
    pub privacy: &'static str,
    /// Host rules (see [`crate::url::Rule`]) of its scripts, frames, pixels and beacons.
    pub hosts: &'static str,
    /// Cookie name patterns (`^` = prefix).
    pub cookies: &'static str,
    /// localStorage / sessionStorage key patterns.
    pub storage: &'static str,
}

/// The category that a catalogued session-replay service falls back to when the config has no
/// `session-replay` category.
pub const FALLBACK: (&str, &str) = ("session-replay", "analytics");

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// The catalogued service called `id`.
pub fn entry(id: &str) -> Option<&'static Entry> {
    CATALOG.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cookie::NamePattern;
    use crate::holding::{before_start, Action, Carrier};
    use crate::url::Rule;
    use crate::Config;

    #[test]
    fn every_rule_and_pattern_is_valid() {
        for e in CATALOG {
            for rule in e.hosts.split_ascii_whitespace() {
                assert!(Rule::parse(rule).is_some(), "{}: {rule}", e.id);
            }
            for pattern in e.cookies.split_ascii_whitespace().chain(e.storage.split_ascii_whitespace()) {
                assert!(NamePattern::parse(pattern).is_some(), "{}: {pattern}", e.id);
            }
        }
        let data = consent_gate_catalog::load().unwrap();
        assert_eq!(CATALOG.len(), data.service.len(), "the compiled catalog is services.toml's");
        for (e, s) in CATALOG.iter().zip(&data.service) {
            let lists = [s.hosts.join(" "), s.cookies.join(" "), s.storage.join(" ")];
            assert_eq!([e.id, e.title, e.category], [&s.id, &s.title, &s.category]);
            assert_eq!([e.hosts, e.cookies, e.storage], [&lists[0], &lists[1], &lists[2]]);
        }
    }

    /// Each service's example URLs belong to it and to no service before it (the first rule that
    /// covers a URL decides), under the default config.
    #[test]
    fn every_example_belongs_to_its_own_service() {
        let config = Config::default();
        for service in consent_gate_catalog::load().unwrap().service {
            for example in &service.examples {
                let owner = config.tracker_of(&example.url).map(|t| t.name);
                assert_eq!(owner, Some(service.id.as_str()), "{}", example.url);
                assert!(before_start(&example.url, Carrier::Element) == Action::Hold(""), "held before start: {}", example.url);
            }
        }
    }

    #[test]
    fn exempt_scripts_are_never_covered() {
        for exempt in consent_gate_catalog::load().unwrap().exempt {
            for url in &exempt.examples {
                assert_eq!(Config::default().tracker_of(url).map(|t| t.name), None, "{}: {url}", exempt.id);
                assert!(before_start(url, Carrier::Element) == Action::Pass, "{url}");
            }
        }
    }
}
