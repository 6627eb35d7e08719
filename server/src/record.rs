//! A consent record: what the gate sends ([`Submission`], read strictly and checked field by
//! field), and what the service keeps ([`Stored`]: the submission with the server's sequence
//! number and receive time, in the canonical form the hash chain covers).

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The most categories a record may list as granted or as denied.
pub const MAX_CATEGORIES: usize = 32;

/// Where the choice was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The first-layer banner's buttons.
    Banner,
    /// The preferences dialog.
    Preferences,
    /// The site's own code, through the JS API.
    Api,
    /// "Always allow" on a held embed's placeholder.
    Placeholder,
    /// Applied because the browser sent Global Privacy Control.
    Gpc,
}

/// One record as the gate posts it to `POST /v1/consents`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Random id of this record (lowercase hex, 16 to 64 digits): sending it again is harmless.
    pub record_id: String,
    /// The consent id in the visitor's cookie (lowercase hex, 8 to 64 digits).
    pub consent_id: String,
    /// The site's policy revision the choice was made under.
    pub revision: u64,
    /// Categories granted, required ones included.
    pub granted: Vec<String>,
    /// Categories denied.
    pub denied: Vec<String>,
    /// Services granted one by one, in categories not granted whole (absent: none; a record of
    /// a gate before per-service choice never has it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    pub source: Source,
    /// Global Privacy Control was on when the choice was made.
    pub gpc: bool,
    /// The language the interface was shown in.
    pub language: String,
    /// The page's origin (`https://example.com`); must be the request's `Origin`.
    pub origin: String,
    /// The visitor's clock at the choice, RFC 3339.
    pub client_time: String,
    /// The region policy the page view was under, where the site configures regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionPolicy>,
}

/// Where the region came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegionFrom {
    Attribute,
    Meta,
    Fallback,
    TimeZone,
}

/// A region policy's mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegionMode {
    OptIn,
    Notice,
    OptOut,
    None,
}

/// The region policy of the page view a choice was made on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionPolicy {
    /// The policy's id in the site's config.
    pub policy: String,
    /// The region decided (`US-CA`; empty for the fallback).
    pub code: String,
    pub from: RegionFrom,
    pub mode: RegionMode,
}

/// A field that is present and well-typed but not acceptable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub reason: &'static str,
}

fn invalid(field: &'static str, reason: &'static str) -> Result<(), Invalid> {
    Err(Invalid { field, reason })
}

/// A record id: 16 to 64 lowercase hex digits (the gate sends 32).
fn is_record_id(text: &str) -> bool {
    (16..=64).contains(&text.len()) && consent_gate_core::record::is_valid_id(text)
}

/// The gate's category names: no whitespace (it separates names in `data-category`), no
/// control characters.
fn is_category(name: &str) -> bool {
    (1..=64).contains(&name.chars().count()) && !name.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A serialized origin: `scheme://host[:port]`, http(s), nothing after the authority.
pub fn is_origin(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")) else { return false };
    text.len() <= 255
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        && !rest.starts_with(':')
        && !rest.ends_with(':')
}

impl Submission {
    /// Checks every field beyond its type.
    pub fn check(&self) -> Result<(), Invalid> {
        if !is_record_id(&self.record_id) {
            return invalid("record_id", "must be 16 to 64 lowercase hex digits");
        }
        if !consent_gate_core::record::is_valid_id(&self.consent_id) {
            return invalid("consent_id", "must be 8 to 64 lowercase hex digits");
        }
        for (field, list) in [("granted", &self.granted), ("denied", &self.denied), ("services", &self.services)] {
            if list.len() > MAX_CATEGORIES {
                return invalid(field, "lists more than 32 names");
            }
            if !list.iter().all(|name| is_category(name)) {
                return invalid(field, "holds a name that is empty, longer than 64 characters or has whitespace");
            }
            if list.iter().enumerate().any(|(i, name)| list[..i].contains(name)) {
                return invalid(field, "names the same thing twice");
            }
        }
        if self.denied.iter().any(|name| self.granted.contains(name)) {
            return invalid("denied", "names a category that is also granted");
        }
        if !(1..=35).contains(&self.language.len()) || !self.language.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return invalid("language", "must be a language tag");
        }
        if !is_origin(&self.origin) {
            return invalid("origin", "must be an http(s) origin such as https://example.com");
        }
        if self.client_time.len() > 40 || OffsetDateTime::parse(&self.client_time, &Rfc3339).is_err() {
            return invalid("client_time", "must be an RFC 3339 time such as 2026-12-07T10:00:00Z");
        }
        if let Some(region) = &self.region {
            if !is_category(&region.policy) {
                return invalid("region.policy", "must be a policy id: 1 to 64 characters without whitespace");
            }
            if !(region.code.is_empty() || consent_gate_core::region::is_code(&region.code)) {
                return invalid("region.code", "must be empty or a region code such as DE or US-CA");
            }
        }
        Ok(())
    }
}

/// A record as kept: its place in the log, when the service received it, and the submission.
/// Serialized (compact JSON, fields in this order) it is the content the chain hashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stored {
    pub seq: i64,
    /// Receive time, RFC 3339 UTC with milliseconds.
    pub received_at: String,
    #[serde(flatten)]
    pub submission: Submission,
}

