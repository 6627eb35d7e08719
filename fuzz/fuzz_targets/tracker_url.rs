//! The tracker URL matcher: any URL text and any host rule never panic, and a match is always
//! on the URL's own host, whole or on a label boundary — never a look-alike or a substring.
#![no_main]

use consent_gate_core::url::{self, Rule};
use consent_gate_core::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (rule_text, url_text) = text.split_once('\n').unwrap_or(("*.google-analytics.com", text));
    let parts = url::parse(url_text);
    if let (Some(rule), Some(parts)) = (Rule::parse(rule_text), parts) {
        if rule.matches(&parts) {
            let base = rule_text.split(['/', '?']).next().unwrap_or_default();
            let host = parts.host.to_ascii_lowercase();
            let base = base.to_ascii_lowercase();
            match base.strip_prefix("*.") {
                Some(suffix) => assert!(host == suffix || host.ends_with(&(String::from(".") + suffix)), "{host} / {base}"),
                None => assert_eq!(host, base),
            }
        }
    }
    if let Some(tracker) = Config::default().tracker_of(url_text) {
        let parts = parts.expect("a tracker URL parses");
        assert!(tracker.covers(&parts));
        assert!(!parts.host.is_empty());
    }
});
