//! Region rules: which policy (opt-in, notice, opt-out, none) applies to this page view, from
//! the region the site's edge or server wrote into the page and the browser's time zone.
//!
//! The region comes from `data-region` on the gate's tag, else the first
//! `<meta name="consent-gate-region">` before it ([`From`]); nothing, an empty, malformed or
//! "unknown" code (`XX`, `T1`, …) selects the `unknown` policy, which the config reader requires
//! to be opt-in. A subdivision match (`US-CA`) beats a country match (`US`), which beats `*`.
//! The time zone can only make the result stricter: its country's policy is taken where that
//! is stricter than the region's ([`Regions::resolve`]). The zone → country table, [`ZONES`], is
//! generated from tzdata's `zone1970.tab` at build time (`core/build.rs`). The module does not
//! carry it (every visitor would pay 2.5 KB for it): the build writes it beside the module as
//! `zones.txt`, and the loader fetches it only for a page view whose region is not opt-in.

use crate::split;

/// How a policy treats the non-required categories before the visitor chooses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// No interface; granted until the visitor opts out (by the site's own link or the API).
    None,
    /// Granted until the visitor opts out; a persistent opt-out link.
    OptOut,
    /// As `OptOut`, with a small notice on the first visit.
    Notice,
    /// Held until the visitor consents: the banner (the gate without regions).
    #[default]
    OptIn,
}

impl Mode {
    /// The config's and the record's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::None => "none",
            Mode::OptOut => "opt-out",
            Mode::Notice => "notice",
            Mode::OptIn => "opt-in",
        }
    }

    /// The modes, as the config names them, in [`Mode::as_str`] order.
    pub const ALL: [Mode; 4] = [Mode::OptIn, Mode::Notice, Mode::OptOut, Mode::None];
}

/// The opt-out link's text, one of the two the California rules allow (11 CCR §7026(a)(1)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// "Do Not Sell or Share My Personal Information".
    DoNotSell,
    /// "Your Privacy Choices" (the alternative opt-out link).
    PrivacyChoices,
}

/// One region policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Its name, in records and the JS API.
    pub id: String,
    /// The regions it covers: `DE`, `US-CA`, or `*`; groups are expanded when read.
    pub matches: Vec<String>,
    /// What it does before a choice.
    pub mode: Mode,
    /// The opt-out link's text (opt-out and notice modes).
    pub link: Link,
}

/// The config's `regions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regions {
    /// In order: within one level (subdivision, country, `*`), the first that matches wins.
    pub policies: Vec<Policy>,
    /// The policy for an unknown region; always opt-in.
    pub unknown: usize,
}

/// Where the region of a decision came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    /// `data-region` on the gate's script tag.
    Attribute,
    /// The first `<meta name="consent-gate-region">` before the tag.
    Meta,
    /// No usable region: the `unknown` policy.
    Fallback,
    /// The time zone's country had the stricter policy.
    TimeZone,
}

impl From {
    /// The record's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            From::Attribute => "attribute",
            From::Meta => "meta",
            From::Fallback => "fallback",
            From::TimeZone => "time-zone",
        }
    }
}

/// The policy of a page view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Index into [`Regions::policies`].
    pub policy: usize,
    /// The region it was decided for (`US-CA`; empty for the fallback).
    pub region: String,
    /// Where that region came from.
    pub from: From,
}

/// The European Union's member states.
pub const EU: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
    "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// The European Economic Area: the EU, Iceland, Liechtenstein and Norway.
pub const EEA_EXTRA: [&str; 3] = ["IS", "LI", "NO"];

/// Codes that name no region: CDNs' "unknown" (`XX`), Tor (`T1`), GeoIP's anonymous proxy,
/// satellite and "other" codes, and the user-assigned `ZZ`. `EU` and `UK` are no ISO 3166-1
/// countries either (the reader refuses them in a config: write `@EU`, `GB`).
const UNKNOWN: [&str; 8] = ["XX", "T1", "A1", "A2", "O1", "AP", "EU", "ZZ"];

/// Whether `code` is a region code as a config writes it: `DE`, `US-CA` (ISO 3166-1 alpha-2,
/// optionally `-` and a 1–3 character ISO 3166-2 subdivision), uppercase.
pub fn is_code(code: &str) -> bool {
    let b = code.as_bytes();
    let country = b.len() >= 2 && b[..2].iter().all(u8::is_ascii_uppercase);
    let subdivision = match b.len() {
        2 => true,
        4..=6 => b[2] == b'-' && b[3..].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        _ => false,
    };
    country && subdivision && !UNKNOWN.contains(&&code[..2]) && &code[..2] != "UK"
}

