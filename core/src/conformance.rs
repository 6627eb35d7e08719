//! Cases that must come out the same wherever the core runs: on the host (the core's own tests)
//! and compiled to wasm in a browser (the shell's `tests/core_on_wasm.rs`), where a reader that
//! behaved differently would go unnoticed by host tests alone. Compiled for tests and with the
//! `conformance` feature, never into the module that ships. Each check panics, naming the case,
//! on the first difference.

use crate::config::{Config, Problem};
use crate::record::{self, ConsentRecord, RecordError, Source};

/// Config texts and the first problem each has, with the path of its field.
pub const CONFIG_ERRORS: &[(&str, Problem, &str)] = &[
        ("{", Problem::Syntax, ""),
        ("[]", Problem::ExpectedObject, ""),
        (r#"{"revison": 2}"#, Problem::UnknownField, "revison"),
        (r#"{"revision": "2"}"#, Problem::ExpectedInteger, "revision"),
        (r#"{"revision": 1.5}"#, Problem::ExpectedInteger, "revision"),
        (r#"{"revision": 0}"#, Problem::OutOfRange, "revision"),
        (r#"{"revision": -1}"#, Problem::OutOfRange, "revision"),
        (r#"{"gpc": "yes"}"#, Problem::ExpectedBool, "gpc"),
        (r#"{"categories": []}"#, Problem::ExpectedObject, "categories"),
        (r#"{"categories": {"analytics": {"required": 1}}}"#, Problem::ExpectedBool, "categories.analytics.required"),
        (r#"{"categories": {"analytics": {"requried": true}}}"#, Problem::UnknownField, "categories.analytics.requried"),
        (r#"{"categories": {"a b": {}}}"#, Problem::BadName, "categories.a b"),
        (r#"{"categories": {"": {}}}"#, Problem::BadName, "categories."),
        (r#"{"categories": {"a": {}, "a": {}}}"#, Problem::BadName, "categories.a"),
        (r#"{"categories": {"a": {"services": {"s": {"cookies": "_ga"}}}}}"#, Problem::ExpectedArray, "categories.a.services.s.cookies"),
        (r#"{"categories": {"a": {"services": {"s": {"cookies": ["_ga", "^"]}}}}}"#, Problem::BadCookieName, "categories.a.services.s.cookies[1]"),
        (r#"{"categories": {"a": {"services": {"s": {"cookies": ["a;b"]}}}}}"#, Problem::BadCookieName, "categories.a.services.s.cookies[0]"),
        (r#"{"cookie": {"name": "a=b"}}"#, Problem::BadCookieName, "cookie.name"),
        (r#"{"cookie": {"days": 0}}"#, Problem::OutOfRange, "cookie.days"),
        (r#"{"cookie": {"path": "x"}}"#, Problem::BadCookieScope, "cookie.path"),
        (r#"{"cookie": {"domain": "a;b"}}"#, Problem::BadCookieScope, "cookie.domain"),
        (r#"{"cookie": {"same_site": "sometimes"}}"#, Problem::NotAChoice, "cookie.same_site"),
        (r#"{"theme": "purple"}"#, Problem::NotAChoice, "theme"),
        (r#"{"position": "top"}"#, Problem::NotAChoice, "position"),
        (r#"{"auto_block": "yes"}"#, Problem::ExpectedBool, "auto_block"),
        (r#"{"categories": {"a": {"services": {"s": {"hosts": ["https://x.test/"]}}}}}"#, Problem::BadHost, "categories.a.services.s.hosts[0]"),
        (r#"{"categories": {"a": {"services": {"s": {"hosts": ["*"]}}}}}"#, Problem::BadHost, "categories.a.services.s.hosts[0]"),
        (r#"{"consent_mode": {"ad_storage": ["marketing", "ads"]}}"#, Problem::UnknownCategory, "consent_mode.ad_storage[1]"),
        (r#"{"consent_mode": {"security_storage": []}}"#, Problem::UnknownField, "consent_mode.security_storage"),
        (r#"{"opt_out_cookie": ""}"#, Problem::BadCookieName, "opt_out_cookie"),
        (r#"{"translations": {"de": {"acept_all": "x"}}}"#, Problem::UnknownField, "translations.de.acept_all"),
        (r#"{"translations": {"de": {"save": 1}}}"#, Problem::ExpectedString, "translations.de.save"),
        (r#"{"privacy_policy_url": "javascript:alert(1)"}"#, Problem::BadUrl, "privacy_policy_url"),
        (r#"{"privacy_policy_url": "JavaScript:alert(1)"}"#, Problem::BadUrl, "privacy_policy_url"),
        (r#"{"privacy_policy_url": "java\tscript:alert(1)"}"#, Problem::BadUrl, "privacy_policy_url"),
        (r#"{"privacy_policy_url": " javascript:alert(1)"}"#, Problem::BadUrl, "privacy_policy_url"),
        (r#"{"privacy_policy_url": "data:text/html,<b>x</b>"}"#, Problem::BadUrl, "privacy_policy_url"),
        (r#"{"privacy_policy_url": ""}"#, Problem::BadUrl, "privacy_policy_url"),
        (r#"{"records_url": "javascript:alert(1)"}"#, Problem::BadUrl, "records_url"),
        (r#"{"regions": "everywhere"}"#, Problem::NotAChoice, "regions"),
        (r#"{"regions": {"policies": [{"id": "uk", "match": ["UK"]}], "unknown": "uk"}}"#, Problem::BadRegion, "regions.policies[0].match[0]"),
        (r#"{"regions": {"policies": [{"id": "eu", "match": ["@EUROPE"]}], "unknown": "eu"}}"#, Problem::BadRegion, "regions.policies[0].match[0]"),
        (r#"{"regions": {"policies": [{"id": "us", "match": ["us-ca"]}], "unknown": "us"}}"#, Problem::BadRegion, "regions.policies[0].match[0]"),
        (r#"{"regions": {"policies": [{"id": "us", "match": ["US"], "mode": "opt-out"}], "unknown": "us"}}"#, Problem::FallbackNotOptIn, "regions.unknown"),
        (r#"{"regions": {"policies": [{"id": "all", "match": ["*"]}]}}"#, Problem::UnknownPolicy, "regions.unknown"),
        (r#"{"regions": {"policies": [{"id": "all", "match": ["*"]}], "unknown": "al"}}"#, Problem::UnknownPolicy, "regions.unknown"),
        (r#"{"regions": {"policies": [{"match": ["*"]}], "unknown": ""}}"#, Problem::BadName, "regions.policies[0].id"),
        (r#"{"regions": {"policies": [{"id": "a"}, {"id": "a"}], "unknown": "a"}}"#, Problem::BadName, "regions.policies[1].id"),
        (r#"{"regions": {"policies": [{"id": "a", "mode": "opt-maybe"}], "unknown": "a"}}"#, Problem::NotAChoice, "regions.policies[0].mode"),
        (r#"{"regions": {"policies": [{"id": "a", "link": "click-here"}], "unknown": "a"}}"#, Problem::NotAChoice, "regions.policies[0].link"),
        (r#"{"regions": {"policies": [{"id": "a", "regions": ["*"]}], "unknown": "a"}}"#, Problem::UnknownField, "regions.policies[0].regions"),
        (r#"{"regions": {"policy": [], "unknown": "a"}}"#, Problem::UnknownField, "regions.policy"),
        (r#"{"categories": {"a": {"opt_in_everywhere": 1}}}"#, Problem::ExpectedBool, "categories.a.opt_in_everywhere"),
    ];

/// A config that uses every field, read without error.
pub const CONFIG_ACCEPTED: &str = r#"{
  "revision": 3,
  "categories": {
    "essential": {"title": "Essential", "required": true},
    "stats": {"title": "Statistics", "description": "Counting visits",
              "services": {"plausible": {"title": "Plausible", "cookies": ["pl", "^pl_"], "storage": ["^pl."], "hosts": ["*.stats.example"]}}},
    "ads": {"gpc_opt_out": true},
    "marketing": {"gpc_opt_out": false}
  },
  "cookie": {"name": "consent", "domain": "example.com", "path": "/shop", "days": 30, "same_site": "strict"},
  "opt_out_cookie": "no_tracking",
  "gpc": false, "dnt": true,
  "language": "de",
  "translations": {"de": {"accept_all": "Alle akzeptieren", "categories": {"stats": {"title": "Statistik"}}}},
  "privacy_policy_url": "/privacy",
  "reload_on_withdraw": false,
  "theme": "dark", "position": "Center",
  "auto_block": true,
  "consent_mode": {"ad_storage": ["ads"], "analytics_storage": ["stats"]},
  "records_url": "https://records.example/v1/consents",
  "regions": {"policies": [{"id": "eu", "match": ["@EEA", "GB", "CH"], "mode": "opt-in"},
                           {"id": "ca", "match": ["US-CA"], "mode": "notice", "link": "privacy-choices"},
                           {"id": "us", "match": ["US"], "mode": "opt-out"},
                           {"id": "rest", "match": ["*"], "mode": "opt-in"}],
              "unknown": "rest"}
}"#;

/// Reads every case of [`CONFIG_ERRORS`] and [`CONFIG_ACCEPTED`].
pub fn check_config() {
    for (text, problem, field) in CONFIG_ERRORS {
        match Config::from_json(text) {
            Err(e) => assert!(e.problem == *problem && e.field == *field, "{text}: {:?} at `{}`, not {problem:?} at `{field}`", e.problem, e.field),
            Ok(_) => panic!("{text}: accepted"),
        }
    }
    let c = Config::from_json(CONFIG_ACCEPTED).unwrap_or_else(|e| panic!("the full config: {}", e.message()));
    assert!(c.revision == 3 && c.categories.len() == 4 && c.cookie.days == 30 && c.categories[1].services[0].hosts.len() == 1);
    let regions = c.regions.as_ref().unwrap_or_else(|| panic!("the full config has regions"));
    assert!(regions.policies.len() == 4 && regions.policies[0].matches.len() == 32 && regions.unknown == 3);
    assert!(Config::from_json(r#"{"regions": "worldwide"}"#).is_ok_and(|c| c.regions == Some(crate::region::worldwide())));
}

/// Records that must survive their text form, whatever their category names hold.
fn records() -> Vec<ConsentRecord> {
    let names = |list: &[&str]| list.iter().map(|n| String::from(*n)).collect::<Vec<_>>();
    vec![
        ConsentRecord { revision: 3, time: 1_763_900_000, id: "9f86d081884c7d659a2feaa0".into(), source: Source::Preferences, signal: true, granted: names(&["analytics", "session-replay"]), services: Vec::new() },
        ConsentRecord { revision: 1, time: 0, id: "00000000".into(), source: Source::RejectAll, signal: false, granted: Vec::new(), services: Vec::new() },
        ConsentRecord { revision: u64::MAX, time: u64::MAX, id: "f".repeat(64), source: Source::AcceptAll, signal: false, granted: names(&["a;b=c,d", "\"<x>\"", "Grüße", "+.%", "日本", "😀"]), services: Vec::new() },
        ConsentRecord { revision: 2, time: 1_763_900_000, id: "0123456789abcdef".into(), source: Source::Preferences, signal: false, granted: names(&["analytics"]), services: names(&["youtube", "a;b"]) },
    ]
}

/// Encodes and decodes [`records`], and turns away damaged and well-summed nonsense texts.
pub fn check_record() {
    for r in records() {
        let text = r.encode();
        assert_eq!(ConsentRecord::decode(&text).as_ref(), Ok(&r), "{text}");
    }
    let good = records()[0].encode();
    let flipped = good.replace("analytics", "marketing");
    let truncated = &good[..good.len() - 3];
    for (text, error) in [
        ("", RecordError::Malformed),
        ("garbage", RecordError::Malformed),
        (flipped.as_str(), RecordError::Checksum),
        (truncated, RecordError::Checksum),
        ("2.3.1763900000.9f86d081884c7d65.a..00000000", RecordError::Version),
    ] {
        assert_eq!(ConsentRecord::decode(text), Err(error), "{text}");
    }
    for body in [
        "1.3.17.9f86d081884c7d65.x.",          // unknown source
        "1.3.17.9f86d081884c7d65.ag2.",        // unknown flag
        "1.3.17.9f86d081884c7d65.ga.",         // flag before the source
        "1.3.17.9f86d081884c7d65..",           // no source
        "1.3.17.9f86d081884c7d65.\u{e9}.",     // a letter of more than one byte
        "1.3.17.NOTHEX00.a.",                  // bad id
        "1.3.17.9f86d0.a.",                    // id too short
        "1.3.x.9f86d081884c7d65.a.",           // bad time
        "1.3.17.9f86d081884c7d65.a.a++b",      // empty name
        "1.3.17.9f86d081884c7d65.a.a%2",       // short escape
        "1.3.17.9f86d081884c7d65.a.a%FF",      // not UTF-8
        "1.3.17.9f86d081884c7d65.a.a b",       // stray character
        "1.3.17.9f86d081884c7d65.a.a.",        // empty services field
        "1.3.17.9f86d081884c7d65.a.a.b+.",     // empty service name
        "1.3.17.9f86d081884c7d65.a.a.b.extra", // extra field
        "1.3.17.9f86d081884c7d65.a",           // missing field
    ] {
        let text = record::with_checksum(body);
        assert_eq!(ConsentRecord::decode(&text), Err(RecordError::Malformed), "{body}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn config_cases() {
        super::check_config();
    }

    #[test]
    fn record_cases() {
        super::check_record();
    }
}