impl Stored {
    /// The canonical content: what the chain hashes and the database keeps.
    pub fn content(&self) -> String {
        serde_json::to_string(self).expect("a record always serializes")
    }
}

/// Milliseconds since the Unix epoch as RFC 3339 UTC with exactly three decimals
/// (`2026-12-07T10:00:00.120Z`), so that these texts sort as the times do.
pub fn rfc3339_ms(ms: i64) -> String {
    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    let time = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    time.format(FORMAT).unwrap_or_default()
}

/// An RFC 3339 time as milliseconds since the Unix epoch.
pub fn parse_ms(text: &str) -> Option<i64> {
    let time = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    i64::try_from(time.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> Submission {
        Submission {
            record_id: "0123456789abcdef0123456789abcdef".into(),
            consent_id: "9f86d081884c7d659a2feaa0".into(),
            revision: 3,
            granted: vec!["necessary".into(), "analytics".into()],
            denied: vec!["marketing".into()],
            services: Vec::new(),
            source: Source::Banner,
            gpc: false,
            language: "en".into(),
            origin: "https://example.com".into(),
            client_time: "2026-12-07T10:00:00Z".into(),
            region: None,
        }
    }

    #[test]
    fn a_good_submission_passes() {
        assert_eq!(sample().check(), Ok(()));
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut Submission);
        let cases: [(&str, Spoil); 12] = [
            ("record_id", |s| s.record_id = "XYZ".into()),
            ("consent_id", |s| s.consent_id = "9F86D081".into()),
            ("granted", |s| s.granted.push("two words".into())),
            ("granted", |s| s.granted.push("analytics".into())),
            ("denied", |s| s.denied = vec!["analytics".into()]),
            ("denied", |s| s.denied = (0..33).map(|i| i.to_string()).collect()),
            ("services", |s| s.services = vec!["youtube".into(), "youtube".into()]),
            ("services", |s| s.services = vec!["".into()]),
            ("language", |s| s.language = "en;".into()),
            ("origin", |s| s.origin = "https://example.com/path".into()),
            ("origin", |s| s.origin = "javascript:alert(1)".into()),
            ("client_time", |s| s.client_time = "yesterday".into()),
        ];
        for (field, spoil) in cases {
            let mut s = sample();
            spoil(&mut s);
            assert_eq!(s.check().map_err(|e| e.field), Err(field), "{s:?}");
        }
    }

    #[test]
    fn a_region_is_checked_too() {
        let mut s = sample();
        s.region = Some(RegionPolicy { policy: "us".into(), code: "US-CA".into(), from: RegionFrom::Attribute, mode: RegionMode::Notice });
        assert_eq!(s.check(), Ok(()));
        let content = Stored { seq: 1, received_at: rfc3339_ms(0), submission: s.clone() }.content();
        assert!(content.ends_with(r#""region":{"policy":"us","code":"US-CA","from":"attribute","mode":"notice"}}"#), "{content}");
        for (policy, code, field) in [("u s", "US", "region.policy"), ("us", "us-ca", "region.code"), ("us", "XX", "region.code")] {
            s.region = Some(RegionPolicy { policy: policy.into(), code: code.into(), from: RegionFrom::Fallback, mode: RegionMode::OptIn });
            assert_eq!(s.check().map_err(|e| e.field), Err(field));
        }
    }

    #[test]
    fn origins() {
        for good in ["https://example.com", "http://127.0.0.1:8080", "https://[::1]:8443", "https://xn--bcher-kva.example"] {
            assert!(is_origin(good), "{good}");
        }
        for bad in ["https://", "example.com", "https://a.b/", "https://a.b?x", "ftp://a.b", "https://a b", "https://a.b:"] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn times_round_trip_to_the_millisecond() {
        assert_eq!(rfc3339_ms(1_765_101_600_123), "2025-12-07T10:00:00.123Z");
        assert_eq!(rfc3339_ms(1_765_101_600_000), "2025-12-07T10:00:00.000Z");
        assert_eq!(parse_ms("2025-12-07T10:00:00.123Z"), Some(1_765_101_600_123));
        assert_eq!(parse_ms("2025-12-07T11:00:00.123+01:00"), Some(1_765_101_600_123));
    }

    #[test]
    fn content_is_flat_and_ordered() {
        let stored = Stored { seq: 7, received_at: rfc3339_ms(0), submission: sample() };
        let content = stored.content();
        assert!(content.starts_with(r#"{"seq":7,"received_at":"1970-01-01T00:00:00.000Z","record_id":"#), "{content}");
        let value: serde_json::Value = serde_json::from_str(&content).unwrap();
        assert_eq!(value["granted"], serde_json::json!(["necessary", "analytics"]));
        assert!(!content.contains("services"), "a record without services hashes as it did before services existed");
        let mut with = sample();
        with.services = vec!["youtube".into()];
        with.source = Source::Placeholder;
        let content = Stored { seq: 7, received_at: rfc3339_ms(0), submission: with }.content();
        assert!(content.contains(r#""denied":["marketing"],"services":["youtube"],"source":"placeholder""#), "{content}");
    }
}