/// The codes a config's `match` item stands for: itself, a group's members, or `None` if it is
/// not one.
pub fn expand(item: &str) -> Option<Vec<String>> {
    match item {
        "*" => Some(vec![item.into()]),
        "@EU" => Some(EU.iter().map(|c| String::from(*c)).collect()),
        "@EEA" => Some(EU.iter().chain(EEA_EXTRA.iter()).map(|c| String::from(*c)).collect()),
        code if is_code(code) => Some(vec![code.into()]),
        _ => None,
    }
}

/// The shipped `worldwide` preset: opt-in in the EEA, the UK, Switzerland, Quebec and Brazil and
/// wherever the region is unknown or not listed; in the US, opt-out with a first-visit notice and
/// the "Do Not Sell or Share" link.
pub fn worldwide() -> Regions {
    let policy = |id: &str, matches: Vec<String>, mode| Policy { id: id.into(), matches, mode, link: Link::DoNotSell };
    let mut europe = expand("@EEA").unwrap_or_default();
    europe.extend(["GB", "CH"].map(String::from));
    Regions {
        policies: vec![
            policy("europe", europe, Mode::OptIn),
            policy("quebec", vec!["CA-QC".into()], Mode::OptIn),
            policy("brazil", vec!["BR".into()], Mode::OptIn),
            policy("us", vec!["US".into()], Mode::Notice),
            policy("rest", vec!["*".into()], Mode::OptIn),
        ],
        unknown: 4,
    }
}

/// tzdata's zones, one per line, `Area/City CC` (the zone's main country): `zones.txt`.
pub const ZONES: &str = include_str!(concat!(env!("OUT_DIR"), "/zones.txt"));

/// The main country of the time zone `zone` (`Europe/Berlin` → `DE`) in the table `zones`
/// ([`ZONES`]' format), if it has it.
pub fn zone_country<'a>(zones: &'a str, zone: &str) -> Option<&'a str> {
    if zone.is_empty() {
        return None;
    }
    split::pieces(zones, b'\n').find_map(|line| split::cut(line, b' ').filter(|(z, _)| *z == zone).map(|(_, cc)| cc))
}

impl Regions {
    /// The first policy that lists `code` exactly.
    fn listing(&self, code: &str) -> Option<usize> {
        self.policies.iter().position(|p| p.matches.iter().any(|m| m == code))
    }

    /// The policy for a valid region code: its subdivision's, else its country's, else `*`'s,
    /// else the unknown one.
    fn policy_for(&self, code: &str) -> usize {
        let country = &code[..2];
        (code.len() > 2).then(|| self.listing(code)).flatten().or_else(|| self.listing(country)).or_else(|| self.listing("*")).unwrap_or(self.unknown)
    }

    /// The policy of a page view whose region signal is `signal` (as written, from `from`:
    /// attribute or meta; `None`: neither) and whose time zone is `zone` (`""`: unknown), looked
    /// up in the table `zones` (`""`: not yet known).
    pub fn resolve(&self, signal: Option<(&str, From)>, zone: &str, zones: &str) -> Decision {
        let mut code = String::new();
        if let Some((text, _)) = signal {
            code.push_str(split::trim_spaces(text));
            code.make_ascii_uppercase();
        }
        let mut decision = match signal {
            Some((_, from)) if is_code(&code) => Decision { policy: self.policy_for(&code), region: code, from },
            _ => Decision { policy: self.unknown, region: String::new(), from: From::Fallback },
        };
        if let Some(country) = zone_country(zones, zone) {
            let by_zone = self.policy_for(country);
            if self.policies[by_zone].mode > self.policies[decision.policy].mode {
                decision = Decision { policy: by_zone, region: country.into(), from: From::TimeZone };
            }
        }
        decision
    }

    /// The policy a decision names.
    pub fn policy(&self, decision: &Decision) -> &Policy {
        &self.policies[decision.policy]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes() {
        for good in ["DE", "US", "US-CA", "CA-QC", "FR-75", "GB-ENG", "CH"] {
            assert!(is_code(good), "{good}");
        }
        for bad in ["", "D", "de", "DEU", "US-", "US-CALI", "US_CA", "XX", "T1", "EU", "UK", "ZZ", "A1", "US-ca", "*"] {
            assert!(!is_code(bad), "{bad}");
        }
        assert_eq!(expand("@EEA").map(|v| v.len()), Some(30));
        assert_eq!(expand("@EU").map(|v| v.len()), Some(27));
        assert_eq!(expand("@NAFTA"), None);
    }

    #[test]
    fn zones_come_from_tzdata() {
        assert_eq!(zone_country(ZONES, "Europe/Berlin"), Some("DE"));
        assert_eq!(zone_country(ZONES, "America/Los_Angeles"), Some("US"));
        assert_eq!(zone_country(ZONES, "America/Toronto"), Some("CA"));
        assert_eq!(zone_country(ZONES, "Atlantic/Canary"), Some("ES"));
        assert_eq!(zone_country(ZONES, "UTC"), None);
        assert_eq!(zone_country(ZONES, ""), None);
        assert_eq!(zone_country(ZONES, "Europe/Berlin "), None);
        assert_eq!(zone_country("", "Europe/Berlin"), None);
    }

    fn id(regions: &Regions, signal: Option<(&str, From)>, zone: &str) -> (String, String, From) {
        let d = regions.resolve(signal, zone, ZONES);
        (regions.policy(&d).id.clone(), d.region, d.from)
    }

    #[test]
    fn the_worldwide_preset() {
        let w = worldwide();
        fn at(s: &str) -> Option<(&str, From)> {
            Some((s, From::Attribute))
        }
        for (signal, zone, policy, region, from) in [
            (at("DE"), "Europe/Berlin", "europe", "DE", From::Attribute),
            (at("gb"), "", "europe", "GB", From::Attribute),
            (at(" CH "), "", "europe", "CH", From::Attribute),
            (at("US-CA"), "America/Los_Angeles", "us", "US-CA", From::Attribute),
            (at("US"), "UTC", "us", "US", From::Attribute),
            (Some(("US-TX", From::Meta)), "America/Chicago", "us", "US-TX", From::Meta),
            (at("CA-QC"), "America/Toronto", "quebec", "CA-QC", From::Attribute),
            (at("CA-ON"), "America/Toronto", "rest", "CA-ON", From::Attribute),
            (at("BR"), "", "brazil", "BR", From::Attribute),
            (at("JP"), "Asia/Tokyo", "rest", "JP", From::Attribute),
            (at("XX"), "America/New_York", "rest", "", From::Fallback),
            (at("T1"), "", "rest", "", From::Fallback),
            (at("U S"), "", "rest", "", From::Fallback),
            (None, "America/Los_Angeles", "rest", "", From::Fallback),
            // A US signal with a European clock: the stricter policy.
            (at("US"), "Europe/Paris", "europe", "FR", From::TimeZone),
            (at("US-CA"), "Asia/Tokyo", "rest", "JP", From::TimeZone),
        ] {
            assert_eq!(id(&w, signal, zone), (policy.into(), region.into(), from), "{signal:?} {zone}");
        }
    }

    #[test]
    fn a_subdivision_beats_its_country_which_beats_the_rest() {
        let p = |id: &str, m: &str, mode| Policy { id: id.into(), matches: vec![m.into()], mode, link: Link::DoNotSell };
        let r = Regions { policies: vec![p("any", "*", Mode::None), p("us", "US", Mode::OptOut), p("ca", "US-CA", Mode::Notice), p("u", "DE", Mode::OptIn)], unknown: 3 };
        assert_eq!(id(&r, Some(("US-CA", From::Attribute)), "").0, "ca");
        assert_eq!(id(&r, Some(("US-NY", From::Attribute)), "").0, "us");
        assert_eq!(id(&r, Some(("FR", From::Attribute)), "").0, "any");
        assert_eq!(id(&r, None, "").0, "u");
    }

    fn zone() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("UTC".to_string()),
            proptest::sample::select(split::pieces(ZONES, b'\n').filter_map(|l| split::cut(l, b' ').map(|(z, _)| z.to_string())).collect::<Vec<_>>()),
        ]
    }

    fn signal() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            "[A-Z]{2}".prop_map(Some),
            "[A-Z]{2}-[A-Z0-9]{1,3}".prop_map(Some),
            ".{0,8}".prop_map(Some),
            proptest::sample::select(vec!["XX", "T1", "", " ", "US", "US-CA", "CA-QC", "DE"]).prop_map(|s| Some(s.to_string())),
        ]
    }

    proptest! {
        /// The time zone never relaxes: with it, the mode is at least as strict as without it.
        #[test]
        fn a_time_zone_only_tightens(s in signal(), z in zone()) {
            let w = worldwide();
            let with = w.resolve(s.as_deref().map(|s| (s, From::Attribute)), &z, ZONES);
            let without = w.resolve(s.as_deref().map(|s| (s, From::Attribute)), &z, "");
            prop_assert!(w.policy(&with).mode >= w.policy(&without).mode);
        }

        /// Whatever is not a region code is the unknown policy, opt-in.
        #[test]
        fn unknown_is_opt_in(s in signal(), z in zone()) {
            let w = worldwide();
            let d = w.resolve(s.as_deref().map(|s| (s, From::Meta)), &z, ZONES);
            let mut code = s.as_deref().map(split::trim_spaces).unwrap_or_default().to_string();
            code.make_ascii_uppercase();
            if !is_code(&code) {
                prop_assert_eq!(w.policy(&d).mode, Mode::OptIn);
            }
        }
    }
}
